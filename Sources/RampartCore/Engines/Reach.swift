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
    public static func scores(_ s: Snapshot, _ req: Requirements, candidates: [Int32], threads: Int = Criticality.defaultThreads,
                              interrupted: @escaping @Sendable () -> Bool = { false },
                              progress: (Int, Int) -> Void = { _, _ in }) -> [Score] {
        let component = components(s, req, roots: candidates)
        // One representative per component, in order of first appearance.
        var slot: [Int32: Int] = [:]
        var representatives: [Int32] = []
        for a in candidates where slot[component[Int(a)]] == nil {
            slot[component[Int(a)]] = representatives.count
            representatives.append(a)
        }
        let sources = representatives
        let results = Parallel.map(count: sources.count, block: 16, threads: threads, placeholder: (Int32(0), 0.0),
                                   interrupted: interrupted, progress: progress, state: { CascadeKernel(s, req) }) { kernel, k in
            kernel.run(sources: [sources[k]], duration: .infinity, carries: { _, _ in true }, delayOf: { _ in 0 })
            return (Int32(kernel.affected.count), kernel.population())
        }
        return candidates.map { a in
            let (affected, people) = results[slot[component[Int(a)]]!]
            return Score(asset: a, affected: affected, population: people)
        }
    }

    /// Strongly connected components of the dependencies that carry loss on their own (critical
    /// and outside any redundancy group), explored from `roots`; -1 for assets no root reaches.
    static func components(_ s: Snapshot, _ req: Requirements, roots: [Int32]) -> [Int32] {
        s.outOffsets.withUnsafeBufferPointer { offsets in
            req.links.withUnsafeBufferPointer { links in
                StronglyConnected.components(count: s.assetCount, offsets: offsets, roots: roots) { e in
                    links[e].group == Requirements.alone ? links[e].dependent : nil
                }.component
            }
        }
    }
}
