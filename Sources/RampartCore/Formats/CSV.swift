/// RFC 4180 CSV: reading records from UTF-8 bytes and writing fields with minimal quoting.
public enum CSV {
    /// Parses `bytes` into records of fields. Accepts LF or CRLF line ends and a UTF-8 BOM; a
    /// quoted field may hold commas, quotes (doubled) and line breaks. Blank lines are skipped.
    /// `each` receives the fields and the 1-based line where the record starts.
    public static func parse(_ bytes: [UInt8], each: ([String], Int) throws -> Void) throws {
        var i = 0
        let n = bytes.count
        if n >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF { i = 3 }
        var line = 1
        var fields: [String] = []
        var field: [UInt8] = []
        var recordLine = 1
        var quotedField = false
        func finishField() throws {
            guard let s = String(validating: field, as: UTF8.self) else {
                throw RampartError(.encoding, "line \(recordLine): invalid UTF-8")
            }
            fields.append(s)
            field.removeAll(keepingCapacity: true)
            quotedField = false
        }
        func finishRecord() throws {
            try finishField()
            if !(fields.count == 1 && fields[0].isEmpty && !quotedField) { try each(fields, recordLine) }
            fields.removeAll(keepingCapacity: true)
        }
        while i < n {
            let c = bytes[i]
            if c == UInt8(ascii: "\"") && field.isEmpty && !quotedField {
                // Quoted field.
                quotedField = true
                i += 1
                var closed = false
                while i < n {
                    let d = bytes[i]
                    if d == UInt8(ascii: "\"") {
                        if i + 1 < n, bytes[i + 1] == UInt8(ascii: "\"") { field.append(d); i += 2; continue }
                        closed = true; i += 1; break
                    }
                    if d == UInt8(ascii: "\n") { line += 1 }
                    field.append(d); i += 1
                }
                guard closed else { throw RampartError.parse("line \(recordLine): unterminated quoted field") }
                if i < n, bytes[i] != UInt8(ascii: ","), bytes[i] != UInt8(ascii: "\n"), bytes[i] != UInt8(ascii: "\r") {
                    throw RampartError.parse("line \(line): unexpected character after a closing quote")
                }
                continue
            }
            switch c {
            case UInt8(ascii: ","):
                try finishField()
                i += 1
            case UInt8(ascii: "\r") where i + 1 < n && bytes[i + 1] == UInt8(ascii: "\n"):
                i += 1
            case UInt8(ascii: "\n"):
                try finishRecord()
                line += 1; recordLine = line; i += 1
            default:
                if c == UInt8(ascii: "\"") { throw RampartError.parse("line \(line): a quote inside an unquoted field") }
                field.append(c); i += 1
            }
        }
        if !field.isEmpty || !fields.isEmpty || quotedField { try finishRecord() }
    }

    /// One field, quoted when it holds a comma, quote, line break or surrounding space.
    public static func escape(_ s: String) -> String {
        let needs = s.utf8.contains { $0 == UInt8(ascii: ",") || $0 == UInt8(ascii: "\"") || $0 == 10 || $0 == 13 }
            || s.first == " " || s.last == " "
        guard needs else { return s }
        return "\"" + s.replacingAll("\"", with: "\"\"") + "\""
    }

    /// One record line (without the line end).
    public static func line(_ fields: [String]) -> String { fields.map(escape).joined(separator: ",") }
}
