/// Tab completion: candidates for the word being typed at the end of a partial line.
extension Session {
    /// Candidates that complete the last word of `line`: commands, verbs, field names (with a
    /// trailing `=`), keywords, vocabulary words and the assessment's ids.
    public func completions(for line: String) throws -> [String] {
        let words = Self.words(line).filter { $0 != "->" }
        let current = line.last.map { $0 == " " || $0 == "\t" } ?? true ? "" : (words.last ?? "")
        let before = current.isEmpty ? words : Array(words.dropLast())
        var candidates: [String] = []
        if before.isEmpty {
            candidates = CommandRegistry.commands.map(\.name)
        } else if let spec = CommandRegistry.find(before[0]) {
            if spec.name == "help" {
                candidates = before.count == 1 ? CommandRegistry.commands.map(\.name) : []
            } else if before.count == 1, spec.name == "settings" || EntitySchema.named(before[0]) != nil {
                candidates = spec.verbs
            } else if spec.name == "settings", before.count == 2 {
                if let eq = current.firstIndex(of: "="), let f = SettingsCatalog.field(String(current[..<eq])) {
                    candidates = try valueCandidates(f)
                } else {
                    candidates = SettingsCatalog.fields.map { $0.name + "=" }
                }
            } else if let schema = EntitySchema.named(before[0]) {
                candidates = try entityCandidates(schema, before: before, current: current)
            } else if before.count == 1, UsageGrammar.requiresSubcommand(spec) {
                candidates = spec.verbs
            } else {
                let verbs = before.count == 1 && !current.contains("=") ? spec.verbs : []
                candidates = try verbs + usageCandidates(spec, before: before, current: current)
            }
        }
        let prefix: String
        var valuePrefix = ""
        if let eq = current.firstIndex(of: "=") {
            valuePrefix = String(current[...eq])
            prefix = String(current[current.index(after: eq)...])
        } else {
            prefix = current
        }
        let lower = prefix.lowercased()
        var seen: Set<String> = []
        return candidates.filter { $0.lowercased().hasPrefix(lower) && seen.insert($0).inserted }.sorted().map { valuePrefix + $0 }
    }

    private func entityCandidates(_ schema: EntitySchema, before: [String], current: String) throws -> [String] {
        let verb = before[1].lowercased()
        // `fields=(id, na…`: the fields, after the parenthesis or a comma.
        if current.lowercased().hasPrefix("fields=(") { return schema.allFields.map { "(" + $0.name } }
        if let open = before.lastIndex(where: { $0.lowercased().hasPrefix("fields=(") }), !before[open...].contains(where: { $0.contains(")") }) {
            return schema.allFields.map(\.name)
        }
        if let eq = current.firstIndex(of: "=") {
            guard let f = schema.field(String(current[..<eq])) else { return [] }
            return try valueCandidates(f)
        }
        if before.last?.lowercased() == "by" { return schema.allFields.map(\.name) }  // order by
        if let inFilter = try filterCandidates(schema, before: before) { return inFilter }
        var out: [String] = []
        let keysGiven = before.count - 2
        if ["set", "show", "remove", "add"].contains(verb), keysGiven < schema.keys.count, verb != "add" || keysGiven > 0 {
            out += schema.hasOwnID ? try ids(schema.kind) : try valueCandidates(schema.keys[keysGiven])
        }
        if verb == "add" && keysGiven == 0, case .reference = schema.keys[0].type {
            out += try valueCandidates(schema.keys[0])
        }
        let keysComplete = keysGiven >= schema.keys.filter { $0.defaultValue == nil }.count
        if (verb == "add" || verb == "set") && keysComplete { out += schema.fields.map { $0.name + "=" } }
        if verb == "list" { out += ["where", "order", "by", "limit", "desc", "fields="] }
        if verb == "set" || verb == "remove" { out += ["where"] }
        if verb == "remove" { out += ["force"] }
        if schema.kind == .dep, verb != "list", keysGiven == 1 { out.append("->") }
        return out
    }

    /// In a `where` clause: the fields after `where`, `and`, `or` or `not`, and a field's values
    /// after a comparison (`where sector = en…`); nil elsewhere.
    private func filterCandidates(_ schema: EntitySchema, before: [String]) throws -> [String]? {
        guard let last = before.last?.lowercased() else { return nil }
        if ["where", "and", "or", "not"].contains(last) { return schema.allFields.map(\.name) }
        if before.count >= 2, ["=", "!=", "in", "(in"].contains(last), let f = schema.field(before[before.count - 2]) {
            return try valueCandidates(f)
        }
        return nil
    }

    /// For an analysis or a tool command: what its usage lines say may come next (options and
    /// their values, words after `by`, keywords, ids), or a filter's fields and values.
    private func usageCandidates(_ spec: CommandSpec, before: [String], current: String) throws -> [String] {
        let grammar = UsageGrammar(spec, typed: before.dropFirst())
        if let eq = current.firstIndex(of: "=") {
            let name = current[..<eq].lowercased()
            if let kind = grammar.optionIDs[name] { return try ids(kind).map { "(" + $0 } }
            return grammar.options[name] ?? []
        }
        if before.last?.lowercased() == "by" { return grammar.byWords }
        if let kind = grammar.filtered, before.contains(where: { $0.lowercased() == "where" }),
           let inFilter = try filterCandidates(kind.schema, before: before) {
            return inFilter
        }
        var out = grammar.options.keys.map { $0 + "=" } + grammar.keywords
        for kind in grammar.idKinds { out += try ids(kind) }
        return out
    }

    private func valueCandidates(_ f: Field) throws -> [String] {
        switch f.type {
        case .reference(let kind): return try ids(kind)
        case .subject: return try ids(.asset) + ids(.measure)
        case .choice(let words): return words
        case .list(let words?): return words
        case .flag: return ["yes", "no"]
        default: return []
        }
    }

    private func ids(_ kind: EntityKind) throws -> [String] {
        var out: [String] = []
        try db.query("SELECT id FROM \(Columns.quote(kind.schema.table)) ORDER BY id LIMIT 5000", []) { r in
            if let s = r.text(0) { out.append(s) }
        }
        return out
    }

    /// Whitespace-separated words, quotes respected.
    static func words(_ line: String) -> [String] {
        var words: [String] = []
        var current = ""
        var quoted = false
        for c in line.unicodeScalars {
            if c == "\"" { quoted.toggle(); current.unicodeScalars.append(c); continue }
            if !quoted, c == " " || c == "\t" || c == "\n" {
                if !current.isEmpty { words.append(current); current = "" }
                continue
            }
            current.unicodeScalars.append(c)
        }
        if !current.isEmpty { words.append(current) }
        return words
    }
}
