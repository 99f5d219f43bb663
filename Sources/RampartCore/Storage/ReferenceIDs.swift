/// The ids of every record of one table, by row id, read in one scan. A read of many records
/// resolves their references here instead of by one SQL lookup a row: on a million assets,
/// exporting 4.5 million dependencies spent more than 5 s in those lookups.
struct ReferenceIDs {
    /// Ids at their row id, when row ids are dense enough for an array.
    private var dense: [String?] = []
    /// Ids by row id otherwise.
    private var sparse: [Int64: String] = [:]

    /// Reads the (rid, id) pairs of `table`.
    init(_ db: Database, table: String) throws {
        let quoted = Columns.quote(table)
        let top = try db.scalar("SELECT max(rid) FROM \(quoted)")?.integerValue ?? 0
        let count = try db.scalar("SELECT count(*) FROM \(quoted)")?.integerValue ?? 0
        if top >= 0, top <= 2 * count + 1024 {
            var ids = [String?](repeating: nil, count: Int(top) + 1)
            try db.query("SELECT rid, id FROM \(quoted)", []) { row in ids[Int(row.int(0))] = row.text(1) }
            dense = ids
        } else {
            var ids: [Int64: String] = [:]
            ids.reserveCapacity(Int(count))
            try db.query("SELECT rid, id FROM \(quoted)", []) { row in ids[row.int(0)] = row.text(1) }
            sparse = ids
        }
    }

    /// The id of the record a stored reference (its row id) points at; NULL for NULL.
    func id(_ reference: Value) -> Value {
        guard case .integer(let rid) = reference else { return reference }
        let id = rid >= 0 && rid < dense.count ? dense[Int(rid)] : sparse[rid]
        return id.map(Value.text) ?? .null
    }

    /// For each field, the ids its references point at when reading about `rows` records
    /// (`nil` when unknown: all of them) makes one scan of the referenced table worth it: at
    /// least a quarter as many rows as that table holds. Nil for other fields.
    static func plan(_ fields: [Field], table: String, rows: Int?, _ db: Database) throws -> [ReferenceIDs?] {
        let expected = try rows.map(Int64.init) ?? db.scalar("SELECT max(rid) FROM \(Columns.quote(table))")?.integerValue ?? 0
        var read: [String: ReferenceIDs?] = [:]
        return try fields.map { f in
            guard case .reference(let kind) = f.type else { return nil }
            let target = kind.schema.table
            if let known = read[target] { return known }
            let size = try db.scalar("SELECT max(rid) FROM \(Columns.quote(target))")?.integerValue ?? 0
            let ids = expected >= 1024 && expected * 4 >= size ? try ReferenceIDs(db, table: target) : nil
            read[target] = ids
            return ids
        }
    }
}
