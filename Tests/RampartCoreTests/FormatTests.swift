import XCTest
@testable import RampartCore

final class FormatTests: XCTestCase {
    func records(_ text: String) throws -> [[String]] {
        var out: [[String]] = []
        try CSV.parse(Array(text.utf8)) { f, _ in out.append(f) }
        return out
    }

    func testCSVQuotingPerRFC4180() throws {
        XCTAssertEqual(try records("a,b\n1,2\n"), [["a", "b"], ["1", "2"]])
        XCTAssertEqual(try records("a,b\r\n\"x, y\",\"he said \"\"hi\"\"\"\r\n"), [["a", "b"], ["x, y", "he said \"hi\""]])
        XCTAssertEqual(try records("a\n\"line\nbreak\"\n"), [["a"], ["line\nbreak"]])
        XCTAssertEqual(try records("\u{FEFF}a,b\n,\n"), [["a", "b"], ["", ""]])
        XCTAssertEqual(try records("a,b\n1,2"), [["a", "b"], ["1", "2"]], "no final newline")
        XCTAssertThrowsError(try records("a\n\"open\n"))
        XCTAssertThrowsError(try records("a\n\"x\"y\n"))
        XCTAssertThrowsError(try CSV.parse([0x61, 0x0A, 0xFF, 0xFE, 0x0A]) { _, _ in }) {
            XCTAssertEqual(($0 as? RampartError)?.kind, .encoding)
            XCTAssertEqual(($0 as? RampartError)?.message, "line 2: invalid UTF-8")
        }
        XCTAssertEqual(try records("a,b\r\n\"x\"\r\n\n\n2,\"\"\r"), [["a", "b"], ["x"], ["2", ""]], "blank lines, CR at the end")
        XCTAssertEqual(try records("a\rb,c\n"), [["a\rb", "c"]], "a lone CR is data")
        XCTAssertEqual(try records("\"\"\n,\n"), [[""], ["", ""]], "a quoted empty field is a record")
        XCTAssertEqual(try records("é,\"ü\"\"x\"\n"), [["é", "ü\"x"]])
        var lines: [Int] = []
        try CSV.parse(Array("h\n\"two\nlines\"\nnext\n".utf8)) { _, line in lines.append(line) }
        XCTAssertEqual(lines, [1, 2, 4])
    }

    func testCSVWriteReadRoundTrip() throws {
        let rows = [["id", "name"], ["a", "x, \"y\""], ["b", " lead"], ["c", "multi\nline"], ["d", ""]]
        let text = rows.map(CSV.line).joined(separator: "\n") + "\n"
        XCTAssertEqual(try records(text), rows)
    }

    func testReplacingAllMatchesBytesNotCharacters() {
        XCTAssertEqual("a\"b\"\"".replacingAll("\"", with: "\"\""), "a\"\"b\"\"\"\"")
        XCTAssertEqual("no quote".replacingAll("\"", with: "\"\""), "no quote")
        XCTAssertEqual("".replacingAll(",", with: ", "), "")
        XCTAssertEqual("a,b,c".replacingAll(",", with: ", "), "a, b, c")
        XCTAssertEqual("aaa".replacingAll("aa", with: "b"), "ba", "matches do not overlap")
        XCTAssertEqual("x filter> y filter".replacingAll(" filter>", with: "-filter>"), "x-filter> y filter")
        XCTAssertEqual("é→é".replacingAll("→", with: "->"), "é->é", "a multi-byte target")
        XCTAssertEqual("abc".replacingAll("", with: "x"), "abc", "an empty target changes nothing")
        // A quote with a combining mark is one character but still a quote byte: CSV and SQL
        // readers see it, so it is doubled.
        XCTAssertEqual("\"\u{301}".replacingAll("\"", with: "\"\""), "\"\"\u{301}")
        let rows = [["x", "\"\u{301}q"]]
        XCTAssertEqual(try records(rows.map(CSV.line).joined(separator: "\n") + "\n"), rows)
    }

    func testJSONRoundTrip() throws {
        let v = JSON.object([("a", .number(1)), ("b", .array([.string("x\"\n\u{1}é"), .null, .bool(true), .number(0.1)])),
                             ("c", .object([]))])
        for indent in [nil, 2] as [Int?] {
            XCTAssertEqual(try JSON.parse(v.serialized(indent: indent)), v)
        }
        XCTAssertEqual(try JSON.parse(#""\ud83d\ude00""#), .string("😀"))
        for tricky in ["\"\u{301}x", "\r\n\u{301}", "e\u{301}\\\u{301}", "\u{7}\u{1F}é\"", "plain", ""] {
            XCTAssertEqual(try JSON.parse(JSON.string(tricky).serialized(indent: nil)), .string(tricky), tricky.debugDescription)
        }
        XCTAssertEqual(JSON.string("a\"b\\c\n\u{1}").serialized(indent: nil), #""a\"b\\c\n\u0001""#)
        XCTAssertEqual(JSON.number(1e-7), "1e-07")
        XCTAssertEqual(try JSON.parse(JSON.number(0.1 + 0.2)), .number(0.1 + 0.2))
        for bad in ["", "{", "[1,]", "{\"a\" 1}", "tru", "\"\\x\"", "1 2", "{\"a\":1,}"] {
            XCTAssertThrowsError(try JSON.parse(bad), bad)
        }
    }

    /// A member named twice (small objects and large ones) and numbers beyond a double are
    /// refused, where the last member once won and 1e400 became infinity.
    func testJSONRefusesRepeatedMembersAndHugeNumbers() {
        func message(_ text: String) -> String? {
            do { _ = try JSON.parse(text); return nil } catch { return (error as? RampartError)?.message }
        }
        XCTAssertEqual(message(#"{"a": 1, "b": 2, "a": 3}"#), #"JSON at byte 17: member "a" appears twice in one object"#)
        let large = (0..<40).map { "\"k\($0)\": \($0)" }.joined(separator: ", ")
        XCTAssertNil(message("{\(large)}"))
        XCTAssertEqual(message("{\(large), \"k7\": 0}")?.hasSuffix(#"member "k7" appears twice in one object"#), true)
        XCTAssertEqual(message(#"[1, 1e400]"#), "JSON at byte 4: the number 1e400 is out of range")
        XCTAssertEqual(message(#"{"x": -1e999}"#), "JSON at byte 6: the number -1e999 is out of range")
        XCTAssertNil(message(#"[1e308, -0, 5e-324]"#))
        XCTAssertEqual(try JSON.parse("\u{FEFF} [1]"), .array([.number(1)]))
    }
}
