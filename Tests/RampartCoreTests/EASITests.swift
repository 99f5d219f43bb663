import XCTest
@testable import RampartCore

final class EASITests: XCTestCase {
    func layer(_ id: String, _ order: Int, pd: Double, seconds: Double, sd: Double, _ loc: String, bypass: Int = 0, control: Bool = false) -> ProtectionLayer {
        ProtectionLayer(id: id, order: order, name: id, pd: pd, delay: seconds / 3600, delaySD: sd / 3600, location: loc,
                        bypass: bypass, insiderControl: control)
    }

    /// A three-task path worked by hand (times in seconds; EASI is unit-free in z):
    ///   fence P_D 0.5, 60 ± 18 s, detection at the beginning (w = 1)
    ///   door  P_D 0.8, 120 ± 36 s, middle (w = 0.5)
    ///   vault P_D 0.9, 300 ± 90 s, end (w = 0)
    ///   response 240 ± 60 s, P_C 0.95.
    /// T1 = 60 + 120 + 300 = 480, Var = 18² + 36² + 90² = 9720 → z1 = 240 / √13320 = 2.0795
    /// T2 = 60 + 300 = 360, Var = 324 + 8100 = 8424 → z2 = 120 / √12024 = 1.0944
    /// T3 = 0, Var = 0 → z3 = −240 / 60 = −4
    /// P_I = 0.95 [0.5 Φ(z1) + 0.5·0.8 Φ(z2) + 0.5·0.2·0.9 Φ(z3)] ≈ 0.7941.
    func testWorkedExample() {
        let path = [layer("fence", 1, pd: 0.5, seconds: 60, sd: 18, "B"), layer("door", 2, pd: 0.8, seconds: 120, sd: 36, "M"),
                    layer("vault", 3, pd: 0.9, seconds: 300, sd: 90, "E")]
        let r = ResponseForce(rft: 240.0 / 3600, rftSD: 60.0 / 3600, pComm: 0.95, pNeutralise: 0.9)
        let e = EASI.evaluate(path, response: r)
        func phi(_ z: Double) -> Double { 0.5 * erfc(-z / 2.0.squareRoot()) }
        let z1 = 240 / 13320.0.squareRoot(), z2 = 120 / 12024.0.squareRoot(), z3 = -4.0
        let expected = 0.95 * (0.5 * phi(z1) + 0.5 * 0.8 * phi(z2) + 0.5 * 0.2 * 0.9 * phi(z3))
        XCTAssertEqual(e.pI, expected, accuracy: 1e-12)
        XCTAssertEqual(e.pI, 0.7941, accuracy: 5e-4)
        XCTAssertEqual(e.steps[0].remainingMean * 3600, 480, accuracy: 1e-9)
        XCTAssertEqual(e.steps[1].remainingMean * 3600, 360, accuracy: 1e-9)
        XCTAssertEqual(e.steps[1].remainingVariance * 3600 * 3600, 8424, accuracy: 1e-6)
        XCTAssertEqual(e.vulnerability, 1 - expected * 0.9, accuracy: 1e-12)
        XCTAssertEqual(e.criticalDetectionPoint, 1, "the door is the last task whose remaining delay covers the response time")
    }

    func testAdversaryTakesTheWeakestAlternative() {
        let layers = [layer("fence", 1, pd: 0.9, seconds: 120, sd: 30, "B"), layer("gate", 1, pd: 0.3, seconds: 30, sd: 10, "B"),
                      layer("door", 2, pd: 0.7, seconds: 90, sd: 20, "M")]
        let r = ResponseForce(rft: 100.0 / 3600, rftSD: 20.0 / 3600, pComm: 1, pNeutralise: 1)
        let best = EASI.weakestPath(layers, response: r)
        XCTAssertEqual(best.steps.map(\.layer.id), ["gate", "door"])
        let viaFence = EASI.evaluate([layers[0], layers[2]], response: r)
        XCTAssertLessThan(best.pI, viaFence.pI)
    }

    func testInsiderPassesCoveredLayersExceptControls() {
        let layers = [layer("fence", 1, pd: 0.9, seconds: 120, sd: 30, "B", bypass: 1),
                      layer("badge", 2, pd: 0.8, seconds: 30, sd: 10, "B", bypass: 2),
                      layer("two-person", 3, pd: 0.6, seconds: 60, sd: 10, "M", bypass: 2, control: true)]
        let r = ResponseForce(rft: 60.0 / 3600, rftSD: 10.0 / 3600, pComm: 1, pNeutralise: 1)
        let insider = EASI.weakestPath(layers, response: r, insiderAccess: 2)
        XCTAssertEqual(insider.steps.map(\.layer.id), ["two-person"])
        XCTAssertEqual(EASI.weakestPath(layers, response: r, insiderAccess: 1).steps.map(\.layer.id), ["badge", "two-person"])
        XCTAssertLessThan(insider.pI, EASI.weakestPath(layers, response: r).pI)
    }

    func testNoLayersMeansNoInterruption() {
        let e = EASI.evaluate([], response: ResponseForce(rft: 0.1, rftSD: 0, pComm: 1, pNeutralise: 1))
        XCTAssertEqual(e.pI, 0)
        XCTAssertEqual(e.vulnerability, 1)
    }
}
