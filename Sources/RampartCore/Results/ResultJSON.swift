/// The JSON form of command results (rampart_exec_json, `.mode json`).
extension CommandResult {
    /// `{"command": …, "columns": […], "rows": […], "output": […], "notes": […], "warnings": […], "changes": N}`.
    public func json(command: String) -> JSON {
        var members: [(String, JSON)] = [("command", .string(command))]
        if let t = table {
            members.append(("columns", .array(t.columns.map { c in
                .object([("name", .string(c.name)), ("type", .string(c.type.name)), ("unit", .string(c.unit))])
            })))
            members.append(("rows", .array(t.rows.map { .array($0.map(\.json)) })))
        } else {
            members.append(("columns", .array([])))
            members.append(("rows", .array([])))
        }
        members.append(("output", .array(messages.map { .string($0) })))
        members.append(("notes", .array(notes.map { .string($0) })))
        members.append(("warnings", .array(warnings.map { .string($0) })))
        members.append(("changes", .number(Double(changes))))
        return .object(members)
    }
}

extension ColumnType {
    /// "integer", "real" or "text".
    public var name: String {
        switch self {
        case .integer: "integer"
        case .real: "real"
        case .text: "text"
        }
    }
}

extension Value {
    /// The value as JSON.
    public var json: JSON {
        switch self {
        case .null: .null
        case .integer(let i): .number(Double(i))
        case .real(let d): .number(d)
        case .text(let s): .string(s)
        }
    }
}
