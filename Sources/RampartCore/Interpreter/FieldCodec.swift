/// Converts between what people write, what is stored and what is shown, for one field.
struct FieldCodec {
    /// Looks up the row id of the record of `kind` with identifier `id`.
    let resolve: (EntityKind, Token) throws -> Int64
    /// Looks up an asset or measure for a stakeholder role: (kind, row id).
    let resolveSubject: (Token) throws -> (String, Int64)

    /// The stored column values (aligned with `Columns.of(field)`) for a value written in a command.
    func encode(_ field: Field, _ value: ArgValue) throws -> [Value] {
        switch field.type {
        case .distribution(let kind, let bounds):
            if case .call(let name, let args) = value {
                let params = try args.map { try number(field, kind, $0) }
                return try FieldCodec.distribution(field, kind, bounds, family: name.text, parameters: params, written: "\(name.text)(…)")
            }
            return [try encodeNumber(field, kind, bounds, value), .null]
        case .list(let allowed):
            let words = try value.elements.map { try word(field, $0) }
            if let allowed {
                for (w, v) in zip(words, value.elements) where !allowed.contains(w) {
                    throw RampartError.range("\(field.name): unknown value \(v.token.quoted)\(Suggest.hint(w, in: allowed)); expected one of \(allowed.joined(separator: ", "))")
                }
            }
            for w in words where w.contains(",") {
                throw RampartError.range("\(field.name): list items may not contain commas ('\(w)')")
            }
            return [words.isEmpty ? .null : .text(words.joined(separator: ","))]
        case .subject:
            let (kind, rid) = try resolveSubject(try plainToken(field, value))
            return [.text(kind), .integer(rid)]
        default:
            return [try encodeScalar(field, try plainToken(field, value))]
        }
    }

    /// Encodes one plain word or string (also the path for CSV cells and where-literals).
    func encodeScalar(_ field: Field, _ token: Token) throws -> Value {
        let text = token.text
        switch field.type {
        case .text:
            return .text(text)
        case .choice(let words):
            if words.contains(text) { return .text(text) }
            let lower = text.lowercased()
            if let w = words.first(where: { $0.lowercased() == lower }) { return .text(w) }
            throw RampartError.range("\(field.name): unknown value \(token.quoted)\(Suggest.hint(text, in: words)); expected one of \(words.joined(separator: ", "))")
        case .reference(let kind):
            return .integer(try resolve(kind, token))
        case .quantity(let kind, let bounds), .distribution(let kind, let bounds):
            return try encodeNumber(field, kind, bounds, .word(token))
        case .date:
            guard Self.isISODate(text) else {
                throw RampartError.range("\(field.name) expects a date as YYYY-MM-DD; got \(token.quoted)")
            }
            return .text(text)
        case .flag:
            switch text.lowercased() {
            case "yes", "true", "1", "y": return .integer(1)
            case "no", "false", "0", "n": return .integer(0)
            default: throw RampartError.range("\(field.name) expects yes or no; got \(token.quoted)")
            }
        case .list:
            return try encode(field, .word(token))[0]
        case .subject:
            return .integer(try resolveSubject(token).1)
        }
    }

    func plainToken(_ field: Field, _ value: ArgValue) throws -> Token {
        switch value {
        case .word(let t), .string(let t): return t
        case .list(_, let t): throw RampartError.range("\(field.name) takes a single value, not a list (at \(t.quoted))")
        case .call(let t, _): throw RampartError.range("\(field.name) does not take a distribution (\(t.text)(…)); give a single value")
        }
    }

    func word(_ field: Field, _ value: ArgValue) throws -> String {
        let t = try plainToken(field, value)
        return t.text.trimmingSpacesAndTabs
    }

    func number(_ field: Field, _ kind: QuantityKind, _ value: ArgValue) throws -> Double {
        let t = try plainToken(field, value)
        return try Quantity.parse(t.text, as: kind, field: field.name)
    }

    func encodeNumber(_ field: Field, _ kind: QuantityKind, _ bounds: Bounds?, _ value: ArgValue) throws -> Value {
        try FieldCodec.stored(try number(field, kind, value), field, kind, bounds, written: value.token.quoted)
    }

    /// The stored value of number `v` of `field`, refused outside its bounds (`written` is how
    /// the input reads in the message).
    static func stored(_ v: Double, _ field: Field, _ kind: QuantityKind, _ bounds: Bounds?, written: String) throws -> Value {
        if let b = bounds, !b.contains(v) {
            throw RampartError.range("\(field.name) must lie in \(b.describe(kind)); got \(written)")
        }
        if kind == .count {
            guard abs(v) < 9e15 else { throw RampartError.range("\(field.name): \(written) is too large") }
            return .integer(Int64(v))
        }
        return .real(v)
    }

    /// The stored columns (mean, parameters) of a distribution, refused when it can take values
    /// outside the field's bounds (`written` is how the input reads in the message).
    static func distribution(_ field: Field, _ kind: QuantityKind, _ bounds: Bounds?, family: String, parameters: [Double],
                             written: String) throws -> [Value] {
        let d = try Distribution.make(family: family, parameters: parameters, field: field.name)
        if let b = bounds, !(b.contains(d.support.0) && b.contains(d.support.1)) {
            throw RampartError.range("\(field.name) must lie in \(b.describe(kind)); \(written) goes outside it")
        }
        return [.real(d.mean), .text(d.storageText)]
    }

    /// Shows stored column values of `field` (aligned with `Columns.of`, references already as ids).
    static func display(_ field: Field, _ values: [Value]) -> String {
        switch field.type {
        case .distribution(let kind, _):
            if case .text(let s) = values[1], let d = Distribution.fromStorage(s) { return d.display(as: kind) }
            return ResultTable.format(values[0], kind)
        case .quantity(let kind, _):
            return ResultTable.format(values[0], kind)
        case .flag:
            if case .integer(let i) = values[0] { return i != 0 ? "yes" : "no" }
            return ""
        case .list:
            return values[0].string.map { $0.replacingAll(",", with: ", ") } ?? ""
        case .subject:
            return ResultTable.format(values[1], nil)
        default:
            return ResultTable.format(values[0], nil)
        }
    }

    /// Whether `s` is a valid calendar date `YYYY-MM-DD`.
    static func isISODate(_ s: String) -> Bool {
        let parts = s.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
              let y = Int(parts[0]), let m = Int(parts[1]), let d = Int(parts[2]), (1...12).contains(m) else { return false }
        let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0
        let days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][m - 1]
        return (1...days).contains(d)
    }
}

extension String {
    /// The string without leading and trailing spaces and tabs.
    var trimmingSpacesAndTabs: String { Substring(self).trimmingSpaces }
}
