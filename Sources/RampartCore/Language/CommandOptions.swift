/// Small parsers shared by the analysis commands.
extension Command {
    /// `top N` after the first `skip` positional words (the command word, by default), or
    /// nothing: N, or nil when absent.
    func top(usage: String, after skip: Int = 1) throws -> Int? {
        let words = Array(positional.dropFirst(skip))
        guard !words.isEmpty else { return nil }
        guard words.count == 2, words[0].isWord("top") else { throw RampartError.parse("usage: \(usage)") }
        guard let n = Int(words[1].text), n > 0 else {
            throw RampartError.parse("top expects a whole number ≥ 1, got \(words[1].quoted); usage: \(usage)")
        }
        return n
    }
}

/// The clauses a command may take besides its words and options.
struct Clauses: OptionSet, Sendable {
    let rawValue: Int
    /// `where <expr>`.
    static let filter = Clauses(rawValue: 1)
    /// `order by <field> [desc]`.
    static let order = Clauses(rawValue: 2)
    /// `limit N`.
    static let limit = Clauses(rawValue: 4)
    /// `by <word>`.
    static let by = Clauses(rawValue: 8)
}

extension Command {
    /// Refuses the clauses `name` does not take, and a `by` word other than `byWords`. A clause
    /// left unread would answer another question than the one asked: `criticality by sector`
    /// would rank assets and say nothing. (The interpreter applies `order by` and `limit` to
    /// the analyses' tables before they see the command.)
    func checkClauses(_ name: String, _ allowed: Clauses, byWords: [String] = []) throws {
        let given: [(Clauses, Bool, String)] = [(.filter, filter != nil, "where"), (.order, orderBy != nil, "order by"),
                                                (.limit, limit != nil, "limit"), (.by, byWord != nil, "by")]
        for (clause, present, text) in given where present && !allowed.contains(clause) {
            throw RampartError.parse("\(name) takes no '\(text)' clause")
        }
        if let by = byWord, !byWords.contains(by.text.lowercased()) {
            throw RampartError.parse("\(name) takes by \(byWords.joined(separator: "|")); got \(by.quoted)\(Suggest.hint(by.text, in: byWords))")
        }
    }

    /// Refuses any `key=value` option, for commands that take none.
    func checkNoOptions(_ name: String) throws {
        if let a = assignments.first { throw RampartError.parse("\(name) takes no option \(a.key.text)=…") }
    }
}

extension Quantity {
    /// A time option of an analysis (`duration=`, `start=`, `horizon=`): a duration within
    /// `Bounds.durations`, as stored durations are.
    static func timeOption(_ text: String, _ key: String) throws -> Double {
        let v = try parse(text, as: .duration, field: key)
        guard Bounds.durations.contains(v) else {
            throw RampartError.range("\(key) must lie in \(Bounds.durations.describe(.duration)); got '\(text)'")
        }
        return v
    }
}

/// The options every seeded simulation takes: the number of runs, the seed and the first run.
struct SeededRange {
    var count: Int?
    var seed: UInt64?
    var first = 0

    /// Takes `countKey` (trials or years), `seed` and `first` from an assignment; returns false
    /// for any other key.
    mutating func take(_ key: String, _ text: String, countKey: String, limit: Int) throws -> Bool {
        switch key {
        case countKey:
            guard let n = Int(text), (1...limit).contains(n) else {
                throw RampartError.range("\(countKey) must be a whole number from 1 to \(Quantity.format(Double(limit), as: .count)); got '\(text)'")
            }
            count = n
        case "seed":
            guard let v = UInt64(text) else { throw RampartError.range("seed must be a whole number ≥ 0; got '\(text)'") }
            seed = v
        case "first":
            guard let v = Int(text), v >= 0 else { throw RampartError.range("first must be a whole number ≥ 0; got '\(text)'") }
            first = v
        default:
            return false
        }
        return true
    }

    /// The count and seed, which are required.
    func required(_ command: String, countKey: String) throws -> (count: Int, seed: UInt64) {
        guard let count else { throw RampartError.parse("\(command) needs \(countKey)=N") }
        guard let seed else { throw RampartError.parse("\(command) needs seed=S, so that the run can be repeated") }
        return (count, seed)
    }
}
