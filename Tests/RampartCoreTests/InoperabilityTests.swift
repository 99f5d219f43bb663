import XCTest
@testable import RampartCore

final class InoperabilityTests: XCTestCase {
    func matrix(_ rows: [[Double]]) throws -> InterdependencyMatrix {
        var entries: [(Int, Int, Double)] = []
        for (i, r) in rows.enumerated() { for (j, v) in r.enumerated() { entries.append((i, j, v)) } }
        return try InterdependencyMatrix(labels: rows.indices.map { "s\($0)" }, entries: entries)
    }

    /// Haimes & Jiang (2001), two interdependent systems: A* = [[0, 0.8], [0.2, 0]],
    /// c* = [0, 0.6] gives q = [4/7, 5/7].
    func testHaimesJiangTwoSystems() throws {
        let a = try matrix([[0, 0.8], [0.2, 0]])
        XCTAssertEqual(try a.checkStable().radius, 0.4, accuracy: 1e-9)
        for mode in Inoperability.Mode.allCases {
            let q = Inoperability.solve(a, c: [0, 0.6], mode: mode)
            XCTAssertEqual(q[0], 4.0 / 7, accuracy: 1e-12, "\(mode)")
            XCTAssertEqual(q[1], 5.0 / 7, accuracy: 1e-12, "\(mode)")
        }
        // The dynamic model with the perturbation always on settles at the static solution.
        let path = Inoperability.dynamic(a, c: [0, 0.6], k: [0.5, 0.5], steps: 400, window: 1...399, q0: [0, 0])
        XCTAssertEqual(path.last![0], 4.0 / 7, accuracy: 1e-9)
        XCTAssertEqual(path.last![1], 5.0 / 7, accuracy: 1e-9)
    }

    /// The component-by-component solve on sparse random models (chains, cycles, self-loops,
    /// systems the perturbation never reaches) against the dense inverse, and the saturating
    /// solve against a plain fixed-point iteration over every system.
    func testSparseSolveMatchesTheDenseInverseAndThePlainIteration() throws {
        var rng = Generator(seed: 31)
        for trial in 0..<30 {
            let n = Int.random(in: 2...40, using: &rng)
            var rows = [[Double]](repeating: [Double](repeating: 0, count: n), count: n)
            for _ in 0..<Int.random(in: 0...(2 * n), using: &rng) {
                rows[Int.random(in: 0..<n, using: &rng)][Int.random(in: 0..<n, using: &rng)] = Double.random(in: 0.05...0.4, using: &rng)
            }
            for i in 0..<n {
                let sum = rows[i].reduce(0, +)
                if sum > 0.9 { rows[i] = rows[i].map { $0 * 0.9 / sum } }
            }
            let a = try matrix(rows)
            var c = [Double](repeating: 0, count: n)
            for _ in 0..<Int.random(in: 1...3, using: &rng) { c[Int.random(in: 0..<n, using: &rng)] = Double.random(in: 0.01...0.3, using: &rng) }
            let inverse = try Inoperability.inverse(a)
            let q = Inoperability.solve(a, c: c, mode: .linear)
            for i in 0..<n {
                let exact = (0..<n).reduce(0.0) { $0 + inverse[i * n + $1] * c[$1] }
                XCTAssertEqual(q[i], min(1, max(0, exact)), accuracy: 1e-10, "trial \(trial), system \(i)")
            }
            var plain = [Double](repeating: 0, count: n)
            for _ in 0..<600 { plain = (0..<n).map { i in min(1, c[i] + (0..<n).reduce(0.0) { $0 + rows[i][$1] * plain[$1] }) } }
            let saturating = Inoperability.solve(a, c: c, mode: .saturating)
            for i in 0..<n { XCTAssertEqual(saturating[i], plain[i], accuracy: 1e-10, "trial \(trial), system \(i)") }
        }
    }

    /// Linear clips after solving; saturating caps during the spread and so stays lower.
    func testSaturatingDiffersFromLinearWhenInoperabilityHitsOne() throws {
        let a = try matrix([[0, 0.9], [0.9, 0]])
        let linear = Inoperability.solve(a, c: [0.5, 0.5], mode: .linear)
        let saturating = Inoperability.solve(a, c: [0.5, 0.5], mode: .saturating)
        XCTAssertEqual(linear, [1, 1])  // (I - A*)^-1 c* = [5, 5], clipped
        XCTAssertEqual(saturating, [1, 1])
        let b = try matrix([[0, 0.5], [0.9, 0]])
        // Linear: q1 = 0.5 q2 + 0.6, q2 = 0.9 q1 + 0.3 → q1 = 0.75/0.55, clipped to 1, q2 = 1.
        XCTAssertEqual(Inoperability.solve(b, c: [0.6, 0.3], mode: .linear), [1, 1])
        // Saturating: q2 = min(1, 0.9 q1 + 0.3) with q1 = min(1, 0.5 q2 + 0.6) → q1 = 1, q2 = 1;
        // with a smaller perturbation the two agree below 1.
        let lo = Inoperability.solve(b, c: [0.1, 0.1], mode: .linear)
        let sat = Inoperability.solve(b, c: [0.1, 0.1], mode: .saturating)
        XCTAssertEqual(lo[0], sat[0], accuracy: 1e-12)
        XCTAssertEqual(lo[0], (0.1 + 0.05) / (1 - 0.45), accuracy: 1e-12)
    }

    func testUnstableMatricesAreRefused() throws {
        XCTAssertThrowsError(try matrix([[0, 1], [1, 0]]).checkStable())
        XCTAssertThrowsError(try matrix([[1.2, 0], [0, 0]]))  // an entry above 1
        XCTAssertEqual(try matrix([[0.5, 0.25], [0.25, 0.5]]).spectralRadius(), 0.75, accuracy: 1e-9)
        XCTAssertEqual(try matrix([[0, 0.3, 0], [0, 0, 0.3], [0.3, 0, 0]]).spectralRadius(), 0.3, accuracy: 1e-8)  // periodic
        XCTAssertEqual(try matrix([[0.2, 0], [0.7, 0.6]]).spectralRadius(), 0.6, accuracy: 1e-8)  // reducible
    }

    /// Miller & Blair's two-sector table (Input–Output Analysis, 2nd ed., §2.3): Z = [[150, 500],
    /// [200, 100]], x = [1000, 2000]; A = [[0.15, 0.25], [0.2, 0.05]] and (I − A)⁻¹ =
    /// [[1.2541, 0.3300], [0.2640, 1.1221]].
    func testInputOutputTableSupplyAndDemandSides() throws {
        let csv = Array(",A,B,total_output\nA,150,500,1000\nB,200,100,2000\n".utf8)
        let (supply, x) = try IIMSource.inputOutput(csv, name: "t", supplySide: true)
        XCTAssertEqual(x, [1000, 2000])
        // Supply side: A* = Aᵀ.
        XCTAssertEqual(supply.dense, [0.15, 0.2, 0.25, 0.05])
        let l = try Inoperability.inverse(try matrix([[0.15, 0.25], [0.2, 0.05]]))
        for (got, want) in zip(l, [1.2541, 0.3300, 0.2640, 1.1221]) { XCTAssertEqual(got, want, accuracy: 5e-5) }
        // Demand side: A*ij = Zij / xi.
        let (demand, _) = try IIMSource.inputOutput(csv, name: "t", supplySide: false)
        XCTAssertEqual(demand.dense, [0.15, 0.5, 0.1, 0.05])
        XCTAssertThrowsError(try IIMSource.inputOutput(Array(",A,total_output\nB,1,2\n".utf8), name: "t", supplySide: false))
    }

    func testRecoveryDecaysExponentially() throws {
        let zero = try matrix([[0, 0], [0, 0]])
        let q = Inoperability.recovery(zero, k: [0.2, 0.5], q0: [0.8, 0.4], t: 3)
        XCTAssertEqual(q[0], 0.8 * exp(-0.6), accuracy: 1e-12)
        XCTAssertEqual(q[1], 0.4 * exp(-1.5), accuracy: 1e-12)
    }

    func testImpactIsTheTrapezoidalIntegral() {
        XCTAssertEqual(Inoperability.impact([[0], [1], [1], [0.5]]), [0 / 2 + 1 + 1 + 0.25])
    }
}
