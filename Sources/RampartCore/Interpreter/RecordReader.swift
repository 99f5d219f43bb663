/// Reads records of one entity into a typed result table.
struct RecordReader {
    let schema: EntitySchema
    let session: Session
    let fields: [Field]

    /// The result column for a field: typed by storage class, with its quantity's unit.
    static func column(_ f: Field) -> ResultColumn {
        switch f.type {
        case .quantity(let k, _), .distribution(let k, _): .quantity(f.name, k)
        case .flag: ResultColumn(f.name, .integer)
        default: ResultColumn(f.name, .text)
        }
    }

    /// SQL expressions selecting a field: one value, or mean and parameters for a distribution.
    static func selectExpressions(_ f: Field) -> [String] {
        switch f.type {
        case .distribution: ["t." + Columns.quote(f.name), "t." + Columns.quote(f.name + "_dist")]
        default: [Columns.readExpression(f)]
        }
    }

    func read(where filter: String?, _ params: [Value], order: String?, limit: Int?) throws -> ResultTable {
        var table = ResultTable(columns: fields.map(RecordReader.column))
        // Without a filter the rows to read are known in advance (all, or `limit`), and many
        // references are resolved from one scan of what they point at.
        let ids = filter == nil ? try ReferenceIDs.plan(fields, table: schema.table, rows: limit, session.db) : fields.map { _ in nil }
        let exprs = zip(fields, ids).map { f, ids in ids == nil ? RecordReader.selectExpressions(f) : ["t." + Columns.quote(f.name)] }
        var sql = "SELECT \(exprs.flatMap { $0 }.joined(separator: ", ")) FROM \(Columns.quote(schema.table)) t"
        if let filter { sql += " WHERE " + filter }
        sql += " ORDER BY " + (order ?? "t.rid")
        if let limit { sql += " LIMIT \(limit)" }
        var n = 0
        try session.db.query(sql, params) { row in
            n += 1
            if n & 0xFFF == 0 { try session.checkInterrupt() }
            var values: [Value] = []
            var shown: [String?] = []
            var c = 0
            for (f, e) in zip(fields, exprs) {
                if e.count == 2 {
                    let pair = [row.value(c), row.value(c + 1)]
                    values.append(pair[0])
                    shown.append(FieldCodec.display(f, pair))
                } else {
                    let v = ids[values.count].map { $0.id(row.value(c)) } ?? row.value(c)
                    values.append(v)
                    if case .subject = f.type { shown.append(FieldCodec.display(f, [.null, v])) } else { shown.append(FieldCodec.display(f, [v])) }
                }
                c += e.count
            }
            table.append(values, display: shown)
        }
        return table
    }
}

extension EntitySchema {
    /// The fields `list` shows by default: keys and the most telling fields.
    public var listFields: [Field] {
        let names: [String]
        switch kind {
        case .sector: names = ["id", "name"]
        case .asset: names = ["id", "name", "sector", "kind", "region", "population", "occupancy", "economic_value", "recovery"]
        case .dep: names = ["dependent", "provider", "kind", "strength", "delay", "group"]
        case .threat: names = ["id", "name", "modality", "frequency", "fatality_rate", "injury_rate", "damage", "outage_factor"]
        case .vuln: names = ["asset", "threat", "v", "frequency"]
        case .measure: names = ["id", "name", "category", "capex", "opex", "lifetime", "status", "owner", "due"]
        case .effect: names = ["measure", "type", "target", "reduction", "hours"]
        case .application: names = ["measure", "asset", "status"]
        case .layer: names = ["asset", "id", "order", "name", "pd", "delay", "location", "bypass"]
        case .response: names = ["asset", "rft", "rft_sd", "p_comm", "p_neutralise"]
        case .insider: names = ["asset", "staff", "vetting", "access"]
        case .stakeholder: names = ["id", "name", "type"]
        case .role: names = ["stakeholder", "subject", "role"]
        case .practice: names = ["id", "title", "category", "source"]
        case .escalation: names = ["asset", "after", "level", "impact"]
        }
        return names.compactMap(field)
    }
}
