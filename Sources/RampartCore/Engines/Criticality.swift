
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
        let results = UnsafeMutableBufferPointer<CriticalityScore>.allocate(capacity: candidates.count)
        results.initialize(repeating: CriticalityScore(asset: -1, affected: 0, personHours: 0, disruption: 0))
        defer { results.deallocate() }
        let workers = max(1, min(threads, candidates.count))
        let output = SendableBuffer(results)
        // Workers take blocks of candidates from a shared counter, so one huge cascade does not
        // hold up the others; each score depends only on its candidate.
        let next = WorkCounter()
        let block = 16
        Parallel.run(workers: workers, poll: { progress(next.done, candidates.count) }) { _ in
            let kernel = CascadeKernel(s, req)
            while true {
                let lo = next.take(block)
                guard lo < candidates.count, !interrupted() else { return }
                for k in lo..<min(candidates.count, lo + block) {
                let a = candidates[k]
                let t = duration ?? s.recovery[Int(a)]
                kernel.run(sources: [a], duration: t) { _ in true }
                var hours = 0.0, cost = 0.0
                for i in kernel.affected {
                    let h = t - kernel.down[Int(i)]
                    hours += s.population[Int(i)] * h
                    cost += s.population[Int(i)] * h * personHourValue + s.economicValue[Int(i)] * h / 24
                }
                output.buffer[k] = CriticalityScore(asset: a, affected: Int32(kernel.affected.count), personHours: hours, disruption: cost)
                }
                next.complete(min(candidates.count, lo + block) - lo)
            }
        }
        return Array(results)
    }

    /// Cores to use by default.
    public static var defaultThreads: Int { max(1, System.activeProcessorCount) }
}

