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
            if before.count == 1 {
                candidates = spec.name == "help" ? CommandRegistry.commands.map(\.name) : spec.verbs
            } else if spec.name == "settings", before.count == 2 {
                if let eq = current.firstIndex(of: "="), let f = SettingsCatalog.field(String(current[..<eq])) {
                    candidates = try valueCandidates(f)
                } else {
                    candidates = SettingsCatalog.fields.map { $0.name + "=" }
                }
            } else if let schema = EntitySchema.named(before[0]) {
                candidates = try entityCandidates(schema, before: before, current: current)
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
        if let eq = current.firstIndex(of: "=") {
            guard let f = schema.field(String(current[..<eq])) else { return [] }
            return try valueCandidates(f)
        }
        if let last = before.last?.lowercased(), ["where", "and", "or", "by", "not"].contains(last) {
            return schema.allFields.map(\.name)
        }
        // A value after a comparison in a filter: `where sector = en…`.
        if before.count >= 2, ["=", "!=", "in", "(in"].contains(before[before.count - 1].lowercased()),
           let f = schema.field(before[before.count - 2]) {
            return try valueCandidates(f)
        }
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
