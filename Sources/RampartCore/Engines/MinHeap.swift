/// A binary min-heap of (time, asset) pairs ordered by time, then asset, in memory it owns.
/// Non-copyable so that its storage has one owner; the engines keep it in a local variable,
/// where pushes and pops need no runtime exclusivity checks.
struct MinHeap: ~Copyable {
    private var keys: UnsafeMutablePointer<Double>
    private var values: UnsafeMutablePointer<Int32>
    private var capacity: Int
    private(set) var count = 0

    init(capacity: Int = 64) {
        self.capacity = max(1, capacity)
        keys = .allocate(capacity: self.capacity)
        values = .allocate(capacity: self.capacity)
    }

    deinit {
        keys.deallocate()
        values.deallocate()
    }

    var isEmpty: Bool { count == 0 }

    @inline(__always)
    private func less(_ k1: Double, _ v1: Int32, _ k2: Double, _ v2: Int32) -> Bool {
        k1 < k2 || (k1 == k2 && v1 < v2)
    }

    mutating func push(_ key: Double, _ value: Int32) {
        if count == capacity { grow() }
        // Sift the hole up from the end, then drop the new pair in.
        var i = count
        count += 1
        while i > 0 {
            let parent = (i - 1) >> 1
            guard less(key, value, keys[parent], values[parent]) else { break }
            keys[i] = keys[parent]
            values[i] = values[parent]
            i = parent
        }
        keys[i] = key
        values[i] = value
    }

    mutating func pop() -> (Double, Int32)? {
        guard count > 0 else { return nil }
        let top = (keys[0], values[0])
        count -= 1
        let key = keys[count], value = values[count]
        // Sift the hole down from the root, then place the former last pair.
        var i = 0
        while true {
            var child = 2 * i + 1
            if child >= count { break }
            if child + 1 < count && less(keys[child + 1], values[child + 1], keys[child], values[child]) { child += 1 }
            guard less(keys[child], values[child], key, value) else { break }
            keys[i] = keys[child]
            values[i] = values[child]
            i = child
        }
        keys[i] = key
        values[i] = value
        return top
    }

    private mutating func grow() {
        let bigger = capacity * 2
        let k = UnsafeMutablePointer<Double>.allocate(capacity: bigger)
        let v = UnsafeMutablePointer<Int32>.allocate(capacity: bigger)
        k.moveInitialize(from: keys, count: count)
        v.moveInitialize(from: values, count: count)
        keys.deallocate()
        values.deallocate()
        keys = k
        values = v
        capacity = bigger
    }
}
