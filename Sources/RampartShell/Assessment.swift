import RampartCHeader
#if canImport(Glibc)
import Glibc
#endif

/// A failure reported by the library: its status code and message.
struct LibraryError: Error {
    let code: Int32
    let message: String
}

/// One cell of a result as the shell sees it.
enum Cell {
    case null
    case integer(Int64)
    case real(Double)
    case text(String)
}

/// A command's result, copied out of a `rampart_result`.
struct QueryResult {
    var columns: [String] = []
    var units: [String] = []
    /// Display text, row-major.
    var text: [[String]] = []
    /// Raw typed cells, row-major.
    var cells: [[Cell]] = []
    var output = ""
    var notes = ""
    var warnings = ""
    var changes: Int64 = 0
    var hasTable: Bool { !columns.isEmpty }
}

/// The shell's view of an open assessment, entirely through the C API: the shell has no
/// powers the library lacks.
final class Assessment {
    private(set) var db: OpaquePointer?
    let path: String?

    init(path: String?, flags: UInt32) throws {
        self.path = path
        var handle: OpaquePointer?
        let rc = rampart_open(&handle, path, flags)
        if rc != RAMPART_OK {
            let message = String(cString: rampart_errmsg(handle))
            rampart_close(handle)
            throw LibraryError(code: rc, message: message)
        }
        db = handle
    }

    deinit { close() }

    /// Closes the assessment; later calls fail with a misuse error.
    func close() {
        rampart_close(db)
        db = nil
    }

    /// Runs commands and copies the result: the typed cells, and the display text too when
    /// `withText` (the library makes a cell's text only when it is asked for).
    func query(_ commands: String, withText: Bool = true) throws -> QueryResult {
        var r: OpaquePointer?
        let rc = rampart_query(&r, db, commands)
        guard rc == RAMPART_OK, let r else { throw lastError(rc) }
        defer { rampart_result_free(r) }
        var q = QueryResult()
        let n = rampart_result_column_count(r)
        let rows = rampart_result_row_count(r)
        for c in 0..<n {
            q.columns.append(String(cString: rampart_result_column_name(r, c)))
            q.units.append(String(cString: rampart_result_column_unit(r, c)))
        }
        // Numeric columns are copied whole, one call each (as the bindings do); a NaN there
        // is a NULL or text cell, read on its own.
        let numbers: [(integer: Bool, values: [Double])?] = (0..<n).map { c in
            let type = rampart_result_column_type(r, c)
            guard rows > 0, type == RAMPART_INTEGER || type == RAMPART_REAL else { return nil }
            var values = [Double](repeating: .nan, count: Int(rows))
            guard rampart_result_column_doubles(r, c, &values) == RAMPART_OK else { return nil }
            return (type == RAMPART_INTEGER, values)
        }
        q.text.reserveCapacity(Int(rows))
        q.cells.reserveCapacity(Int(rows))
        for i in 0..<rows {
            var t: [String] = [], cells: [Cell] = []
            for c in 0..<n {
                if withText { t.append(String(cString: rampart_result_text(r, i, c))) }
                cells.append(Assessment.cell(r, i, c, numbers[Int(c)]))
            }
            if withText { q.text.append(t) }
            q.cells.append(cells)
        }
        q.output = String(cString: rampart_result_output(r))
        q.notes = String(cString: rampart_result_notes(r))
        q.warnings = String(cString: rampart_result_warnings(r))
        q.changes = rampart_result_changes(r)
        return q
    }

    /// Cell (i, c) of `r`, from its column's copied values when they hold it: a whole number
    /// (below 2^53, so exact) in an integer column, any number in a real one.
    private static func cell(_ r: OpaquePointer, _ i: Int64, _ c: Int32, _ column: (integer: Bool, values: [Double])?) -> Cell {
        if let column {
            let v = column.values[Int(i)]
            if column.integer, v == v.rounded(), abs(v) < 9_007_199_254_740_992 { return .integer(Int64(v)) }
            if !column.integer, !v.isNaN { return .real(v) }
        }
        switch rampart_result_type(r, i, c) {
        case RAMPART_INTEGER: return .integer(rampart_result_int64(r, i, c))
        case RAMPART_REAL: return .real(rampart_result_double(r, i, c))
        case RAMPART_TEXT: return .text(String(cString: rampart_result_string(r, i, c)))
        default: return .null
        }
    }

    func save(to path: String) throws {
        let rc = rampart_save(db, path)
        guard rc == RAMPART_OK else { throw lastError(rc) }
    }

    func completions(_ line: String, cursor: Int) -> [String] {
        var out: UnsafeMutablePointer<CChar>?
        guard rampart_completions(&out, db, line, Int32(cursor)) == RAMPART_OK, let out else { return [] }
        defer { rampart_free(out) }
        let s = String(cString: out)
        return s.isEmpty ? [] : s.split(separator: "\n").map(String.init)
    }

    var changes: Int64 { rampart_changes(db) }

    private func lastError(_ rc: Int32) -> LibraryError {
        LibraryError(code: rc, message: String(cString: rampart_errmsg(db)))
    }

    /// Whether `text` is a complete command (more lines are needed otherwise).
    static func isComplete(_ text: String) -> Bool { rampart_complete(text) != 0 }
}
