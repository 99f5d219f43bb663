import XCTest
@testable import RampartCore
import RampartStore

final class PlanTests: XCTestCase {
    /// A small random assessment with interacting measures: several layers on one asset and
    /// buffers that cut cascades for many pairs.
    func randomAssessment(_ seed: UInt64) throws -> Session {
        var rng = SplitMix(seed: seed)
        func pick(_ n: Int) -> Int { Int(rng.next() % UInt64(n)) }
        let s = try openSession()
        var script = "settings set person_hour_value=5\n"
        let n = 8
        for i in 0..<n { script += "asset add a\(i) sector=energy population=\(1000 * (1 + pick(9))) occupancy=\(pick(500)) replacement_cost=\(1 + pick(20))M recovery=\(12 + pick(100))h economic_value=\(pick(50))k\n" }
        for i in 1..<n { script += "dep add a\(i) -> a\(pick(i)) delay=\(pick(3) * 12)h\n" }
        script += "threat add t1 modality=vbied frequency=0.2/yr fatality_rate=2% damage=40%\nthreat add t2 modality=ramming frequency=0.5/yr injury_rate=5% damage=10%\n"
        for i in 0..<n { script += "vuln add a\(i) t\(1 + pick(2)) v=\(20 + pick(60))%\n" }
        for m in 0..<5 {
            script += "measure add m\(m) capex=\(50 + pick(200))k lifetime=5 opex=\(pick(40))k\n"
            script += pick(3) == 0 ? "effect add m\(m) buffer any hours=\(12 + pick(48))h\n" : "effect add m\(m) vulnerability any reduction=\(20 + pick(60))%\n"
        }
        var pairs = Set<[Int]>()
        while pairs.count < 10 { pairs.insert([pick(5), pick(n)]) }
        for p in pairs { script += "application add m\(p[0]) a\(p[1])\n" }
        try s.run(script)
        return s
    }

    func testExactPlanMatchesBruteForce() throws {
        for seed in 1...6 as ClosedRange<UInt64> {
            let s = try randomAssessment(seed)
            let engine = try RiskEngine(session: s)
            var planner = Planner(engine: engine)
            let cands = planner.candidates(eligible: { _ in true }, cost: { $0.annualCost })
            let total = cands.reduce(0) { $0 + $1.cost }
            for fraction in [0.2, 0.45, 0.7] {
                let budget = total * fraction
                let plan = planner.exact(cands, budget: budget, required: [])
                // Brute force over every subset within the budget.
                let baseTotal = RiskEngine.total(planner.base)
                var best = 0.0
                for mask in 0..<(1 << cands.count) {
                    let set = cands.indices.filter { mask & (1 << $0) != 0 }
                    guard set.reduce(0, { $0 + cands[$1].cost }) <= budget + 1e-9 else { continue }
                    var active = planner.current
                    for i in set { active[cands[i].application] = true }
                    best = max(best, baseTotal - RiskEngine.total(engine.evaluate(active)))
                }
                XCTAssertEqual(plan.reduction, best, accuracy: 1e-6 * max(1, best), "seed \(seed), budget \(fraction)")
                XCTAssertLessThanOrEqual(plan.chosen.reduce(0) { $0 + cands[$1].cost }, budget + 1e-9)
                // The greedy approximation never claims more than the optimum, and its bound covers it.
                let greedy = planner.greedy(cands, budget: budget, required: [])
                XCTAssertLessThanOrEqual(greedy.reduction, best + 1e-6)
                XCTAssertGreaterThanOrEqual(greedy.upperBound, best - 1e-6)
            }
        }
    }

    func testPlanCommandRefusals() throws {
        let s = try randomAssessment(3)
        assertError(.parse, "needs budget") { try s.run("plan") }
        assertError(.range, "negative") { try s.run("plan budget=-1") }
        assertError(.notFound, "no measure 'nope'") { try s.run("plan budget=1M require=(nope)") }
        let applied = try s.column("application list", "measure")
        let m = applied[0]
        assertError(.range, "impossible budget") { try s.run("plan budget=1 require=(\(m))") }
        assertError(.parse, "did you mean 'capital'") { try s.run("plan budget=1M captal") }
        assertError(.parse, "plan takes annual or capital, not both") { try s.run("plan budget=1M annual capital") }
        try s.run("measure set \(m) rights=(privacy)")
        let left = try s.run("plan budget=10M")
        XCTAssertFalse(left.table!.rows.contains { $0[1] == .text(m) }, "an incomplete rights record keeps a measure out")
        XCTAssertTrue(left.notes.joined().contains("\(m) (incomplete)"))
        let allowed = try s.run("plan budget=10M allow-incomplete-rights")
        XCTAssertTrue(allowed.table!.rows.contains { $0[1] == .text(m) })
        assertError(.constraint, "rights record is incomplete") { try s.run("plan budget=10M require=(\(m))") }
        let other = applied.first { $0 != m }!
        let excluded = try s.run("plan budget=10M exclude=(\(other))")
        XCTAssertFalse(excluded.table!.rows.contains { $0[1] == .text(other) })
    }
}
