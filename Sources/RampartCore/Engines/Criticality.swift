
/// Criticality (DESIGN §5.5): the consequence of losing each asset for its own recovery time
/// (or a given duration): the assets its loss takes down, the person-hours of lost service and
/// the disruption cost, through the cascade of §5.4.
public struct CriticalityScore: Sendable, Equatable {
    public var asset: Int32
    public var affected: Int32
    public var personHours: Double
    public var disruption: Double
}

public enum Criticality {
    /// Runs one cascade per candidate asset, in parallel over `threads` workers. The scores do
    /// not depend on the thread count.
    public static func exact(_ s: Snapshot, _ req: Requirements, candidates: [Int32], duration: Double?,
                             personHourValue: Double, threads: Int = defaultThreads,
                             interrupted: @escaping @Sendable () -> Bool = { false },
                             progress: (Int, Int) -> Void = { _, _ in }) -> [CriticalityScore] {
        run(s, req, candidates: candidates, duration: duration, personHourValue: personHourValue, budget: .max, threads: threads,
            interrupted: interrupted, progress: progress).map(\.score)
    }

    /// Cores to use by default.
    public static var defaultThreads: Int { max(1, System.activeProcessorCount) }
}


extension Criticality {
    /// How an estimate compares with the exact method on a sample of assets.
    public struct EstimateQuality: Sendable {
        public let sample: Int
        /// Share of the sample's top-k by exact disruption that the estimate also puts in its top-k.
        public let topOverlap: Double
        public let top: Int
        /// Median of |estimate − exact| / exact over the sample (assets with a positive exact score).
        public let medianRelativeError: Double
    }

    /// Estimates every candidate's criticality with at most `budget` assets settled per cascade
    /// (a lower bound where the cascade is cut), then computes exactly the `refine` candidates
    /// with the largest bounds among those that were cut — the ones that can reach the top.
    public static func estimate(_ s: Snapshot, _ req: Requirements, candidates: [Int32], duration: Double?, personHourValue: Double,
                                budget: Int, refine: Int, threads: Int = defaultThreads,
                                interrupted: @escaping @Sendable () -> Bool = { false },
                                progress: (Int, Int) -> Void = { _, _ in }) -> (scores: [CriticalityScore], cut: Int) {
        var scores = run(s, req, candidates: candidates, duration: duration, personHourValue: personHourValue, budget: budget,
                         threads: threads, interrupted: interrupted, progress: progress)
        let cut = scores.indices.filter { scores[$0].truncated }
        let chosen = cut.sorted { (scores[$0].score.disruption, -$0) > (scores[$1].score.disruption, -$1) }.prefix(refine)
        let exactScores = run(s, req, candidates: chosen.map { candidates[$0] }, duration: duration, personHourValue: personHourValue,
                              budget: .max, threads: threads, interrupted: interrupted, progress: { _, _ in })
        for (k, i) in chosen.enumerated() { scores[i] = exactScores[k] }
        return (scores.map(\.score), cut.count)
    }

    /// Measures an estimate against the exact scores of a seeded sample of the candidates.
    public static func quality(estimate: [CriticalityScore], exact: [CriticalityScore], top: Int) -> EstimateQuality {
        let k = max(1, min(top, exact.count))
        func topSet(_ list: [CriticalityScore]) -> Set<Int32> {
            Set(list.sorted { ($0.disruption, -$0.asset) > ($1.disruption, -$1.asset) }.prefix(k).map(\.asset))
        }
        let byAsset = Dictionary(estimate.map { ($0.asset, $0) }, uniquingKeysWith: { a, _ in a })
        let sampled = exact.compactMap { byAsset[$0.asset] }
        let overlap = Double(topSet(exact).intersection(topSet(sampled)).count) / Double(k)
        let errors = exact.filter { $0.disruption > 0 }.map { e in abs((byAsset[e.asset]?.disruption ?? 0) - e.disruption) / e.disruption }.sorted()
        let median = errors.isEmpty ? 0 : errors[errors.count / 2]
        return EstimateQuality(sample: exact.count, topOverlap: overlap, top: k, medianRelativeError: median)
    }

    /// Scores with a settle budget; each score says whether its cascade was cut.
    static func run(_ s: Snapshot, _ req: Requirements, candidates: [Int32], duration: Double?, personHourValue: Double, budget: Int,
                    threads: Int, interrupted: @escaping @Sendable () -> Bool, progress: (Int, Int) -> Void) -> [(score: CriticalityScore, truncated: Bool)] {
        Parallel.map(count: candidates.count, block: 16, threads: threads,
                     placeholder: (CriticalityScore(asset: -1, affected: 0, personHours: 0, disruption: 0), false),
                     interrupted: interrupted, progress: progress, state: { CascadeKernel(s, req) }) { kernel, k in
            let a = candidates[k]
            let t = duration ?? s.recovery[Int(a)]
            kernel.run(sources: [a], duration: t, carries: { _, _ in true }, budget: budget)
            let loss = kernel.loss(duration: t, personHourValue: personHourValue)
            return (CriticalityScore(asset: a, affected: Int32(kernel.affected.count), personHours: loss.personHours,
                                     disruption: loss.disruption), kernel.truncated)
        }
    }
}
