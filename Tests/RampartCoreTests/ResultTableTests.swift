import XCTest
@testable import RampartCore

/// How a result table prints duration columns: one unit per column.
final class ResultTableTests: XCTestCase {
    /// The display texts of a one-column table of `hours`.
    private func shown(_ hours: [Double?], computed: Bool = false) -> [String] {
        var table = ResultTable(columns: [computed ? .computed("d", .duration) : .quantity("d", .duration)])
        for h in hours { table.append([h.map { .real($0) } ?? .null]) }
        return hours.indices.map { table.text($0, 0) }
    }

    func testAColumnPrintsInOneUnit() {
        // The continuity excess column that used to read 179d, 34w, 4308h.
        XCTAssertEqual(shown([179 * 24, 238 * 24, 4308]), ["179d", "238d", "179.5d"])
        XCTAssertEqual(shown([4296, 5712, 4309]), ["4296h", "5712h", "4309h"])
        XCTAssertEqual(shown([120 * 24, 180 * 24, 240 * 24]), ["120d", "180d", "240d"])
        XCTAssertEqual(shown([0.25, 2, 48]), ["0.25h", "2h", "48h"])
        XCTAssertEqual(shown([14 * 24, 21 * 24, 70 * 24]), ["2w", "3w", "10w"])
        XCTAssertEqual(shown([10.0 / 60, 2]), ["10min", "120min"])
        XCTAssertEqual(shown([4.5 * 24, 30 * 24]), ["4.5d", "30d"])
    }

    func testOneValueReadsAsTheSingleValueFormatWould() {
        let singles: [Double] = [24, 48, 336, 12, 1.0 / 120, 2.0 / 3600, 5.0 / 60]
        for hours in singles {
            XCTAssertEqual(shown([hours]), [Quantity.format(hours, as: .duration)], "\(hours)h")
        }
        // Except that a fraction of an hour shows in hours when two decimals say it exactly.
        XCTAssertEqual(shown([0.5]), ["0.5h"])
        XCTAssertEqual(shown([1.5]), ["1.5h"])
    }

    func testColumnsNoUnitFitsPrintCellByCell() {
        // A third of an hour is exact only in minutes, which serve only columns under ten hours,
        // as seconds serve only columns under an hour.
        XCTAssertEqual(shown([1.0 / 3, 24]), ["20min", "24h"])
        XCTAssertEqual(shown([1.0 / 3, 9]), ["20min", "540min"])
        XCTAssertEqual(shown([1.0 / 3600, 5]), ["1s", "5h"])
        XCTAssertEqual(shown([1.0 / 7]), [Quantity.format(1.0 / 7, as: .duration)])
    }

    func testEmptyAndInfiniteCellsDoNotChooseTheUnit() {
        XCTAssertEqual(shown([nil, 72, Double.infinity, 96]), ["", "3d", "inf", "4d"])
        XCTAssertEqual(shown([0, 72]), ["0d", "3d"])
        XCTAssertEqual(shown([0]), ["0h"])
    }

    func testComputedColumnsAreJudgedOnTheirRoundedValues() {
        XCTAssertEqual(shown([4308.4, 2879.6], computed: true), ["179.5d", "120d"])
        XCTAssertEqual(shown([4309.4, 2879.6], computed: true), ["4309h", "2880h"])
        XCTAssertEqual(shown([179.0004 * 24, 240 * 24], computed: true), ["179d", "240d"])
    }

    func testALimitChoosesTheUnitOfTheRowsKept() {
        var table = ResultTable(columns: [.quantity("recovery", .duration)])
        for hours: Double in [12.0, 30 * 24, 60 * 24] { table.append([.real(hours)]) }
        XCTAssertEqual(table.text(1, 0), "720h")
        table.order(byColumn: 0, descending: true, limit: 2)
        XCTAssertEqual(table.display, [["60d"], ["30d"]])
        table.keepFirst(1)
        XCTAssertEqual(table.display, [["60d"]])
    }

    func testCellsWithGivenTextDoNotChooseTheUnit() {
        // A distribution shows as given text; its mean (not a whole number of seconds) must not
        // send the rest of the column back to one unit per cell.
        var table = ResultTable(columns: [.quantity("delay", .duration)])
        table.append([.real(1.0 / 7)], display: ["pert(5min, 8min, 12min)"])
        table.append([.real(48)])
        table.append([.real(12)])
        XCTAssertEqual(table.display, [["pert(5min, 8min, 12min)"], ["48h"], ["12h"]])
        table.keepFirst(2)
        XCTAssertEqual(table.display, [["pert(5min, 8min, 12min)"], ["2d"]])
    }

    func testAQuotedCellKeepsItsOwnUnit() {
        var table = ResultTable(columns: [.quantity("recovery", .duration)])
        for hours: Double in [12, 30 * 24] { table.append([.real(hours)]) }
        XCTAssertEqual(table.display, [["12h"], ["720h"]])
        XCTAssertEqual([table.quoted(0, 0), table.quoted(1, 0)], ["12h", "30d"])
    }

    /// Whatever the column, every printed value parses back to the value it shows.
    func testPrintedValuesParseBack() throws {
        var rng = SystemRandomNumberGenerator()
        let grains: [Double] = [1.0 / 3600, 1.0 / 60, 0.25, 1, 12, 24, 168]
        for _ in 0..<300 {
            let hours = (0..<Int.random(in: 1...6, using: &rng)).map { _ in
                grains.randomElement(using: &rng)! * Double(Int.random(in: 0...400, using: &rng))
            }
            for (h, text) in zip(hours, shown(hours)) {
                XCTAssertEqual(try Quantity.parse(text, as: .duration), h, accuracy: 1e-9 * max(1, h), "\(hours) → \(text)")
            }
        }
    }
}
