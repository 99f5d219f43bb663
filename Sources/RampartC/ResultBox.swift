import RampartCHeader
import RampartCore
#if canImport(Glibc)
import Glibc
#endif

/// What a `rampart_result *` points to: the table, with its names, units and messages encoded
/// as C strings up front and each cell's text encoded on first request, so that a program that
/// reads values never pays for text. Borrowed pointers stay valid until the result is freed.
/// The registry's lock serialises calls, so the encoding on request needs no lock of its own.
final class ResultBox {
    let table: ResultTable?
    let changes: Int64
    let rowCount: Int
    let columnCount: Int
    /// Column names, then units, then output, notes and warnings, one C string each.
    private let fixed: [UnsafeMutablePointer<CChar>]
    /// Per cell, row-major: its display text once asked for. Zeroed by calloc, so the pages of
    /// a large result that nobody reads as text are never touched.
    private let cellTexts: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>
    /// The stored text of text cells whose display differs, once asked for.
    private var storedTexts: [Int: UnsafeMutablePointer<CChar>] = [:]
    /// Every C string made on request, to free with the result.
    private var made: [UnsafeMutablePointer<CChar>] = []

    init(table: ResultTable?, output: [String], notes: [String], warnings: [String], changes: Int64) {
        self.table = table
        self.changes = changes
        rowCount = table?.rows.count ?? 0
        columnCount = table?.columns.count ?? 0
        var strings = (table?.columns.map(\.name) ?? []) + (table?.columns.map(\.unit) ?? [])
        strings += [output.joined(separator: "\n"), notes.joined(separator: "\n"), warnings.joined(separator: "\n")]
        fixed = strings.map { ResultBox.cString($0) }
        let cells = max(1, rowCount * columnCount)
        guard let zeroed = calloc(cells, MemoryLayout<UnsafeMutablePointer<CChar>?>.stride) else { fatalError("out of memory") }
        cellTexts = zeroed.bindMemory(to: UnsafeMutablePointer<CChar>?.self, capacity: cells)
    }

    deinit {
        for p in fixed { free(p) }
        for p in made { free(p) }
        free(cellTexts)
    }

    /// A C copy of `s`, owned by the caller (freed with `free`).
    private static func cString(_ s: String) -> UnsafeMutablePointer<CChar> {
        guard let p = s.withCString({ strdup($0) }) else { fatalError("out of memory") }
        return p
    }

    func columnName(_ c: Int) -> UnsafePointer<CChar>? { c >= 0 && c < columnCount ? UnsafePointer(fixed[c]) : nil }
    func columnUnit(_ c: Int) -> UnsafePointer<CChar>? { c >= 0 && c < columnCount ? UnsafePointer(fixed[columnCount + c]) : nil }
    var output: UnsafePointer<CChar> { UnsafePointer(fixed[2 * columnCount]) }
    var notes: UnsafePointer<CChar> { UnsafePointer(fixed[2 * columnCount + 1]) }
    var warnings: UnsafePointer<CChar> { UnsafePointer(fixed[2 * columnCount + 2]) }

    /// The display text of a cell.
    func cellText(_ r: Int, _ c: Int) -> UnsafePointer<CChar>? {
        guard valid(r, c), let table else { return nil }
        return displayText(r * columnCount + c) { table.text(r, c) }
    }

    /// The stored text of a text cell.
    func cellString(_ r: Int, _ c: Int) -> UnsafePointer<CChar>? {
        guard case .text(let s)? = value(r, c), let table else { return nil }
        let k = r * columnCount + c
        if let p = storedTexts[k] { return UnsafePointer(p) }
        let shown = table.text(r, c)
        if shown == s { return displayText(k) { shown } }
        let p = kept(s)
        storedTexts[k] = p
        return UnsafePointer(p)
    }

    /// Cell k's display text as a C string, made from `text()` on the first call.
    private func displayText(_ k: Int, _ text: () -> String) -> UnsafePointer<CChar> {
        if let p = cellTexts[k] { return UnsafePointer(p) }
        let p = kept(text())
        cellTexts[k] = p
        return UnsafePointer(p)
    }

    /// A C copy of `s` that lives as long as the result.
    private func kept(_ s: String) -> UnsafeMutablePointer<CChar> {
        let p = ResultBox.cString(s)
        made.append(p)
        return p
    }

    /// Column c's texts (display or stored, as `cellText` and `cellString` give them, "" where
    /// those give NULL), each ended by a NUL, in one buffer from malloc, and its size; nil when
    /// the buffer cannot be allocated.
    func columnTexts(_ c: Int, display: Bool) -> (UnsafeMutablePointer<CChar>, Int)? {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(rowCount * 16)
        if let table {
            for r in 0..<rowCount {
                if display {
                    // A text made already is copied rather than made again.
                    if let p = cellTexts[r * columnCount + c] {
                        bytes.append(contentsOf: UnsafeRawBufferPointer(start: p, count: strlen(p)))
                    } else {
                        ResultBox.appendCText(table.text(r, c), to: &bytes)
                    }
                } else if case .text(let s) = table.rows[r][c] {
                    ResultBox.appendCText(s, to: &bytes)
                }
                bytes.append(0)
            }
        }
        guard let p = malloc(max(1, bytes.count))?.assumingMemoryBound(to: CChar.self) else { return nil }
        bytes.withUnsafeBytes { b in if let base = b.baseAddress { memcpy(p, base, b.count) } }
        if bytes.isEmpty { p.pointee = 0 }
        return (p, bytes.count)
    }

    /// Appends `s` as C reads it: up to its first NUL, where a C string of it would end.
    private static func appendCText(_ s: String, to bytes: inout [UInt8]) {
        var s = s
        s.withUTF8 { u in
            let end = u.firstIndex(of: 0) ?? u.count
            bytes.append(contentsOf: UnsafeBufferPointer(rebasing: u[0..<end]))
        }
    }

    /// The C storage class of a value (RAMPART_NULL, _INTEGER, _REAL or _TEXT).
    static func storageClass(_ v: Value) -> Int32 {
        switch v {
        case .null: Int32(RAMPART_NULL)
        case .integer: Int32(RAMPART_INTEGER)
        case .real: Int32(RAMPART_REAL)
        case .text: Int32(RAMPART_TEXT)
        }
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
        box.value(Int(row), Int(col)).map(ResultBox.storageClass) ?? 0
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

/// Copies column `col` of result `r` into `out`, each cell `convert`ed: the bulk reads of numbers.
private func copyColumn<T>(_ r: OpaquePointer?, _ col: Int32, into out: UnsafeMutablePointer<T>?, _ convert: (Value) -> T) -> Int32 {
    guard let out else { return Status.misuse }
    return results.withObject(r) { box -> Int32 in
        guard let t = box.table, col >= 0, Int(col) < t.columns.count else { return Status.misuse }
        let c = Int(col)
        for (i, row) in t.rows.enumerated() { out[i] = convert(row[c]) }
        return Status.ok
    } ?? Status.misuse
}

@c @implementation
public func rampart_result_column_doubles(_ r: OpaquePointer!, _ col: Int32, _ out: UnsafeMutablePointer<Double>!) -> Int32 {
    copyColumn(r, col, into: out) { $0.double ?? .nan }
}

@c @implementation
public func rampart_result_column_types(_ r: OpaquePointer!, _ col: Int32, _ out: UnsafeMutablePointer<Int32>!) -> Int32 {
    copyColumn(r, col, into: out, ResultBox.storageClass)
}

@c @implementation
public func rampart_result_column_texts(_ r: OpaquePointer!, _ col: Int32, _ display: Int32,
                                        _ out: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>!, _ len: UnsafeMutablePointer<Int>!) -> Int32 {
    guard let out else { return Status.misuse }
    out.pointee = nil
    return results.withObject(r) { box -> Int32 in
        guard col >= 0, Int(col) < box.columnCount else { return Status.misuse }
        guard let (p, n) = box.columnTexts(Int(col), display: display != 0) else { return Status.noMemory }
        out.pointee = p
        len?.pointee = n
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
