/// RFC 4180 CSV: reading records from UTF-8 bytes and writing fields with minimal quoting.
public enum CSV {
    /// Parses `bytes` into records of fields. Accepts LF or CRLF line ends and a UTF-8 BOM; a
    /// quoted field may hold commas, quotes (doubled) and line breaks. Blank lines are skipped.
    /// `each` receives the fields and the 1-based line where the record starts. Errors name the
    /// line, after `source` (a file name) when given.
    public static func parse(_ bytes: [UInt8], source: String? = nil, each: ([String], Int) throws -> Void) throws {
        try scan(bytes, source: source) { scanner in
            var fields: [String] = []
            while let line = try scanner.record(into: &fields) {
                try each(fields, line)
            }
        }
    }

    /// Checks that `bytes` are UTF-8 and gives `body` a scanner over them, valid during the call.
    /// Errors name the line, after `source` (a file name) when given.
    static func scan<T>(_ bytes: [UInt8], source: String? = nil, _ body: (inout Scanner) throws -> T) throws -> T {
        do {
            _ = try UTF8Span(validating: bytes.span)
        } catch {
            let line = 1 + bytes[..<error.byteOffsets.lowerBound].count { $0 == UInt8(ascii: "\n") }
            throw RampartError(.encoding, "\(place(line, in: source)): invalid UTF-8")
        }
        return try bytes.withUnsafeBufferPointer { buffer in
            var scanner = Scanner(buffer, source: source)
            return try body(&scanner)
        }
    }

    /// `line 3`, or `assets.csv line 3` with a source.
    static func place(_ line: Int, in source: String?) -> String {
        source.map { "\($0) line \(line)" } ?? "line \(line)"
    }

    /// Reads records one at a time from valid UTF-8; fields become strings straight from the buffer.
    struct Scanner {
        let bytes: UnsafeBufferPointer<UInt8>
        /// What errors name before the line: the file's name, if any.
        let source: String?
        var i = 0
        var line = 1

        init(_ bytes: UnsafeBufferPointer<UInt8>, source: String? = nil) {
            self.bytes = bytes
            self.source = source
            if bytes.count >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF { i = 3 }
        }

        /// Fills `fields` with the next non-blank record and returns its first line, or nil at the end.
        mutating func record(into fields: inout [String]) throws -> Int? {
            let quote = UInt8(ascii: "\""), comma = UInt8(ascii: ","), lf = UInt8(ascii: "\n"), cr = UInt8(ascii: "\r")
            let n = bytes.count
            while i < n {
                fields.removeAll(keepingCapacity: true)
                let recordLine = line
                var quotedRecord = false
                while true {
                    // One field, ending at a comma, a line end or the end of the input.
                    if i < n, bytes[i] == quote {
                        quotedRecord = true
                        i += 1
                        let start = i
                        var doubled = false
                        var closed = false
                        while i < n {
                            let d = bytes[i]
                            if d == quote {
                                if i + 1 < n, bytes[i + 1] == quote { doubled = true; i += 2; continue }
                                closed = true
                                break
                            }
                            if d == lf { line += 1 }
                            i += 1
                        }
                        guard closed else { throw RampartError.parse("\(CSV.place(recordLine, in: source)): unterminated quoted field") }
                        var text = string(start, i)
                        if doubled { text = text.replacingAll("\"\"", with: "\"") }
                        fields.append(text)
                        i += 1
                        if i < n, bytes[i] != comma, !isLineEnd(i) {
                            throw RampartError.parse("\(CSV.place(line, in: source)): unexpected character after a closing quote")
                        }
                    } else {
                        let start = i
                        while i < n {
                            let d = bytes[i]
                            if d == comma || isLineEnd(i) { break }
                            if d == quote { throw RampartError.parse("\(CSV.place(line, in: source)): a quote inside an unquoted field") }
                            i += 1
                        }
                        fields.append(string(start, i))
                    }
                    if i < n, bytes[i] == comma { i += 1; continue }
                    break
                }
                // At a line end or the end of the input.
                if i < n, bytes[i] == cr { i += 1 }
                if i < n { i += 1; line += 1 }
                if fields.count == 1 && fields[0].isEmpty && !quotedRecord { continue }
                return recordLine
            }
            return nil
        }

        /// Whether a record ends at `at`: LF, or CR before LF or the end of the input.
        func isLineEnd(_ at: Int) -> Bool {
            let d = bytes[at]
            return d == 10 || (d == 13 && (at + 1 == bytes.count || bytes[at + 1] == 10))
        }

        /// The field text between `start` and `end` (the input is valid UTF-8 and both ends are ASCII).
        func string(_ start: Int, _ end: Int) -> String {
            String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<end]), as: UTF8.self)
        }
    }

    /// One field, quoted when it holds a comma, quote, line break or surrounding space.
    public static func escape(_ s: String) -> String {
        var out = ""
        appendField(s, to: &out)
        return out
    }

    /// One record line (without the line end).
    public static func line(_ fields: [String]) -> String {
        var out = ""
        append(fields, to: &out)
        out.removeLast()
        return out
    }

    /// Appends one record and its line end to `out`.
    public static func append(_ fields: [String], to out: inout String) {
        for (i, f) in fields.enumerated() {
            if i > 0 { out.append(",") }
            appendField(f, to: &out)
        }
        out.append("\n")
    }

    /// Appends one field, quoted when it must be.
    public static func appendField(_ s: String, to out: inout String) {
        var needs = false, quotes = false
        for b in s.utf8 {
            if b == UInt8(ascii: "\"") {
                (needs, quotes) = (true, true)
                break
            }
            if b == UInt8(ascii: ",") || b == 10 || b == 13 { needs = true }
        }
        if !needs, let first = s.utf8.first, let last = s.utf8.last, first == 32 || last == 32 { needs = true }
        guard needs else { out.append(s); return }
        out.append("\"")
        out.append(quotes ? s.replacingAll("\"", with: "\"\"") : s)
        out.append("\"")
    }
}
