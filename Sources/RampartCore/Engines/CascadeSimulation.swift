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

    /// A simulation over snapshot `s`; `requirements`, when given, are `s`'s with threshold 0
    /// (a caller that runs many simulations builds them once).
    public init(_ s: Snapshot, initiators: Initiators, duration: Double?, seed: UInt64, personHourValue: Double, reach: Bool = false,
                requirements given: Requirements? = nil) {
        precondition(given.map { $0.threshold == 0 } ?? true, "a simulation's requirements have threshold 0")
        snapshot = s
        requirements = given ?? Requirements(s, threshold: 0)
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
    ///
    /// With `reach`, a trial whose search grows past `batchThreshold` of the assets is set
    /// aside and, once every trial has had its turn, run again with the other large ones in
    /// `ReachBatch`es of 64 (when there are at least `minimumBatch` of them; one at a time
    /// otherwise). A trial's numbers are the same whichever way it runs. A run that
    /// `interrupted` stops is incomplete (a large trial not yet run reads -1 assets).
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
        let out = Buffers(initiator: SendableBuffer(initiator), affected: SendableBuffer(affected), hours: SendableBuffer(hours),
                          cost: SendableBuffer(cost), hits: SendableBuffer(perWorkerHits), people: SendableBuffer(people), countHits: countHits)
        // Searches that grow past this many assets wait for a batch.
        let limit = reach ? max(Self.batchThreshold * n / 100, ReachBatch.lanes) : .max
        runEach(count, trial: { $0 }, block: 64, first: first, threads: workers, limit: limit, out, interrupted: interrupted,
                progress: { done in progress(done, count) })
        if reach && !interrupted() {
            let large = (0..<count).filter { affected[$0] < 0 }
            runLarge(large, first: first, threads: threads, out, interrupted: interrupted,
                     progress: { done in progress(count - large.count + done, count) })
        }
        var hits = [Int32](repeating: 0, count: countHits ? n : 0)
        if countHits { for w in 0..<workers { for i in 0..<n { hits[i] += perWorkerHits[w * n + i] } } }
        return Outcome(first: first, initiator: Array(initiator), affected: Array(affected), population: Array(people), personHours: Array(hours),
                       disruption: Array(cost), hits: hits)
    }

    /// Share of the assets (percent) past which a reach trial waits for a batch: below it a
    /// search costs less than its share of a batch's sweeps over every asset.
    static let batchThreshold = 4
    /// Large trials fewer than this run one at a time: a batch's sweeps cost the same for one
    /// trial as for 64.
    static let minimumBatch = 16

    /// Where the workers of a run write their trials' numbers (disjoint places).
    private struct Buffers: Sendable {
        let initiator: SendableBuffer<Int32>, affected: SendableBuffer<Int32>, hours: SendableBuffer<Double>
        let cost: SendableBuffer<Double>, hits: SendableBuffer<Int32>, people: SendableBuffer<Double>
        let countHits: Bool
        /// Worker w's per-asset counts of trials.
        func hits(of w: Int, assets n: Int) -> UnsafeMutablePointer<Int32> { hits.buffer.baseAddress! + w * n }
    }

    /// The assets trial `first + k` loses first.
    private func sources(ofTrial k: Int, first: Int) -> [Int32] {
        switch initiators {
        case .assets(let list): return list
        case .random:
            return [Int32(CounterRandom.bits(seed, CascadeSimulation.initiatorStream, UInt64(first + k)) % UInt64(snapshot.assetCount))]
        }
    }

    /// Runs trial `first + k` on worker `w`'s workspace and writes its numbers; false (and
    /// `affected` -1) when a reach search grew past `limit` and the trial waits for a batch.
    private func runTrial(_ k: Int, first: Int, seedKey: UInt64, workspace: Workspace, worker w: Int, limit: Int, _ out: Buffers) -> Bool {
        let n = snapshot.assetCount
        let sources = sources(ofTrial: k, first: first)
        if case .random = initiators { out.initiator.buffer[k] = sources[0] }
        let trialKey = CounterRandom.cascadeKey(seedKey, UInt64(first + k))
        // e: the arc position, which with threshold 0 is the dependency's index.
        let draw = { (e: Int, strength: Float) in CounterRandom.carries(cascade: trialKey, edge: UInt64(e), strength: strength) }
        switch workspace {
        case .reach(let reachKernel):
            guard reachKernel.run(sources: sources, carries: draw, limit: limit) else {
                out.affected.buffer[k] = -1
                return false
            }
            out.people.buffer[k] = reachKernel.population()
            if out.countHits { reachKernel.countLost(into: out.hits(of: w, assets: n)) }
            out.affected.buffer[k] = Int32(reachKernel.affected.count)
        case .timed(let kernel):
            let t = duration ?? sources.map { snapshot.recovery[Int($0)] }.max() ?? 0
            kernel.run(sources: sources, duration: t, carries: draw)
            let loss = kernel.loss(duration: t, personHourValue: personHourValue)
            out.hours.buffer[k] = loss.personHours
            out.people.buffer[k] = loss.population
            out.cost.buffer[k] = loss.disruption
            if out.countHits { for i in kernel.affected { out.hits.buffer[w * n + Int(i)] += 1 } }
            out.affected.buffer[k] = Int32(kernel.affected.count)
        }
        return true
    }

    /// Runs trials `trial(0)`…`trial(count - 1)` one search each, on up to `threads` workers
    /// taking `block` of them at a time; `progress` hears how many have their numbers (a reach
    /// search past `limit` waits for a batch and is not counted).
    private func runEach(_ count: Int, trial: @escaping @Sendable (Int) -> Int, block: Int, first: Int, threads: Int, limit: Int,
                         _ out: Buffers, interrupted: @escaping @Sendable () -> Bool, progress: (Int) -> Void) {
        let counter = WorkCounter(), sim = self
        Parallel.run(workers: max(1, min(threads, count)), poll: { progress(counter.done) }) { w in
            // Only the workspace this run's method needs (each takes memory per asset, and a
            // reach kernel builds the requirements' reach arcs on first use).
            let workspace: Workspace = sim.reach ? .reach(ReachKernel(sim.snapshot, sim.requirements))
                                                 : .timed(CascadeKernel(sim.snapshot, sim.requirements))
            let seedKey = CounterRandom.key(sim.seed)
            while true {
                let lo = counter.take(block)
                guard lo < count, !interrupted() else { return }
                var done = 0
                for i in lo..<min(count, lo + block) {
                    if sim.runTrial(trial(i), first: first, seedKey: seedKey, workspace: workspace, worker: w, limit: limit, out) { done += 1 }
                }
                counter.complete(done)
            }
        }
    }

    /// Runs the reach trials set aside as large (`trials`, in order): in batches of up to 64
    /// when there are enough of them, one at a time otherwise. `progress` hears how many are done.
    private func runLarge(_ trials: [Int], first: Int, threads: Int, _ out: Buffers,
                          interrupted: @escaping @Sendable () -> Bool, progress: (Int) -> Void) {
        guard !trials.isEmpty else { return }
        guard trials.count >= Self.minimumBatch else {
            runEach(trials.count, trial: { trials[$0] }, block: 1, first: first, threads: threads, limit: .max, out,
                    interrupted: interrupted, progress: progress)
            return
        }
        let n = snapshot.assetCount, sim = self, counter = WorkCounter(), nextBatch = WorkCounter()
        // Batches of nearly equal size, so that the last is not a costly batch of few trials.
        let batches = (trials.count + ReachBatch.lanes - 1) / ReachBatch.lanes
        Parallel.run(workers: max(1, min(threads, batches)), poll: { progress(counter.done) }) { w in
            let batch = ReachBatch(sim.snapshot, sim.requirements)
            let seedKey = CounterRandom.key(sim.seed)
            while true {
                let b = nextBatch.take(1)
                guard b < batches, !interrupted() else { return }
                let range = (b * trials.count / batches)..<((b + 1) * trials.count / batches)
                let lanes = range.map { trials[$0] }
                let keys = lanes.map { CounterRandom.cascadeKey(seedKey, UInt64(first + $0)) }
                guard batch.run(sources: lanes.map { sim.sources(ofTrial: $0, first: first) }, keys: keys, interrupted: interrupted) else { return }
                for (j, outcome) in batch.outcomes(hits: out.countHits ? out.hits(of: w, assets: n) : nil).enumerated() {
                    out.affected.buffer[lanes[j]] = outcome.affected
                    out.people.buffer[lanes[j]] = outcome.population
                }
                counter.complete(lanes.count)
            }
        }
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
