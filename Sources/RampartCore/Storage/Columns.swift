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
    /// Replaces every occurrence of `target` (a non-empty string) with `replacement`.
    public func replacingAll(_ target: String, with replacement: String) -> String {
        guard !target.isEmpty else { return self }
        var out = ""
        var rest = Substring(self)
        while let r = rest.range(of: target) {
            out += rest[..<r.lowerBound]
            out += replacement
            rest = rest[r.upperBound...]
        }
        return out + rest
    }
}

extension Substring {
    /// The range of the first occurrence of `needle`.
    func range(of needle: String) -> Range<Substring.Index>? {
        guard !needle.isEmpty else { return nil }
        var i = startIndex
        while i < endIndex {
            if self[i...].hasPrefix(needle) { return i..<index(i, offsetBy: needle.count) }
            i = index(after: i)
        }
        return nil
    }
}
