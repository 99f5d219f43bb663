/// Parses command text into `Command`s.
public enum Parser {
    /// Parses every command in `text`. Throws a parse error naming the offending token.
    public static func parse(_ text: String) throws -> [Command] {
        let tokens = try Lexer.tokenize(text)
        let scalars = Array(text.unicodeScalars)
        var commands: [Command] = []
        var start = 0
        for (i, t) in tokens.enumerated() where t.kind == .end {
            if i > start {
                let slice = Array(tokens[start..<i])
                let from = slice[0].offset, to = min(t.offset, scalars.count)
                let source = Lexer.spelling(scalars[from..<max(from, to)])
                var p = CommandParser(tokens: slice, end: t)
                commands.append(try p.parse(text: source.trimmingTrailingSpace))
            }
            start = i + 1
        }
        return commands
    }
}

struct CommandParser {
    let tokens: [Token]
    let end: Token
    var i = 0
    /// Conditions of the filter so far, and how deeply 'not' and parentheses nest at this point
    /// in the filter and in a value: all are bounded, so that parsing and compiling never recurse
    /// deeper than a thread's stack allows, nor nest a filter's SQL deeper than SQLite's parser
    /// takes (about 30 levels of parenthesised `and` and `or`) or its expression depth (1000).
    private var conditions = 0, nesting = 0, valueNesting = 0
    static let maximumConditions = 500, maximumNesting = 24

    init(tokens: [Token], end: Token) {
        self.tokens = tokens
        self.end = end
    }

    var peek: Token { i < tokens.count ? tokens[i] : end }
    func peek(_ k: Int) -> Token { i + k < tokens.count ? tokens[i + k] : end }
    mutating func next() -> Token { defer { i += 1 }; return peek }

    mutating func parse(text: String) throws -> Command {
        var cmd = Command(text: text, line: tokens.first?.line ?? 1, positional: [], arrowIndex: nil, assignments: [])
        while peek.kind != .end {
            let t = peek
            if t.isWord("where"), cmd.positional.count >= 1 {
                _ = next()
                guard cmd.filter == nil else { throw RampartError.parse("'where' given twice") }
                cmd.filter = try parseOr()
                try checkConditionEnd()
            } else if t.isWord("order"), peek(1).isWord("by") {
                _ = next(); _ = next()
                guard cmd.orderBy == nil else { throw RampartError.parse("'order by' given twice") }
                let field = next()
                guard field.kind == .word else { throw RampartError.parse("expected a field name after 'order by', got \(field.quoted)") }
                var descending = false
                if peek.isWord("desc") { descending = true; _ = next() } else if peek.isWord("asc") { _ = next() }
                cmd.orderBy = (field, descending)
            } else if t.isWord("limit"), peek(1).kind == .word, cmd.positional.count >= 1 {
                _ = next()
                let n = next()
                guard let v = Int(n.text), v >= 0 else { throw RampartError.parse("limit expects a whole number ≥ 0, got \(n.quoted)") }
                guard cmd.limit == nil else { throw RampartError.parse("'limit' given twice") }
                cmd.limit = v
            } else if t.isWord("by"), peek(1).kind == .word, !peek(2).isSymbol("=") {
                _ = next()
                guard cmd.byWord == nil else { throw RampartError.parse("'by' given twice") }
                cmd.byWord = next()
            } else if t.kind == .word, peek(1).isSymbol("=") {
                _ = next(); _ = next()
                guard peek.kind != .end else { throw RampartError.parse("\(t.text)= needs a value") }
                // A key given twice is a slip: which value was meant is not ours to guess.
                guard !cmd.assignments.contains(where: { $0.key.text.lowercased() == t.text.lowercased() }) else {
                    throw RampartError.parse("\(t.text) given twice")
                }
                let value = try parseValue()
                try Self.checkNumberSpelling(key: t, value, followedBy: peek)
                cmd.assignments.append(Assignment(key: t, value: value))
            } else if t.isSymbol("->") {
                _ = next()
                guard cmd.arrowIndex == nil else { throw RampartError.parse("'->' given twice") }
                cmd.arrowIndex = cmd.positional.count
            } else if t.kind == .word || t.kind == .string {
                cmd.positional.append(next())
            } else {
                throw RampartError.parse("unexpected \(t.quoted)")
            }
        }
        return cmd
    }

    /// A condition ends where the command does or another part begins: `order by`, `limit`,
    /// `by`, `top`, `force` or a name=value option. Any other word there is a slip, most often
    /// text with spaces left unquoted (`name = Central Station`) or a unit set apart from its
    /// number (`population > 5 k`).
    func checkConditionEnd() throws {
        let t = peek
        guard t.kind == .word || t.kind == .string else { return }
        if t.isWord("order") && peek(1).isWord("by") || peek(1).isSymbol("=") { return }
        if ["limit", "by", "top", "force"].contains(where: { t.isWord($0) }) { return }
        throw RampartError.parse("unexpected \(t.quoted) after the where condition: quote text that has spaces "
                                 + "(\"Central Station\") and write a unit next to its number (5k, 3d)")
    }

    /// Two slips in writing a number that would otherwise read as something else: a thousands
    /// separator (`population=1,200`, which left alone is a stray comma) and a unit set apart
    /// from its number (`recovery=36 h`, which left alone names a record 'h').
    static func checkNumberSpelling(key: Token, _ value: ArgValue, followedBy next: Token) throws {
        guard case .word(let number) = value, DecimalText.double(number.text) != nil else { return }
        if next.isSymbol(","), next.offset == number.offset + number.text.unicodeScalars.count {
            throw RampartError.parse("\(key.text)=\(number.text),…: numbers take no thousands separators (write 1200 or 1.2k); "
                                     + "a list is written in parentheses, \(key.text)=(a, b)")
        }
        if next.kind == .word, Quantity.kindOfUnit(next.text) != nil {
            throw RampartError.parse("\(key.text)=\(number.text) \(next.text): write the unit next to its number, \(key.text)=\(number.text)\(next.text)")
        }
    }

    /// value := word [ '(' args ')' ] | string | '(' value {, value} ')'
    mutating func parseValue() throws -> ArgValue {
        guard valueNesting <= Self.maximumNesting else { throw RampartError.parse("a value nests parentheses more than \(Self.maximumNesting) deep") }
        valueNesting += 1
        defer { valueNesting -= 1 }
        let t = next()
        switch t.kind {
        case .string: return .string(t)
        case .word:
            if peek.isSymbol("("), peek.offset == t.offset + t.text.unicodeScalars.count {
                _ = next()
                return .call(t, try parseItems())
            }
            return .word(t)
        case .symbol where t.text == "(":
            return .list(try parseItems(), t)
        default:
            throw RampartError.parse("expected a value, got \(t.quoted)")
        }
    }

    /// Items up to and including the closing parenthesis.
    mutating func parseItems() throws -> [ArgValue] {
        var items: [ArgValue] = []
        if peek.isSymbol(")") { _ = next(); return items }
        while true {
            items.append(try parseValue())
            let t = next()
            if t.isSymbol(")") { return items }
            guard t.isSymbol(",") else { throw RampartError.parse("expected ',' or ')', got \(t.quoted)") }
        }
    }

    mutating func parseOr() throws -> Expr {
        var e = try parseAnd()
        while peek.isWord("or") { _ = next(); e = .or(e, try parseAnd()) }
        return e
    }

    mutating func parseAnd() throws -> Expr {
        var e = try parseNot()
        while peek.isWord("and") { _ = next(); e = .and(e, try parseNot()) }
        return e
    }

    mutating func parseNot() throws -> Expr {
        guard nesting <= Self.maximumNesting else {
            throw RampartError.parse("the filter nests 'not' and parentheses more than \(Self.maximumNesting) deep")
        }
        nesting += 1
        defer { nesting -= 1 }
        if peek.isWord("not") { _ = next(); return .not(try parseNot()) }
        if peek.isSymbol("(") {
            _ = next()
            let e = try parseOr()
            let t = next()
            guard t.isSymbol(")") else { throw RampartError.parse("expected ')', got \(t.quoted)") }
            return e
        }
        return try parseComparison()
    }

    mutating func parseComparison() throws -> Expr {
        conditions += 1
        guard conditions <= Self.maximumConditions else {
            throw RampartError.parse("the filter has more than \(Self.maximumConditions) conditions; name many values at once with 'in (…)'")
        }
        let field = next()
        guard field.kind == .word else { throw RampartError.parse("expected a field name, got \(field.quoted)") }
        var negated = false
        if peek.isWord("not") { _ = next(); negated = true }
        let op = next()
        if op.isWord("in") {
            let open = next()
            guard open.isSymbol("(") else { throw RampartError.parse("expected '(' after 'in', got \(open.quoted)") }
            return .inList(field: field, values: try parseItems(), negated: negated)
        }
        if op.isWord("glob") {
            return .glob(field: field, pattern: try parseValue(), negated: negated)
        }
        if op.isWord("is") {
            var isNot = negated
            if peek.isWord("not") { _ = next(); isNot.toggle() }
            let n = next()
            guard n.isWord("null") else { throw RampartError.parse("expected 'null' after 'is', got \(n.quoted)") }
            return .isNull(field: field, negated: isNot)
        }
        guard !negated else { throw RampartError.parse("'not' after a field must be followed by 'in' or 'glob'") }
        guard op.kind == .symbol, ["=", "!=", "<", "<=", ">", ">="].contains(op.text) else {
            throw RampartError.parse("expected a comparison (=, !=, <, <=, >, >=, in, glob, is) after \(field.quoted), got \(op.quoted)")
        }
        return .compare(field: field, op: op.text, value: try parseValue())
    }
}

extension String {
    /// The string without trailing whitespace.
    var trimmingTrailingSpace: String {
        var s = Substring(self)
        while let l = s.last, l.isWhitespace { s = s.dropLast() }
        return String(s)
    }
}
