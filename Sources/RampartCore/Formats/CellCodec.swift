/// Field values as plain text cells, the common ground of CSV and JSON: numbers in stored
/// units (hours, fractions, events per year, currency), distributions as `pert(1,2,5)`, lists
/// comma-separated, flags yes/no, references by id.
struct CellCodec {
    let session: Session
    /// Cached id → row id maps of referenced entities.
    private var ids: [EntityKind: [String: Int64]] = [:]

    init(session: Session) { self.session = session }

    /// The header a field has in CSV files: durations carry `_h`; a threat's frequency is `likelihood`.
    static func header(_ f: Field, in schema: EntitySchema) -> String {
        if schema.kind == .threat, f.name == "frequency" { return "likelihood" }
        if f.type.quantityKind == .duration { return f.name + "_h" }
        return f.name
    }

    /// The field a CSV header names (the header form or the plain field name).
    static func field(forHeader h: String, in schema: EntitySchema) -> Field? {
        let name = h.trimmingSpacesAndTabs.lowercased()
        return schema.allFields.first { header($0, in: schema) == name || $0.name == name }
    }

    /// Encodes one cell into the field's stored columns; an empty cell gives nil (use the default).
    mutating func encode(_ f: Field, _ cell: String) throws -> [Value]? {
        let text = cell.utf8.first == 32 || cell.utf8.last == 32 || cell.utf8.first == 9 || cell.utf8.last == 9 ? cell.trimmingSpacesAndTabs : cell
        if text.isEmpty { return nil }
        let token = Token(kind: .string, text: text, line: 1, offset: 0)
        switch f.type {
        case .reference(let kind):
            if ids[kind] == nil {
                var map: [String: Int64] = [:]
                try session.db.query("SELECT id, rid FROM \(Columns.quote(kind.schema.table))", []) { r in
                    if let id = r.text(0) { map[id] = r.int(1) }
                }
                ids[kind] = map
            }
            guard let rid = ids[kind]?[text] else {
                throw RampartError.notFound("no \(kind.noun) '\(text)'\(try session.nearestID(kind, text))")
            }
            return [.integer(rid)]
        case .quantity(let kind, let bounds), .distribution(let kind, let bounds):
            if case .distribution = f.type, let open = text.firstIndex(of: "("), text.hasSuffix(")") {
                let family = String(text[..<open])
                let inner = text[text.index(after: open)..<text.index(before: text.endIndex)]
                let params = try inner.split(separator: ",").map { try number(String($0).trimmingSpacesAndTabs, kind, f) }
                return try FieldCodec.distribution(f, kind, bounds, family: family, parameters: params, written: text)
            }
            let v = try number(text, kind, f)
            if let b = bounds, !b.contains(v) { throw RampartError.range("\(f.name) must lie in \(b.describe(kind)); got \(text)") }
            let stored: Value = kind == .count ? .integer(Int64(v)) : .real(v)
            return f.isDistribution ? [stored, .null] : [stored]
        case .list:
            // A list cell is comma-separated.
            let items = text.split(separator: ",").map { ArgValue.string(Token(kind: .string, text: String($0), line: 1, offset: 0)) }
            return try session.codec.encode(f, .list(items, token))
        default:
            return try session.codec.encode(f, .string(token))
        }
    }

    /// A bare number is in stored units (a rate per year); a number with a unit is converted.
    func number(_ text: String, _ kind: QuantityKind, _ f: Field) throws -> Double {
        if let d = Double(text), d.isFinite {
            if kind == .count, d != d.rounded() { throw RampartError.range("\(f.name) expects a whole number; got \(text)") }
            return d
        }
        return try Quantity.parse(text, as: kind, field: f.name)
    }

    /// The cell text of a field from stored values (references already resolved to ids).
    static func cell(_ f: Field, _ values: [Value]) -> String {
        switch f.type {
        case .distribution:
            if case .text(let s) = values[1] { return s }
            return values[0].double.map(JSON.number) ?? ""
        case .flag:
            return values[0].integerValue.map { $0 != 0 ? "yes" : "no" } ?? ""
        case .subject:
            return values[1].string.map { (values[0].string ?? "") + ":" + $0 } ?? ""
        default:
            switch values[0] {
            case .null: return ""
            case .text(let s): return s
            case .integer(let i): return String(i)
            case .real(let d): return JSON.number(d)
            }
        }
    }
}
