/// `<noun> add|set|show|list|remove` for every entity, driven by its schema.
enum EntityCommands {
    static let verbs = ["add", "set", "show", "list", "remove"]
    /// `remove` and the other spellings it takes.
    static let removeVerbs: Set = ["remove", "rm", "delete"]

    static var specs: [CommandSpec] { EntitySchema.all.map(spec) }

    static func spec(_ s: EntitySchema) -> CommandSpec {
        let noun = s.kind.noun, key = s.keyUsage
        let usage = [
            "\(noun) add \(key) [field=value …]",
            "\(noun) set \(key) field=value …   or   \(noun) set where <expr> field=value …",
            "\(noun) show \(key)",
            "\(noun) list [where <expr>] [order by <field> [desc]] [limit N] [fields=(…)|all]",
            "\(noun) remove \(key)\(s.hasOwnID ? " …" : "") [force]   or   \(noun) remove where <expr> [force]",
        ] + (s.kind == .measure ? [MeasureBenefit.usage, MeasureFromPractice.usage] : [])
            + (s.kind == .insider ? ["insider <asset>   (the path an insider faces and which insider controls matter most)"] : [])
            + (s.kind == .stakeholder ? ["stakeholder matrix   (who plays which role on which assets and measures)"] : [])
        var details = "Fields of \(noun):\n"
        for f in s.allFields {
            let req = f.required ? " (required)" : ""
            let def = f.defaultValue.map { " [default " + FieldCodec.display(f, paddedValues(f, $0)) + "]" } ?? ""
            details += "  \(f.name): \(f.type.summary)\(req)\(def) — \(f.doc)\n"
        }
        if !s.aliases.isEmpty { details += "Also written: \(s.aliases.joined(separator: ", "))\n" }
        return CommandSpec(
            name: noun, usage: usage, summary: s.doc, details: details, verbs: verbs + (s.kind == .measure ? ["benefit"] : []),
            modifies: { cmd in
                let v = verb(of: cmd)
                return v == "add" || v == "set" || removeVerbs.contains(v)
            },
            run: { session, cmd in try EntityVerbs(session: session, schema: s).run(cmd) },
            // The analyses under an entity's name; list orders in its query.
            ordersResults: { cmd in isAnalysis(s.kind, verb(of: cmd)) })
    }

    /// The verb of an entity command, lowercased ("" when there is none).
    static func verb(of cmd: Command) -> String {
        cmd.positional.count > 1 ? cmd.positional[1].text.lowercased() : ""
    }

    /// Whether `verb` names an analysis under the name of `kind` (`measure benefit`,
    /// `stakeholder matrix`, `insider <asset>`, which names no verb) rather than a record verb.
    static func isAnalysis(_ kind: EntityKind, _ verb: String) -> Bool {
        (kind == .measure && verb == "benefit") || (kind == .stakeholder && verb == "matrix") || (kind == .insider && !verbs.contains(verb))
    }

    /// Stored column values for a single default value (distribution/subject companions empty).
    static func paddedValues(_ f: Field, _ v: Value) -> [Value] {
        Columns.of(f).count == 2 ? (f.isDistribution ? [v, .null] : [.null, v]) : [v]
    }

    /// Identifiers must be non-empty and free of control characters.
    static func checkIdentifier(_ id: String) throws {
        guard !id.isEmpty else { throw RampartError.parse("invalid identifier \"\": an identifier cannot be empty") }
        guard !id.hasControlCharacters else {
            // Escaped as the language writes strings, so that the message stays one visible line.
            var shown = "\""
            for c in id.unicodeScalars {
                switch c {
                case "\n": shown += "\\n"
                case "\t": shown += "\\t"
                case "\"", "\\": shown += "\\" + String(c)
                case _ where c.properties.generalCategory == .control: shown += "\\u{" + String(c.value, radix: 16) + "}"
                default: shown.unicodeScalars.append(c)
                }
            }
            throw RampartError.parse("invalid identifier \(shown)\": an identifier cannot hold control characters such as a newline or a tab")
        }
    }
}

/// One verb applied to one entity.
struct EntityVerbs {
    let session: Session
    let schema: EntitySchema
    var db: Database { session.db }
    var table: String { Columns.quote(schema.table) }
    var noun: String { schema.kind.noun }

    func run(_ cmd: Command) throws -> CommandResult {
        guard cmd.positional.count >= 2 else {
            throw RampartError.parse("\(noun) needs a verb: \(EntityCommands.verbs.joined(separator: ", ")) (see 'help \(noun)')")
        }
        let verbToken = cmd.positional[1]
        let verb = EntityCommands.verb(of: cmd)
        let clauses: Clauses = switch verb {
        case "list": [.filter, .order, .limit]
        case "set": .filter
        case _ where EntityCommands.removeVerbs.contains(verb): .filter
        default: []
        }
        // `insider <asset>` names no verb.
        let namesNoVerb = schema.kind == .insider && EntityCommands.isAnalysis(.insider, verb)
        try cmd.checkClauses(namesNoVerb ? noun : "\(noun) \(verb)", clauses)
        switch verb {
        case "add": return try add(cmd)
        case "set": return try set(cmd)
        case "show": return try show(cmd)
        case "list": return try list(cmd)
        case _ where EntityCommands.removeVerbs.contains(verb): return try remove(cmd)
        case "benefit" where schema.kind == .measure: return try MeasureBenefit(session: session).run(cmd)
        case "matrix" where schema.kind == .stakeholder && cmd.positional.count == 2:
            try cmd.checkNoOptions("stakeholder matrix")
            return try StakeholderMatrix(session: session).run()
        case _ where schema.kind == .insider && cmd.positional.count == 2 && cmd.assignments.isEmpty:
            return try InsiderAnalysis(session: session).run(asset: verbToken)
        default:
            throw RampartError.parse("unknown verb \(verbToken.quoted) for \(noun)\(Suggest.hint(verbToken.text, in: EntityCommands.verbs)); verbs: \(EntityCommands.verbs.joined(separator: ", "))")
        }
    }

    // MARK: - Keys

    /// The positional key tokens of a command (after noun and verb), with `force` removed when allowed.
    func keyTokens(_ cmd: Command, allowForce: Bool = false) throws -> (keys: [Token], force: Bool) {
        var keys = Array(cmd.positional.dropFirst(2))
        var force = false
        if allowForce, let last = keys.last, last.kind == .word, last.text.lowercased() == "force" {
            keys.removeLast()
            force = true
        }
        if let arrow = cmd.arrowIndex {
            guard schema.kind == .dep, arrow == 3, keys.count == 2 else {
                throw RampartError.parse(schema.kind == .dep ? "write a dependency as <dependent> -> <provider>" : "'->' is only used in dependencies")
            }
        }
        return (keys, force)
    }

    /// Encoded key columns for the given key tokens; an omitted trailing key with a default takes it.
    func encodeKey(_ tokens: [Token]) throws -> [(String, Value)] {
        let required = schema.keys.filter { $0.defaultValue == nil }.count
        guard tokens.count <= schema.keys.count else {
            throw RampartError.parse("unexpected '\(tokens[schema.keys.count].text)': \(noun) is identified by \(schema.keyUsage), and fields are written name=value")
        }
        guard tokens.count >= required else {
            throw RampartError.parse("\(noun) is identified by \(schema.keyUsage); got \(counted(tokens.count, "value"))")
        }
        var out: [(String, Value)] = []
        for (i, f) in schema.keys.enumerated() {
            let values: [Value]
            if i < tokens.count {
                values = try session.codec.encode(f, tokens[i].kind == .string ? .string(tokens[i]) : .word(tokens[i]))
            } else {
                values = EntityCommands.paddedValues(f, f.defaultValue ?? .null)
            }
            out += zip(Columns.of(f), values).map { ($0, $1) }
        }
        return out
    }

    /// How a key reads in messages: `asset tpp-1`, `dep water-1 -> tpp-1`.
    func describe(_ tokens: [Token]) -> String {
        let parts = tokens.map(\.text)
        if schema.kind == .dep, parts.count == 2 { return "\(noun) \(parts[0]) -> \(parts[1])" }
        return ([noun] + parts).joined(separator: " ")
    }

    /// The row id of the record with this key, or nil.
    func find(_ key: [(String, Value)]) throws -> Int64? {
        let cond = key.map { "\(Columns.quote($0.0)) IS ?" }.joined(separator: " AND ")
        return try db.scalar("SELECT rid FROM \(table) WHERE \(cond)", key.map(\.1))?.integerValue
    }

    /// The row id of the record named by the command's key tokens, or a not-found error.
    func require(_ tokens: [Token]) throws -> Int64 {
        if schema.hasOwnID, tokens.count == 1 { return try session.rowID(schema.kind, tokens[0]) }
        guard let rid = try find(try encodeKey(tokens)) else { throw RampartError.notFound("no \(describe(tokens))") }
        return rid
    }

    /// Row ids selected by the command: by key, or by `where`.
    func targets(_ cmd: Command, keys: [Token]) throws -> [Int64] {
        if let filter = cmd.filter {
            guard keys.isEmpty else { throw RampartError.parse("give either a key or 'where', not both") }
            let (sql, params) = try FilterCompiler(schema: schema, session: session).compile(filter)
            var rids: [Int64] = []
            try db.query("SELECT rid FROM \(table) t WHERE \(sql) ORDER BY rid", params) { rids.append($0.int(0)) }
            return rids
        }
        guard !keys.isEmpty else { throw RampartError.parse("which \(noun)? usage: \(noun) \(cmd.positional[1].text.lowercased()) \(schema.keyUsage)") }
        if schema.hasOwnID { return try keys.map { try session.rowID(schema.kind, $0) } }
        return [try require(keys)]
    }

    // MARK: - Fields

    /// Encoded columns for the command's `key=value` assignments; keys other than an own id may not be assigned.
    func encodeAssignments(_ cmd: Command, allowID: Bool) throws -> [(String, Value)] {
        var seen: Set<String> = []
        var out: [(String, Value)] = []
        for a in cmd.assignments {
            guard let f = schema.field(a.key.text) else {
                let names = schema.fields.map(\.name)
                throw RampartError.parse("\(noun) has no field \(a.key.quoted)\(Suggest.hint(a.key.text, in: names)); see 'help \(noun)'")
            }
            let isKey = schema.keys.contains { $0.name == f.name }
            guard !isKey || (allowID && schema.hasOwnID) else {
                throw RampartError.parse("\(f.name) identifies the \(noun); give it positionally (\(schema.keyUsage))")
            }
            guard seen.insert(f.name).inserted else { throw RampartError.parse("\(f.name) given twice") }
            if isKey, let id = a.value.text { try EntityCommands.checkIdentifier(id) }
            out += zip(Columns.of(f), try session.codec.encode(f, a.value)).map { ($0, $1) }
        }
        return out
    }

    // MARK: - Verbs

    func add(_ cmd: Command) throws -> CommandResult {
        if schema.kind == .measure, cmd.positional.count == 5, cmd.positional[3].isWord("from") {
            return try MeasureFromPractice(session: session).add(cmd)
        }
        let (tokens, _) = try keyTokens(cmd)
        for (f, t) in zip(schema.keys, tokens) where schema.isIdentifier(f) { try EntityCommands.checkIdentifier(t.text) }
        let key = try encodeKey(tokens)
        if try find(key) != nil {
            throw RampartError.constraint("\(describe(tokens)) already exists; use '\(noun) set' to change it")
        }
        var columns = key + (try encodeAssignments(cmd, allowID: false))
        let given = Set(columns.map(\.0))
        for f in schema.fields where !given.contains(f.name) && !given.contains(f.name + "_kind") {
            if f.required {
                throw RampartError.parse("\(noun) add needs \(f.name)=… (\(f.type.summary)); see 'help \(noun)'")
            }
            if f.name == "tlp" { columns.append(("tlp", try session.setting("default_tlp"))); continue }
            if let d = f.defaultValue { columns += zip(Columns.of(f), EntityCommands.paddedValues(f, d)).map { ($0, $1) } }
        }
        let names = columns.map { Columns.quote($0.0) }.joined(separator: ", ")
        let marks = Array(repeating: "?", count: columns.count).joined(separator: ", ")
        try db.execute("INSERT INTO \(table) (\(names)) VALUES (\(marks))", columns.map(\.1))
        let rid = db.lastInsertRowID
        let warnings = try EntityRules.check(schema.kind, rid: rid, session: session)
        session.noteChange("\(describe(tokens)) added")
        return .note("added \(describe(tokens))", changes: 1, warnings: warnings)
    }

    func set(_ cmd: Command) throws -> CommandResult {
        let (tokens, _) = try keyTokens(cmd)
        let rids = try targets(cmd, keys: tokens)
        let columns = try encodeAssignments(cmd, allowID: true)
        guard !columns.isEmpty else { throw RampartError.parse("\(noun) set needs at least one field=value") }
        let assign = columns.map { "\(Columns.quote($0.0)) = ?" }.joined(separator: ", ")
        var warnings: [String] = []
        for rid in rids {
            try session.checkInterrupt()
            do {
                try db.execute("UPDATE \(table) SET \(assign) WHERE rid = ?", columns.map(\.1) + [.integer(rid)])
            } catch let e as RampartError where e.kind == .constraint && schema.hasOwnID {
                throw RampartError.constraint("another \(noun) already has that id")
            }
            warnings += try EntityRules.check(schema.kind, rid: rid, session: session)
        }
        let what = cmd.filter == nil ? describe(tokens) : "\(rids.count) \(rids.count == 1 ? noun : schema.plural)"
        session.noteChange("\(what) updated (\(cmd.assignments.map(\.key.text).joined(separator: ", ")))", count: rids.count)
        return .note("updated \(what)", changes: rids.count, warnings: warnings)
    }

    func show(_ cmd: Command) throws -> CommandResult {
        try cmd.checkNoOptions("\(noun) show")
        let (tokens, _) = try keyTokens(cmd)
        let rid = try require(tokens)
        var table = ResultTable(columns: [ResultColumn("field", .text), ResultColumn("value", .text)])
        let records = try RecordReader(schema: schema, session: session, fields: schema.allFields)
            .read(where: "t.rid = ?", [.integer(rid)], order: nil, limit: nil)
        guard let r = records.rows.first else { throw RampartError.notFound("no \(describe(tokens))") }
        for (j, f) in schema.allFields.enumerated() where !(r[j].isNull) {
            table.append([.text(f.name), .text(records.text(0, j))])
        }
        return CommandResult(table: table)
    }

    func list(_ cmd: Command) throws -> CommandResult {
        let (tokens, _) = try keyTokens(cmd)
        guard tokens.isEmpty else { throw RampartError.parse("list takes no ids; filter with 'where', e.g. \(noun) list where id = \(tokens[0].text)") }
        var fields = schema.listFields
        for a in cmd.assignments {
            guard a.key.text.lowercased() == "fields" else {
                throw RampartError.parse("list takes fields=(…) or fields=all, not \(a.key.quoted)")
            }
            if a.value.text?.lowercased() == "all" { fields = schema.allFields; continue }
            fields = try a.value.elements.map { v in
                guard let name = v.text, let f = schema.field(name) else {
                    throw RampartError.parse("\(noun) has no field \(v.token.quoted)\(Suggest.hint(v.token.text, in: schema.allFields.map(\.name)))")
                }
                return f
            }
        }
        var whereSQL: String?
        var params: [Value] = []
        if let filter = cmd.filter {
            let (sql, p) = try FilterCompiler(schema: schema, session: session).compile(filter)
            whereSQL = sql
            params = p
        }
        var order: String?
        if let (token, desc) = cmd.orderBy {
            let f = try FilterCompiler(schema: schema, session: session).field(token)
            order = Columns.readExpression(f) + (desc ? " DESC" : " ASC") + ", t.rid"
        }
        let table = try RecordReader(schema: schema, session: session, fields: fields)
            .read(where: whereSQL, params, order: order, limit: cmd.limit)
        return CommandResult(table: table)
    }

    func remove(_ cmd: Command) throws -> CommandResult {
        let (tokens, force) = try keyTokens(cmd, allowForce: true)
        let rids = try targets(cmd, keys: tokens)
        var dependents = 0
        for rid in rids {
            try session.checkInterrupt()
            let refs = try Integrity.referrers(of: schema.kind, rid: rid, session: session)
            let total = refs.reduce(0) { $0 + $1.count }
            if total > 0 && !force {
                let what = refs.map { "\($0.count) \($0.count == 1 ? $0.schema.singular : $0.schema.plural)\($0.role)" }
                let name = cmd.filter == nil ? describe(tokens) : "a selected \(noun)"
                throw RampartError.constraint("\(name) is still used by \(what.joined(separator: ", ")); add 'force' to remove them too")
            }
            // Foreign keys cascade to dependent records (and triggers to stakeholder roles);
            // total changes count them all.
            let before = db.totalChanges
            try db.execute("DELETE FROM \(table) WHERE rid = ?", [.integer(rid)])
            dependents += db.totalChanges - before - 1
        }
        let what = cmd.filter == nil ? describe(tokens) : "\(rids.count) \(rids.count == 1 ? noun : schema.plural)"
        let extra = dependents > 0 ? " and \(counted(dependents, "dependent record"))" : ""
        session.noteChange("\(what) removed\(extra)", count: rids.count + dependents)
        return .note("removed \(what)\(extra)", changes: rids.count + dependents)
    }
}
