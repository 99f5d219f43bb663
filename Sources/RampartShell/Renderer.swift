import RampartCore

/// Output modes of the shell.
enum OutputMode: String, CaseIterable {
    case table, box, csv, json, markdown, line
}

/// Renders a result table as text in one of the output modes. Text modes show display values
/// with units; json shows raw values in stored units. Rows are rendered straight into the
/// output, without building a line or a row's strings first.
struct Renderer {
    var mode: OutputMode
    var headers: Bool

    /// Whether the mode shows display text (csv and json show raw values only).
    var showsText: Bool { mode != .csv && mode != .json }

    /// Renders `q` (nothing when it has no table) into `out`, and flushes it.
    func render(_ q: QueryResult, into out: inout ChunkedOutput) {
        guard q.hasTable else { return }
        switch mode {
        case .table: grid(q, box: false, into: &out)
        case .box: grid(q, box: true, into: &out)
        case .csv: csv(q, into: &out)
        case .json: json(q, into: &out)
        case .markdown: markdown(q, into: &out)
        case .line: line(q, into: &out)
        }
        out.flush()
    }

    /// Display width of a string: scalars, counting East Asian wide characters as two.
    static func width(_ s: String) -> Int {
        // Plain ASCII, the usual case, is one column a byte; only other text needs the lookups.
        let ascii = s.utf8.withContiguousStorageIfAvailable { $0.allSatisfy { $0 < 0x80 } } ?? s.utf8.allSatisfy { $0 < 0x80 }
        if ascii { return s.utf8.count }
        return s.unicodeScalars.reduce(0) { w, u in
            if u.properties.generalCategory == .nonspacingMark || u.properties.generalCategory == .enclosingMark { return w }
            let v = u.value
            let wide = (0x1100...0x115F).contains(v) || (0x2E80...0xA4CF).contains(v) || (0xAC00...0xD7A3).contains(v)
                || (0xF900...0xFAFF).contains(v) || (0xFE30...0xFE4F).contains(v) || (0xFF00...0xFF60).contains(v)
                || (0x1F300...0x1FAFF).contains(v) || (0x20000...0x3FFFD).contains(v)
            return w + (wide ? 2 : 1)
        }
    }

    /// Appends `s` padded with spaces to width `w`, on the left when `right`.
    static func pad(_ s: String, _ w: Int, right: Bool, into out: inout ChunkedOutput) {
        let fill = w - width(s)
        if right { out.append(spaces: fill) }
        out.append(s)
        if !right { out.append(spaces: fill) }
    }

    /// Numbers align right: a column is numeric when its first non-NULL cell is a number.
    static func isNumeric(_ q: QueryResult, _ c: Int) -> Bool {
        q.cells[c].first { if case .null = $0 { return false }; return true }.map {
            switch $0 {
            case .integer, .real: true
            default: false
            }
        } ?? false
    }

    /// One-line cell text for grid modes (newlines shown as ⏎).
    static func flat(_ s: String) -> String {
        let newline = s.utf8.withContiguousStorageIfAvailable { $0.contains(10) } ?? s.utf8.contains(10)
        return newline ? s.split(separator: "\n", omittingEmptySubsequences: false).joined(separator: "⏎") : s
    }

    func grid(_ q: QueryResult, box: Bool, into out: inout ChunkedOutput) {
        let n = q.columns.count
        var widths = q.columns.map { headers ? Renderer.width($0) : 0 }
        for c in 0..<n { for s in q.text[c] { widths[c] = max(widths[c], Renderer.width(Renderer.flat(s))) } }
        let right = (0..<n).map { Renderer.isNumeric(q, $0) }
        let dash = box ? "─" : "-"
        let (left, middle, rightEdge) = box ? ("│ ", " │ ", " │\n") : ("| ", " | ", " |\n")
        func rule(_ l: String, _ m: String, _ r: String) {
            out.append(l + widths.map { String(repeating: dash, count: $0 + 2) }.joined(separator: m) + r + "\n")
        }
        func row(_ cell: (Int) -> String) {
            out.append(left)
            for c in 0..<n {
                if c > 0 { out.append(middle) }
                Renderer.pad(cell(c), widths[c], right: right[c], into: &out)
            }
            out.append(rightEdge)
        }
        if box { rule("┌", "┬", "┐") } else { rule("+", "+", "+") }
        if headers {
            row { q.columns[$0] }
            if box { rule("├", "┼", "┤") } else { rule("+", "+", "+") }
        }
        for i in 0..<q.rowCount { row { Renderer.flat(q.text[$0][i]) } }
        if box { rule("└", "┴", "┘") } else { rule("+", "+", "+") }
    }

    /// CSV of raw values in stored units (hours, currency, fractions, events per year), as data.
    func csv(_ q: QueryResult, into out: inout ChunkedOutput) {
        if headers { out.append(CSV.line(q.columns) + "\n") }
        var line = ""
        for i in 0..<q.rowCount {
            line.removeAll(keepingCapacity: true)
            for c in q.cells.indices {
                if c > 0 { line += "," }
                switch q.cells[c][i] {
                case .null: break
                case .integer(let v): line += String(v)
                case .real(let d): line += JSON.number(d)
                case .text(let s): CSV.appendField(s, to: &line)
                }
            }
            line += "\n"
            out.append(line)
        }
    }

    func markdown(_ q: QueryResult, into out: inout ChunkedOutput) {
        func cell(_ s: String) -> String {
            let f = Renderer.flat(s)
            return f.utf8.contains(UInt8(ascii: "|")) ? f.split(separator: "|", omittingEmptySubsequences: false).joined(separator: "\\|") : f
        }
        let n = q.columns.count
        if headers {
            out.append("| " + q.columns.map(cell).joined(separator: " | ") + " |\n")
            out.append("|" + (0..<n).map { Renderer.isNumeric(q, $0) ? "---:|" : "---|" }.joined() + "\n")
        }
        for i in 0..<q.rowCount {
            out.append("| ")
            for c in 0..<n {
                if c > 0 { out.append(" | ") }
                out.append(cell(q.text[c][i]))
            }
            out.append(" |\n")
        }
    }

    func line(_ q: QueryResult, into out: inout ChunkedOutput) {
        let w = q.columns.map(Renderer.width).max() ?? 0
        let labels = q.columns.map { String(repeating: " ", count: max(0, w - Renderer.width($0))) + $0 + " = " }
        for i in 0..<q.rowCount {
            if i > 0 { out.append("\n") }
            for c in q.columns.indices {
                out.append(labels[c])
                out.append(q.text[c][i])
                out.append("\n")
            }
        }
    }

    func json(_ q: QueryResult, into out: inout ChunkedOutput) {
        let keys = q.columns.map { JSON.string($0).serialized() + ": " }
        out.append("[")
        var record = ""
        for i in 0..<q.rowCount {
            record.removeAll(keepingCapacity: true)
            record += i == 0 ? "\n  {" : ",\n  {"
            for c in q.cells.indices {
                if c > 0 { record += ", " }
                record += keys[c]
                switch q.cells[c][i] {
                case .null: record += "null"
                case .integer(let v): record += String(v)
                case .real(let d): record += JSON.number(d)
                case .text(let s): JSON.quote(s, into: &record)
                }
            }
            record += "}"
            out.append(record)
        }
        out.append(q.rowCount == 0 ? "]\n" : "\n]\n")
    }
}
