import RampartCHeader
import RampartCore
#if canImport(Glibc)
import Glibc
#endif

/// What a `rampart_result *` points to: the table with every string pre-encoded as C strings
/// in one buffer, so borrowed pointers stay valid until the result is freed.
final class ResultBox {
    let table: ResultTable?
    let changes: Int64
    private let buffer: UnsafeMutablePointer<CChar>
    /// Offsets into `buffer` of: column names, column units, cells (row-major), output, notes,
    /// warnings, then the stored text of text cells whose display differs.
    private let offsets: [Int]
    /// For each text cell whose stored text differs from its display, the index of that text.
    private let rawIndex: [Int: Int]
    let rowCount: Int
    let columnCount: Int

    init(table: ResultTable?, output: [String], notes: [String], warnings: [String], changes: Int64) {
        self.table = table
        self.changes = changes
        rowCount = table?.rows.count ?? 0
        columnCount = table?.columns.count ?? 0
        var strings: [String] = []
        strings.reserveCapacity(2 * columnCount + rowCount * columnCount + 3)
        if let t = table {
            strings += t.columns.map(\.name)
            strings += t.columns.map(\.unit)
            for row in t.display { strings += row }
        }
        strings += [output.joined(separator: "\n"), notes.joined(separator: "\n"), warnings.joined(separator: "\n")]
        var raw: [Int: Int] = [:]
        if let t = table {
            for (i, row) in t.rows.enumerated() {
                for (j, v) in row.enumerated() {
                    if case .text(let s) = v, s != t.display[i][j] {
                        raw[i * columnCount + j] = strings.count
                        strings.append(s)
                    }
                }
            }
        }
        rawIndex = raw
        var total = 0
        var offs: [Int] = []
        offs.reserveCapacity(strings.count)
        for s in strings { offs.append(total); total += s.utf8.count + 1 }
        buffer = UnsafeMutablePointer<CChar>.allocate(capacity: max(total, 1))
        var at = 0
        for s in strings {
            for b in s.utf8 { buffer[at] = CChar(bitPattern: b); at += 1 }
            buffer[at] = 0
            at += 1
        }
        offsets = offs
    }

    deinit { buffer.deallocate() }

    private func pointer(_ index: Int) -> UnsafePointer<CChar> { UnsafePointer(buffer + offsets[index]) }

    func columnName(_ c: Int) -> UnsafePointer<CChar>? { c >= 0 && c < columnCount ? pointer(c) : nil }
    func columnUnit(_ c: Int) -> UnsafePointer<CChar>? { c >= 0 && c < columnCount ? pointer(columnCount + c) : nil }
    func cellText(_ r: Int, _ c: Int) -> UnsafePointer<CChar>? { valid(r, c) ? pointer(2 * columnCount + r * columnCount + c) : nil }
    private var tail: Int { 2 * columnCount + rowCount * columnCount }
    var output: UnsafePointer<CChar> { pointer(tail) }
    var notes: UnsafePointer<CChar> { pointer(tail + 1) }
    var warnings: UnsafePointer<CChar> { pointer(tail + 2) }

    /// The stored text of a text cell.
    func cellString(_ r: Int, _ c: Int) -> UnsafePointer<CChar>? {
        guard case .text? = value(r, c) else { return nil }
        if let k = rawIndex[r * columnCount + c] { return pointer(k) }
        return cellText(r, c)
    }

    func valid(_ r: Int, _ c: Int) -> Bool { r >= 0 && r < rowCount && c >= 0 && c < columnCount }

    func value(_ r: Int, _ c: Int) -> Value? { valid(r, c) ? table?.rows[r][c] : nil }
}

@c @implementation
public func rampart_result_free(_ r: OpaquePointer!) { _ = results.remove(r) }

@c @implementation
public func rampart_result_column_count(_ r: OpaquePointer!) -> Int32 {
    results.withObject(r) { Int32($0.columnCount) } ?? 0
}

@c @implementation
public func rampart_result_row_count(_ r: OpaquePointer!) -> Int64 {
    results.withObject(r) { Int64($0.rowCount) } ?? 0
}

@c @implementation
public func rampart_result_column_name(_ r: OpaquePointer!, _ col: Int32) -> UnsafePointer<CChar>! {
    results.withObject(r) { $0.columnName(Int(col)) } ?? nil
}

@c @implementation
public func rampart_result_column_type(_ r: OpaquePointer!, _ col: Int32) -> Int32 {
    results.withObject(r) { box in
        guard let t = box.table, col >= 0, Int(col) < t.columns.count else { return 0 }
        return t.columns[Int(col)].type.rawValue
    } ?? 0
}

@c @implementation
public func rampart_result_column_unit(_ r: OpaquePointer!, _ col: Int32) -> UnsafePointer<CChar>! {
    results.withObject(r) { $0.columnUnit(Int(col)) } ?? nil
}

@c @implementation
public func rampart_result_type(_ r: OpaquePointer!, _ row: Int64, _ col: Int32) -> Int32 {
    results.withObject(r) { box in
        switch box.value(Int(row), Int(col)) {
        case .none: 0
        case .null: Int32(RAMPART_NULL)
        case .integer: Int32(RAMPART_INTEGER)
        case .real: Int32(RAMPART_REAL)
        case .text: Int32(RAMPART_TEXT)
        }
    } ?? 0
}

@c @implementation
public func rampart_result_text(_ r: OpaquePointer!, _ row: Int64, _ col: Int32) -> UnsafePointer<CChar>! {
    results.withObject(r) { $0.cellText(Int(row), Int(col)) } ?? nil
}

@c @implementation
public func rampart_result_string(_ r: OpaquePointer!, _ row: Int64, _ col: Int32) -> UnsafePointer<CChar>! {
    results.withObject(r) { $0.cellString(Int(row), Int(col)) } ?? nil
}

@c @implementation
public func rampart_result_double(_ r: OpaquePointer!, _ row: Int64, _ col: Int32) -> Double {
    results.withObject(r) { $0.value(Int(row), Int(col))?.double ?? .nan } ?? .nan
}

@c @implementation
public func rampart_result_int64(_ r: OpaquePointer!, _ row: Int64, _ col: Int32) -> Int64 {
    results.withObject(r) { box -> Int64 in
        switch box.value(Int(row), Int(col)) {
        case .integer(let i)?: return i
        case .real(let d)? where d.isFinite && abs(d) < 9.2e18: return Int64(d)
        default: return 0
        }
    } ?? 0
}

@c @implementation
public func rampart_result_column_doubles(_ r: OpaquePointer!, _ col: Int32, _ out: UnsafeMutablePointer<Double>!) -> Int32 {
    guard let out else { return Status.misuse }
    return results.withObject(r) { box -> Int32 in
        guard let t = box.table, col >= 0, Int(col) < t.columns.count else { return Status.misuse }
        let c = Int(col)
        for (i, row) in t.rows.enumerated() { out[i] = row[c].double ?? .nan }
        return Status.ok
    } ?? Status.misuse
}

@c @implementation
public func rampart_result_output(_ r: OpaquePointer!) -> UnsafePointer<CChar>! {
    results.withObject(r) { $0.output } ?? nil
}

@c @implementation
public func rampart_result_notes(_ r: OpaquePointer!) -> UnsafePointer<CChar>! {
    results.withObject(r) { $0.notes } ?? nil
}

@c @implementation
public func rampart_result_warnings(_ r: OpaquePointer!) -> UnsafePointer<CChar>! {
    results.withObject(r) { $0.warnings } ?? nil
}

@c @implementation
public func rampart_result_changes(_ r: OpaquePointer!) -> Int64 {
    results.withObject(r) { $0.changes } ?? 0
}
