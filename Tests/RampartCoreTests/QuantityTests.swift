import XCTest
@testable import RampartCore

final class QuantityTests: XCTestCase {
    func testDurations() throws {
        XCTAssertEqual(try Quantity.parse("90s", as: .duration), 0.025, accuracy: 1e-12)
        XCTAssertEqual(try Quantity.parse("15min", as: .duration), 0.25)
        XCTAssertEqual(try Quantity.parse("12h", as: .duration), 12)
        XCTAssertEqual(try Quantity.parse("3d", as: .duration), 72)
        XCTAssertEqual(try Quantity.parse("2w", as: .duration), 336)
        XCTAssertEqual(try Quantity.parse("36", as: .duration), 36, "a bare number means hours")
        XCTAssertEqual(try Quantity.parse("1.5d", as: .duration), 36)
    }

    func testMoneyAndCounts() throws {
        XCTAssertEqual(try Quantity.parse("250000", as: .money), 250_000)
        XCTAssertEqual(try Quantity.parse("250k", as: .money), 250_000)
        XCTAssertEqual(try Quantity.parse("1.5M", as: .money), 1_500_000)
        XCTAssertEqual(try Quantity.parse("2B", as: .money), 2e9)
        XCTAssertEqual(try Quantity.parse("1.2M", as: .count), 1_200_000)
        XCTAssertThrowsError(try Quantity.parse("1.5", as: .count)) { XCTAssertEqual(($0 as? RampartError)?.kind, .range) }
    }

    func testProbabilityAndRateAreDistinct() throws {
        XCTAssertEqual(try Quantity.parse("0.4", as: .probability), 0.4)
        XCTAssertEqual(try Quantity.parse("40%", as: .probability), 0.4, accuracy: 1e-15)
        XCTAssertEqual(try Quantity.parse("0.2/yr", as: .rate), 0.2)
        XCTAssertEqual(try Quantity.parse("1/10yr", as: .rate), 0.1, accuracy: 1e-15)
        XCTAssertEqual(try Quantity.parse("3/yr", as: .rate), 3)
        XCTAssertEqual(try Quantity.parse("1/mo", as: .rate), 12, accuracy: 1e-12)
        for (text, kind, expected) in [("0.2/yr", QuantityKind.probability, "probability"), ("40%", .rate, "rate"), ("0.4", .rate, "rate"), ("12h", .money, "money")] {
            XCTAssertThrowsError(try Quantity.parse(text, as: kind, field: "f")) { error in
                let e = error as? RampartError
                XCTAssertEqual(e?.kind, .range)
                XCTAssertTrue(e?.message.contains(expected) == true, "\(text) as \(kind): \(e?.message ?? "")")
            }
        }
    }

    func testGarbageIsRejected() {
        for text in ["", "abc", "1.2.3x", "--1", "1e", "h"] {
            XCTAssertThrowsError(try Quantity.parse(text, as: .duration), text)
        }
        XCTAssertThrowsError(try Quantity.parse("3 parsecs", as: .duration))
        XCTAssertThrowsError(try Quantity.parse("1/0yr", as: .rate))
    }

    func testFormatting() {
        XCTAssertEqual(Quantity.format(720, as: .duration), "30d")
        XCTAssertEqual(Quantity.format(336, as: .duration), "2w")
        XCTAssertEqual(Quantity.format(24, as: .duration), "24h")
        XCTAssertEqual(Quantity.format(36, as: .duration), "36h")
        XCTAssertEqual(Quantity.format(0.25, as: .duration), "15min")
        XCTAssertEqual(Quantity.format(0.025, as: .duration), "90s")
        XCTAssertEqual(Quantity.format(1_500_000, as: .money), "1.5M")
        XCTAssertEqual(Quantity.format(1_234_567, as: .money), "1234567")
        XCTAssertEqual(Quantity.format(2e9, as: .money), "2B")
        XCTAssertEqual(Quantity.format(0.35, as: .probability), "35%")
        XCTAssertEqual(Quantity.format(0.2, as: .rate), "0.2/yr")
        XCTAssertEqual(Number.format(0.0001, maxDecimals: 6), "0.0001")
        XCTAssertEqual(Quantity.formatRounded(7_535_400_000, as: .money), "7.535B")
        XCTAssertEqual(Quantity.formatRounded(866_791_666.67, as: .money), "866.8M")
        XCTAssertEqual(Quantity.formatRounded(1.1334e12, as: .money), "1.133T")
        XCTAssertEqual(Quantity.formatRounded(42.54, as: .duration), "42.54h")
        XCTAssertEqual(Quantity.formatRounded(1234, as: .count), "1234")
        XCTAssertEqual(Number.format(-2.5, maxDecimals: 6), "-2.5")
    }

    func testFormatParseRoundTrip() throws {
        var rng = SystemRandomNumberGenerator()
        for kind in [QuantityKind.duration, .money, .probability, .rate] {
            for _ in 0..<500 {
                let raw = Double(Int.random(in: 0...10_000_000, using: &rng)) / 1000
                let v = kind == .probability ? raw / 10_000 : raw
                let text = Quantity.format(v, as: kind)
                let back = try Quantity.parse(text, as: kind)
                XCTAssertEqual(back, v, accuracy: max(1e-9, abs(v) * 1e-6), "\(kind) \(v) -> \(text)")
            }
        }
    }

    func testDistributions() throws {
        XCTAssertEqual(Distribution.pert(1, 2, 9).mean, 3)
        XCTAssertEqual(Distribution.triangular(1, 2, 9).mean, 4)
        XCTAssertEqual(Distribution.uniform(2, 4).mean, 3)
        // Lognormal by its 5th and 95th percentiles: the median is their geometric mean.
        let (mu, sigma) = Distribution.lognormalParameters(p5: 1, p95: 100)
        XCTAssertEqual(exp(mu), 10, accuracy: 1e-12)
        XCTAssertEqual(sigma, log(100) / (2 * 1.6448536269514722), accuracy: 1e-12)
        XCTAssertEqual(Distribution.lognormal(p5: 1, p95: 100).mean, exp(mu + sigma * sigma / 2), accuracy: 1e-9)
        XCTAssertThrowsError(try Distribution.make(family: "pert", parameters: [3, 2, 1], field: "f"))
        XCTAssertThrowsError(try Distribution.make(family: "lognormal", parameters: [0, 1], field: "f"))
        XCTAssertThrowsError(try Distribution.make(family: "uniform", parameters: [1], field: "f"))
        XCTAssertThrowsError(try Distribution.make(family: "prt", parameters: [1, 2, 3], field: "f")) {
            XCTAssertTrue(($0 as? RampartError)?.message.contains("pert") == true)
        }
        let d = try Distribution.make(family: "pert", parameters: [0.1, 0.3, 1], field: "f")
        XCTAssertEqual(Distribution.fromStorage(d.storageText), d)
        XCTAssertEqual(d.display(as: .rate), "pert(0.1/yr, 0.3/yr, 1/yr)")
    }
}

final class DecimalTextTests: XCTestCase {
    /// The fast reader agrees with `Double(_:)` wherever it answers, and answers for plain decimals.
    func testExactDoubleMatchesStandardParsing() {
        var rng = SystemRandomNumberGenerator()
        var answered = 0
        let fixed = ["0", "-0", "+5", "0.05", "1.50", "007", ".5", "5.", "1e5", "1E-5", "2.5e+3", "123456789012345678",
                     "9007199254740993", "1e22", "1e23", "0e999", "e5", ".", "-", "5e", "5x", "1..2", "1e5.5", "inf", "nan",
                     "0x10", " 5", "5 ", "", "12345678901234567890", "4.35", "0.1", "179.99", "1e-22", "3.14159e-10"]
        var samples = fixed
        for _ in 0..<20000 {
            let int = String(UInt64.random(in: 0...UInt64.random(in: 1...UInt64.max), using: &rng))
            let frac = String(UInt64.random(in: 0...999_999, using: &rng))
            let exp = Int.random(in: -30...30, using: &rng)
            samples.append([int, "\(int).\(frac)", "-\(int.prefix(8)).\(frac)e\(exp)", "0.\(frac)"].randomElement(using: &rng)!)
        }
        for text in samples {
            guard let fast = DecimalText.exactDouble(text) else { continue }
            answered += 1
            let reference = Double(text)
            XCTAssertNotNil(reference, text)
            XCTAssertEqual(fast.bitPattern, reference?.bitPattern, text)
        }
        XCTAssertGreaterThan(answered, 1000)
        for text in ["0.05", "4.35", "1e5", "-12.5", "179.99", "100000"] { XCTAssertNotNil(DecimalText.exactDouble(text), text) }
        for text in ["e5", ".", "-", "5e", "5x", "1..2", "inf", "nan", " 5", ""] { XCTAssertNil(DecimalText.exactDouble(text), text) }
        XCTAssertEqual(DecimalText.exactDouble("-0")?.sign, .minus)
    }
}
