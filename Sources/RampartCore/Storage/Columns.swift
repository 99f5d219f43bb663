/// How fields map onto SQL columns. Every entity table has `rid INTEGER PRIMARY KEY`; a field
/// is one column named after it, except a distribution (adds `<name>_dist`, the parameters)
/// and a subject (adds `<name>_kind`, `asset` or `measure`).
public enum Columns {
    /// The SQL columns of `field`, in storage order.
    public static func of(_ field: Field) -> [String] {
        switch field.type {
        case .distribution: [field.name, field.name + "_dist"]
        case .subject: [field.name + "_kind", field.name]
        default: [field.name]
        }
    }

    /// A double-quoted SQL identifier.
    public static func quote(_ name: String) -> String { "\"" + name.replacingAll("\"", with: "\"\"") + "\"" }

    /// The SQL type and constraint of one column of `field`.
    public static func declarations(_ field: Field, required: Bool) -> [String] {
        let notNull = required ? " NOT NULL" : ""
        switch field.type {
        case .text, .choice, .list, .date:
            return [quote(field.name) + " TEXT" + notNull]
        case .flag:
            return [quote(field.name) + " INTEGER" + notNull]
        case .quantity(let k, _):
            return [quote(field.name) + (k == .count ? " INTEGER" : " REAL") + notNull]
        case .distribution:
            return [quote(field.name) + " REAL" + notNull, quote(field.name + "_dist") + " TEXT"]
        case .reference(let e):
            return [quote(field.name) + " INTEGER" + notNull + " REFERENCES " + quote(e.schema.table) + "(rid) ON DELETE CASCADE"]
        case .subject:
            return [quote(field.name + "_kind") + " TEXT" + notNull, quote(field.name) + " INTEGER" + notNull]
        }
    }

    /// The SQL expression, over table alias `t`, whose value shows `field` to people and is
    /// used to filter and order: the id of a referenced record, the mean of a distribution.
    public static func readExpression(_ field: Field) -> String {
        let col = "t." + quote(field.name)
        switch field.type {
        case .reference(let e):
            return "(SELECT id FROM \(quote(e.schema.table)) WHERE rid = \(col))"
        case .subject:
            return "(CASE t.\(quote(field.name + "_kind")) WHEN 'asset' THEN (SELECT id FROM asset WHERE rid = \(col)) "
                + "ELSE (SELECT id FROM measure WHERE rid = \(col)) END)"
        default:
            return col
        }
    }
}

extension String {
    /// Replaces every occurrence of `target` (a non-empty string) with `replacement`, matching
    /// UTF-8 bytes (so Unicode scalars), not characters: a quote followed by a combining mark is
    /// still a quote to SQL and CSV, which read text that way.
    public func replacingAll(_ target: String, with replacement: String) -> String {
        guard let first = target.utf8.first else { return self }
        let needle = Array(target.utf8), substitute = Array(replacement.utf8)
        var text = self
        return text.withUTF8 { u -> String in
            guard u.contains(first) else { return self }
            var out: [UInt8] = []
            out.reserveCapacity(u.count + 16)
            var i = 0
            while i < u.count {
                if u[i] == first, i + needle.count <= u.count, needle.indices.allSatisfy({ u[i + $0] == needle[$0] }) {
                    out += substitute
                    i += needle.count
                } else {
                    out.append(u[i])
                    i += 1
                }
            }
            return String(decoding: out, as: UTF8.self)
        }
    }
}
