/// `stakeholder matrix`: who plays which role on which assets and measures.
struct StakeholderMatrix {
    let session: Session

    func run() throws -> CommandResult {
        var table = ResultTable(columns: [ResultColumn("stakeholder", .text), ResultColumn("type", .text)]
            + Vocabulary.roles.map { ResultColumn($0, .integer) })
        var cells: [String: [String: [String]]] = [:]
        try session.db.query("""
            SELECT (SELECT id FROM stakeholder WHERE rid = r.stakeholder), r.role,
                   CASE r.subject_kind WHEN 'asset' THEN (SELECT id FROM asset WHERE rid = r.subject) ELSE (SELECT id FROM measure WHERE rid = r.subject) END
            FROM role r ORDER BY r.rid
            """, []) { r in
            cells[r.text(0) ?? "", default: [:]][r.text(1) ?? "", default: []].append(r.text(2) ?? "")
        }
        try session.db.query("SELECT id, type FROM stakeholder ORDER BY rid", []) { r in
            let id = r.text(0) ?? ""
            let roles = cells[id] ?? [:]
            let values: [Value] = [.text(id), .text(r.text(1) ?? "")] + Vocabulary.roles.map { .integer(Int64(roles[$0]?.count ?? 0)) }
            let shown: [String?] = [nil, nil] + Vocabulary.roles.map { role in
                guard let subjects = roles[role], !subjects.isEmpty else { return "" }
                return subjects.count <= 3 ? subjects.joined(separator: ", ") : "\(subjects.count): " + subjects.prefix(2).joined(separator: ", ") + ", …"
            }
            table.append(values, display: shown)
        }
        return CommandResult(table: table, notes: ["cells count the assets and measures on which each stakeholder plays each role"])
    }
}
