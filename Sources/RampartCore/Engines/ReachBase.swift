import Dispatch

/// The final state of a reach run (`ReachKernel`), shared by later runs that start from it.
struct ReachBase: Sendable {
    /// The assets it lost.
    let lost: AssetSet
    /// Each redundancy group some of whose providers it lost, with how many.
    let groups: [(group: Int32, lost: Int32)]
    /// How many assets it lost, and the people they serve.
    let count: Int
    let population: Double
}

extension ReachBase {
    /// The final state of the reach run from `sources` (every critical dependency carries),
    /// computed by the calling thread and up to `threads` − 1 helpers together (`SharedReach`),
    /// or by a `ReachKernel` on one thread. The population is summed in index order, so the
    /// result is the same for every thread count.
    init(_ s: Snapshot, _ req: Requirements, sources: [Int32], threads: Int) {
        guard threads > 1 else {
            // One thread needs no atomics: the kernel's branch-free scan is faster.
            let kernel = ReachKernel(s, req)
            kernel.run(sources: sources)
            self = kernel.base()
            return
        }
        let search = SharedReach(s, req, sources: sources, workers: threads)
        for _ in 1..<search.workers { DispatchQueue.global().async { search.help() } }
        search.lead()
        let flags = search.flags
        lost = AssetSet(flags: flags, count: s.assetCount)
        count = lost.count
        groups = search.groupCounts
        population = s.population.withUnsafeBufferPointer { ReachKernel.population(of: $0, flags: flags) }
    }
}
