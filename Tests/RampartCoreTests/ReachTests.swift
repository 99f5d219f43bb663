import Dispatch
import Synchronization
import XCTest
@testable import RampartCore

/// The time-free search (`ReachKernel`): runs on top of an earlier run's state, halting, and the
/// hub that `Reach.scores` shares between searches.
final class ReachTests: XCTestCase {
    /// A run from v over the base of sources B loses exactly what B ∪ {v} loses beyond B,
    /// redundancy groups included (some providers lost by the base, the rest by the run).
    func testARunOverABaseCompletesTheCascadeOfBothSources() {
        var rng = Generator(seed: 31)
        var completedGroups = 0
        for trial in 0..<40 {
            let s = randomSnapshot(&rng, assets: Int.random(in: 10...120, using: &rng), degree: Double.random(in: 1...3, using: &rng))
            let req = Requirements(s, threshold: 0.5)
            let kernel = ReachKernel(s, req)
            let b = (0..<Int.random(in: 1...2, using: &rng)).map { _ in Int32.random(in: 0..<Int32(s.assetCount), using: &rng) }
            XCTAssertTrue(kernel.run(sources: b, carries: { _, _ in true }))
            let baseSet = Set(kernel.affected.map(Int.init))
            let base = kernel.base()
            XCTAssertEqual(baseSet, referenceLoss(s, req, b), "trial \(trial): the base")
            XCTAssertEqual(base.count, baseSet.count)
            XCTAssertEqual(base.population, baseSet.reduce(0) { $0 + s.population[$1] })
            for i in 0..<s.assetCount { XCTAssertEqual(base.lost.contains(i), baseSet.contains(i)) }
            for v in 0..<Int32(s.assetCount) {
                XCTAssertTrue(kernel.run(sources: [v], carries: { _, _ in true }, over: base))
                let added = kernel.affected.map(Int.init)
                XCTAssertTrue(baseSet.isDisjoint(with: added), "trial \(trial), v \(v): the base is not listed again")
                let both = referenceLoss(s, req, b + [v])
                XCTAssertEqual(baseSet.union(added), both, "trial \(trial), v \(v)")
                // A group lost only because the base and the run each took some of its providers.
                if both.count > baseSet.union(referenceLoss(s, req, [v])).count { completedGroups += 1 }
            }
        }
        XCTAssertGreaterThan(completedGroups, 5, "the graphs must have groups that only the base and the run together take down")
    }

    /// Searches that start from many assets of a graph without dependencies lose just those
    /// assets: the scan's look-ahead, which asks for the arcs of assets far down the queue,
    /// must cope with an empty arc array.
    func testManySourcesWithoutDependencies() {
        var a = AssetColumns()
        a.sectorIDs = ["s"]
        for i in 0..<100 {
            a.ids.append("a\(i)"); a.rowIDs.append(Int64(i + 1)); a.sector.append(0); a.population.append(1)
            a.occupancy.append(0); a.economicValue.append(0); a.replacementCost.append(0); a.recovery.append(1)
        }
        let s = Snapshot(assets: a, dependencies: DependencyColumns())
        let req = Requirements(s, threshold: 0)
        let sources = (0..<Int32(80)).map { $0 }
        let kernel = ReachKernel(s, req)
        XCTAssertTrue(kernel.run(sources: sources))
        XCTAssertEqual(kernel.affected.count, 80)
        let base = ReachBase(s, req, sources: sources)
        XCTAssertEqual(base.count, 80)
        XCTAssertEqual(base.population, 80)
        let timed = CascadeKernel(s, req)
        timed.run(sources: sources, duration: 10, carries: { _, _ in true })
        XCTAssertEqual(timed.affected.count, 80)
    }

    /// The reach arcs are made once, whichever thread asks first, and match the timed arcs.
    func testReachArcsAreBuiltOnceOnFirstUse() {
        let memo = Memo<[Int]>()
        let calls = Atomic<Int>(0)
        DispatchQueue.concurrentPerform(iterations: 16) { _ in
            let v = memo.value { calls.wrappingAdd(1, ordering: .relaxed); return [1, 2, 3] }
            XCTAssertEqual(v, [1, 2, 3])
        }
        XCTAssertEqual(calls.load(ordering: .relaxed), 1)
        var rng = Generator(seed: 34)
        let s = randomSnapshot(&rng, assets: 40, degree: 2)
        let req = Requirements(s, threshold: 0.5)
        XCTAssertEqual(req.reachArcs.map(\.dependent), req.arcs.map(\.dependent))
        XCTAssertEqual(req.reachArcs.map(\.grouped), req.arcs.map(\.grouped))
        XCTAssertEqual(req.reachArcs.map(\.strength), req.arcs.map(\.strength))
        XCTAssertEqual(Requirements(s, threshold: 0).arcEdge, (0..<Int32(s.dependencyCount)).map { $0 })
    }

    /// A run halts exactly when its cascade meets the halting set.
    func testARunHaltsWhenItLosesAnAssetOfTheSet() {
        var rng = Generator(seed: 32)
        var halted = 0, completed = 0
        for _ in 0..<20 {
            let s = randomSnapshot(&rng, assets: 60, degree: 2)
            let req = Requirements(s, threshold: 0.5)
            let kernel = ReachKernel(s, req)
            var set = AssetSet(count: s.assetCount)
            let members = Set((0..<3).map { _ in Int.random(in: 0..<s.assetCount, using: &rng) })
            for m in members { set.insert(m) }
            for v in 0..<Int32(s.assetCount) {
                let finished = kernel.run(sources: [v], carries: { _, _ in true }, haltAt: set)
                let lost = referenceLoss(s, req, [v])
                XCTAssertEqual(finished, lost.isDisjoint(with: members))
                if finished {
                    completed += 1
                    XCTAssertEqual(Set(kernel.affected.map(Int.init)), lost)
                } else {
                    halted += 1
                }
            }
        }
        XCTAssertGreaterThan(halted, 50)
        XCTAssertGreaterThan(completed, 50)
    }

    /// Scores are the same with the components of the whole graph (what a session caches) as
    /// with those explored from the candidates alone, for some assets and for all of them, and
    /// every one matches the reference; the graphs have a hub that several searches run into.
    func testScoresWithAHubMatchTheReference() {
        var rng = Generator(seed: 33)
        for trial in 0..<10 {
            let s = randomSnapshot(&rng, assets: Int.random(in: 50...150, using: &rng), degree: Double.random(in: 4...6, using: &rng))
            let req = Requirements(s, threshold: 0.5)
            let all = (0..<Int32(s.assetCount)).map { $0 }
            let whole = Reach.components(s, req, roots: all)
            let some = all.filter { _ in Bool.random(using: &rng) }
            let scores = Reach.scores(s, req, candidates: some, threads: 2)
            XCTAssertEqual(scores, Reach.scores(s, req, candidates: some, components: whole, threads: 1), "trial \(trial)")
            XCTAssertEqual(scores, Reach.scores(s, req, candidates: some, components: whole, threads: 3), "trial \(trial)")
            // Every asset at once takes the path where each component is its own slot.
            let everyScore = Reach.scores(s, req, candidates: all, threads: 2)
            XCTAssertEqual(everyScore, Reach.scores(s, req, candidates: all, components: whole, threads: 1), "trial \(trial)")
            XCTAssertEqual(everyScore.map(\.asset), all)
            let byAsset = Dictionary(uniqueKeysWithValues: everyScore.map { ($0.asset, $0) })
            for score in scores { XCTAssertEqual(byAsset[score.asset], score, "trial \(trial), asset \(score.asset)") }
            for score in everyScore {
                let lost = referenceLoss(s, req, [score.asset])
                XCTAssertEqual(Int(score.affected), lost.count, "trial \(trial), asset \(score.asset)")
                XCTAssertEqual(score.population, lost.reduce(0) { $0 + s.population[$1] }, "trial \(trial), asset \(score.asset)")
            }
            // The largest component must hold several assets, or the hub is not exercised.
            var size = [Int](repeating: 0, count: whole.count)
            for c in whole.component where c >= 0 { size[Int(c)] += 1 }
            XCTAssertGreaterThan(size.max() ?? 0, 3, "trial \(trial)")
        }
    }

    /// Progress through both passes (the searches, then those that reached the hub again) only
    /// goes forward, against one total, and ends at that total.
    func testProgressGoesForwardToTheEnd() {
        var rng = Generator(seed: 37)
        for trial in 0..<6 {
            let s = randomSnapshot(&rng, assets: Int.random(in: 100...400, using: &rng), degree: Double.random(in: 3...6, using: &rng))
            let req = Requirements(s, threshold: 0.5)
            let all = (0..<Int32(s.assetCount)).map { $0 }
            var reports: [(Int, Int)] = []
            _ = Reach.scores(s, req, candidates: all, threads: 2, progress: { reports.append(($0, $1)) })
            XCTAssertFalse(reports.isEmpty, "trial \(trial)")
            XCTAssertEqual(Set(reports.map(\.1)).count, 1, "trial \(trial): one total")
            XCTAssertEqual(reports.last?.0, reports.last?.1, "trial \(trial): ends at the total")
            XCTAssertEqual(reports.map(\.0), reports.map(\.0).sorted(), "trial \(trial): only forward")
        }
    }

    /// A base holds the reference's lost set and population on graphs of thousands of assets
    /// with redundancy groups, and while a group's dependent stands, the group's count is the
    /// number of its providers lost (a later run over the base finishes the group from there).
    func testABaseMatchesTheReferenceAndCountsGroupProviders() {
        var rng = Generator(seed: 35)
        var large = 0, standing = 0
        for trial in 0..<6 {
            let s = randomSnapshot(&rng, assets: Int.random(in: 2_000...10_000, using: &rng), degree: Double.random(in: 2.5...4, using: &rng))
            let req = Requirements(s, threshold: 0.5)
            let sources = (0..<Int.random(in: 1...3, using: &rng)).map { _ in Int32.random(in: 0..<Int32(s.assetCount), using: &rng) }
            let base = ReachBase(s, req, sources: sources)
            let lostSet = referenceLoss(s, req, sources)
            XCTAssertEqual(base.count, lostSet.count, "trial \(trial)")
            let people = (0..<s.assetCount).filter(lostSet.contains).reduce(0) { $0 + s.population[$1] }
            XCTAssertEqual(base.population, people, accuracy: 1e-9 * people, "trial \(trial)")
            XCTAssertEqual((0..<s.assetCount).filter { base.lost.contains($0) }, lostSet.sorted(), "trial \(trial)")
            let counts = Dictionary(uniqueKeysWithValues: base.groups.map { ($0.group, $0.lost) })
            var lostProviders: [Int32: Int] = [:], dependentOf: [Int32: Int] = [:]
            for arc in groupedArcs(req) {
                dependentOf[arc.group] = arc.dependent
                if lostSet.contains(arc.provider) { lostProviders[arc.group, default: 0] += 1 }
            }
            for (q, d) in dependentOf where !lostSet.contains(d) {
                XCTAssertEqual(Int(counts[q] ?? 0), lostProviders[q] ?? 0, "trial \(trial), group \(q)")
                if lostProviders[q] ?? 0 > 0 { standing += 1 }
            }
            if lostSet.count > 500 { large += 1 }
        }
        XCTAssertGreaterThanOrEqual(large, 4, "most cascades must be large")
        XCTAssertGreaterThan(standing, 10, "some groups must have lost providers and still stand")
    }

    /// A search shared by several workers (`SharedReach`) ends in the state the kernel reaches
    /// alone: the same lost set, count and population, and the same count for every group whose
    /// dependent stands. Each graph runs on one, two and four workers, several times over (the
    /// workers race differently each time), with queues the size of the graph and with queues
    /// just large enough for one provider's arcs, which makes every worker compact its queue
    /// and hand most of it over all the time.
    func testASharedSearchEndsInTheKernelsState() {
        var rng = Generator(seed: 38)
        var groupsChecked = 0
        for trial in 0..<6 {
            let s = randomSnapshot(&rng, assets: Int.random(in: 3_000...20_000, using: &rng), degree: Double.random(in: 2.5...4, using: &rng))
            let req = Requirements(s, threshold: 0.5)
            // A source whose cascade is large enough to share.
            var source = Int32(0), alone = ReachBase(s, req, sources: [0])
            for _ in 0..<100 where alone.count <= 1_000 {
                source = Int32.random(in: 0..<Int32(s.assetCount), using: &rng)
                alone = ReachBase(s, req, sources: [source])
            }
            if trial == 0 { XCTAssertEqual(alone.count, referenceLoss(s, req, [source]).count) }
            let counts = Dictionary(uniqueKeysWithValues: alone.groups.map { ($0.group, $0.lost) })
            let standing = groupedArcs(req).filter { !alone.lost.contains($0.dependent) }.map(\.group)
            for workers in [1, 2, 4] {
                for capacity in [nil, 1] {
                    for round in 0..<3 {
                        let what = "trial \(trial), \(workers) workers, capacity \(capacity.map(String.init) ?? "all"), round \(round)"
                        let shared = SharedReach.base(s, req, source: source, workers: workers, queueCapacity: capacity)
                        XCTAssertEqual(shared.count, alone.count, what)
                        XCTAssertEqual(shared.population, alone.population, what)
                        XCTAssertTrue((0..<s.assetCount).allSatisfy { shared.lost.contains($0) == alone.lost.contains($0) }, what)
                        let sharedCounts = Dictionary(uniqueKeysWithValues: shared.groups.map { ($0.group, $0.lost) })
                        for q in standing { XCTAssertEqual(sharedCounts[q] ?? 0, counts[q] ?? 0, "\(what), group \(q)") }
                        groupsChecked += standing.count
                    }
                }
            }
            XCTAssertGreaterThan(alone.count, 1_000, "trial \(trial): the cascade must be large enough to share")
        }
        XCTAssertGreaterThan(groupsChecked, 100)
    }

    /// When the hub's cascade is larger than `Reach.sharedSearchThreshold`, every worker
    /// searches it together; the scores stay those of one thread and of the reference.
    func testScoresWithALargeHubAreTheSameOnAnyThreadCount() {
        var rng = Generator(seed: 39)
        for trial in 0..<2 {
            let s = randomSnapshot(&rng, assets: 12_000, degree: 3)
            let req = Requirements(s, threshold: 0.5)
            let candidates = (0..<Int32(s.assetCount)).filter { _ in Int.random(in: 0..<40, using: &rng) == 0 }
            let one = Reach.scores(s, req, candidates: candidates, threads: 1)
            XCTAssertGreaterThan(Int(one.map(\.affected).max() ?? 0), Reach.sharedSearchThreshold, "trial \(trial): the hub's cascade must be shared")
            for threads in [2, 3] {
                XCTAssertEqual(Reach.scores(s, req, candidates: candidates, threads: threads), one, "trial \(trial), \(threads) threads")
            }
            for score in one.prefix(15) {
                let lost = referenceLoss(s, req, [score.asset])
                XCTAssertEqual(Int(score.affected), lost.count, "trial \(trial), asset \(score.asset)")
                XCTAssertEqual(score.population, lost.reduce(0) { $0 + s.population[$1] }, "trial \(trial), asset \(score.asset)")
            }
        }
    }

    /// The critical dependencies that belong to redundancy groups.
    private func groupedArcs(_ req: Requirements) -> [(provider: Int, dependent: Int, group: Int32)] {
        (0..<req.arcOffsets.count - 1).flatMap { p in
            (Int(req.arcOffsets[p])..<Int(req.arcOffsets[p + 1])).compactMap { k in
                req.arcs[k].grouped ? (p, Int(req.arcs[k].dependent), req.arcGroup[k]) : nil
            }
        }
    }
}

/// `sortedPrefix`, which ranks the top few of many rows.
final class SortedPrefixTests: XCTestCase {
    /// The heap gives the prefix of a full sort, for every k, on inputs with repeated keys
    /// (ties broken by index, as the rankings do) and in adversarial orders.
    func testItEqualsThePrefixOfAFullSort() {
        var rng = Generator(seed: 36)
        for trial in 0..<50 {
            let n = Int.random(in: 0...300, using: &rng)
            var values = (0..<n).map { i in (key: Int.random(in: 0...20, using: &rng), index: i) }
            if trial % 5 == 1 { values.sort { ($0.key, $0.index) < ($1.key, $1.index) } }
            if trial % 5 == 2 { values.sort { ($0.key, $0.index) > ($1.key, $1.index) } }
            let order = { (a: (key: Int, index: Int), b: (key: Int, index: Int)) in (a.key, -a.index) > (b.key, -b.index) }
            let full = values.sorted(by: order).map(\.index)
            for k in [nil, 0, 1, 2, 5, n / 2, n, n + 3] {
                XCTAssertEqual(values.sortedPrefix(k, by: order).map(\.index), Array(full.prefix(k ?? n)), "trial \(trial), k \(String(describing: k))")
            }
        }
    }
}
