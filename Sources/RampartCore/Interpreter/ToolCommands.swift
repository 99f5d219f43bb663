/// Commands that are not entity verbs: help, settings, history, summary, import, export, snapshot.
enum ToolCommands {
    static let specs: [CommandSpec] = [
        CommandSpec(name: "help", usage: ["help", "help <command>"], summary: "list commands, or explain one",
                    details: "", verbs: [], modifies: { _ in false }, run: { _, cmd in try help(cmd) }),
        CommandSpec(name: "settings", usage: ["settings", "settings set <name>=<value> …"],
                    summary: "show or change the assessment's settings",
                    details: "Settings:\n" + SettingsCatalog.fields.map { "  \($0.name): \($0.type.summary) — \($0.doc)" }.joined(separator: "\n") + "\n",
                    verbs: ["set"], modifies: { $0.positional.count > 1 }, run: { s, cmd in try SettingsCommand(session: s).run(cmd) }),
        CommandSpec(name: "history", usage: ["history [limit N]"], summary: "the audit log: who changed what, when, with which command",
                    details: "", verbs: [], modifies: { _ in false }, run: { s, cmd in try history(s, cmd) }, ordersResults: { _ in false }),
        CommandSpec(name: "summary", usage: ["summary"], summary: "how many records of each kind the assessment holds",
                    details: "", verbs: [], modifies: { _ in false }, run: { s, cmd in try expectNoArguments(cmd); return try summary(s) }),
        CommandSpec(name: "import", usage: ["import assets|deps|threats|vulns <file.csv>", "import json <file.json>"],
                    summary: "load records from CSV or a whole assessment from JSON",
                    details: ImportExport.formatHelp, verbs: ImportExport.kinds,
                    modifies: { _ in true }, run: { s, cmd in try ImportExport(session: s).importCommand(cmd) }, loadsInBulk: true),
        CommandSpec(name: "export", usage: ["export assets|deps|threats|vulns [<file.csv>]", "export json [<file.json>]"],
                    summary: "write records as CSV, or the whole assessment as JSON (to a file, or as the result)",
                    details: ImportExport.formatHelp, verbs: ImportExport.kinds,
                    modifies: { _ in false }, run: { s, cmd in try ImportExport(session: s).exportCommand(cmd) }),
        CommandSpec(name: "snapshot", usage: ["snapshot"], summary: "build the analysis snapshot and report its size",
                    details: "The engines read a compact snapshot of the assessment (struct-of-arrays, CSR adjacency in both directions); it is rebuilt lazily after changes, except that an import of assets or dependencies extends it when the session holds it or the assessment is small.\nbytes: all numeric arrays; dependency_bytes: the dependency arrays and both CSR offset arrays; bytes_per_dependency = dependency_bytes / dependencies.\n",
                    verbs: [], modifies: { _ in false }, run: { s, cmd in try expectNoArguments(cmd); return try snapshotInfo(s) }),
    ]

    static func help(_ cmd: Command) throws -> CommandResult {
        guard cmd.positional.count <= 2 else { throw RampartError.parse("usage: help [<command>]") }
        try cmd.checkClauses("help", [])
        try cmd.checkNoOptions("help")
        if cmd.positional.count == 2 {
            let word = cmd.positional[1]
            guard let spec = CommandRegistry.find(word.text) else {
                throw RampartError.notFound("no command \(word.quoted)\(Suggest.hint(word.text, in: CommandRegistry.names))")
            }
            var text = spec.name + " — " + spec.summary + "\n\nUsage:\n"
            text += spec.usage.map { "  " + $0 }.joined(separator: "\n") + "\n"
            if !spec.details.isEmpty { text += "\n" + spec.details }
            return .message(text.trimmingTrailingSpace)
        }
        var table = ResultTable(columns: [ResultColumn("command", .text), ResultColumn("summary", .text)])
        for c in CommandRegistry.commands { table.append([.text(c.name), .text(c.summary)]) }
        return CommandResult(table: table, notes: ["Type 'help <command>' for its usage and fields. Quantities carry units: 12h, 3d, 1.5M, 40%, 0.2/yr. "
                                                               + "Analyses take 'order by <column> [desc]' and 'limit N' on their result."])
    }

    /// Refuses words, assignments and clauses a command does not take.
    static func expectNoArguments(_ cmd: Command, allowLimit: Bool = false) throws {
        let name = cmd.positional[0].text.lowercased()
        if cmd.positional.count > 1 { throw RampartError.parse("\(name) takes no \(cmd.positional[1].quoted); usage: \(CommandRegistry.find(name)?.usage.first ?? name)") }
        try cmd.checkNoOptions(name)
        try cmd.checkClauses(name, allowLimit ? .limit : [])
    }

    static func history(_ s: Session, _ cmd: Command) throws -> CommandResult {
        try expectNoArguments(cmd, allowLimit: true)
        var table = ResultTable(columns: [ResultColumn("n", .integer), ResultColumn("time", .text), ResultColumn("actor", .text),
                                          ResultColumn("command", .text), ResultColumn("changes", .text)])
        let limit = cmd.limit ?? 20
        var rows: [[Value]] = []
        try s.db.query("SELECT rid, time, actor, command, changes FROM audit ORDER BY rid DESC LIMIT ?", [.integer(Int64(limit))]) { r in
            rows.append([r.value(0), r.value(1), r.value(2), r.value(3), r.value(4)])
        }
        for r in rows.reversed() { table.append(r) }
        return CommandResult(table: table)
    }

    static func summary(_ s: Session) throws -> CommandResult {
        var table = ResultTable(columns: [ResultColumn("entity", .text), ResultColumn("count", .integer)])
        for e in EntitySchema.all {
            let n = try s.db.scalar("SELECT count(*) FROM \(Columns.quote(e.table))")?.integerValue ?? 0
            table.append([.text(e.plural), .integer(n)])
        }
        return CommandResult(table: table, notes: [try "assessment: " + (s.setting("name").string ?? "")])
    }

    static func snapshotInfo(_ s: Session) throws -> CommandResult {
        let snap = try s.snapshot()
        var table = ResultTable(columns: [ResultColumn("assets", .integer), ResultColumn("dependencies", .integer),
                                          ResultColumn("bytes", .integer), ResultColumn("dependency_bytes", .integer),
                                          ResultColumn("bytes_per_dependency", .real)])
        let perDep = snap.dependencyCount > 0 ? Double(snap.dependencyBytes) / Double(snap.dependencyCount) : 0
        table.append([.integer(Int64(snap.assetCount)), .integer(Int64(snap.dependencyCount)),
                      .integer(Int64(snap.byteCount)), .integer(Int64(snap.dependencyBytes)), .real(perDep)])
        return CommandResult(table: table)
    }
}

/// `settings` and `settings set`.
struct SettingsCommand {
    let session: Session

    func run(_ cmd: Command) throws -> CommandResult {
        if cmd.positional.count == 1 {
            guard cmd.assignments.isEmpty else { throw RampartError.parse("to change settings write: settings set name=value …") }
            try ToolCommands.expectNoArguments(cmd)
            return try show()
        }
        let verb = cmd.positional[1]
        guard verb.isWord("set"), cmd.positional.count == 2 else {
            throw RampartError.parse("unknown settings verb \(verb.quoted)\(Suggest.hint(verb.text, in: ["set"])); usage: settings set name=value …")
        }
        guard !cmd.assignments.isEmpty else { throw RampartError.parse("settings set needs name=value") }
        try cmd.checkClauses("settings set", [])
        let codec = session.codec
        var messages: [String] = []
        for a in cmd.assignments {
            guard let f = SettingsCatalog.field(a.key.text) else {
                let names = SettingsCatalog.fields.map(\.name)
                throw RampartError.parse("no setting \(a.key.quoted)\(Suggest.hint(a.key.text, in: names)); settings: \(names.joined(separator: ", "))")
            }
            let v = try codec.encode(f, a.value)[0]
            try BandTables.validate(setting: f.name, v)
            try session.db.execute("INSERT INTO setting(key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                                   [.text(f.name), v])
            session.noteChange("setting \(f.name)")
            messages.append("\(f.name) = \(FieldCodec.display(f, [v]))")
        }
        return CommandResult(notes: messages, changes: cmd.assignments.count)
    }

    func show() throws -> CommandResult {
        var table = ResultTable(columns: [ResultColumn("setting", .text), ResultColumn("value", .text), ResultColumn("description", .text)])
        for f in SettingsCatalog.fields {
            let v = try session.setting(f.name)
            table.append([.text(f.name), .text(FieldCodec.display(f, [v])), .text(f.doc)])
        }
        return CommandResult(table: table)
    }
}
