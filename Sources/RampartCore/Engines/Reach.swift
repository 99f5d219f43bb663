/// Structural reach (DESIGN §5.5, `criticality method=reach`): the assets an asset's loss would
/// take down in the end, and the people they serve, when time plays no part (buffers are spent
/// and the outage outlasts them all). It is the cascade of §5.4 with every delay zero and no
/// horizon, so redundancy groups still hold while any of their providers works.
///
/// Assets that take each other down through dependencies that need nothing else (a critical
/// dependency outside any redundancy group) reach the same assets: losing one loses the others,
/// and a cascade is the least fixed point of its lost set. So candidates are grouped by the
/// strongly connected components of those dependencies and one cascade serves each component.
public enum Reach {
    /// The reach of one asset.
    public struct Score: Sendable, Equatable {
        public var asset: Int32
        /// Assets lost, the asset itself included.
        public var affected: Int32
        /// People served by the assets lost.
        public var population: Double
    }

    /// The reach of every candidate, computed on `threads` workers; the scores do not depend on
    /// the thread count.
    ///
    /// One search runs per strongly connected component among the candidates'. The largest of
    /// those components is the hub: its cascade is kept as a `ReachBase`. Every other search
    /// halts when it loses an asset of the hub's component, since its lost set then contains the
    /// hub's; once the hub's state is ready (computed by every worker together when it is large,
    /// see `hubBase`), it runs again on top of that state, visiting only what lies outside it.
    /// On a national graph most large cascades run through one core of mutually dependent
    /// assets (power, grid control, telecoms), so each of them costs its own way into that core
    /// instead of the whole core again.
    ///
    /// `components`, when given, are those of `components(_:_:roots:)` from roots that include
    /// every candidate (a caller that scores many sets of candidates computes them once).
    public static func scores(_ s: Snapshot, _ req: Requirements, candidates: [Int32], components given: Components? = nil,
                              threads: Int = Criticality.defaultThreads,
                              interrupted: @escaping @Sendable () -> Bool = { false },
                              progress: (Int, Int) -> Void = { _, _ in }) -> [Score] {
        let components = given ?? components(s, req, roots: candidates)
        let component = components.component
        // One representative per component among the candidates'; slot[c] is component c's
        // place among them. Any member will do, since all members reach the same assets. When
        // every asset is a candidate, component c is slot c and its first member represents it.
        let everyAsset = candidates.count == s.assetCount
        var slot: [Int32] = []
        var representatives: [Int32] = []
        if everyAsset {
            representatives = (0..<Int32(components.count)).map { components.members(of: $0).first! }
        } else {
            slot = [Int32](repeating: -1, count: components.count)
            slot.withUnsafeMutableBufferPointer { slot in
                component.withUnsafeBufferPointer { component in
                    for a in candidates where slot[Int(component[Int(a)])] < 0 {
                        slot[Int(component[Int(a)])] = Int32(representatives.count)
                        representatives.append(a)
                    }
                }
            }
        }
        func componentOf(slot k: Int) -> Int32 { everyAsset ? Int32(k) : component[Int(representatives[k])] }
        var hubSlot = 0
        for k in representatives.indices where components.size(of: componentOf(slot: k)) > components.size(of: componentOf(slot: hubSlot)) {
            hubSlot = k
        }
        guard !representatives.isEmpty else { return [] }
        let sources = representatives, hubIndex = hubSlot
        // Most searches are tiny, so workers take blocks of up to 256 of them: blocks of 16 cost
        // a million-asset ranking two contended atomic operations per 16 searches, and blocks
        // much larger than 256 leave one worker with a run of costly searches at the end.
        func blockSize(_ items: Int) -> Int { min(256, max(16, items / (max(1, threads) * 64))) }
        // First pass: every search but the hub's, each halted (-1) as soon as it loses an asset
        // of the hub's component; those wait for the second pass.
        let halt = AssetSet(components.members(of: componentOf(slot: hubSlot)), count: s.assetCount)
        let count = sources.count
        var results = Parallel.map(count: count, block: blockSize(count), threads: threads, placeholder: (Int32(0), 0.0),
                                   interrupted: interrupted, progress: { done, _ in progress(done, 2 * count) },
                                   state: { ReachKernel(s, req) }) { kernel, k in
            guard k != hubIndex, kernel.run(sources: [sources[k]], haltAt: halt) else { return (-1, 0) }
            return (Int32(kernel.affected.count), kernel.population())
        }
        if !interrupted() {
            // The hub's cascade, on every worker when it is large; the second pass then finishes
            // the halted searches on top of it.
            let hub = hubBase(s, req, source: sources[hubIndex], threads: threads)
            results[hubIndex] = (Int32(hub.count), hub.population)
            let reached = results.indices.filter { results[$0].0 < 0 }
            let completed = Parallel.map(count: reached.count, block: blockSize(reached.count), threads: threads, placeholder: (Int32(0), 0.0),
                                         interrupted: interrupted,
                                         progress: { done, total in progress(total == 0 ? 2 * count : count + done * count / total, 2 * count) },
                                         state: { ReachKernel(s, req) }) { kernel, i in
                kernel.run(sources: [sources[reached[i]]], over: hub)
                return (Int32(hub.count + kernel.affected.count), hub.population + kernel.population())
            }
            for (i, k) in reached.enumerated() { results[k] = completed[i] }
        }
        // Each candidate takes its component's result, in blocks on the workers.
        let slots = slot, final = results
        return [Score](unsafeUninitializedCapacity: candidates.count) { out, initialized in
            let output = SendableBuffer(out)
            Parallel.forEachBlock(count: candidates.count, block: 1 << 16, threads: threads) { range in
                for i in range {
                    let a = candidates[i], c = Int(component[Int(a)])
                    let (affected, people) = final[everyAsset ? c : Int(slots[c])]
                    output.buffer.initializeElement(at: i, to: Score(asset: a, affected: affected, population: people))
                }
            }
            initialized = candidates.count
        }
    }

    /// Below this many lost assets a search is cheaper alone than shared by the workers.
    static let sharedSearchThreshold = 1 << 12

    /// The final state of the cascade from `source`: on one thread with `ReachKernel`, or, when
    /// there are more and it loses more than `sharedSearchThreshold` assets alone, again from
    /// the start with every worker (`SharedReach`), at most one per online processor, since
    /// idle workers spin. Either way the same state.
    static func hubBase(_ s: Snapshot, _ req: Requirements, source: Int32, threads: Int) -> ReachBase {
        let kernel = ReachKernel(s, req)
        guard threads > 1 else { kernel.run(sources: [source]); return kernel.base() }
        guard kernel.run(sources: [source], limit: sharedSearchThreshold) else {
            return SharedReach.base(s, req, source: source, workers: min(threads, System.onlineProcessorCount))
        }
        return kernel.base()
    }

    /// A component number per asset (-1 for assets not explored), the number of components and
    /// the assets of each.
    public struct Components: Sendable {
        /// Per asset: its component's number, or -1.
        public let component: [Int32]
        /// How many components were found.
        public let count: Int
        /// The assets of component c are `members[memberOffsets[c + 1]..<memberOffsets[c + 2]]`
        /// (the first slot holds the assets not explored).
        private let memberOffsets: [Int32]
        private let members: [Int32]

        init(component: [Int32], count: Int) {
            self.component = component
            self.count = count
            (memberOffsets, members) = Snapshot.bucket(component.map { $0 + 1 }, into: count + 1)
        }

        /// How many assets component `c` holds.
        public func size(of c: Int32) -> Int { Int(memberOffsets[Int(c) + 2] - memberOffsets[Int(c) + 1]) }

        /// The assets of component `c`, in index order.
        public func members(of c: Int32) -> ArraySlice<Int32> {
            members[Int(memberOffsets[Int(c) + 1])..<Int(memberOffsets[Int(c) + 2])]
        }
    }

    /// Strongly connected components of the dependencies that carry loss on their own (critical
    /// and outside any redundancy group), explored from `roots`.
    public static func components(_ s: Snapshot, _ req: Requirements, roots: [Int32]) -> Components {
        req.arcOffsets.withUnsafeBufferPointer { offsets in
            req.arcs.withUnsafeBufferPointer { arcs in
                let (component, count) = StronglyConnected.components(count: s.assetCount, offsets: offsets, roots: roots) { k in
                    arcs[k].grouped ? nil : arcs[k].target
                }
                return Components(component: component, count: count)
            }
        }
    }
}
