/// A value written in a command: a word, a string, a parenthesised list or a function call
/// such as `pert(1/yr, 2/yr, 5/yr)`.
public indirect enum ArgValue: Sendable {
    case word(Token)
    case string(Token)
    case list([ArgValue], Token)
    case call(Token, [ArgValue])

    /// The token to point at in error messages.
    public var token: Token {
        switch self {
        case .word(let t), .string(let t), .list(_, let t), .call(let t, _): t
        }
    }

    /// The plain text of a word or string.
    public var text: String? {
        switch self {
        case .word(let t), .string(let t): t.text
        default: nil
        }
    }

    /// The values of a list, or this value alone.
    public var elements: [ArgValue] {
        if case .list(let items, _) = self { return items }
        return [self]
    }
}

/// `key=value` in a command.
public struct Assignment: Sendable {
    public let key: Token
    public let value: ArgValue
}

/// A filter of `list … where`.
public indirect enum Expr: Sendable {
    case compare(field: Token, op: String, value: ArgValue)
    case inList(field: Token, values: [ArgValue], negated: Bool)
    case glob(field: Token, pattern: ArgValue, negated: Bool)
    case isNull(field: Token, negated: Bool)
    case and(Expr, Expr)
    case or(Expr, Expr)
    case not(Expr)
}

/// One parsed command in the generic shape
/// `<word> <word|id>… [key=value]… [where expr] [order by field [asc|desc]] [limit N]`.
public struct Command: Sendable {
    /// The source text of the command.
    public let text: String
    /// 1-based line where it starts within the input.
    public let line: Int
    /// Bare words and strings in order (noun, verb, ids, flags such as `force`).
    public var positional: [Token]
    /// Whether `->` appeared between positional words (dependencies).
    public var arrowIndex: Int?
    public var assignments: [Assignment]
    public var filter: Expr?
    public var orderBy: (field: Token, descending: Bool)?
    public var limit: Int?
    /// Tokens after `by` that are not order-by (`risk top 10 by sector`).
    public var byWord: Token?
}
