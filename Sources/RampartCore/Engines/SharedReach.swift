import Glibc
import RampartCPrefetch
import Synchronization

/// One time-free breadth-first search shared by several threads, level by level.
///
/// A time-free cascade's lost set does not depend on the order in which assets are lost, and
/// scanning an asset's arcs twice loses nothing more; only redundancy groups must count each
/// provider once. So a worker marks a dependent lost with a plain store after a plain load,
/// without an atomic exchange, which would stall the memory-bound scan: two workers that find
/// the same asset at the same moment both queue it, and both scan its ungrouped arcs. The
/// grouped arcs of an asset are taken by whichever of them wins an exchange on a second flag.
///
/// The queue holds each level after the one before. Workers claim blocks of the current level
/// and append what they find to the next level; the calling thread (`lead`) opens the next level
/// once every claimed block is done. It waits only for blocks that others have claimed: a
/// helper that starts late, or never before the search ends, holds nothing up.
final class SharedReach: @unchecked Sendable {
    /// How many threads take part, at most 8: each may queue an asset once, so the queue has
    /// room for `workers` times the number of assets.
    let workers: Int
    private let offsets: [Int32], arcs: [Requirements.ReachArc], arcGroup: [Int32], groupSize: [Int32]
    /// Per asset: 1 once lost.
    private let lost: UnsafeMutablePointer<Atomic<UInt8>>
    /// Per asset: 1 once its grouped arcs have been taken.
    private let groupedTaken: UnsafeMutablePointer<Atomic<UInt8>>
    /// Per redundancy group: its providers lost so far.
    private let groupLost: UnsafeMutablePointer<Atomic<Int32>>
    private let queue: UnsafeMutablePointer<Int32>
    /// The next unclaimed place of the current level, and its end.
    private let head = Atomic<Int>(0)
    private let end: Atomic<Int>
    /// The end of what has been appended.
    private let tail: Atomic<Int>
    /// Workers between trying to claim a block and finishing it.
    private let busy = Atomic<Int>(0)
    private let finished = Atomic<Bool>(false)
    private static let block = 64

    init(_ s: Snapshot, _ req: Requirements, sources: [Int32], workers: Int) {
        let n = s.assetCount
        self.workers = max(1, min(workers, 8))
        offsets = req.arcOffsets
        arcs = req.reachArcs
        arcGroup = req.arcGroup
        groupSize = req.groupSize
        lost = SharedReach.zeroed(n)
        groupedTaken = SharedReach.zeroed(req.groupSize.isEmpty ? 0 : n)
        groupLost = SharedReach.zeroed(req.groupSize.count)
        queue = .allocate(capacity: max(1, n * self.workers))
        var first = 0
        for src in sources where lost[Int(src)].load(ordering: .relaxed) == 0 {
            lost[Int(src)].store(1, ordering: .relaxed)
            queue[first] = src
            first += 1
        }
        end = Atomic(first)
        tail = Atomic(first)
    }

    /// Room for `count` atomics, all zero (the atomics here are plain integers in memory).
    private static func zeroed<T: ~Copyable>(_ count: Int) -> UnsafeMutablePointer<T> {
        let p = UnsafeMutablePointer<T>.allocate(capacity: max(1, count))
        UnsafeMutableRawPointer(p).initializeMemory(as: UInt8.self, repeating: 0, count: count * MemoryLayout<T>.stride)
        return p
    }

    deinit {
        lost.deallocate(); groupedTaken.deallocate(); groupLost.deallocate(); queue.deallocate()
    }

    /// The lost flags (0 or 1 per asset), once `lead` has returned.
    var flags: UnsafePointer<UInt8> { UnsafeRawPointer(lost).assumingMemoryBound(to: UInt8.self) }

    /// Each group with providers lost, with how many, once `lead` has returned.
    var groupCounts: [(group: Int32, lost: Int32)] {
        (0..<groupSize.count).compactMap { q in
            let c = groupLost[q].load(ordering: .relaxed)
            return c > 0 ? (Int32(q), c) : nil
        }
    }

    /// A block of the current level and the level's end, or nil when all of it is claimed.
    private func claim() -> (block: Range<Int>, end: Int)? {
        var h = head.load(ordering: .relaxed)
        while true {
            let e = end.load(ordering: .acquiring)
            guard h < e else { return nil }
            let hi = min(h + SharedReach.block, e)
            let (exchanged, current) = head.compareExchange(expected: h, desired: hi, ordering: .sequentiallyConsistent)
            if exchanged { return (h..<hi, e) }
            h = current
        }
    }

    /// Scans the assets at `range` of the queue, in a level that ends at `end`, and appends what
    /// they lose.
    private func scan(_ range: Range<Int>, end: Int, _ found: inout FoundBuffer) {
        let lost = lost, queue = queue
        offsets.withUnsafeBufferPointer { offsets in
            arcs.withUnsafeBufferPointer { arcs in
                for i in range {
                    prefetchAhead(of: queue, next: i, count: end, offsets: offsets, arcs: arcs)
                    let u = Int(queue[i])
                    var groupedDone = false
                    for k in Int(offsets[u])..<Int(offsets[u + 1]) {
                        let arc = arcs[k]
                        let d = Int(arc.dependent)
                        if lost[d].load(ordering: .relaxed) != 0 { continue }
                        if arc.grouped {
                            // Only one scan of u counts it against its groups; a group is lost
                            // with its last provider.
                            if !groupedDone {
                                groupedDone = true
                                if groupedTaken[u].exchange(1, ordering: .relaxed) != 0 { break }
                            }
                            let q = Int(arcGroup[k])
                            guard groupLost[q].wrappingAdd(1, ordering: .relaxed).newValue == groupSize[q] else { continue }
                        }
                        lost[d].store(1, ordering: .relaxed)
                        found.push(Int32(d))
                    }
                }
            }
        }
        guard found.count > 0 else { return }
        let at = tail.wrappingAdd(found.count, ordering: .relaxed).oldValue
        (queue + at).update(from: found.items, count: found.count)
        found.count = 0
    }

    /// A helper's part: scans blocks as levels open, until the search ends.
    func help() {
        var found = FoundBuffer(), idle = 0
        while !finished.load(ordering: .acquiring) {
            busy.wrappingAdd(1, ordering: .sequentiallyConsistent)
            if let (range, end) = claim() {
                scan(range, end: end, &found)
                busy.wrappingSubtract(1, ordering: .sequentiallyConsistent)
                idle = 0
            } else {
                busy.wrappingSubtract(1, ordering: .sequentiallyConsistent)
                idle += 1
                if idle > 64 { sched_yield() }
            }
        }
    }

    /// The calling thread's part: scans blocks and opens each level when the one before is done;
    /// returns when a level finds nothing new.
    func lead() {
        var found = FoundBuffer()
        while true {
            while let (range, end) = claim() { scan(range, end: end, &found) }
            var spins = 0
            while busy.load(ordering: .sequentiallyConsistent) != 0 {
                spins += 1
                if spins > 64 { sched_yield() }
            }
            let next = tail.load(ordering: .acquiring)
            if next == end.load(ordering: .relaxed) { break }
            end.store(next, ordering: .releasing)
        }
        finished.store(true, ordering: .releasing)
    }
}

/// What a worker found in its current block, before it goes to the queue.
private struct FoundBuffer: ~Copyable {
    var items = UnsafeMutablePointer<Int32>.allocate(capacity: 1024)
    var count = 0
    private var capacity = 1024

    @inline(__always)
    mutating func push(_ d: Int32) {
        if count == capacity { grow() }
        items[count] = d
        count += 1
    }

    private mutating func grow() {
        let bigger = UnsafeMutablePointer<Int32>.allocate(capacity: capacity * 2)
        bigger.update(from: items, count: count)
        items.deallocate()
        items = bigger
        capacity *= 2
    }

    deinit { items.deallocate() }
}
