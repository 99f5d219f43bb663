/// `measure add <id> from <practice> [field=value …]`: a measure that starts from a good practice —
/// its title, category and rights, and effects at the middle of the practice's default ranges.
/// Fields given in the command win over the practice's.
struct MeasureFromPractice {
    let session: Session

    static let usage = "measure add <id> from <practice> [field=value …]   (start from a good practice's category, rights and effects)"

    func add(_ cmd: Command) throws -> CommandResult {
        let id = cmd.positional[2], practiceToken = cmd.positional[4]
        var practice: (title: String, category: String, rights: String, effects: String)?
        try session.db.query("SELECT title, category, rights, effects FROM practice WHERE id = ?", [.text(practiceToken.text)]) { r in
            practice = (r.text(0) ?? "", r.text(1) ?? "", r.text(2) ?? "", r.text(3) ?? "")
        }
        guard let practice else {
            throw RampartError.notFound("no practice \(practiceToken.quoted)\(try session.nearestID(.practice, practiceToken.text)); see `practice list`")
        }
        let effects = try EffectSpec.parse(practice.effects)
        func token(_ text: String) -> Token { Token(kind: .string, text: text, line: id.line, offset: id.offset) }
        func assignment(_ key: String, _ value: ArgValue) -> Assignment { Assignment(key: token(key), value: value) }
        let given = Set(cmd.assignments.map { $0.key.text.lowercased() })
        var defaults = [assignment("practice", .string(token(practiceToken.text)))]
        if !given.contains("name") { defaults.append(assignment("name", .string(token(practice.title)))) }
        if !given.contains("category"), !practice.category.isEmpty { defaults.append(assignment("category", .string(token(practice.category)))) }
        if !given.contains("rights"), !practice.rights.isEmpty {
            let items = practice.rights.split(separator: ",").map { ArgValue.string(token(String($0))) }
            defaults.append(assignment("rights", .list(items, token("("))))
        }
        var measure = cmd
        measure.positional = Array(cmd.positional.prefix(3))
        measure.assignments = defaults + cmd.assignments
        var results = [try EntityVerbs(session: session, schema: EntityKind.measure.schema).add(measure)]
        for e in effects {
            var effect = cmd
            effect.positional = [token("effect"), token("add"), id, token(e.type), token(e.target)]
            effect.arrowIndex = nil
            let hours = e.type == "buffer" || e.type == "delay"
            let value = hours ? Quantity.format(e.midpoint, as: .duration) : Number.format(e.midpoint, maxDecimals: 6)
            effect.assignments = [assignment(hours ? "hours" : "reduction", .string(token(value)))]
            results.append(try EntityVerbs(session: session, schema: EntityKind.effect.schema).add(effect))
        }
        return .note("added measure \(id.text) from practice \(practiceToken.text) with \(counted(effects.count, "effect")) at the middle of their ranges",
                     changes: results.reduce(0) { $0 + $1.changes }, warnings: results.flatMap(\.warnings))
    }
}
