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
    /// The final state of the reach run from `sources` (every critical dependency carries).
    init(_ s: Snapshot, _ req: Requirements, sources: [Int32]) {
        let kernel = ReachKernel(s, req)
        kernel.run(sources: sources)
        self = kernel.base()
    }
}
