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

    /// A message about field `f` led by its header, which names the field once: messages that
    /// already start with the field's name ("population must lie in …") are not prefixed again.
    static func located(_ message: String, _ f: Field, in schema: EntitySchema) -> String {
        let h = header(f, in: schema)
        if message.hasPrefix(f.name + ": ") { return h + ": " + message.dropFirst(f.name.count + 2) }
        if h == f.name, message.hasPrefix(f.name + " ") { return message }
        return h + ": " + message
    }

    /// The field a CSV header names (the header form or the plain field name).
    static func field(forHeader h: String, in schema: EntitySchema) -> Field? {
        let name = h.trimmingSpacesAndTabs.lowercased()
        return schema.allFields.first { header($0, in: schema) == name || $0.name == name }
    }

    /// The id → row id map of `kind`, read from the store once.
    mutating func idMap(_ kind: EntityKind) throws -> [String: Int64] {
        if let map = ids[kind] { return map }
        let table = Columns.quote(kind.schema.table)
        // Sized once: growing a million-entry map rehashes every key several times.
        var map = [String: Int64](minimumCapacity: Int(try session.db.scalar("SELECT count(*) FROM \(table)")?.integerValue ?? 0))
        try session.db.query("SELECT id, rid FROM \(table)", []) { r in
            if let id = r.text(0), map.updateValue(r.int(1), forKey: id) != nil { throw RampartError.sameID(kind, id) }
        }
        ids[kind] = map
        return map
    }

    /// The encoder of one column, prepared once for every cell of an import; `identifier` when
    /// the column is a text key that names records.
    mutating func column(_ f: Field, identifier: Bool) throws -> CellEncoder {
        let plan: CellEncoder.Plan
        switch f.type {
        case .text where identifier: plan = .identifier
        case .reference(let kind): plan = .reference(kind, try idMap(kind))
        case .quantity(let kind, let bounds): plan = .number(kind, bounds)
        case .text: plan = .text
        case .choice(let words): plan = .choice(Set(words))
        default: plan = .general
        }
        return CellEncoder(field: f, plan: plan, session: session)
    }

    /// Encodes one cell into the field's stored columns; an empty cell gives nil (use the default).
    mutating func encode(_ f: Field, _ cell: String) throws -> [Value]? {
        var values: [Value] = []
        do {
            return try column(f, identifier: false).encode(cell, into: &values) ? values : nil
        } catch let e as UnknownReference {
            throw RampartError.notFound("no \(e.kind.noun) '\(e.id)'\(try session.nearestID(e.kind, e.id))")
        }
    }

    /// A bare number is in stored units (a rate per year); a number with a unit is converted.
    static func number(_ text: String, _ kind: QuantityKind, _ f: Field) throws -> Double {
        if let d = DecimalText.double(text), d.isFinite {
            if kind == .count, d != d.rounded() { throw RampartError.range("\(f.name) expects a whole number; got \(text)") }
            return d
        }
        return try Quantity.parse(text, as: kind, field: f.name)
    }

    /// The cell text of a field from its stored values (references already resolved to ids).
    static func cell(_ f: Field, _ values: ArraySlice<Value>) -> String {
        let first = values[values.startIndex]
        switch f.type {
        case .distribution:
            if case .text(let s) = values[values.startIndex + 1] { return s }
            return first.double.map(JSON.number) ?? ""
        case .flag:
            return first.integerValue.map { $0 != 0 ? "yes" : "no" } ?? ""
        case .subject:
            return values[values.startIndex + 1].string.map { (first.string ?? "") + ":" + $0 } ?? ""
        default:
            switch first {
            case .null: return ""
            case .text(let s): return s
            case .integer(let i): return String(i)
            case .real(let d): return JSON.number(d)
            }
        }
    }
}

/// Turns the cells of one field into stored values, with what it needs looked up in advance.
/// A class, so that the import loop does not copy what it holds for every cell.
final class CellEncoder {
    /// How a cell is encoded.
    enum Plan {
        /// An id resolved through a map of the referenced entity.
        case reference(EntityKind, [String: Int64])
        /// A plain quantity (no distribution).
        case number(QuantityKind, Bounds?)
        /// Free text, stored as written.
        case text
        /// A text key that names records, checked as commands check it.
        case identifier
        /// One word of a fixed vocabulary; other spellings go the general way.
        case choice(Set<String>)
        /// Anything else, through the command language's field codec.
        case general
    }

    let field: Field
    let plan: Plan
    let codec: FieldCodec
    let session: Session

    init(field: Field, plan: Plan, session: Session) {
        self.field = field
        self.plan = plan
        self.session = session
        self.codec = session.codec
    }

    /// Whether encoding never touches the store (general references and subjects are looked up there).
    var isIndependentOfStore: Bool {
        guard case .general = plan else { return true }
        switch field.type {
        case .reference, .subject: return false
        default: return true
        }
    }

    /// Appends the stored values of `cell` to `values`; false, appending nothing, for an empty cell.
    func encode(_ cell: String, into values: inout [Value]) throws -> Bool {
        var cell = cell
        let padded = cell.withUTF8 { u in
            guard let first = u.first, let last = u.last else { return false }
            return first == 32 || first == 9 || last == 32 || last == 9
        }
        let text = padded ? cell.trimmingSpacesAndTabs : cell
        if text.isEmpty { return false }
        switch plan {
        case .reference(let kind, let map):
            guard let rid = map[text] else {
                throw UnknownReference(column: field.name, kind: kind, id: text)
            }
            values.append(.integer(rid))
        case .number(let kind, let bounds):
            values.append(try number(text, kind, bounds))
        case .text:
            values.append(.text(text))
        case .identifier:
            try EntityCommands.checkIdentifier(text)
            values.append(.text(text))
        case .choice(let words) where words.contains(text):
            values.append(.text(text))
        case .choice, .general:
            try encodeGeneral(text, into: &values)
        }
        return true
    }

    /// The stored value of a plain number cell.
    private func number(_ text: String, _ kind: QuantityKind, _ bounds: Bounds?) throws -> Value {
        try FieldCodec.stored(try CellCodec.number(text, kind, field), field, kind, bounds, written: text)
    }

    /// Distributions, lists, choices, flags, dates and subjects.
    private func encodeGeneral(_ text: String, into values: inout [Value]) throws {
        let token = Token(kind: .string, text: text, line: 1, offset: 0)
        switch field.type {
        case .distribution(let kind, let bounds):
            // `family(p1,p2,…)`, or a plain number with no parameters stored.
            if let open = text.firstIndex(of: "("), text.hasSuffix(")") {
                let family = String(text[..<open])
                let inner = text[text.index(after: open)..<text.index(before: text.endIndex)]
                let params = try inner.split(separator: ",").map { try CellCodec.number(String($0).trimmingSpacesAndTabs, kind, field) }
                values += try FieldCodec.distribution(field, kind, bounds, family: family, parameters: params, written: text)
            } else {
                values += [try number(text, kind, bounds), .null]
            }
        case .list:
            // A list cell is comma-separated.
            let items = text.split(separator: ",").map { ArgValue.string(Token(kind: .string, text: String($0), line: 1, offset: 0)) }
            values += try codec.encode(field, .list(items, token))
        default:
            values += try codec.encode(field, .string(token))
        }
    }
}
