import RampartCPrefetch
import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// One reach search (`ReachKernel.run` from one source, every critical dependency carrying)
/// shared by several workers: the hub's cascade of a criticality command, which on a national
/// graph runs through most of the assets and is most of the command's work.
///
/// A lost set is a least fixed point, so the order in which assets are lost does not matter,
/// and the workers need not meet level by level (the hub's search on the L benchmark graph is
/// about 700 levels deep and narrow, too narrow to share a level at a time). Each worker scans
/// its own queue and marks the dependents it loses in flags that all share. A worker that runs
/// dry says so; a busy worker that sees it hands over the newer half of its queue. The search
/// ends when no worker has work left and none waits to be handed over.
///
/// Redundancy groups are tallied in shared counters, each grouped arc counted once, so the
/// worker whose count reaches the group's size is the one that loses the dependent. The count
/// and population are taken from the flags at the end, in index order.
enum SharedReach {
    /// The final state of the reach run from `source` on `workers` threads: the same lost set,
    /// count and population as `ReachKernel.base()` gives on one. `queueCapacity` (tests only)
    /// makes each worker's queue smaller than the assets, down to the arcs of one provider.
    static func base(_ s: Snapshot, _ req: Requirements, source: Int32, workers: Int, queueCapacity: Int? = nil) -> ReachBase {
        let search = Search(s, req, workers: max(1, workers), queueCapacity: queueCapacity)
        defer { search.deallocate() }
        Parallel.together(workers: search.workers) { w in search.work(worker: w, source: source) }
        return search.base()
    }

    /// A worker hands over half its queue only while more than this many assets wait in it: on
    /// a narrow stretch of the search, workers that passed a few assets back and forth spent
    /// more time handing over than scanning.
    static let handOverAbove = 256

    /// The shared state of one search.
    private final class Search: @unchecked Sendable {
        let snapshot: Snapshot
        let requirements: Requirements
        let arcs: [Requirements.ReachArc]
        let workers: Int
        /// Per asset: 1 once lost. Read and written with relaxed atomics (see `scan`).
        let lost: UnsafeMutablePointer<Atomic<UInt8>>
        /// Per redundancy group: its providers lost so far.
        let tallies: UnsafeMutablePointer<Atomic<Int32>>
        /// Per grouped arc, one bit: set once its provider's loss is counted in the group's tally.
        let counted: UnsafeMutablePointer<Atomic<UInt64>>
        /// How many workers wait for work, how many have work, and how many assets wait in the
        /// pool: copies of the pool's counts, for reading without the lock.
        let hungry = Atomic<Int>(0)
        let busy = Atomic<Int>(1)
        let offered = Atomic<Int>(0)
        /// Queued assets handed over, and the workers that have work (worker 0 from the start);
        /// changed only under the lock, so that "no worker has work and none is handed over" is
        /// seen whole. Workers that have not started yet do not count: the thread pool may
        /// start them only once others finish, and then they find the search over.
        let pool = Mutex<Pool>(Pool())

        /// Entries in each worker's queue: room for every asset and the arcs of one more.
        let capacity: Int

        struct Pool {
            var handed: [Int32] = []
            var busy = 1
            var done = false
        }

        init(_ s: Snapshot, _ req: Requirements, workers: Int, queueCapacity: Int?) {
            capacity = max(queueCapacity ?? s.assetCount, 1) + req.mostArcsOfOneProvider
            snapshot = s
            requirements = req
            arcs = req.reachArcs
            self.workers = workers
            let n = max(1, s.assetCount), groups = max(1, req.groupSize.count)
            lost = UnsafeMutableRawPointer.allocate(byteCount: n, alignment: 64).initializeMemory(as: UInt8.self, repeating: 0, count: n)
                .withMemoryRebound(to: Atomic<UInt8>.self, capacity: n) { $0 }
            tallies = UnsafeMutableRawPointer.allocate(byteCount: 4 * groups, alignment: 64)
                .initializeMemory(as: Int32.self, repeating: 0, count: groups)
                .withMemoryRebound(to: Atomic<Int32>.self, capacity: groups) { $0 }
            let words = max(1, (arcs.count + 63) / 64)
            counted = UnsafeMutableRawPointer.allocate(byteCount: 8 * words, alignment: 64)
                .initializeMemory(as: UInt64.self, repeating: 0, count: words)
                .withMemoryRebound(to: Atomic<UInt64>.self, capacity: words) { $0 }
        }

        func deallocate() {
            UnsafeMutableRawPointer(lost).deallocate()
            UnsafeMutableRawPointer(tallies).deallocate()
            UnsafeMutableRawPointer(counted).deallocate()
        }

        /// The flags as plain bytes, once every worker has finished.
        var flags: UnsafePointer<UInt8> { UnsafeRawPointer(lost).assumingMemoryBound(to: UInt8.self) }

        /// The lost set, its count and population, and the groups that lost providers.
        func base() -> ReachBase {
            let n = snapshot.assetCount
            let people = ReachKernel.blockPopulation(snapshot, flags: flags, threads: workers)
            var groups: [(group: Int32, lost: Int32)] = []
            for q in 0..<requirements.groupSize.count {
                let lost = tallies[q].load(ordering: .relaxed)
                if lost > 0 { groups.append((Int32(q), lost)) }
            }
            let set = AssetSet(flags: flags, count: n)
            return ReachBase(lost: set, groups: groups, count: set.count, population: people)
        }

        /// What worker `w` does: worker 0 starts from `source`, the others from what is handed to them.
        func work(worker w: Int, source: Int32) {
            let queue = UnsafeMutablePointer<Int32>.allocate(capacity: capacity)
            // Where a worker's flag stores go when the dependent was lost already (its own line).
            let spare = UnsafeMutableRawPointer.allocate(byteCount: 64, alignment: 64).initializeMemory(as: UInt8.self, repeating: 0, count: 64)
                .withMemoryRebound(to: Atomic<UInt8>.self, capacity: 64) { $0 }
            defer { queue.deallocate(); UnsafeMutableRawPointer(spare).deallocate() }
            var queued = 0
            if w == 0, Int(source) < snapshot.assetCount {
                lost[Int(source)].store(1, ordering: .relaxed)
                queue[0] = source
                queued = 1
            }
            var busy = w == 0
            while true {
                if busy { scan(queue: queue, count: queued, spare: spare) }
                guard let more = waitForWork(afterWork: busy) else { break }
                busy = true
                queued = min(more.count, capacity)
                more.withUnsafeBufferPointer { queue.update(from: $0.baseAddress!, count: queued) }
                if queued < more.count { handOver(more[queued...]) }
            }
        }

        /// Scans the `count` queued assets and those queued meanwhile until the queue runs dry,
        /// queueing the dependents it finds not yet lost and handing the newer half of the queue
        /// to idle workers.
        ///
        /// Like `ReachKernel`, it loses the dependent of a requirement by itself without a
        /// branch: a relaxed load, a store of 1 sent to `spare` when the dependent was lost
        /// already, and the queue grown by 0 or 1. Two workers can then both lose and queue the
        /// same asset, rarely; that scans it twice and changes nothing, since the count is taken
        /// from the flags at the end and a redundancy group counts each arc once (`counted`).
        @inline(__always)
        private func scan(queue: UnsafeMutablePointer<Int32>, count queued: Int, spare: UnsafeMutablePointer<Atomic<UInt8>>) {
            let lost = lost, tallies = tallies, counted = counted, capacity = capacity
            var head = 0, count = queued
            /// Hands the newest `k` queued assets over.
            func handOverNewest(_ k: Int) {
                handOver(UnsafeBufferPointer(start: queue + count - k, count: k))
                count -= k
            }
            requirements.arcOffsets.withUnsafeBufferPointer { offsets in
                arcs.withUnsafeBufferPointer { arcs in
                    requirements.arcGroup.withUnsafeBufferPointer { arcGroup in
                        requirements.groupSize.withUnsafeBufferPointer { groupSize in
                            while head < count {
                                let u = Int(queue[head])
                                prefetchAhead(of: queue, next: head, count: count, offsets: offsets, arcs: arcs)
                                head += 1
                                let first = Int(offsets[u]), end = Int(offsets[u + 1])
                                if count + (end - first) > capacity {
                                    // u's arcs might not fit: move what waits to the front, and
                                    // hand over what still leaves too little room (only when
                                    // assets were queued twice, or in tests).
                                    count -= head
                                    queue.update(from: queue + head, count: count)
                                    head = 0
                                    let excess = count + (end - first) - capacity
                                    if excess > 0 { handOverNewest(excess) }
                                }
                                for k in first..<end {
                                    let arc = arcs[k]
                                    if !arc.grouped {
                                        let d = Int(arc.target)
                                        let take = lost[d].load(ordering: .relaxed) ^ 1
                                        (take != 0 ? lost + d : spare).pointee.store(1, ordering: .relaxed)
                                        queue[count] = Int32(d)
                                        count += Int(take)
                                        continue
                                    }
                                    let d = Int(arc.dependent)
                                    if lost[d].load(ordering: .relaxed) != 0 { continue }
                                    let bit: UInt64 = 1 << UInt64(k & 63)
                                    if counted[k >> 6].bitwiseOr(bit, ordering: .relaxed).oldValue & bit != 0 { continue }
                                    let q = Int(arcGroup[k])
                                    guard tallies[q].wrappingAdd(1, ordering: .relaxed).newValue == groupSize[q] else { continue }
                                    if lost[d].exchange(1, ordering: .relaxed) == 0 {
                                        queue[count] = Int32(d)
                                        count += 1
                                    }
                                }
                                if head & 63 == 0, count - head >= SharedReach.handOverAbove, hungry.load(ordering: .relaxed) > 0 {
                                    handOverNewest((count - head) / 2)
                                }
                            }
                        }
                    }
                }
            }
        }

        /// Puts queued assets in the pool for an idle worker.
        private func handOver(_ given: some Sequence<Int32>) {
            pool.withLock { pool in
                pool.handed.append(contentsOf: given)
                offered.store(pool.handed.count, ordering: .relaxed)
            }
        }

        /// Waits until work is handed over (and takes all of it) or the search is over (nil);
        /// `afterWork` when the worker has just run dry (rather than just started). It spins on
        /// `offered` and `busy` and takes the lock only when one of them says something changed,
        /// so that it does not slow the workers that have work; after a long wait it sleeps
        /// between looks, so that idle workers leave the cores to busy ones.
        private func waitForWork(afterWork: Bool) -> [Int32]? {
            var first = true, waiting = false
            var spins = 0
            while true {
                if first || offered.load(ordering: .relaxed) > 0 || busy.load(ordering: .relaxed) == 0 {
                    let outcome: [Int32]?? = pool.withLock { pool in
                        if first && afterWork { pool.busy -= 1; busy.store(pool.busy, ordering: .relaxed) }
                        first = false
                        if !pool.handed.isEmpty {
                            if waiting { hungry.wrappingSubtract(1, ordering: .relaxed) }
                            pool.busy += 1
                            busy.store(pool.busy, ordering: .relaxed)
                            offered.store(0, ordering: .relaxed)
                            defer { pool.handed.removeAll(keepingCapacity: true) }
                            return .some(pool.handed)
                        }
                        if pool.busy == 0 { pool.done = true }
                        if pool.done { return .some(nil) }
                        if !waiting { waiting = true; hungry.wrappingAdd(1, ordering: .relaxed) }
                        return nil
                    }
                    if let outcome { return outcome }
                }
                // Spin, then yield, then (with more workers than free cores) sleep a little.
                spins += 1
                if spins & 63 == 0 {
                    if spins < 1 << 14 { sched_yield() } else { usleep(50) }
                }
            }
        }
    }
}
