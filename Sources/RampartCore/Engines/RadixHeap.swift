/// A monotone priority queue of (time, asset) pairs, for searches that never push a time earlier
/// than the last one popped (Dijkstra's order): the radix heap of Ahuja, Mehlhorn, Orlin and
/// Tarjan (1990, "Faster algorithms for the shortest path problem", J. ACM 37(2)).
///
/// Times are non-negative doubles, whose bit patterns order like the numbers. An entry waits in
/// the bucket numbered by the highest bit in which its time differs from the last time popped;
/// bucket 0 holds entries equal to it. Popping empties bucket 0 first; when it is empty, the
/// first non-empty bucket is redistributed around its smallest time, and every entry moves to a
/// lower bucket, so each entry is moved at most 64 times and usually once or twice. Pairs with
/// equal times come out in a fixed but unspecified order.
///
/// A class whose state lives in memory it manages, so that a search can keep one between runs
/// (`removeAll`) and call it in its inner loop without runtime exclusivity checks.
final class RadixHeap {
    private struct Entry {
        var key: UInt64
        var value: Int32
    }

    private struct Bucket {
        var entries: UnsafeMutablePointer<Entry>? = nil
        var count = 0
        var capacity = 0
        /// The smallest key in the bucket (meaningful while it holds entries), kept as entries
        /// arrive so that a refill reads the bucket once.
        var smallest = UInt64.max
    }

    private struct Header {
        /// The last time popped, as bits.
        var last: UInt64 = 0
        var count = 0
        /// Bit b − 1 is set when bucket b (1…64) holds entries.
        var occupied: UInt64 = 0
    }

    private let buckets: UnsafeMutablePointer<Bucket>
    private let header: UnsafeMutablePointer<Header>

    init() {
        buckets = .allocate(capacity: 65)
        buckets.initialize(repeating: Bucket(), count: 65)
        header = .allocate(capacity: 1)
        header.initialize(to: Header())
    }

    deinit {
        for b in 0..<65 { buckets[b].entries?.deallocate() }
        buckets.deallocate()
        header.deallocate()
    }

    /// Pairs waiting.
    var count: Int { header.pointee.count }
    var isEmpty: Bool { count == 0 }

    /// Empties the heap and allows any time again; the buffers are kept.
    func removeAll() {
        for b in 0..<65 { buckets[b].count = 0; buckets[b].smallest = .max }
        header.pointee = Header()
    }

    /// Adds a pair; `key` must be ≥ 0 and ≥ the last key popped.
    @inline(__always)
    func push(_ key: Double, _ value: Int32) {
        let bits = (key + 0.0).bitPattern  // -0.0 becomes +0.0
        append(Entry(key: bits, value: value), to: bucket(of: bits))
        header.pointee.count += 1
    }

    /// Removes and returns a pair with the smallest time.
    @inline(__always)
    func pop() -> (Double, Int32)? {
        guard header.pointee.count > 0 else { return nil }
        if buckets[0].count == 0 { refill() }
        header.pointee.count -= 1
        buckets[0].count -= 1
        let e = buckets[0].entries![buckets[0].count]
        return (Double(bitPattern: e.key), e.value)
    }

    @inline(__always)
    private func bucket(of bits: UInt64) -> Int {
        let last = header.pointee.last
        return bits == last ? 0 : 64 - (bits ^ last).leadingZeroBitCount
    }

    /// Moves the first non-empty bucket down around its smallest time.
    private func refill() {
        let i = header.pointee.occupied.trailingZeroBitCount + 1
        header.pointee.occupied &= ~(1 << UInt64(i - 1))
        let source = buckets[i].entries!, n = buckets[i].count
        header.pointee.last = buckets[i].smallest
        buckets[i].count = 0
        buckets[i].smallest = .max
        for k in 0..<n { append(source[k], to: bucket(of: source[k].key)) }
    }

    @inline(__always)
    private func append(_ e: Entry, to b: Int) {
        if buckets[b].count == buckets[b].capacity { grow(b) }
        buckets[b].entries![buckets[b].count] = e
        buckets[b].count += 1
        if b > 0 {
            header.pointee.occupied |= 1 << UInt64(b - 1)
            buckets[b].smallest = min(buckets[b].smallest, e.key)
        }
    }

    private func grow(_ b: Int) {
        let bigger = max(16, buckets[b].capacity * 2)
        let fresh = UnsafeMutablePointer<Entry>.allocate(capacity: bigger)
        if let old = buckets[b].entries {
            fresh.moveInitialize(from: old, count: buckets[b].count)
            old.deallocate()
        }
        buckets[b].entries = fresh
        buckets[b].capacity = bigger
    }
}
