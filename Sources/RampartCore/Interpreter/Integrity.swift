/// Referential integrity: who still refers to a record.
enum Integrity {
    /// Records of one entity that refer to a given record through one field.
    struct Referrers {
        let schema: EntitySchema
        let field: Field
        let count: Int
        /// " (as provider)" when the entity refers through more than one field.
        var role: String {
            schema.keys.filter { if case .reference = $0.type { return true }; return false }.count > 1 ? " (as \(field.name))" : ""
        }
    }

    /// Every field of every entity that can refer to a record of `kind`.
    static func referringFields(to kind: EntityKind) -> [(EntitySchema, Field)] { referringFields[kind] ?? [] }

    /// `referringFields(to:)` of every kind, worked out once: a removal asks for each record.
    private static let referringFields: [EntityKind: [(EntitySchema, Field)]] = Dictionary(uniqueKeysWithValues: EntityKind.allCases.map { kind in
        (kind, EntitySchema.all.flatMap { s in
            s.allFields.compactMap { f -> (EntitySchema, Field)? in
                switch f.type {
                case .reference(let k) where k == kind: (s, f)
                case .subject where kind == .asset || kind == .measure: (s, f)
                default: nil
                }
            }
        })
    })

    /// The records that refer to row `rid` of `kind`, grouped by entity and field (non-zero counts only).
    static func referrers(of kind: EntityKind, rid: Int64, session: Session) throws -> [Referrers] {
        var out: [Referrers] = []
        for (s, f) in referringFields(to: kind) {
            var sql = "SELECT count(*) FROM \(Columns.quote(s.table)) WHERE \(Columns.quote(f.name)) = ?"
            var params: [Value] = [.integer(rid)]
            if case .subject = f.type {
                sql += " AND \(Columns.quote(f.name + "_kind")) = ?"
                params.append(.text(kind.noun))
            }
            let n = Int(try session.db.scalar(sql, params)?.integerValue ?? 0)
            if n > 0 { out.append(Referrers(schema: s, field: f, count: n)) }
        }
        return out
    }
}
