/// Monte Carlo cascades (DESIGN §5.6): in each trial every dependency independently carries a
/// provider's loss with probability equal to its strength. A run is a range of trials of a
/// seeded experiment; ranges run separately (other threads, processes or machines) merge
/// exactly, because every random number depends only on (seed, trial, item).
public struct CascadeSimulation: Sendable {
    /// Where each trial starts: given assets, or one asset drawn at random per trial.
    public enum Initiators: Sendable, Equatable {
        case assets([Int32])
        case random
    }

    /// The outcome of trials first..<first+count.
    public struct Outcome: Sendable, Equatable {
        public var first: Int
        /// Per trial: the initiating asset (random mode) or -1.
        public var initiator: [Int32]
        public var affected: [Int32]
        /// People served by the assets lost in each trial (counted per service).
        public var population: [Double]
        public var personHours: [Double]
        public var disruption: [Double]
        /// How many trials took down each asset (empty when the run did not count them).
        public var hits: [Int32]
        public var count: Int { affected.count }

        /// Concatenates trial ranges that follow each other; sums the per-asset counts.
        public static func merge(_ parts: [Outcome]) -> Outcome? {
            let sorted = parts.sorted { $0.first < $1.first }
            guard var out = sorted.first else { return nil }
            for p in sorted.dropFirst() {
                guard p.first == out.first + out.count, p.hits.count == out.hits.count else { return nil }
                out.initiator += p.initiator
                out.affected += p.affected
                out.population += p.population
                out.personHours += p.personHours
                out.disruption += p.disruption
                for i in 0..<out.hits.count { out.hits[i] += p.hits[i] }
            }
            return out
        }
    }

    public let snapshot: Snapshot
    /// Requirements over every dependency (threshold 0): chance, not the threshold, decides.
    public let requirements: Requirements
    public let initiators: Initiators
    /// Outage length; nil: the longest recovery time among the trial's initiating assets.
    public let duration: Double?
    /// Time out of play (`method=reach`): buffers spent and no horizon, as in `Reach`; trials
    /// count assets and people only (person-hours and disruption stay 0).
    public let reach: Bool
    public let seed: UInt64
    public let personHourValue: Double

    public init(_ s: Snapshot, initiators: Initiators, duration: Double?, seed: UInt64, personHourValue: Double, reach: Bool = false) {
        snapshot = s
        requirements = Requirements(s, threshold: 0)
        self.initiators = initiators
        self.duration = duration
        self.reach = reach
        self.seed = seed
        self.personHourValue = personHourValue
    }

    /// A worker's search workspace: the timed kernel, or the time-free one for `reach`.
    private enum Workspace {
        case timed(CascadeKernel)
        case reach(ReachKernel)
    }

    /// Stream of the random numbers that pick a trial's initiating asset (edges use the trial index).
    static let initiatorStream: UInt64 = 0xFFFF_FFFF_0000_0001

    /// Runs trials first..<first+count on `threads` workers; `countHits` counts how many trials
    /// take down each asset (a write per asset lost, so left out when not wanted).
    public func run(first: Int, count: Int, threads: Int = Criticality.defaultThreads, countHits: Bool = true,
                    interrupted: @escaping @Sendable () -> Bool = { false },
                    progress: (Int, Int) -> Void = { _, _ in }) -> Outcome {
        let n = snapshot.assetCount
        let initiator = UnsafeMutableBufferPointer<Int32>.allocate(capacity: count)
        let affected = UnsafeMutableBufferPointer<Int32>.allocate(capacity: count)
        let hours = UnsafeMutableBufferPointer<Double>.allocate(capacity: count)
        let people = UnsafeMutableBufferPointer<Double>.allocate(capacity: count)
        people.initialize(repeating: 0)
        defer { people.deallocate() }
        let cost = UnsafeMutableBufferPointer<Double>.allocate(capacity: count)
        initiator.initialize(repeating: -1); affected.initialize(repeating: 0); hours.initialize(repeating: 0); cost.initialize(repeating: 0)
        defer { initiator.deallocate(); affected.deallocate(); hours.deallocate(); cost.deallocate() }
        let workers = max(1, min(threads, count))
        let perWorkerHits = UnsafeMutableBufferPointer<Int32>.allocate(capacity: countHits ? workers * n : 0)
        perWorkerHits.initialize(repeating: 0)
        defer { perWorkerHits.deallocate() }
        let out = (SendableBuffer(initiator), SendableBuffer(affected), SendableBuffer(hours), SendableBuffer(cost), SendableBuffer(perWorkerHits),
                   SendableBuffer(people))
        let counter = WorkCounter()
        let sim = self
        Parallel.run(workers: workers, poll: { progress(counter.done, count) }) { w in
            // Only the workspace this run's method needs (each takes memory per asset, and a
            // reach kernel builds the requirements' reach arcs on first use).
            let workspace: Workspace = sim.reach ? .reach(ReachKernel(sim.snapshot, sim.requirements))
                                                 : .timed(CascadeKernel(sim.snapshot, sim.requirements))
            let s = sim.snapshot
            let seedKey = CounterRandom.key(sim.seed)
            let block = 64
            while true {
                let lo = counter.take(block)
                guard lo < count, !interrupted() else { return }
                for k in lo..<min(count, lo + block) {
                    let trial = UInt64(first + k)
                    let sources: [Int32]
                    switch sim.initiators {
                    case .assets(let list): sources = list
                    case .random:
                        let pick = Int32(CounterRandom.bits(sim.seed, CascadeSimulation.initiatorStream, trial) % UInt64(n))
                        sources = [pick]
                        out.0.buffer[k] = pick
                    }
                    let trialKey = CounterRandom.cascadeKey(seedKey, trial)
                    // e: the arc position, which with threshold 0 is the dependency's index.
                    let draw = { (e: Int, strength: Float) in CounterRandom.uniform(cascade: trialKey, edge: UInt64(e)) < Double(strength) }
                    switch workspace {
                    case .reach(let reachKernel):
                        reachKernel.run(sources: sources, carries: draw)
                        out.5.buffer[k] = reachKernel.population()
                        if countHits { reachKernel.countLost(into: out.4.buffer.baseAddress! + w * n) }
                        out.1.buffer[k] = Int32(reachKernel.affected.count)
                    case .timed(let kernel):
                        let t = sim.duration ?? sources.map { s.recovery[Int($0)] }.max() ?? 0
                        kernel.run(sources: sources, duration: t, carries: draw)
                        let loss = kernel.loss(duration: t, personHourValue: sim.personHourValue)
                        out.2.buffer[k] = loss.personHours
                        out.5.buffer[k] = loss.population
                        out.3.buffer[k] = loss.disruption
                        if countHits { for i in kernel.affected { out.4.buffer[w * n + Int(i)] += 1 } }
                        out.1.buffer[k] = Int32(kernel.affected.count)
                    }
                }
                counter.complete(min(count, lo + block) - lo)
            }
        }
        var hits = [Int32](repeating: 0, count: countHits ? n : 0)
        if countHits { for w in 0..<workers { for i in 0..<n { hits[i] += perWorkerHits[w * n + i] } } }
        return Outcome(first: first, initiator: Array(initiator), affected: Array(affected), population: Array(people), personHours: Array(hours),
                       disruption: Array(cost), hits: hits)
    }
}

/// Summary statistics of a sample: mean, standard deviation, quantiles and maximum.
public struct SampleSummary: Sendable, Equatable {
    public var mean: Double, sd: Double, p50: Double, p90: Double, p95: Double, p99: Double, max: Double

    /// Summarises `values`; quantiles by the nearest-rank method (the smallest value with at
    /// least the given share of the sample at or below it). Sums run in sample order, so the
    /// result does not depend on how the sample was computed.
    public init(_ values: [Double]) {
        let n = values.count
        guard n > 0 else { self.init(mean: 0, sd: 0, p50: 0, p90: 0, p95: 0, p99: 0, max: 0); return }
        var sum = 0.0
        for v in values { sum += v }
        let mean = sum / Double(n)
        var ss = 0.0
        for v in values { ss += (v - mean) * (v - mean) }
        let sorted = values.sorted()
        func q(_ p: Double) -> Double { sorted[Swift.max(0, Swift.min(n - 1, Int((p * Double(n)).rounded(.up)) - 1))] }
        self.init(mean: mean, sd: n > 1 ? (ss / Double(n - 1)).squareRoot() : 0, p50: q(0.5), p90: q(0.9), p95: q(0.95), p99: q(0.99),
                  max: sorted[n - 1])
    }

    init(mean: Double, sd: Double, p50: Double, p90: Double, p95: Double, p99: Double, max: Double) {
        self.mean = mean; self.sd = sd; self.p50 = p50; self.p90 = p90; self.p95 = p95; self.p99 = p99; self.max = max
    }
}
