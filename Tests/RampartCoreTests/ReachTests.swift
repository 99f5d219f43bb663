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
            let base = kernel.base()
            let baseSet = Set(kernel.affected.map(Int.init))
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
    /// with those explored from the candidates alone, and every one matches the reference; the
    /// graphs have a hub that several searches run into.
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
            for score in scores {
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
}
