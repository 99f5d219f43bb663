/// A lexical token of the command language.
public struct Token: Sendable, Equatable {
    public enum Kind: Sendable, Equatable {
        /// A bare word: keyword, identifier, number or quantity (`tpp-1`, `12h`, `40%`).
        case word
        /// A double-quoted string, escapes resolved.
        case string
        /// Punctuation or an operator: `( ) , = != < <= > >= ->`.
        case symbol
        /// The end of one command (`;` or a newline outside parentheses).
        case end
    }

    public let kind: Kind
    public let text: String
    /// 1-based line of the token's first character within the input.
    public let line: Int
    /// Offset of the token in unicode scalars from the start of the input.
    public let offset: Int

    /// Whether this is the bare word `w`, case-insensitively.
    public func isWord(_ w: String) -> Bool { kind == .word && text.lowercased() == w }
    /// Whether this is the symbol `s`.
    public func isSymbol(_ s: String) -> Bool { kind == .symbol && text == s }

    /// How the token reads in an error message.
    public var quoted: String {
        switch kind {
        case .end: "end of command"
        case .string: "\"\(text)\""
        default: "'\(text)'"
        }
    }
}

/// Splits command text into tokens. Works over unicode scalars so a combining mark can never
/// merge with a quote.
public struct Lexer {
    /// Why a text is not complete yet (for multi-line entry), or nil when it is.
    public enum Incomplete: Sendable { case openString, openParenthesis, continuation }

    static func isWordScalar(_ c: Unicode.Scalar) -> Bool {
        switch c {
        case "a"..."z", "A"..."Z", "0"..."9", "_", ".", ":", "%", "/", "+", "-", "*", "?", "[", "]", "@": true
        default: c.value >= 0x80 && !c.properties.isWhitespace
        }
    }

    /// Tokenises `text`. Throws a parse error for an unterminated string or a stray character.
    public static func tokenize(_ text: String) throws -> [Token] {
        let (tokens, incomplete) = try scan(text)
        if incomplete == .openString { throw RampartError.parse("unterminated string: a closing \" is missing") }
        if incomplete == .openParenthesis { throw RampartError.parse("a closing parenthesis is missing") }
        if let last = tokens.last, last.kind != .end {
            return tokens + [Token(kind: .end, text: "", line: last.line, offset: text.unicodeScalars.count)]
        }
        return tokens
    }

    /// Whether `text` holds only complete commands: no open string or parenthesis, no trailing
    /// backslash and no trailing operator or keyword that needs an operand.
    public static func isComplete(_ text: String) -> Bool {
        guard let (_, incomplete) = try? scan(text) else { return true }
        return incomplete == nil
    }

    /// Whether a command whose last token is `t` needs more: a line ending with an operator,
    /// a comma or one of the keywords that take an operand continues on the next line.
    static func wantsOperand(_ t: Token) -> Bool {
        if t.kind == .symbol { return ["=", "!=", "<", "<=", ">", ">=", "->", ","].contains(t.text) }
        if t.kind == .word { return ["where", "and", "or", "not", "in", "by", "order", "glob"].contains(t.text.lowercased()) }
        return false
    }

    /// The operator spelled by two characters (`<>` and `==` are read as `!=` and `=`), or nil.
    static func twoCharacterSymbol(_ a: Unicode.Scalar, _ b: Unicode.Scalar) -> String? {
        switch (a, b) {
        case ("!", "="), ("<", ">"): "!="
        case ("<", "="): "<="
        case (">", "="): ">="
        case ("=", "="): "="
        default: nil
        }
    }

    /// The text of a run of scalars (a token, a command's source); ASCII runs, the usual case,
    /// are copied byte for byte.
    static func spelling(_ run: ArraySlice<Unicode.Scalar>) -> String {
        guard run.allSatisfy({ $0.isASCII }) else {
            var view = String.UnicodeScalarView()
            view.append(contentsOf: run)
            return String(view)
        }
        return String(unsafeUninitializedCapacity: run.count) { buffer in
            for (k, c) in run.enumerated() { buffer[k] = UInt8(c.value) }
            return run.count
        }
    }

    static func scan(_ text: String) throws -> ([Token], Incomplete?) {
        let s = Array(text.unicodeScalars)
        var tokens: [Token] = []
        var i = 0, line = 1, depth = 0
        func endCommand(at offset: Int) {
            if let last = tokens.last, last.kind != .end { tokens.append(Token(kind: .end, text: "", line: line, offset: offset)) }
        }
        while i < s.count {
            let c = s[i]
            if c == "\n" {
                if depth == 0, let last = tokens.last, !wantsOperand(last) { endCommand(at: i) }
                line += 1; i += 1; continue
            }
            if c == " " || c == "\t" || c == "\r" || (c.value >= 0x80 && c.properties.isWhitespace) { i += 1; continue }
            if c == "\\" {
                // A backslash before the end of the line continues the command.
                var j = i + 1
                while j < s.count, s[j] == " " || s[j] == "\t" || s[j] == "\r" { j += 1 }
                if j == s.count { return (tokens, .continuation) }
                if s[j] == "\n" { line += 1; i = j + 1; continue }
                throw RampartError.parse("line \(line): stray backslash")
            }
            if c == "#" {
                while i < s.count, s[i] != "\n" { i += 1 }
                continue
            }
            if c == ";" { endCommand(at: i); i += 1; continue }
            if c == "\"" {
                let start = i, startLine = line
                var value = String.UnicodeScalarView()
                i += 1
                var closed = false
                while i < s.count {
                    let d = s[i]
                    if d == "\"" { closed = true; i += 1; break }
                    if d == "\\", i + 1 < s.count {
                        let e = s[i + 1]
                        switch e {
                        case "n": value.append("\n")
                        case "t": value.append("\t")
                        case "\"", "\\": value.append(e)
                        default: value.append("\\"); value.append(e)
                        }
                        i += 2; continue
                    }
                    if d == "\n" { line += 1 }
                    value.append(d); i += 1
                }
                if !closed { return (tokens, .openString) }
                tokens.append(Token(kind: .string, text: String(value), line: startLine, offset: start))
                continue
            }
            if c == "-", i + 1 < s.count, s[i + 1] == ">" {
                tokens.append(Token(kind: .symbol, text: "->", line: line, offset: i)); i += 2; continue
            }
            if isWordScalar(c) {
                let start = i
                while i < s.count, isWordScalar(s[i]) {
                    if s[i] == "-", i + 1 < s.count, s[i + 1] == ">" { break }
                    i += 1
                }
                tokens.append(Token(kind: .word, text: spelling(s[start..<i]), line: line, offset: start))
                continue
            }
            if i + 1 < s.count, let pair = twoCharacterSymbol(c, s[i + 1]) {
                tokens.append(Token(kind: .symbol, text: pair, line: line, offset: i))
                i += 2; continue
            }
            switch c {
            case "(": depth += 1
            case ")": depth = max(0, depth - 1)
            case ",", "=", "<", ">": break
            case "'", "\u{2018}", "\u{2019}":
                throw RampartError.parse("line \(line): unexpected character '\(Character(c))': text is quoted with double quotes, \"like this\"")
            default: throw RampartError.parse("line \(line): unexpected character '\(Character(c))'")
            }
            tokens.append(Token(kind: .symbol, text: String(Character(c)), line: line, offset: i))
            i += 1
        }
        if depth > 0 { return (tokens, .openParenthesis) }
        if let last = tokens.last, wantsOperand(last) { return (tokens, .continuation) }
        endCommand(at: s.count)
        return (tokens, nil)
    }
}
