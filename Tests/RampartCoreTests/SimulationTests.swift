import XCTest
@testable import RampartCore

final class SimulationTests: XCTestCase {
    func line(_ strengths: [Float], groupLast: Bool = false) -> Snapshot {
        // Asset 0 feeds 1, 1 feeds 2, …; with groupLast the last asset needs either of two providers.
        var a = AssetColumns()
        a.sectorIDs = ["s"]
        let n = strengths.count + 1 + (groupLast ? 1 : 0)
        for i in 0..<n { a.ids.append("n\(i)"); a.rowIDs.append(Int64(i)); a.sector.append(0); a.population.append(1); a.occupancy.append(0); a.economicValue.append(0); a.replacementCost.append(0); a.recovery.append(10) }
        var d = DependencyColumns()
        for (k, st) in strengths.enumerated() {
            d.dependent.append(Int32(k + 1)); d.provider.append(Int32(k)); d.strength.append(st); d.delay.append(0); d.kind.append(0); d.group.append(-1)
        }
        return Snapshot(assets: a, dependencies: d)
    }

    func probability(_ o: CascadeSimulation.Outcome, _ i: Int) -> Double { Double(o.hits[i]) / Double(o.count) }

    func testTransmissionProbabilitiesMultiplyAlongAChain() {
        let s = line([0.6, 0.5])
        let o = CascadeSimulation(s, initiators: .assets([0]), duration: nil, seed: 11, personHourValue: 1).run(first: 0, count: 40_000)
        // Binomial standard errors are below 0.0025; allow four of them.
        XCTAssertEqual(probability(o, 0), 1)
        XCTAssertEqual(probability(o, 1), 0.6, accuracy: 0.01)
        XCTAssertEqual(probability(o, 2), 0.3, accuracy: 0.01)
    }

    func testAGroupIsLostOnlyWhenEveryProviderTransmits() {
        var a = AssetColumns()
        a.sectorIDs = ["s"]
        for i in 0..<3 { a.ids.append("n\(i)"); a.rowIDs.append(Int64(i)); a.sector.append(0); a.population.append(1); a.occupancy.append(0); a.economicValue.append(0); a.replacementCost.append(0); a.recovery.append(10) }
        var d = DependencyColumns()
        d.groupNames = ["g"]
        // 2 needs 0 or 1; both 0 and 1 start the cascade.
        for (p, st) in [(Int32(0), Float(0.8)), (1, 0.5)] {
            d.dependent.append(2); d.provider.append(p); d.strength.append(st); d.delay.append(0); d.kind.append(0); d.group.append(0)
        }
        let s = Snapshot(assets: a, dependencies: d)
        let o = CascadeSimulation(s, initiators: .assets([0, 1]), duration: nil, seed: 3, personHourValue: 1).run(first: 0, count: 40_000)
        XCTAssertEqual(probability(o, 2), 0.4, accuracy: 0.01)
    }

    func testSameSeedSameNumbersWhateverTheThreadsOrSplit() {
        var rng = Generator(seed: 5)
        let s = randomSnapshot(&rng, assets: 300, degree: 3)
        let sim = CascadeSimulation(s, initiators: .random, duration: nil, seed: 2024, personHourValue: 12)
        let one = sim.run(first: 0, count: 600, threads: 1)
        let two = sim.run(first: 0, count: 600, threads: 2)
        XCTAssertEqual(one, two)
        let parts = [sim.run(first: 400, count: 200, threads: 2), sim.run(first: 0, count: 150, threads: 1), sim.run(first: 150, count: 250, threads: 2)]
        XCTAssertEqual(CascadeSimulation.Outcome.merge(parts), one)
        XCTAssertNil(CascadeSimulation.Outcome.merge([parts[0], parts[1]]), "a gap between ranges cannot merge")
        XCTAssertNotEqual(sim.run(first: 0, count: 600).affected,
                          CascadeSimulation(s, initiators: .random, duration: nil, seed: 2025, personHourValue: 12).run(first: 0, count: 600).affected)
    }

    /// Each trial equals the reference fixed point over the dependencies that trial let through.
    func testEachTrialIsTheCascadeOverItsSampledDependencies() {
        var rng = Generator(seed: 8)
        let s = randomSnapshot(&rng, assets: 60, degree: 3)
        let seed: UInt64 = 99
        let sim = CascadeSimulation(s, initiators: .random, duration: 48, seed: seed, personHourValue: 1)
        let o = sim.run(first: 10, count: 60)
        var total = 0
        for k in 0..<o.count {
            let trial = UInt64(10 + k)
            let r = CascadeEngine.reference(s, sim.requirements, events: [InitiatingEvent(asset: o.initiator[k], start: 0, duration: 48)]) { e in
                CounterRandom.carries(cascade: CounterRandom.cascadeKey(CounterRandom.key(seed), trial), edge: UInt64(e), strength: s.strength[e])
            }
            let affected = (0..<s.assetCount).filter { r.isAffected($0) }
            total += affected.count
            XCTAssertEqual(Int(o.affected[k]), affected.count, "trial \(trial)")
        }
        XCTAssertGreaterThan(total, 2 * o.count, "the trials must spread")
    }

    /// With time out of play, each trial equals the reference over the same draws with an outage
    /// that outlasts every buffer, and counts assets and people only.
    func testReachTrialsAreTheCascadesWithTimeOutOfPlay() {
        // 83 assets: the per-asset counts are added sixteen at a time, and this leaves a rest.
        let (sim, o) = reachSimulation(graphSeed: 17, assets: 83, degree: 3, seed: 5, trials: 80)
        let s = sim.snapshot
        var hits = [Int32](repeating: 0, count: s.assetCount)
        for k in 0..<o.count {
            for i in checkReachTrial(k, of: o, sim) { hits[i] += 1 }
            XCTAssertEqual(o.personHours[k], 0)
            XCTAssertEqual(o.disruption[k], 0)
        }
        XCTAssertEqual(o.hits, hits)
        XCTAssertGreaterThan(o.affected.filter { Int($0) * 8 > s.assetCount }.count, 5, "some trials must lose most assets")
    }

    /// A batch of 64 trials finds, lane by lane, what one search per trial finds with the same
    /// draws, redundancy groups included; several initiating assets per lane too.
    func testReachBatchMatchesOneSearchPerTrial() {
        var rng = Generator(seed: 29)
        for (n, degree) in [(150, 2.0), (300, 3.0), (97, 4.5)] {
            let s = randomSnapshot(&rng, assets: n, degree: degree)
            let req = Requirements(s, threshold: 0)
            let batch = ReachBatch(s, req), kernel = ReachKernel(s, req)
            let sources: [[Int32]] = (0..<ReachBatch.lanes).map { j in
                (0..<(j % 3 + 1)).map { _ in Int32.random(in: 0..<Int32(n), using: &rng) }
            }
            let keys = (0..<ReachBatch.lanes).map { CounterRandom.cascadeKey(CounterRandom.key(7), UInt64($0)) }
            XCTAssertTrue(batch.run(sources: sources, keys: keys))
            var hits = [Int32](repeating: 0, count: n)
            let outcomes = hits.withUnsafeMutableBufferPointer { batch.outcomes(hits: $0.baseAddress!) }
            var expectedHits = [Int32](repeating: 0, count: n)
            for j in 0..<ReachBatch.lanes {
                kernel.run(sources: sources[j]) { e, strength in CounterRandom.carries(cascade: keys[j], edge: UInt64(e), strength: strength) }
                XCTAssertEqual(Int(outcomes[j].affected), kernel.affected.count, "n \(n), lane \(j)")
                XCTAssertEqual(outcomes[j].population, kernel.population(), "n \(n), lane \(j)")
                for i in kernel.affected { expectedHits[Int(i)] += 1 }
            }
            XCTAssertEqual(hits, expectedHits, "n \(n)")
            XCTAssertGreaterThan(outcomes.filter { Int($0.affected) * 4 > n }.count, 3, "n \(n): some lanes must lose many assets")
        }
        // An interrupted batch says so.
        let s = randomSnapshot(&rng, assets: 50, degree: 3)
        XCTAssertFalse(ReachBatch(s, Requirements(s, threshold: 0)).run(sources: [[0]], keys: [1], interrupted: { true }))
    }

    /// A simulation whose large trials go to batches gives each trial the numbers of the
    /// reference over the same draws, on any thread count and any split of the trials.
    func testLargeReachTrialsRunInBatches() {
        let (sim, o) = reachSimulation(graphSeed: 31, assets: 400, degree: 3.5, seed: 9, trials: 300)
        let s = sim.snapshot
        // Trials past the threshold (and 64 assets) were set aside; enough for batches.
        let large = o.affected.filter { Int($0) > max(CascadeSimulation.batchThreshold * s.assetCount / 100, ReachBatch.lanes) }.count
        XCTAssertGreaterThanOrEqual(large, CascadeSimulation.minimumBatch + ReachBatch.lanes, "the test must run more than one batch")
        // Split so that one part has too few large trials for a batch: the same numbers.
        XCTAssertEqual(CascadeSimulation.Outcome.merge([sim.run(first: 0, count: 290, threads: 2), sim.run(first: 290, count: 10, threads: 1)]), o)
        for k in stride(from: 0, to: o.count, by: 7) { _ = checkReachTrial(k, of: o, sim) }
    }

    /// A reach simulation with random initiators on a random graph, and its first `trials`
    /// trials on two threads, checked equal to the same on one.
    func reachSimulation(graphSeed: UInt64, assets: Int, degree: Double, seed: UInt64, trials: Int) -> (CascadeSimulation, CascadeSimulation.Outcome) {
        var rng = Generator(seed: graphSeed)
        let sim = CascadeSimulation(randomSnapshot(&rng, assets: assets, degree: degree), initiators: .random, duration: nil, seed: seed,
                                    personHourValue: 1, reach: true)
        let o = sim.run(first: 0, count: trials, threads: 2)
        XCTAssertEqual(o, sim.run(first: 0, count: trials, threads: 1))
        return (sim, o)
    }

    /// Checks trial k (of a run from trial 0) of a reach simulation against the reference fixed
    /// point over the trial's draws, with an outage that outlasts every buffer; returns the
    /// assets the reference loses.
    func checkReachTrial(_ k: Int, of o: CascadeSimulation.Outcome, _ sim: CascadeSimulation) -> [Int] {
        let s = sim.snapshot, key = CounterRandom.cascadeKey(CounterRandom.key(sim.seed), UInt64(k))
        let r = CascadeEngine.reference(s, sim.requirements, events: [InitiatingEvent(asset: o.initiator[k], start: 0, duration: 1e6)]) { e in
            CounterRandom.carries(cascade: key, edge: UInt64(e), strength: s.strength[e])
        }
        let affected = (0..<s.assetCount).filter { r.isAffected($0) }
        XCTAssertEqual(Int(o.affected[k]), affected.count, "trial \(k)")
        XCTAssertEqual(o.population[k], affected.reduce(0) { $0 + s.population[$1] }, "trial \(k)")
        return affected
    }

    /// The integer form of a draw answers as the double form does, at the strengths' edges too.
    func testIntegerDrawMatchesTheUniform() {
        let strengths: [Float] = [1, 0.5, 0.3, 0.9999999, Float.leastNonzeroMagnitude, 1e-30, 0.1]
        for s in strengths {
            let bound = CounterRandom.drawBound(strength: s)
            // The bound is the first 53-bit draw whose uniform is not below the strength.
            XCTAssertGreaterThanOrEqual(Double(bound) / 9_007_199_254_740_992.0, Double(s))
            XCTAssertLessThan(Double(bound - 1) / 9_007_199_254_740_992.0, Double(s))
            for k in 0..<2_000 {
                let key = CounterRandom.cascadeKey(CounterRandom.key(3), UInt64(k)), edge = UInt64(k * 7)
                XCTAssertEqual(CounterRandom.carries(cascade: key, edge: edge, below: bound),
                               CounterRandom.carries(cascade: key, edge: edge, strength: s), "strength \(s), draw \(k)")
            }
        }
        XCTAssertEqual(CounterRandom.drawBound(strength: 1), 1 << 53)
    }

    func testSampleSummary() {
        let s = SampleSummary((1...100).map(Double.init))
        XCTAssertEqual(s.mean, 50.5)
        XCTAssertEqual(s.p50, 50)
        XCTAssertEqual(s.p90, 90)
        XCTAssertEqual(s.p99, 99)
        XCTAssertEqual(s.max, 100)
        let squares: [Double] = (1...100).map { let d = Double($0) - 50.5; return d * d }
        XCTAssertEqual(s.sd, (squares.reduce(0, +) / 99).squareRoot(), accuracy: 1e-12)
    }
}
