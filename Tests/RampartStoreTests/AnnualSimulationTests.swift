import XCTest
import RampartCore
import RampartStore

final class AnnualSimulationTests: XCTestCase {
    func summary(_ s: Session, _ command: String) throws -> [String: Double] {
        let t = try s.run(command).table!
        return Dictionary(uniqueKeysWithValues: t.rows.map { ($0[0].string!, $0[1].double!) })
    }

    /// Compound Poisson with lognormal severity (riskquant's convention: the lognormal given by
    /// its 5th and 95th percentiles): the mean annual loss is λ × E[severity].
    func testCompoundPoissonLognormalConvergesToItsMean() throws {
        let s = try openSession()
        // Severity = economic value per day × recovery / 24 × outage factor, with no cascade.
        try s.run("""
        asset add site sector=energy economic_value=24k recovery=10h
        threat add outage modality=other frequency=2/yr outage_factor=lognormal(0.5, 4)
        vuln add site outage v=1
        """)
        let (mu, sigma) = Distribution.lognormalParameters(p5: 0.5, p95: 4)
        let severityMean = 10_000 * exp(mu + sigma * sigma / 2)
        let severityVariance = 10_000 * 10_000 * (exp(sigma * sigma) - 1) * exp(2 * mu + sigma * sigma)
        let lambda = 2.0
        let years = 40_000
        let r = try summary(s, "simulate annual years=\(years) seed=7")
        // Compound Poisson variance = λ E[S²].
        let sd = (lambda * (severityVariance + severityMean * severityMean) / Double(years)).squareRoot()
        XCTAssertEqual(r["mean annual loss"]!, lambda * severityMean, accuracy: 4 * sd)
        XCTAssertEqual(r["sd"]!, (lambda * (severityVariance + severityMean * severityMean)).squareRoot(), accuracy: 0.05 * r["sd"]!)
    }

    /// A BetaPERT frequency enters with its mean (a + 4m + b) / 6.
    func testPertFrequencyMean() throws {
        let s = try openSession()
        try s.run("""
        asset add site sector=energy replacement_cost=1M
        threat add t modality=other frequency=pert(0.1/yr, 0.4/yr, 1.3/yr) damage=100%
        vuln add site t v=0.5
        """)
        let lambda = (0.1 + 4 * 0.4 + 1.3) / 6 * 0.5
        XCTAssertEqual(try s.values("risk", "eal")[0].double!, lambda * 1_000_000, accuracy: 1e-6)
        let years = 50_000
        let r = try summary(s, "simulate annual years=\(years) seed=3")
        // Mixed Poisson: Var N = E[λ] + Var λ; λ's variance is small here, 10% headroom covers it.
        let sd = (lambda * 1.1 / Double(years)).squareRoot() * 1_000_000
        XCTAssertEqual(r["mean annual loss"]!, lambda * 1_000_000, accuracy: 4 * sd)
    }

    func testSameSeedSameYearsWhateverTheThreadsOrSplit() throws {
        let s = try openSession()
        try s.run(smallGrid)
        try s.run("threat set vbied frequency=tri(0.5/yr, 1/yr, 3/yr) damage=uniform(20%, 80%)\ndep set hosp-1 -> water-1 delay=tri(12h, 24h, 48h)")
        let whole = try s.values("simulate annual years=300 seed=11 by year", "loss")
        let parts = try s.values("simulate annual years=100 seed=11 first=200 by year", "loss")
        XCTAssertEqual(Array(whole[200...]), parts)
        setenv("RAMPART_THREADS", "1", 1)
        let single = try s.values("simulate annual years=300 seed=11 by year", "loss")
        unsetenv("RAMPART_THREADS")
        XCTAssertEqual(single, whole)
        XCTAssertNotEqual(try s.values("simulate annual years=300 seed=12 by year", "loss"), whole)
        let lec = try s.values("simulate annual years=300 seed=11 by exceedance", "exceedance_probability").compactMap(\.double)
        XCTAssertEqual(lec, lec.sorted(by: >), "exceedance falls as the loss grows")
    }

    func testBadSimulationInput() throws {
        let s = try openSession()
        try s.run(smallGrid)
        assertError(.parse, "needs seed") { try s.run("simulate annual years=10") }
        assertError(.range, "years must be") { try s.run("simulate annual years=0 seed=1") }
        assertError(.parse, "did you mean 'years'") { try s.run("simulate annual yeras=10 seed=1") }
        assertError(.parse, "simulate annual takes by year|exceedance; got 'asset'") { try s.run("simulate annual years=10 seed=1 by asset") }
    }

    /// Rates no run could simulate (each attack is a cascade) are refused with the expected count,
    /// where they once overflowed the Poisson draw; the draw itself saturates.
    func testRatesBeyondWhatARunCanSimulate() throws {
        let s = try openSession()
        try s.run("""
        asset add site sector=energy replacement_cost=1M recovery=10h
        threat add t modality=ied frequency=1e9/yr damage=50%
        vuln add site t v=0.5
        """)
        assertError(.range, "500M successful attacks a year on average, 5B over 10 years") { try s.run("simulate annual years=10 seed=1") }
        // Commands take rates up to 1e9/yr; a file another program wrote may hold any.
        try s.db.execute("UPDATE threat SET frequency = 1e300")
        assertError(.range, "over 10^15 successful attacks a year") { try s.run("simulate annual years=10 seed=1") }
        try s.run("threat set t frequency=1000/yr")
        assertError(.range, "500 successful attacks a year on average, 5B over 10000000 years; a run simulates at most 1B") { try s.run("simulate annual years=10000000 seed=1") }
        XCTAssertNotNil(try s.run("simulate annual years=10 seed=1").table)
        var rng = SplitMix(seed: 1)
        XCTAssertEqual(rng.poisson(.infinity), Int.max)
        XCTAssertEqual(rng.poisson(1e300), Int.max)
        XCTAssertEqual(rng.poisson(.nan), 0)
    }
}
