import XCTest
@testable import RampartCore
import RampartStore

final class RiskTests: XCTestCase {
    func eal(_ s: Session, _ extra: String = "") throws -> Double {
        try s.values("risk \(extra)", "eal").compactMap(\.double).reduce(0, +)
    }

    /// RAMCAP-style worked example: T = 0.01/yr, V = 0.40, C = 10M gives 40,000 a year.
    func testRamcapWorkedExample() throws {
        let s = try openSession()
        try s.run("""
        asset add plant sector=chemical replacement_cost=10M
        threat add attack modality=vbied frequency=0.01/yr damage=100%
        vuln add plant attack v=0.40
        """)
        let row = try s.run("risk").table!
        func value(_ c: String) -> Double { row.rows[0][row.columns.firstIndex { $0.name == c }!].double! }
        XCTAssertEqual(value("lambda"), 0.004, accuracy: 1e-15)
        XCTAssertEqual(value("consequence"), 10_000_000)
        XCTAssertEqual(value("eal"), 40_000, accuracy: 1e-6)
        XCTAssertEqual(value("probability"), 1 - exp(-0.004), accuracy: 1e-15)
        // λ = 0.004 lies in likelihood band 2 (≤ 0.01/yr), C = 10M in impact band 3 (≤ 10M): matrix cell M.
        XCTAssertEqual(try s.column("risk", "level"), ["M"])
    }

    func testConsequenceTermsAndCascade() throws {
        let s = try openSession()
        try s.run("""
        settings set vsl=2M vsi=200k person_hour_value=10
        asset add hub sector=transport occupancy=1000 replacement_cost=50M recovery=10h economic_value=24k population=100
        asset add town sector=water population=500 economic_value=48k
        dep add town -> hub delay=4h
        threat add ram modality=ramming frequency=0.5/yr fatality_rate=1% injury_rate=5% damage=10% outage_factor=2
        vuln add hub ram v=50%
        """)
        // Outage R = 10 h × 2 = 20 h; the town is lost from 4 h to 20 h.
        let casualties: Double = 1000 * 0.01 * 2e6 + 1000 * 0.05 * 2e5
        let damage: Double = 50e6 * 0.1
        let hubLoss: Double = 100 * 20 * 10 + 24_000 * 20 / 24
        let townLoss: Double = 500 * 16 * 10 + 48_000 * 16 / 24
        let disruption = hubLoss + townLoss
        XCTAssertEqual(try s.values("risk", "consequence")[0].double!, casualties + damage + disruption, accuracy: 1e-6)
        XCTAssertEqual(try eal(s), 0.25 * (casualties + damage + disruption), accuracy: 1e-6)
        // A 16-hour buffer at the town outlasts the outage: the disruption there disappears.
        try s.run("""
        measure add tank capex=100k lifetime=10 opex=5k
        effect add tank buffer any hours=16h
        application add tank town status=implemented
        """)
        XCTAssertEqual(try eal(s), 0.25 * (casualties + damage + hubLoss), accuracy: 1e-6)
        let benefit = try s.values("measure benefit tank", "risk_reduction")[0].double!
        XCTAssertEqual(benefit, 0.25 * townLoss, accuracy: 1e-6)
        XCTAssertEqual(try s.values("measure benefit tank", "annual_cost")[0].double!, 15_000)
    }

    func testMeasuresComposeAndScenariosCount() throws {
        let s = try openSession()
        try s.run("""
        asset add stadium sector=public-spaces occupancy=10000 replacement_cost=100M recovery=30d
        threat add ram modality=ramming frequency=0.1/yr fatality_rate=1% injury_rate=4% damage=5%
        vuln add stadium ram v=60%
        measure add bollards capex=1M lifetime=20
        effect add bollards vulnerability ramming reduction=70%
        measure add stewards opex=200k
        effect add stewards vulnerability any reduction=20%
        effect add stewards harm any reduction=50%
        application add bollards stadium status=implemented
        application add stewards stadium status=approved
        """)
        let v = { (scenario: String) -> Double in try s.values("risk scenario=\(scenario)", "v")[0].double! }
        XCTAssertEqual(try v("baseline"), 0.6, accuracy: 1e-12)
        XCTAssertEqual(try v("current"), 0.6 * 0.3, accuracy: 1e-12)
        XCTAssertEqual(try v("target"), 0.6 * 0.3 * 0.8, accuracy: 1e-12)
        let baseline = try eal(s, "scenario=baseline"), current = try eal(s), target = try eal(s, "scenario=target")
        XCTAssertGreaterThan(baseline, current)
        XCTAssertGreaterThan(current, target)
        try s.run("measure set stewards status=rejected")
        XCTAssertEqual(try eal(s, "scenario=target"), current, accuracy: 1e-6, "a rejected measure counts nowhere")
    }

    /// `explain risk` shows every step; recomputing from its inputs gives its result.
    func testExplanationRecomputes() throws {
        let s = try openSession()
        try s.run(smallGrid)
        try s.run("measure add fence capex=10k\neffect add fence vulnerability vbied reduction=25%\napplication add fence hosp-1 status=implemented")
        let t = try s.run("explain risk hosp-1 vbied").table!
        var steps: [String: Double] = [:]
        for r in t.rows { if case .text(let k) = r[0], let v = r[1].double { steps[k] = v } }
        func v(_ prefix: String) -> Double { steps.first { $0.key.hasPrefix(prefix) }!.value }
        let lambda = v("f:") * v("V after")
        XCTAssertEqual(v("V after"), v("V before") * 0.75, accuracy: 1e-12)
        XCTAssertEqual(v("λ"), lambda, accuracy: 1e-15)
        let casualty = v("fatalities") * v("vsl") + v("injuries") * v("vsi")
        XCTAssertEqual(v("casualty cost"), casualty, accuracy: 1e-6)
        XCTAssertEqual(v("outage R"), v("recovery") * v("outage factor"), accuracy: 1e-9)
        let c = casualty + v("damage =") + v("disruption")
        XCTAssertEqual(v("C ="), c, accuracy: 1e-6)
        XCTAssertEqual(v("R ="), lambda * c, accuracy: 1e-6)
        XCTAssertEqual(try s.values("risk", "eal")[0].double!, lambda * c, accuracy: 1e-6)
    }

    func testPathDecidesVulnerabilityWhenVIsOmitted() throws {
        let s = try openSession()
        try s.run("""
        asset add vault sector=finance replacement_cost=1M
        threat add raid modality=intrusion frequency=0.1/yr damage=50%
        threat add bomb modality=vbied frequency=0.1/yr damage=50%
        layer add vault fence order=1 pd=0.5 delay=60s delay_sd=18s location=B
        layer add vault door order=2 pd=0.8 delay=120s delay_sd=36s location=M
        layer add vault safe order=3 pd=0.9 delay=300s delay_sd=90s location=E
        response add vault rft=240s rft_sd=60s p_comm=0.95 p_neutralise=1
        vuln add vault raid
        """)
        let v = try s.values("risk", "v")[0].double!
        XCTAssertEqual(v, 1 - 0.7941, accuracy: 5e-4)
        let explain = try s.run("explain risk vault raid").table!
        XCTAssertTrue(explain.rows.contains { $0[3].string?.hasPrefix("protection path") == true })
        XCTAssertEqual(try s.column("path vault raid", "cdp").filter { !$0.isEmpty }, ["critical detection point"])
        // An explicit v overrides the path.
        try s.run("vuln set vault raid v=10%")
        XCTAssertEqual(try s.values("risk", "v")[0].double!, 0.1, accuracy: 1e-12)
        // A vbied does not cross layers: without v there is nothing to go on.
        try s.run("vuln add vault bomb")
        assertError(.notFound, "no protection path applies") { try s.run("risk") }
        assertError(.range, "does not cross protection layers") { try s.run("path vault bomb") }
        assertError(.notFound, "no protection layers") { try s.run("asset add shed sector=food\npath shed") }
        assertError(.notFound, "no insider profile") { try s.run("insider vault") }
    }

    /// Measures that improve detection or add delay change the path, and so V.
    func testMeasuresImproveTheProtectionPath() throws {
        let s = try openSession()
        try s.run("""
        asset add vault sector=finance replacement_cost=1M
        threat add raid modality=intrusion frequency=0.1/yr damage=50%
        layer add vault fence order=1 pd=0.5 delay=60s delay_sd=18s location=B
        layer add vault door order=2 pd=0.8 delay=120s delay_sd=36s location=M
        response add vault rft=240s rft_sd=60s p_comm=0.95
        vuln add vault raid
        measure add pids
        effect add pids detection fence reduction=50%
        effect add pids delay any hours=60s
        application add pids vault status=implemented
        """)
        let improved = [
            ProtectionLayer(id: "fence", order: 1, name: "", pd: 0.75, delay: 120.0 / 3600, delaySD: 18.0 / 3600, location: "B", bypass: 0, insiderControl: false),
            ProtectionLayer(id: "door", order: 2, name: "", pd: 0.8, delay: 180.0 / 3600, delaySD: 36.0 / 3600, location: "M", bypass: 0, insiderControl: false),
        ]
        let expected = EASI.evaluate(improved, response: ResponseForce(rft: 240.0 / 3600, rftSD: 60.0 / 3600, pComm: 0.95, pNeutralise: 1))
        XCTAssertEqual(try s.values("risk", "v")[0].double!, expected.vulnerability, accuracy: 1e-12)
        XCTAssertGreaterThan(try s.values("risk scenario=baseline", "v")[0].double!, expected.vulnerability)
        XCTAssertGreaterThan(try s.values("measure benefit pids", "risk_reduction")[0].double!, 0)
        assertError(.range, "takes hours") { try s.run("effect add pids delay fence reduction=10%") }
    }

    func testBadRiskInput() throws {
        let s = try openSession()
        try s.run(smallGrid)
        assertError(.notFound, "has no vulnerability") { try s.run("explain risk water-1 vbied") }
        assertError(.notFound, "no threat 'vbeid' (did you mean 'vbied'") { try s.run("explain risk hosp-1 vbeid") }
        assertError(.parse, "scenario") { try s.run("risk scenario=future") }
        assertError(.parse, "risk takes by asset|sector|threat; got 'region'") { try s.run("risk by region") }
        assertError(.range, "expects a probability") { try s.run("vuln set hosp-1 vbied v=0.2/yr") }
        assertError(.range, "[0%, 100%]") { try s.run("vuln set hosp-1 vbied v=1.5") }
        assertError(.notFound, "no measure") { try s.run("measure benefit nothing") }
    }
}
