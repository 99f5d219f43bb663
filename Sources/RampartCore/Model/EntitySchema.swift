/// The description of one entity: its key, its fields and its documentation. The command
/// language, the SQL schema, CSV and JSON formats are all derived from these tables.
public struct EntitySchema: Sendable {
    public let kind: EntityKind
    /// Other nouns accepted for this entity (`dependency` for `dep`).
    public let aliases: [String]
    /// The plural used in messages and file formats.
    public let plural: String
    /// One record in words ("dependency" for `dep`).
    public var singular: String {
        switch kind {
        case .dep: "dependency"
        case .vuln: "vulnerability"
        default: kind.noun
        }
    }
    /// One line of help.
    public let doc: String
    /// The fields that identify a record, given positionally in commands, in order.
    public let keys: [Field]
    /// Every other field (`tlp` and `notes` are appended to every entity).
    public let fields: [Field]
    /// Whether `f` is a text key that names records (an asset's `id`, a layer's `id` within its
    /// asset): an identifier, non-empty and free of control characters.
    public func isIdentifier(_ f: Field) -> Bool {
        if case .text = f.type { return keys.contains { $0.name == f.name } }
        return false
    }
    /// True when the first key is the record's own identifier (`asset add tpp-1`).
    public var hasOwnID: Bool {
        if case .text = keys.first?.type, keys.count == 1 { return true }
        return false
    }

    init(_ kind: EntityKind, aliases: [String] = [], plural: String, _ doc: String, keys: [Field], fields: [Field]) {
        self.kind = kind
        self.aliases = aliases
        self.plural = plural
        self.doc = doc
        self.keys = keys
        self.fields = fields + [
            Field("tlp", .choice(Vocabulary.tlp), "Traffic Light Protocol marking (default: the default_tlp setting)"),
            Field("notes", .text, "free text"),
        ]
        allFields = keys + self.fields
    }

    /// Keys then fields: kept, not joined on every use, since exports read it per record.
    public let allFields: [Field]

    /// The field called `name` (case-insensitive).
    public func field(_ name: String) -> Field? {
        let n = name.lowercased()
        return allFields.first { $0.name == n }
    }

    /// The SQL table holding this entity.
    public var table: String { kind.rawValue }

    /// The usage line of the positional key, e.g. `<dependent> -> <provider>`.
    public var keyUsage: String {
        if kind == .dep { return "<dependent> -> <provider>" }
        return keys.map { k in k.defaultValue == nil ? "<\(k.name)>" : "[<\(k.name)>]" }.joined(separator: " ")
    }

    /// The schema of `kind`.
    public static func of(_ kind: EntityKind) -> EntitySchema {
        byKind[kind] ?? EntitySchema(kind, plural: kind.rawValue, "", keys: [], fields: [])
    }

    private static let byKind: [EntityKind: EntitySchema] = Dictionary(uniqueKeysWithValues: all.map { ($0.kind, $0) })

    /// The entity named by a noun or alias.
    public static func named(_ noun: String) -> EntitySchema? {
        let n = noun.lowercased()
        return all.first { $0.kind.rawValue == n || $0.aliases.contains(n) || $0.plural == n }
    }

    /// Every noun and alias, for suggestions and completion.
    public static var nouns: [String] { all.flatMap { [$0.kind.rawValue] + $0.aliases } }

    /// Every entity, in the order the store creates (and the JSON format lists) them.
    public static let all: [EntitySchema] = EntityCatalog.schemas
}
