import RampartCore

/// Output modes of the shell.
enum OutputMode: String, CaseIterable {
    case table, box, csv, json, markdown, line
}

/// Renders a result table as text in one of the output modes. Text modes show display values
/// with units; json shows raw values in stored units.
struct Renderer {
    var mode: OutputMode
    var headers: Bool

    /// Whether the mode shows display text (csv and json show raw values only).
    var showsText: Bool { mode != .csv && mode != .json }

    func render(_ q: QueryResult) -> String {
        guard q.hasTable else { return "" }
        switch mode {
        case .table: return grid(q, box: false)
        case .box: return grid(q, box: true)
        case .csv: return csv(q)
        case .json: return json(q)
        case .markdown: return markdown(q)
        case .line: return line(q)
        }
    }

    /// Display width of a string: scalars, counting East Asian wide characters as two.
    static func width(_ s: String) -> Int {
        // Plain ASCII, the usual case, is one column a byte; only other text needs the lookups.
        if s.utf8.allSatisfy({ $0 < 0x80 }) { return s.utf8.count }
        return s.unicodeScalars.reduce(0) { w, u in
            if u.properties.generalCategory == .nonspacingMark || u.properties.generalCategory == .enclosingMark { return w }
            let v = u.value
            let wide = (0x1100...0x115F).contains(v) || (0x2E80...0xA4CF).contains(v) || (0xAC00...0xD7A3).contains(v)
                || (0xF900...0xFAFF).contains(v) || (0xFE30...0xFE4F).contains(v) || (0xFF00...0xFF60).contains(v)
                || (0x1F300...0x1FAFF).contains(v) || (0x20000...0x3FFFD).contains(v)
            return w + (wide ? 2 : 1)
        }
    }

    static func pad(_ s: String, _ w: Int, right: Bool) -> String {
        let fill = String(repeating: " ", count: max(0, w - width(s)))
        return right ? fill + s : s + fill
    }

    /// Numbers align right.
    static func isNumeric(_ q: QueryResult, _ c: Int) -> Bool {
        q.cells.first { if case .null = $0[c] { return false }; return true }.map {
            switch $0[c] {
            case .integer, .real: true
            default: false
            }
        } ?? false
    }

    /// One-line cell text for grid modes (newlines shown as ⏎).
    static func flat(_ s: String) -> String { s.contains("\n") ? s.split(separator: "\n", omittingEmptySubsequences: false).joined(separator: "⏎") : s }

    func grid(_ q: QueryResult, box: Bool) -> String {
        let n = q.columns.count
        let text = q.text.map { $0.map(Renderer.flat) }
        var widths = q.columns.map { headers ? Renderer.width($0) : 0 }
        for row in text { for c in 0..<n { widths[c] = max(widths[c], Renderer.width(row[c])) } }
        let right = (0..<n).map { Renderer.isNumeric(q, $0) }
        var out = ""
        func rule(_ l: String, _ m: String, _ r: String, _ h: String) -> String {
            l + widths.map { String(repeating: h, count: $0 + 2) }.joined(separator: m) + r + "\n"
        }
        func row(_ cells: [String], _ v: String) -> String {
            v + " " + (0..<n).map { Renderer.pad(cells[$0], widths[$0], right: right[$0]) }.joined(separator: " \(v) ") + " \(v)\n"
        }
        if box {
            out += rule("┌", "┬", "┐", "─")
            if headers { out += row(q.columns, "│") + rule("├", "┼", "┤", "─") }
            for r in text { out += row(r, "│") }
            out += rule("└", "┴", "┘", "─")
        } else {
            out += rule("+", "+", "+", "-")
            if headers { out += row(q.columns, "|") + rule("+", "+", "+", "-") }
            for r in text { out += row(r, "|") }
            out += rule("+", "+", "+", "-")
        }
        return out
    }

    /// CSV of raw values in stored units (hours, currency, fractions, events per year), as data.
    func csv(_ q: QueryResult) -> String {
        var out = headers ? CSV.line(q.columns) + "\n" : ""
        for row in q.cells {
            out += CSV.line(row.map { cell in
                switch cell {
                case .null: ""
                case .integer(let v): String(v)
                case .real(let d): JSON.number(d)
                case .text(let s): s
                }
            }) + "\n"
        }
        return out
    }

    func markdown(_ q: QueryResult) -> String {
        func cell(_ s: String) -> String { Renderer.flat(s).split(separator: "|", omittingEmptySubsequences: false).joined(separator: "\\|") }
        let n = q.columns.count
        var out = ""
        if headers {
            out += "| " + q.columns.map(cell).joined(separator: " | ") + " |\n"
            out += "|" + (0..<n).map { Renderer.isNumeric(q, $0) ? "---:|" : "---|" }.joined() + "\n"
        }
        for r in q.text { out += "| " + r.map(cell).joined(separator: " | ") + " |\n" }
        return out
    }

    func line(_ q: QueryResult) -> String {
        let w = q.columns.map(Renderer.width).max() ?? 0
        var blocks: [String] = []
        for r in q.text {
            blocks.append(zip(q.columns, r).map { Renderer.pad($0, w, right: true) + " = " + $1 }.joined(separator: "\n") + "\n")
        }
        return blocks.joined(separator: "\n")
    }

    func json(_ q: QueryResult) -> String {
        var out = "["
        for (i, row) in q.cells.enumerated() {
            out += i == 0 ? "\n  {" : ",\n  {"
            for (c, cell) in row.enumerated() {
                out += (c == 0 ? "" : ", ") + JSON.string(q.columns[c]).serialized() + ": "
                switch cell {
                case .null: out += "null"
                case .integer(let v): out += String(v)
                case .real(let d): out += JSON.number(d)
                case .text(let s): out += JSON.string(s).serialized()
                }
            }
            out += "}"
        }
        return out + (q.cells.isEmpty ? "]\n" : "\n]\n")
    }
}
