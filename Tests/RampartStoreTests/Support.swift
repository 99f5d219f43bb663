import XCTest
import RampartCore
import RampartStore
#if canImport(Glibc)
import Glibc
#endif

/// Opens a session on a new in-memory assessment, or on `path`.
func openSession(_ path: String? = nil, readOnly: Bool = false, safe: Bool = false) throws -> Session {
    Session(database: try AssessmentFile.open(path, mode: .init(readOnly: readOnly, create: !readOnly)), options: .init(safe: safe))
}

/// A fresh temporary directory.
func temporaryDirectory() -> String {
    var template = Array("/tmp/rampart-test-XXXXXX".utf8CString)
    let p = template.withUnsafeMutableBufferPointer { mkdtemp($0.baseAddress!) }
    return String(cString: p!)
}

/// Writes bytes to a file.
func writeFile(_ path: String, _ bytes: [UInt8]) {
    let f = fopen(path, "wb")!
    fwrite(bytes, 1, bytes.count, f)
    fclose(f)
}

/// Reads a whole file.
func readFile(_ path: String) -> [UInt8] {
    guard let f = fopen(path, "rb") else { return [] }
    defer { fclose(f) }
    var out: [UInt8] = []
    var buf = [UInt8](repeating: 0, count: 65536)
    while true {
        let n = fread(&buf, 1, buf.count, f)
        out += buf[0..<n]
        if n < buf.count { break }
    }
    return out
}

extension Session {
    /// Runs commands and returns the last result.
    @discardableResult
    func run(_ text: String) throws -> CommandResult {
        var last = CommandResult()
        try execute(text) { _, r in last = r }
        return last
    }

    /// The display text of column `column` of every row of a command's table.
    func column(_ text: String, _ column: String) throws -> [String] {
        let r = try run(text)
        guard let t = r.table, let j = t.columns.firstIndex(where: { $0.name == column }) else { return [] }
        return t.display.map { $0[j] }
    }

    /// The raw value of column `column` of every row.
    func values(_ text: String, _ column: String) throws -> [Value] {
        let r = try run(text)
        guard let t = r.table, let j = t.columns.firstIndex(where: { $0.name == column }) else { return [] }
        return t.rows.map { $0[j] }
    }
}

/// Asserts that `body` throws a RampartError of `kind` whose message contains `text`.
func assertError(_ kind: ErrorKind, _ text: String = "", file: StaticString = #filePath, line: UInt = #line, _ body: () throws -> Void) {
    do {
        try body()
        XCTFail("expected \(kind) error", file: file, line: line)
    } catch let e as RampartError {
        XCTAssertEqual(e.kind, kind, e.message, file: file, line: line)
        if !text.isEmpty { XCTAssertTrue(e.message.contains(text), "'\(e.message)' lacks '\(text)'", file: file, line: line) }
    } catch {
        XCTFail("unexpected \(error)", file: file, line: line)
    }
}

let smallGrid = """
asset add tpp-1 name="North TPP" sector=energy population=1.2M recovery=30d economic_value=2M
asset add sub-a name="Substation A" sector=energy population=300k recovery=5d
asset add water-1 name="Water works" sector=water population=800k recovery=3d economic_value=250k
asset add hosp-1 name="General hospital" sector=health population=400k occupancy=2500 recovery=2d rto=12h mtpd=3d
dep add sub-a -> tpp-1 strength=1
dep add water-1 -> sub-a kind=physical strength=0.9 delay=12h
dep add hosp-1 -> sub-a strength=1 delay=48h group=grid
dep add hosp-1 -> water-1 strength=0.8 delay=24h
threat add vbied name="Vehicle bomb" modality=vbied frequency=0.02/yr fatality_rate=5% injury_rate=20% damage=60% outage_factor=1.5
vuln add hosp-1 vbied v=0.35
"""
