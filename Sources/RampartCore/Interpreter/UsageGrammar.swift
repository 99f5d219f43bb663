/// What a command's usage lines say it takes, read from the lines themselves so that completion
/// follows the documentation: `cascade <asset>… [duration=<d>] [by sector]` takes asset ids,
/// the option `duration=` and `sector` after `by`. Only plain lowercase words count as values
/// (`method=exact|estimate`); placeholders such as `<d>`, `N` or `…` offer nothing, except
/// `<asset>`, `<threat>` and `<measure>`, which stand for the ids of those records.
struct UsageGrammar {
    /// Option names, each with the words it may take (empty when its value is free).
    private(set) var options: [String: [String]] = [:]
    /// Options whose values are the ids of a kind of record (`require=(<measure>, …)`).
    private(set) var optionIDs: [String: EntityKind] = [:]
    /// Words that may follow `by`.
    private(set) var byWords: [String] = []
    /// Bare words the command takes: `top`, `where`, `random`, `annual`…
    private(set) var keywords: [String] = []
    /// The kinds of record whose ids the command takes as positional words.
    private(set) var idKinds: [EntityKind] = []
    /// The kind of record a `where` clause filters.
    private(set) var filtered: EntityKind?

    /// The grammar of the usage lines of `spec` that fit the words typed after its name: for a
    /// command with subcommands (`simulate cascade`, `iim static`), the lines of that
    /// subcommand, with the lines that define a placeholder (`<source>: …`).
    init(_ spec: CommandSpec, typed words: ArraySlice<String>) {
        let sub = words.first?.lowercased()
        // `<asset filter>` is one placeholder; joined, it stays one chunk.
        let usage = spec.usage.map { $0.replacingAll(" filter>", with: "-filter>") }
        let definitions = usage.filter { $0.hasPrefix("<") }
        let forms = usage.filter { !$0.hasPrefix("<") }
        let ofSub = forms.filter { $0.split(separator: " ").dropFirst().first?.lowercased() == sub }
        for line in ofSub.isEmpty ? forms : ofSub { read(line.split(separator: " ").dropFirst(ofSub.isEmpty ? 1 : 2)) }
        for line in definitions { read(line.split(separator: " ").dropFirst()) }
    }

    /// Whether the command always names a subcommand first (`simulate cascade|annual`,
    /// `explain cascade|risk`), so that nothing else can come in its place.
    static func requiresSubcommand(_ spec: CommandSpec) -> Bool {
        let forms = spec.usage.filter { !$0.hasPrefix("<") }.map { $0.split(separator: " ") }
        return !forms.isEmpty && forms.allSatisfy { $0.count > 1 && isPlainWord(String($0[1])) }
    }

    private mutating func read(_ chunks: ArraySlice<Substring>) {
        var afterBy = false
        var depth = 0  // inside parentheses, words are placeholders: `window=(a, b)`, `(default)`
        for chunk in chunks {
            let text = String(chunk)
            let enclosed = depth > 0 || text.hasPrefix("(")
            depth = max(0, depth + text.count { $0 == "(" } - text.count { $0 == ")" })
            if let eq = text.firstIndex(of: "=") {
                let name = String(text[..<eq]).trimming("[(")
                guard Self.isPlainWord(name) else { continue }
                let value = text[text.index(after: eq)...]
                if !value.hasPrefix("(") {
                    options[name, default: []] += value.split(separator: "|").map { String($0).trimming("[];,") }.filter(Self.isPlainWord)
                } else if options[name] == nil {
                    options[name] = []
                }
                if let kind = Self.idKind(text) { optionIDs[name] = kind }
                afterBy = false
                continue
            }
            if enclosed { continue }
            // The words of the chunk after `by` are what `by` takes (`by asset|sector|threat`);
            // a `by` among them starts another such chunk (`by asset|by trial`).
            let followsBy = afterBy
            afterBy = false
            for alternative in text.split(separator: "|").map({ String($0).trimming("[]();,:") }) {
                if alternative == "by" {
                    keywords.append("by")
                    afterBy = true
                } else if let kind = Self.idKind(alternative) {
                    if alternative.hasSuffix("-filter>") { filtered = kind } else { idKinds.append(kind) }
                } else if Self.isPlainWord(alternative) {
                    if followsBy { byWords.append(alternative) } else { keywords.append(alternative) }
                }
            }
        }
    }

    /// The kind of record whose ids a placeholder stands for (`<asset>…`, `<measure>`).
    private static func idKind(_ text: String) -> EntityKind? {
        if text.contains("<asset") { return .asset }
        if text.contains("<threat") { return .threat }
        if text.contains("<measure") { return .measure }
        return nil
    }

    /// Whether `word` is a literal of the language (lowercase letters, digits and dashes) rather
    /// than a placeholder.
    static func isPlainWord(_ word: String) -> Bool {
        guard let first = word.unicodeScalars.first, ("a"..."z").contains(first) else { return false }
        return word.unicodeScalars.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "-" || $0 == "_" }
    }
}

extension String {
    /// The string without the characters of `set` at either end.
    func trimming(_ set: String) -> String {
        let drop = Set(set.unicodeScalars)
        var scalars = Substring(self).unicodeScalars
        while let f = scalars.first, drop.contains(f) { scalars.removeFirst() }
        while let l = scalars.last, drop.contains(l) { scalars.removeLast() }
        return String(scalars)
    }
}
