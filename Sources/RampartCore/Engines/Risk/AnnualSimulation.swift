/// The annual loss simulation of DESIGN §5.6: in each simulated year every (asset, threat) pair
/// suffers Poisson(λ) successful attacks, λ = f·V drawn from their distributions; each attack's
/// consequence draws the casualty, damage and outage inputs and a cascade in which every
/// dependency carries the loss with probability equal to its strength (buffers drawn when they
/// are distributions). A year's random numbers depend only on (seed, year, pair), so results are
/// the same on any number of threads, and ranges of years run apart merge exactly.
struct AnnualSimulation {
    /// Years first..<first+count: each year's loss and number of successful attacks.
    struct Outcome: Sendable, Equatable {
        var first: Int
        var loss: [Double]
        var attacks: [Int32]
    }

    let inputs: RiskInputs
    let requirements: Requirements
    let factors: RiskEngine.Factors
    /// Path-derived vulnerabilities as the scenario's measures leave them, by pair.
    let pathV: [Int: Double]
    let seed: UInt64

    init(engine: RiskEngine, scenario: RiskScenario, seed: UInt64) {
        inputs = engine.inputs
        requirements = Requirements(engine.inputs.snapshot, threshold: 0)
        factors = engine.factors(engine.active(scenario))
        pathV = engine.pathVulnerabilities(engine.inputs.pairs, factors)
        self.seed = seed
    }

    /// The most successful attacks a run is asked to simulate, on average (each runs a cascade).
    static let maximumAttacks = 1e9

    /// Successful attacks a year on average: the rate of every pair at its mean frequency and
    /// vulnerability.
    var expectedAttacksPerYear: Double {
        inputs.pairs.enumerated().reduce(0) { sum, item in
            let (index, pair) = item
            let t = inputs.threats[pair.threat]
            return sum + rate(pair, t, frequency: pair.frequency ?? t.frequency, vulnerability: pathV[index] ?? pair.v)
        }
    }

    /// The pair's rate of successful attacks for a frequency and a vulnerability (as a simulated
    /// year draws them, or their means), with the scenario's measures applied.
    @inline(__always)
    func rate(_ pair: RiskInputs.Pair, _ t: RiskInputs.Threat, frequency f: Double, vulnerability v: Double) -> Double {
        max(0, f) * factors.v(min(1, max(0, v)), asset: pair.asset, modality: t.modality)
    }

    func run(first: Int, count: Int, threads: Int = Criticality.defaultThreads,
             interrupted: @escaping @Sendable () -> Bool = { false }, progress: (Int, Int) -> Void = { _, _ in }) -> Outcome {
        let sim = self, arcs = requirements.arcs(delays: factors.delay)
        // Years are expensive: hand them out one at a time so short runs use every core.
        let years = Parallel.map(count: count, block: 1, threads: threads, placeholder: (loss: 0.0, attacks: Int32(0)),
                                 interrupted: interrupted, progress: progress,
                                 state: { CascadeKernel(sim.inputs.snapshot, sim.requirements, arcs: arcs) }) { kernel, k in
            let year = UInt64(first + k)
            let delays = sim.inputs.delayDistributions
            var total = 0.0
            var events: Int32 = 0
            for (index, pair) in sim.inputs.pairs.enumerated() {
                var rng = SplitMix(seed: CounterRandom.bits(sim.seed, year, UInt64(index)))
                let t = sim.inputs.threats[pair.threat]
                let f = (pair.frequencyDistribution ?? t.distributions[0]).sample(&rng)
                let drawn = sim.pathV[index] ?? pair.vDistribution.sample(&rng)
                let n = rng.poisson(sim.rate(pair, t, frequency: f, vulnerability: drawn))
                // A rate drawn from a long tail can ask for more attacks than a run can make.
                for _ in 0..<n where !interrupted() {
                    total += sim.attack(pair, t, kernel: kernel, delays: delays, rng: &rng)
                }
                events = Int32(clamping: Int(events).addingReportingOverflow(n).partialValue)
            }
            return (loss: total, attacks: events)
        }
        return Outcome(first: first, loss: years.map(\.loss), attacks: years.map(\.attacks))
    }

    /// The consequence of one successful attack, with its inputs and its cascade drawn.
    func attack(_ pair: RiskInputs.Pair, _ t: RiskInputs.Threat, kernel: CascadeKernel, delays: [Int: Distribution], rng: inout SplitMix) -> Double {
        let s = inputs.snapshot, a = pair.asset
        let d = t.distributions
        let harm = factors.harm[a] ?? 1
        let fatalities = s.occupancy[a] * min(1, max(0, d[1].sample(&rng))) * harm
        let injuries = s.occupancy[a] * min(1, max(0, d[2].sample(&rng))) * harm
        let damage = s.replacementCost[a] * min(1, max(0, d[3].sample(&rng))) * harm
        let outage = s.recovery[a] * (factors.recovery[a] ?? 1) * max(0, d[4].sample(&rng))
        let eventSeed = rng.next()
        let buffers = factors.delay
        var draws = SplitMix(seed: eventSeed ^ 0xA5A5_A5A5_A5A5_A5A5)
        var sampled: [Int: Double] = [:]
        let eventKey = CounterRandom.key(eventSeed)
        // The kernel names dependencies by arc position, which with threshold 0 (as here) is
        // the snapshot index that `delays` and `buffers` use.
        kernel.run(sources: [Int32(a)], duration: outage, carries: { e, strength in
            CounterRandom.carries(cascade: eventKey, edge: UInt64(e), strength: strength)
        }, delayOf: delays.isEmpty ? nil : { e in
            guard let dist = delays[e] else { return buffers[e] }
            if let v = sampled[e] { return v }
            let v = max(0, dist.sample(&draws)) + (buffers[e] - s.delay[e])
            sampled[e] = v
            return v
        })
        let disruption = kernel.loss(duration: outage, personHourValue: inputs.personHourValue).disruption
        return fatalities * inputs.vsl + injuries * inputs.vsi + damage + disruption
    }
}

/// Tail measures of annual losses: VaR at a level is the loss quantile; TVaR the mean of the
/// years at or beyond it.
struct TailMeasures {
    let var95: Double, tvar95: Double, var99: Double, tvar99: Double

    init(_ losses: [Double]) {
        let sorted = losses.sorted()
        func at(_ p: Double) -> (Double, Double) {
            guard !sorted.isEmpty else { return (0, 0) }
            let k = max(0, min(sorted.count - 1, Int((p * Double(sorted.count)).rounded(.up)) - 1))
            let tail = sorted[k...]
            return (sorted[k], tail.reduce(0, +) / Double(tail.count))
        }
        (var95, tvar95) = at(0.95)
        (var99, tvar99) = at(0.99)
    }
}
