/// Compiles a `where` expression over an entity into SQL with bound parameters, checking field
/// names (with suggestions) and parsing literals in each field's unit (`recovery >= 3d`).
struct FilterCompiler {
    let schema: EntitySchema
    let session: Session

    func compile(_ e: Expr) throws -> (String, [Value]) {
        var params: [Value] = []
        let sql = try emit(e, &params)
        return (sql, params)
    }

    func field(_ t: Token) throws -> Field {
        if let f = schema.field(t.text) { return f }
        let names = schema.allFields.map(\.name)
        throw RampartError.parse("\(schema.kind.noun) has no field \(t.quoted)\(Suggest.hint(t.text, in: names)); fields: \(names.joined(separator: ", "))")
    }

    /// The operands of a chain of `and` (or of `or`) in order, as the parser nests it: to the left.
    private func chain(_ e: Expr, and: Bool) -> [Expr] {
        var operands: [Expr] = [], e = e
        while true {
            switch (e, and) {
            case (.and(let left, let right), true), (.or(let left, let right), false):
                operands.append(right)
                e = left
            default:
                operands.append(e)
                return operands.reversed()
            }
        }
    }

    private func emit(_ e: Expr, _ p: inout [Value]) throws -> String {
        switch e {
        // A chain `a and b and c …` becomes one flat SQL chain: SQLite's parser allows only about
        // a hundred nested parentheses.
        case .and: return "(" + (try chain(e, and: true).map { try emit($0, &p) }).joined(separator: " AND ") + ")"
        case .or: return "(" + (try chain(e, and: false).map { try emit($0, &p) }).joined(separator: " OR ") + ")"
        case .not(let a): return "(NOT \(try emit(a, &p)))"
        case .isNull(let t, let negated):
            let f = try field(t)
            return Columns.readExpression(f) + (negated ? " IS NOT NULL" : " IS NULL")
        case .glob(let t, let pattern, let negated):
            let f = try field(t)
            guard let text = pattern.text else { throw RampartError.parse("glob expects a pattern such as \"*north*\"") }
            switch f.type {
            case .quantity, .distribution, .flag:
                throw RampartError.parse("glob matches text; \(f.name) is \(f.type.summary)")
            default: break
            }
            p.append(.text(text))
            // Case-insensitive, as analysts expect of a name search.
            return "(lower(\(Columns.readExpression(f))) GLOB lower(?))" + (negated ? " IS NOT 1" : "")
        case .inList(let t, let values, let negated):
            let f = try field(t)
            var items: [String] = []
            for v in values { items.append(try literal(f, v, &p)) }
            let list = items.isEmpty ? "NULL" : items.joined(separator: ", ")
            return "(\(comparand(f)) \(negated ? "NOT IN" : "IN") (\(list)))"
        case .compare(let t, let op, let value):
            let f = try field(t)
            if case .list = f.type, op == "=" || op == "!=" {
                guard let w = value.text else { throw RampartError.parse("\(f.name) = expects one word") }
                p.append(.text("*," + w + ",*"))
                return "((',' || ifnull(t.\(Columns.quote(f.name)), '') || ',') GLOB ?)" + (op == "!=" ? " IS NOT 1" : "")
            }
            let rhs = try literal(f, value, &p)
            let sqlOp = op == "!=" ? "IS NOT" : (op == "=" ? "IS" : op)
            return "(\(comparand(f)) \(sqlOp) \(rhs))"
        }
    }

    /// The SQL expression a literal is compared with: the raw row id for references (fast), the
    /// mean for distributions, the column otherwise.
    private func comparand(_ f: Field) -> String {
        switch f.type {
        case .reference: "t." + Columns.quote(f.name)
        default: Columns.readExpression(f)
        }
    }

    /// Appends the parameter(s) for a literal and returns the SQL placeholder.
    private func literal(_ f: Field, _ v: ArgValue, _ p: inout [Value]) throws -> String {
        guard let text = v.text else { throw RampartError.parse("\(f.name): expected a single value, got \(v.token.quoted)") }
        let token = v.token
        switch f.type {
        case .reference(let kind):
            // An unknown id in a filter is almost always a typo: say so rather than match nothing.
            p.append(.integer(try session.rowID(kind, token)))
            return "?"
        case .text, .date, .list, .subject:
            p.append(.text(text))
            return "?"
        case .distribution(let kind, _), .quantity(let kind, _):
            p.append(.real(try Quantity.parse(text, as: kind, field: f.name)))
            return "?"
        default:
            p.append(try session.codec.encodeScalar(f, token))
            return "?"
        }
    }
}
