/// A JSON value with an exact writer and a strict parser (no Foundation needed).
public indirect enum JSON: Sendable, Equatable {
    case null
    case bool(Bool)
    case number(Double)
    case string(String)
    case array([JSON])
    /// Members in order, so output is stable.
    case object([(String, JSON)])

    public static func == (a: JSON, b: JSON) -> Bool {
        switch (a, b) {
        case (.null, .null): true
        case (.bool(let x), .bool(let y)): x == y
        case (.number(let x), .number(let y)): x == y
        case (.string(let x), .string(let y)): x == y
        case (.array(let x), .array(let y)): x == y
        case (.object(let x), .object(let y)): x.count == y.count && zip(x, y).allSatisfy { $0.0 == $1.0 && $0.1 == $1.1 }
        default: false
        }
    }

    /// The member `key` of an object.
    public subscript(key: String) -> JSON? {
        if case .object(let m) = self { return m.first { $0.0 == key }?.1 }
        return nil
    }

    /// Serialises the value; numbers print in their shortest exact form.
    public func serialized(indent: Int? = nil) -> String {
        var out = ""
        write(&out, indent: indent, level: 0)
        return out
    }

    func write(_ out: inout String, indent: Int?, level: Int) {
        var newline: String { indent.map { "\n" + String(repeating: " ", count: $0 * (level + 1)) } ?? "" }
        var close: String { indent.map { "\n" + String(repeating: " ", count: $0 * level) } ?? "" }
        switch self {
        case .null: out += "null"
        case .bool(let b): out += b ? "true" : "false"
        case .number(let d): out += JSON.number(d)
        case .string(let s): JSON.quote(s, into: &out)
        case .array(let items):
            if items.isEmpty { out += "[]"; return }
            out += "["
            let newline = newline
            for (i, v) in items.enumerated() {
                if i > 0 { out += "," }
                out += newline
                v.write(&out, indent: indent, level: level + 1)
            }
            out += close + "]"
        case .object(let members):
            if members.isEmpty { out += "{}"; return }
            out += "{"
            let newline = newline
            for (i, (k, v)) in members.enumerated() {
                if i > 0 { out += "," }
                out += newline
                JSON.quote(k, into: &out)
                out += indent == nil ? ":" : ": "
                v.write(&out, indent: indent, level: level + 1)
            }
            out += close + "}"
        }
    }

    /// A number as JSON: integers without a fraction, others in Swift's shortest round-trip form.
    public static func number(_ d: Double) -> String {
        guard d.isFinite else { return "null" }
        if d == d.rounded(), abs(d) < 9e15 { return String(Int64(d)) }
        return String(d)
    }

    /// Appends `s` as a JSON string: runs that need no escape are copied whole.
    public static func quote(_ s: String, into out: inout String) {
        out += "\""
        // Most strings need no escape: one scan of their bytes, then one append.
        let plain = s.utf8.withContiguousStorageIfAvailable { bytes in
            !bytes.contains { $0 < 0x20 || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") }
        }
        if plain == true {
            out += s
            out += "\""
            return
        }
        let utf8 = s.utf8
        var run = utf8.startIndex
        for i in utf8.indices {
            let b = utf8[i]
            guard b < 0x20 || b == UInt8(ascii: "\"") || b == UInt8(ascii: "\\") else { continue }
            // Runs are cut at ASCII bytes, which may sit inside a grapheme ("\u{22}\u{301}"),
            // so they are taken as UTF-8, not as characters.
            out += Substring(utf8[run..<i])
            switch b {
            case UInt8(ascii: "\""): out += "\\\""
            case UInt8(ascii: "\\"): out += "\\\\"
            case 10: out += "\\n"
            case 13: out += "\\r"
            case 9: out += "\\t"
            default:
                let hex = String(b, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            }
            run = utf8.index(after: i)
        }
        out += Substring(utf8[run...])
        out += "\""
    }

    /// Parses JSON text. Errors name the byte offset. A leading byte-order mark, which some
    /// Windows tools write, is skipped (RFC 8259 §8.1 allows it).
    public static func parse(_ text: String) throws -> JSON {
        var p = JSONParser(document: Array(text.utf8))
        let v = try p.value(depth: 0)
        try p.end()
        return v
    }
}

/// Reads JSON text from its bytes, a value at a time: whole (`value`), checked but not kept
/// (`value(build: false)`), or an object's members and an array's elements one by one
/// (`members`, `elements`), so that a large document need not be held as a tree.
struct JSONParser {
    let bytes: [UInt8]
    var i = 0

    init(bytes: [UInt8]) { self.bytes = bytes }

    /// A parser at the start of a document's first value, past a byte-order mark, which some
    /// Windows tools write (RFC 8259 §8.1 allows it), and white space.
    init(document bytes: [UInt8]) {
        self.bytes = bytes
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { i = 3 }
        skipSpace()
    }

    /// Checks that nothing but white space follows the document's value.
    mutating func end() throws {
        skipSpace()
        guard i == bytes.count else { throw fail("unexpected text after the value") }
    }

    func fail(_ why: String) -> RampartError { .parse("JSON at byte \(i): \(why)") }

    /// Calls `each` with the name of each member of the object at the cursor and the parser at
    /// its value, which `each` must read, and leaves the cursor after the object. A name given
    /// twice is an error.
    mutating func members(_ each: (String, inout JSONParser) throws -> Void) throws {
        guard i < bytes.count, bytes[i] == UInt8(ascii: "{") else { throw fail("expected '{'") }
        i += 1
        // Names seen, scanned while the object is small, then kept in a set.
        var keys: [String] = []
        var names: Set<String>?
        skipSpace()
        if i < bytes.count, bytes[i] == UInt8(ascii: "}") { i += 1; return }
        while true {
            skipSpace()
            guard i < bytes.count, bytes[i] == UInt8(ascii: "\"") else { throw fail("expected a member name") }
            let at = i
            let key = try string()
            if keys.count >= 16, names == nil { names = Set(keys) }
            let repeated = names != nil ? !names!.insert(key).inserted : keys.contains(key)
            if repeated {
                i = at
                throw fail("member \"\(key)\" appears twice in one object")
            }
            if names == nil { keys.append(key) }
            skipSpace()
            guard i < bytes.count, bytes[i] == UInt8(ascii: ":") else { throw fail("expected ':'") }
            i += 1
            skipSpace()
            try each(key, &self)
            skipSpace()
            guard i < bytes.count else { throw fail("unexpected end") }
            if bytes[i] == UInt8(ascii: ",") { i += 1; continue }
            if bytes[i] == UInt8(ascii: "}") { i += 1; return }
            throw fail("expected ',' or '}'")
        }
    }

    /// Calls `each` with the parser at each element of the array at the cursor, which `each`
    /// must read, and leaves the cursor after the array.
    mutating func elements(_ each: (inout JSONParser) throws -> Void) throws {
        guard i < bytes.count, bytes[i] == UInt8(ascii: "[") else { throw fail("expected '['") }
        i += 1
        skipSpace()
        if i < bytes.count, bytes[i] == UInt8(ascii: "]") { i += 1; return }
        while true {
            skipSpace()
            try each(&self)
            skipSpace()
            guard i < bytes.count else { throw fail("unexpected end") }
            if bytes[i] == UInt8(ascii: ",") { i += 1; continue }
            if bytes[i] == UInt8(ascii: "]") { i += 1; return }
            throw fail("expected ',' or ']'")
        }
    }

    mutating func skipSpace() {
        while i < bytes.count {
            switch bytes[i] {
            case 0x20, 0x09, 0x0A, 0x0D: i += 1
            default: return
            }
        }
    }

    /// The value at the cursor. With `build` false it is checked as thoroughly, but what it
    /// holds is not kept (the result is `.null`).
    mutating func value(depth: Int, build: Bool = true) throws -> JSON {
        guard depth < 200 else { throw fail("nested too deeply") }
        guard i < bytes.count else { throw fail("unexpected end") }
        switch bytes[i] {
        case UInt8(ascii: "{"):
            var members: [(String, JSON)] = []
            try self.members { key, p in
                let v = try p.value(depth: depth + 1, build: build)
                if build { members.append((key, v)) }
            }
            return build ? .object(members) : .null
        case UInt8(ascii: "["):
            var items: [JSON] = []
            try elements { p in
                let v = try p.value(depth: depth + 1, build: build)
                if build { items.append(v) }
            }
            return build ? .array(items) : .null
        case UInt8(ascii: "\""):
            let s = try string(build: build)
            return build ? .string(s) : .null
        case UInt8(ascii: "t"): return try literal("true", .bool(true))
        case UInt8(ascii: "f"): return try literal("false", .bool(false))
        case UInt8(ascii: "n"): return try literal("null", .null)
        default:
            return try number()
        }
    }

    mutating func literal(_ word: String, _ v: JSON) throws -> JSON {
        let w = Array(word.utf8)
        guard i + w.count <= bytes.count, Array(bytes[i..<i + w.count]) == w else { throw fail("unexpected character") }
        i += w.count
        return v
    }

    mutating func number() throws -> JSON {
        let start = i
        scan: while i < bytes.count {
            switch bytes[i] {
            case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "+"), UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "e"), UInt8(ascii: "E"): i += 1
            default: break scan
            }
        }
        guard i > start, let s = String(validating: bytes[start..<i], as: UTF8.self), let d = Double(s) else {
            throw fail("expected a value")
        }
        guard d.isFinite else { i = start; throw fail("the number \(s) is out of range") }
        return .number(d)
    }

    /// A string literal. The text came from a Swift string and escapes decode to whole scalars,
    /// so the bytes are valid UTF-8; a literal without escapes is taken from the input as it is,
    /// or not made at all when `build` is false.
    mutating func string(build: Bool = true) throws -> String {
        i += 1
        let start = i
        while i < bytes.count, bytes[i] != UInt8(ascii: "\""), bytes[i] != UInt8(ascii: "\\"), bytes[i] >= 0x20 { i += 1 }
        if i < bytes.count, bytes[i] == UInt8(ascii: "\"") {
            i += 1
            return build ? String(decoding: bytes[start..<i - 1], as: UTF8.self) : ""
        }
        var out = Array(bytes[start..<i])
        while i < bytes.count {
            let c = bytes[i]
            if c == UInt8(ascii: "\"") {
                i += 1
                return String(decoding: out, as: UTF8.self)
            }
            if c == UInt8(ascii: "\\") {
                guard i + 1 < bytes.count else { break }
                let e = bytes[i + 1]
                i += 2
                switch e {
                case UInt8(ascii: "n"): out.append(10)
                case UInt8(ascii: "t"): out.append(9)
                case UInt8(ascii: "r"): out.append(13)
                case UInt8(ascii: "b"): out.append(8)
                case UInt8(ascii: "f"): out.append(12)
                case UInt8(ascii: "/"), UInt8(ascii: "\\"), UInt8(ascii: "\""): out.append(e)
                case UInt8(ascii: "u"):
                    var code = try hex4()
                    if (0xD800..<0xDC00).contains(code), i + 1 < bytes.count, bytes[i] == UInt8(ascii: "\\"), bytes[i + 1] == UInt8(ascii: "u") {
                        i += 2
                        let low = try hex4()
                        guard (0xDC00..<0xE000).contains(low) else { throw fail("bad surrogate pair") }
                        code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)
                    }
                    guard let scalar = Unicode.Scalar(code) else { throw fail("bad \\u escape") }
                    out += Array(String(Character(scalar)).utf8)
                default: throw fail("bad escape")
                }
                continue
            }
            guard c >= 0x20 else { throw fail("control character in a string") }
            out.append(c)
            i += 1
        }
        throw fail("unterminated string")
    }

    mutating func hex4() throws -> UInt32 {
        guard i + 4 <= bytes.count, let s = String(validating: bytes[i..<i + 4], as: UTF8.self), let v = UInt32(s, radix: 16) else {
            throw fail("bad \\u escape")
        }
        i += 4
        return v
    }
}
