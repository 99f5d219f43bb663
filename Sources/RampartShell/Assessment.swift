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

/// A command's result, copied out of a `rampart_result`, one array per column.
struct QueryResult {
    var columns: [String] = []
    var units: [String] = []
    var rowCount = 0
    /// Display text, `text[column][row]`; empty when the text was not asked for.
    var text: [[String]] = []
    /// Raw typed cells, `cells[column][row]`.
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
        q.rowCount = Int(rows)
        // Whole columns are copied, a few calls each (as the bindings do), not cell by cell.
        for c in 0..<n {
            var types = [Int32](repeating: 0, count: Int(rows))
            let rc = rampart_result_column_types(r, c, &types)
            guard rc == RAMPART_OK else { throw Assessment.resultError(rc) }
            // A number column's values; a NaN there is a NULL or text cell.
            var numbers: (integer: Bool, values: [Double])?
            let type = rampart_result_column_type(r, c)
            if rows > 0, type == RAMPART_INTEGER || type == RAMPART_REAL {
                var values = [Double](repeating: .nan, count: Int(rows))
                if rampart_result_column_doubles(r, c, &values) == RAMPART_OK { numbers = (type == RAMPART_INTEGER, values) }
            }
            let strings = types.contains(RAMPART_TEXT) ? try texts(r, c, display: false) : []
            q.cells.append((0..<Int(rows)).map { i in Assessment.cell(r, i, c, types[i], numbers, strings) })
            if withText { q.text.append(try texts(r, c, display: true)) }
        }
        q.output = String(cString: rampart_result_output(r))
        q.notes = String(cString: rampart_result_notes(r))
        q.warnings = String(cString: rampart_result_warnings(r))
        q.changes = rampart_result_changes(r)
        return q
    }

    /// Cell (i, c) of `r`, whose storage class is `type`: from its column's copied values when
    /// they hold it (a whole number below 2^53, so exact, in an integer column; any number in a
    /// real one), from the column's stored texts when it is text.
    private static func cell(_ r: OpaquePointer, _ i: Int, _ c: Int32, _ type: Int32,
                             _ column: (integer: Bool, values: [Double])?, _ strings: [String]) -> Cell {
        if let column {
            let v = column.values[i]
            if column.integer, v == v.rounded(), abs(v) < 9_007_199_254_740_992 { return .integer(Int64(v)) }
            if !column.integer, !v.isNaN { return .real(v) }
        }
        switch type {
        case RAMPART_INTEGER: return .integer(rampart_result_int64(r, Int64(i), c))
        case RAMPART_REAL: return .real(rampart_result_double(r, Int64(i), c))
        case RAMPART_TEXT: return .text(strings[i])
        default: return .null
        }
    }

    /// A failure to copy out of a result, which sets no message on the handle.
    private static func resultError(_ rc: Int32) -> LibraryError {
        LibraryError(code: rc, message: "cannot copy the result: \(String(cString: rampart_errstr(rc)))")
    }

    /// Every text of column `c`, display or stored, copied in one call.
    private func texts(_ r: OpaquePointer, _ c: Int32, display: Bool) throws -> [String] {
        var buffer: UnsafeMutablePointer<CChar>?
        var size = 0
        let rc = rampart_result_column_texts(r, c, display ? 1 : 0, &buffer, &size)
        guard rc == RAMPART_OK, let buffer else { throw Assessment.resultError(rc) }
        defer { rampart_free(buffer) }
        var out: [String] = []
        buffer.withMemoryRebound(to: UInt8.self, capacity: max(1, size)) { b in
            var start = 0
            while start < size {
                let end = start + strlen(buffer + start)
                out.append(String(decoding: UnsafeBufferPointer(start: b + start, count: end - start), as: UTF8.self))
                start = end + 1
            }
        }
        return out
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
