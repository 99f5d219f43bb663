import XCTest
@testable import RampartCore

final class CascadeTests: XCTestCase {
    func assertSame(_ a: CascadeResult, _ b: CascadeResult, _ label: String, file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertEqual(a.down.count, b.down.count)
        for i in 0..<a.down.count {
            XCTAssertEqual(a.isAffected(i), b.isAffected(i), "\(label): asset \(i) affected", file: file, line: line)
            if a.isAffected(i) && b.isAffected(i) {
                XCTAssertEqual(a.down[i], b.down[i], accuracy: 1e-9, "\(label): down of \(i)", file: file, line: line)
                XCTAssertEqual(a.up[i], b.up[i], accuracy: 1e-9, "\(label): up of \(i)", file: file, line: line)
            }
        }
    }

    /// `forEachOutage` (used by `cascade … by sector`) must report every outage of `reference` once.
    func assertOutages(_ s: Snapshot, _ req: Requirements, _ events: [InitiatingEvent], _ reference: CascadeResult, _ label: String,
                       file: StaticString = #filePath, line: UInt = #line) {
        var seen = [Bool](repeating: false, count: s.assetCount)
        CascadeEngine.forEachOutage(s, req, events: events, kernel: nil) { i, down, up in
            XCTAssertFalse(seen[i], "\(label): asset \(i) reported twice", file: file, line: line)
            seen[i] = true
            XCTAssertEqual(down, reference.down[i], accuracy: 1e-9, "\(label): down of \(i)", file: file, line: line)
            XCTAssertEqual(up, reference.up[i], accuracy: 1e-9, "\(label): up of \(i)", file: file, line: line)
        }
        for i in 0..<s.assetCount { XCTAssertEqual(seen[i], reference.isAffected(i), "\(label): asset \(i)", file: file, line: line) }
    }

    func testFastPathsMatchTheFixedPointOnRandomGraphs() {
        var rng = Generator(seed: 42)
        var affected = 0, byGroup = 0
        defer {
            // The trials must exercise real cascades, including losses through redundancy groups.
            XCTAssertGreaterThan(affected, 1000)
            XCTAssertGreaterThan(byGroup, 20)
        }
        for trial in 0..<60 {
            let s = randomSnapshot(&rng, assets: Int.random(in: 5...120, using: &rng), degree: Double.random(in: 1...4, using: &rng))
            let req = Requirements(s, threshold: 0.5)
            let k = Int.random(in: 1...3, using: &rng)
            let starts = (0..<k).map { _ in Int32.random(in: 0..<Int32(s.assetCount), using: &rng) }
            let shared = starts.map { InitiatingEvent(asset: $0, start: 6, duration: 72) }
            let reference = CascadeEngine.reference(s, req, events: shared)
            for i in 0..<s.assetCount where reference.isAffected(i) {
                affected += 1
                let q = Int(reference.cause[i])
                if q >= 0 && req.memberOffsets[q + 1] - req.memberOffsets[q] > 1 { byGroup += 1 }
            }
            assertSame(CascadeEngine.sharedWindow(s, req, events: shared), reference, "shared window, trial \(trial)")
            assertSame(CascadeEngine.labelCorrecting(s, req, events: shared), reference, "label-correcting, trial \(trial)")
            assertOutages(s, req, shared, reference, "outages, trial \(trial)")
            let mixed = starts.map { InitiatingEvent(asset: $0, start: Double(Int.random(in: 0...24, using: &rng)),
                                                     duration: Double(Int.random(in: 1...96, using: &rng))) }
            assertSame(CascadeEngine.labelCorrecting(s, req, events: mixed), CascadeEngine.reference(s, req, events: mixed),
                       "mixed windows, trial \(trial)")
            assertOutages(s, req, mixed, CascadeEngine.reference(s, req, events: mixed), "mixed outages, trial \(trial)")
        }
    }

    func testCriticalityMatchesOneReferenceCascadePerAsset() {
        var rng = Generator(seed: 9)
        for _ in 0..<8 {
            let s = randomSnapshot(&rng, assets: 80, degree: 2.5)
            let req = Requirements(s, threshold: 0.5)
            let all = (0..<Int32(s.assetCount)).map { $0 }
            let one = Criticality.exact(s, req, candidates: all, duration: nil, personHourValue: 7, threads: 1)
            let two = Criticality.exact(s, req, candidates: all, duration: nil, personHourValue: 7, threads: 2)
            XCTAssertTrue(one == two, "scores must not depend on the thread count")
            for a in all {
                let t = s.recovery[Int(a)]
                let r = CascadeEngine.reference(s, req, events: [InitiatingEvent(asset: a, start: 0, duration: t)])
                var count = 0, hours = 0.0, cost = 0.0
                for i in 0..<s.assetCount where r.isAffected(i) {
                    let h = r.up[i] - r.down[i]
                    count += 1
                    hours += s.population[i] * h
                    cost += s.population[i] * h * 7 + s.economicValue[i] * h / 24
                }
                let score = one[Int(a)]
                XCTAssertEqual(Int(score.affected), count)
                XCTAssertEqual(score.personHours, hours, accuracy: 1e-6 * max(1, hours))
                XCTAssertEqual(score.disruption, cost, accuracy: 1e-6 * max(1, cost))
            }
        }
    }

    func testReachIsTheCascadeWithTimeOutOfPlay() {
        var rng = Generator(seed: 23)
        var shared = 0
        for trial in 0..<12 {
            let s = randomSnapshot(&rng, assets: Int.random(in: 20...150, using: &rng), degree: Double.random(in: 1...3.5, using: &rng))
            let req = Requirements(s, threshold: 0.5)
            let all = (0..<Int32(s.assetCount)).map { $0 }
            let component = Reach.components(s, req, roots: all).component
            shared += s.assetCount - Set(component).count
            let one = Reach.scores(s, req, candidates: all, threads: 1)
            XCTAssertTrue(one == Reach.scores(s, req, candidates: all, threads: 2), "reach must not depend on the thread count")
            for a in all {
                let lost = referenceLoss(s, req, [a])
                XCTAssertEqual(Int(one[Int(a)].affected), lost.count, "trial \(trial), asset \(a)")
                XCTAssertEqual(one[Int(a)].population, lost.reduce(0) { $0 + s.population[$1] }, "trial \(trial), asset \(a)")
            }
            // A subset of candidates gets the same scores.
            let some = all.filter { $0 % 3 == 0 }
            XCTAssertEqual(Reach.scores(s, req, candidates: some, threads: 2), some.map { one[Int($0)] })
        }
        // The random graphs must have assets that share a component, or the sharing is untested.
        XCTAssertGreaterThan(shared, 20)
    }

    func testEstimateIsExactWhereUncutAndALowerBoundWhereCut() {
        var rng = Generator(seed: 21)
        let s = randomSnapshot(&rng, assets: 200, degree: 3.5)
        let req = Requirements(s, threshold: 0.5)
        let all = (0..<Int32(s.assetCount)).map { $0 }
        let exact = Criticality.exact(s, req, candidates: all, duration: 200, personHourValue: 3)
        let (estimate, cut) = Criticality.estimate(s, req, candidates: all, duration: 200, personHourValue: 3, budget: 5, refine: 10)
        XCTAssertGreaterThan(cut, 10, "the budget must cut some cascades for the test to mean anything")
        var refined = 0
        for (e, x) in zip(estimate, exact) {
            XCTAssertLessThanOrEqual(e.disruption, x.disruption + 1e-6)
            if e.affected > 5 { refined += 1; XCTAssertTrue(e == x) }
        }
        XCTAssertGreaterThan(refined, 0)
        let q = Criticality.quality(estimate: exact, exact: exact, top: 20)
        XCTAssertEqual(q.topOverlap, 1)
        XCTAssertEqual(q.medianRelativeError, 0)
        // Refining every cut cascade gives the exact result.
        let (full, _) = Criticality.estimate(s, req, candidates: all, duration: 200, personHourValue: 3, budget: 5, refine: cut)
        XCTAssertTrue(full == exact, "refining every cut cascade must give the exact scores")
    }

    /// A hand-checked example: a buffer that outlasts the outage, a redundancy group, a cycle.
    func testWorkedExample() {
        // 0 plant -> 1 substation A, 0 -> 2 substation B; 3 hospital needs A or B (group), with 48h of fuel;
        // 4 water works needs A with 12h of storage; 3 also needs water with 24h; 5 telecom <-> 1 (cycle).
        var a = AssetColumns()
        a.sectorIDs = ["s"]
        for i in 0..<6 {
            a.ids.append("n\(i)"); a.rowIDs.append(Int64(i + 1)); a.sector.append(0)
            a.population.append(100); a.occupancy.append(0); a.economicValue.append(0); a.replacementCost.append(0); a.recovery.append(24)
        }
        var d = DependencyColumns()
        func dep(_ x: Int32, _ y: Int32, _ delay: Double, _ g: Int32 = -1, strength: Float = 1) {
            d.dependent.append(x); d.provider.append(y); d.strength.append(strength); d.delay.append(delay); d.kind.append(0); d.group.append(g)
        }
        d.groupNames = ["grid"]
        dep(1, 0, 0); dep(2, 0, 2); dep(3, 1, 48, 0); dep(3, 2, 48, 0); dep(4, 1, 12); dep(3, 4, 24); dep(5, 1, 1); dep(1, 5, 0)
        dep(4, 2, 0, strength: 0.2)  // too weak to carry loss
        let s = Snapshot(assets: a, dependencies: d)
        let req = Requirements(s, threshold: 0.5)
        let r = CascadeEngine.reference(s, req, events: [InitiatingEvent(asset: 0, start: 0, duration: 72)])
        XCTAssertEqual(r.down[1], 0); XCTAssertEqual(r.up[1], 72)
        XCTAssertEqual(r.down[2], 2)
        XCTAssertEqual(r.down[4], 12)
        XCTAssertEqual(r.down[5], 1)
        // The group is lost from max(0 + 48, 2 + 48) = 50; the water route from 12 + 24 = 36: the earlier wins.
        XCTAssertEqual(r.down[3], 36)
        XCTAssertEqual(r.up[3], 72)
        // With a 30-hour outage the 48-hour buffers outlast it and the water route (36h) too.
        let short = CascadeEngine.sharedWindow(s, req, events: [InitiatingEvent(asset: 0, start: 0, duration: 30)])
        XCTAssertFalse(short.isAffected(3))
        XCTAssertTrue(short.isAffected(4))
        assertSame(short, CascadeEngine.reference(s, req, events: [InitiatingEvent(asset: 0, start: 0, duration: 30)]), "short")
    }

    func testRequirementsFoldGroupsAndDropWeakLinks() {
        var a = AssetColumns()
        a.sectorIDs = ["s"]
        for i in 0..<4 { a.ids.append("n\(i)"); a.rowIDs.append(Int64(i)); a.sector.append(0); a.population.append(0); a.occupancy.append(0); a.economicValue.append(0); a.replacementCost.append(0); a.recovery.append(1) }
        var d = DependencyColumns()
        d.groupNames = ["g"]
        for (x, y, g, st) in [(3, 0, Int32(0), Float(1)), (3, 1, 0, 1), (3, 2, -1, 0.4)] as [(Int32, Int32, Int32, Float)] {
            d.dependent.append(x); d.provider.append(y); d.strength.append(st); d.delay.append(0); d.kind.append(0); d.group.append(g)
        }
        let snapshot = Snapshot(assets: a, dependencies: d)
        let req = Requirements(snapshot, threshold: 0.5)
        XCTAssertEqual(req.count, 1)
        XCTAssertEqual(req.memberOffsets, [0, 2])
        XCTAssertEqual(req.edgeRequirement.filter { $0 < 0 }.count, 1)
        // Only the two critical dependencies become arcs, both in group 0 of size 2.
        XCTAssertEqual(req.arcOffsets, [0, 1, 2, 2, 2])
        XCTAssertEqual(req.arcs.map(\.dependent), [3, 3])
        XCTAssertEqual(req.arcs.map(\.grouped), [true, true])
        XCTAssertEqual(req.arcGroup, [0, 0])
        XCTAssertEqual(req.groupSize, [2])
        XCTAssertEqual(req.arcEdge.map { req.edgeRequirement[Int($0)] }, [0, 0])
        // With threshold 0 every dependency is an arc, and arc k is dependency k: simulations
        // key their draws by arc position and rely on this.
        XCTAssertEqual(Requirements(snapshot, threshold: 0).arcEdge, [0, 1, 2])
        // Other buffers give other arcs; the same buffers give the same arcs.
        XCTAssertEqual(req.arcs(delays: [5, 6, 7]).map(\.delay), [5, 6])
        XCTAssertEqual(req.arcs(delays: [0, 0, 0]).map(\.delay), [0, 0])
    }
}

