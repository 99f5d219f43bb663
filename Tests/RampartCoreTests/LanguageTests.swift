import XCTest
@testable import RampartCore

final class LanguageTests: XCTestCase {
    func testGenericShape() throws {
        let cmds = try Parser.parse("asset list where sector = energy and population > 100k order by population desc limit 5")
        XCTAssertEqual(cmds.count, 1)
        let c = cmds[0]
        XCTAssertEqual(c.positional.map(\.text), ["asset", "list"])
        XCTAssertEqual(c.limit, 5)
        XCTAssertEqual(c.orderBy?.field.text, "population")
        XCTAssertEqual(c.orderBy?.descending, true)
        guard case .and(.compare(let f1, "=", _), .compare(let f2, ">", .word(let v)))? = c.filter else {
            return XCTFail("unexpected filter \(String(describing: c.filter))")
        }
        XCTAssertEqual(f1.text, "sector")
        XCTAssertEqual(f2.text, "population")
        XCTAssertEqual(v.text, "100k")
    }

    func testAssignmentsListsCallsAndArrow() throws {
        let c = try Parser.parse(#"dep add water-1 -> tpp-1 kind=physical delay=tri(6h, 12h, 24h) tags=(a, "b c") name="Water \"works\"""#)[0]
        XCTAssertEqual(c.positional.map(\.text), ["dep", "add", "water-1", "tpp-1"])
        XCTAssertEqual(c.arrowIndex, 3)
        XCTAssertEqual(c.assignments.map(\.key.text), ["kind", "delay", "tags", "name"])
        guard case .call(let name, let args) = c.assignments[1].value else { return XCTFail() }
        XCTAssertEqual(name.text, "tri")
        XCTAssertEqual(args.compactMap(\.text), ["6h", "12h", "24h"])
        XCTAssertEqual(c.assignments[2].value.elements.compactMap(\.text), ["a", "b c"])
        XCTAssertEqual(c.assignments[3].value.text, "Water \"works\"")
    }

    func testSeparatorsAndComments() throws {
        let cmds = try Parser.parse("asset list # a comment\nthreat list; vuln list\n\n  # only a comment\nsummary")
        XCTAssertEqual(cmds.map { $0.positional[0].text }, ["asset", "threat", "vuln", "summary"])
        XCTAssertEqual(cmds.map(\.line), [1, 2, 2, 5])
        XCTAssertEqual(cmds[0].text, "asset list # a comment".replacingAll(" # a comment", with: " # a comment"))
    }

    func testCompleteness() {
        XCTAssertTrue(Lexer.isComplete("asset list"))
        XCTAssertTrue(Lexer.isComplete(""))
        XCTAssertFalse(Lexer.isComplete("asset add x name=\"North"))
        XCTAssertFalse(Lexer.isComplete("asset add x tags=(a,"))
        XCTAssertFalse(Lexer.isComplete("asset list where"))
        XCTAssertFalse(Lexer.isComplete("asset list where sector = energy and"))
        XCTAssertFalse(Lexer.isComplete("asset add x \\"))
        XCTAssertFalse(Lexer.isComplete("dep add a ->"))
        XCTAssertTrue(Lexer.isComplete("asset list where\nsector = energy"))
        XCTAssertTrue(Lexer.isComplete("asset add x \\\n name=y"))
        // A multi-line command joined by continuation parses as one command.
        XCTAssertEqual(try Parser.parse("asset list where\n sector = energy and\n population > 1").count, 1)
    }

    func testErrorsNameTheToken() {
        XCTAssertThrowsError(try Parser.parse("asset list where population >")) {
            XCTAssertEqual(($0 as? RampartError)?.kind, .parse)
        }
        XCTAssertThrowsError(try Parser.parse("asset list where population ~ 3")) {
            XCTAssertTrue(($0 as? RampartError)?.message.contains("'~'") == true, "\($0)")
        }
        XCTAssertThrowsError(try Parser.parse("asset list limit x")) {
            XCTAssertTrue(($0 as? RampartError)?.message.contains("'x'") == true, "\($0)")
        }
        XCTAssertThrowsError(try Parser.parse("asset add x name=\"open"))
        XCTAssertThrowsError(try Parser.parse("asset add x tags=(a b)"))
    }

    func testCombiningMarkAfterQuoteStaysAQuote() throws {
        // U+0301 after the closing quote must not merge with it.
        let c = try Parser.parse("asset add x name=\"caf\u{65}\"\u{301} sector=energy")[0]
        XCTAssertEqual(c.assignments.first?.value.text, "cafe")
    }

    func testNotInGlobAndNull() throws {
        let c = try Parser.parse("asset list where not (sector in (energy, water) or name glob \"*x*\") and rto is not null")[0]
        guard case .and(.not(.or(.inList(_, let values, false), .glob)), .isNull(_, true))? = c.filter else {
            return XCTFail("\(String(describing: c.filter))")
        }
        XCTAssertEqual(values.compactMap(\.text), ["energy", "water"])
    }

    /// Filters deep or long enough to exhaust a thread's stack when compiled (a fuzzer's or a
    /// generator's) are refused by the parser, whatever thread it runs on; the largest allowed
    /// ones parse.
    func testFiltersAreBoundedInDepthAndLength() throws {
        let deep = 100_000
        XCTAssertEqual(message("asset list where " + String(repeating: "(", count: deep) + "population > 0" + String(repeating: ")", count: deep)),
                       "the filter nests 'not' and parentheses more than 24 deep")
        XCTAssertEqual(message("asset list where " + String(repeating: "not ", count: deep) + "population > 0"),
                       "the filter nests 'not' and parentheses more than 24 deep")
        XCTAssertEqual(message("asset list where " + Array(repeating: "population > 0", count: deep).joined(separator: " and ")),
                       "the filter has more than 500 conditions; name many values at once with 'in (…)'")
        XCTAssertNil(message("asset list where " + String(repeating: "(", count: 24) + "population > 0" + String(repeating: ")", count: 24)))
        XCTAssertNil(message("asset list where " + Array(repeating: "id = a", count: 500).joined(separator: " or ")))
        XCTAssertNil(message("asset list where id in (" + Array(repeating: "a", count: deep).joined(separator: ", ") + ")"))
        XCTAssertEqual(message("asset add x tags=" + String(repeating: "(", count: deep) + "a" + String(repeating: ")", count: deep)),
                       "a value nests parentheses more than 24 deep")
        XCTAssertEqual(message("threat add t frequency=" + String(repeating: "pert(", count: deep) + "1" + String(repeating: ")", count: deep)),
                       "a value nests parentheses more than 24 deep")
    }

    /// An option, `limit`, `order by` or `by` given twice is refused rather than one of them
    /// silently winning.
    func testClausesGivenTwice() {
        XCTAssertEqual(message("cascade x duration=3h duration=5h"), "duration given twice")
        XCTAssertEqual(message("settings set vsl=1M VSL=2M"), "VSL given twice")
        XCTAssertEqual(message("asset list limit 1 limit 2"), "'limit' given twice")
        XCTAssertEqual(message("asset list order by id order by name"), "'order by' given twice")
        XCTAssertEqual(message("cascade x by sector by asset"), "'by' given twice")
        XCTAssertNil(message("asset list where population > 0 order by population desc limit 3"))
    }

    /// A thousands separator or a unit set apart from its number is named as such, not read as a
    /// stray comma or as the id of a record.
    func testNumbersWrittenWithSeparatorsOrSpacedUnits() {
        let separator = "numbers take no thousands separators (write 1200 or 1.2k); a list is written in parentheses"
        for (input, expected) in [
            ("asset set a population=1,200", "population=1,…: \(separator), population=(a, b)"),
            ("asset set a recovery=36 h", "recovery=36 h: write the unit next to its number, recovery=36h"),
            ("vuln set a t v=40 %", "v=40 %: write the unit next to its number, v=40%"),
            ("asset set a economic_value=2.5 M", "economic_value=2.5 M: write the unit next to its number, economic_value=2.5M"),
            ("threat set t frequency=1 /yr", "frequency=1 /yr: write the unit next to its number, frequency=1/yr"),
        ] {
            XCTAssertEqual(message(input), expected)
        }
        XCTAssertNil(message("cascade a duration=3d b"), "an id after a complete quantity")
        XCTAssertNil(message("cascade a start=0 b"), "an id that is no unit")
        XCTAssertNil(message("asset set a tags=(x, y) population=3"))
    }

    /// `top N` names what is wrong with N before giving the usage.
    func testTopNeedsAPositiveWholeNumber() throws {
        let usage = "criticality [top N]"
        for bad in ["0", "-1", "x", "2.5"] {
            let cmd = try Parser.parse("criticality top \(bad)")[0]
            XCTAssertThrowsError(try cmd.top(usage: usage)) {
                XCTAssertEqual(($0 as? RampartError)?.message, "top expects a whole number ≥ 1, got '\(bad)'; usage: \(usage)")
            }
        }
        XCTAssertEqual(try Parser.parse("criticality top 7")[0].top(usage: usage), 7)
        XCTAssertNil(try Parser.parse("criticality")[0].top(usage: usage))
    }

    func testSuggestions() {
        XCTAssertEqual(Suggest.nearest("asst", in: ["asset", "threat"]), "asset")
        XCTAssertEqual(Suggest.nearest("poulation", in: ["population", "occupancy"]), "population")
        XCTAssertEqual(Suggest.nearest("pop", in: ["population", "occupancy"]), "population")
        XCTAssertNil(Suggest.nearest("zzzzzz", in: ["asset", "threat"]))
        // A suggestion keeps part of what was typed: no one-letter word for another.
        XCTAssertNil(Suggest.nearest("a", in: ["z", "xy"]))
        XCTAssertEqual(Suggest.nearest("ab", in: ["ba", "zz"]), "ba")
        XCTAssertEqual(Suggest.nearest("enrgy", in: ["energy", "water"]), "energy")
    }
}

/// The message of the parse error `text` raises, or nil when it parses.
private func message(_ text: String) -> String? {
    do { _ = try Parser.parse(text); return nil } catch { return (error as? RampartError)?.message }
}
