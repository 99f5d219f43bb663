import RampartCHeader
import RampartCore
#if canImport(Glibc)
import Glibc
#endif

@c @implementation
public func rampart_exec(_ db: OpaquePointer!, _ commands: UnsafePointer<CChar>!, _ cb: rampart_row_cb?,
                         _ payload: UnsafeMutableRawPointer!) -> Int32 {
    withSession(db) { handle, session in
        let text = try string(commands, "commands")
        handle.lastChanges = 0
        try session.execute(text) { _, result in
            handle.lastChanges = Int64(result.changes)
            guard let cb, let table = result.table else { return }
            try RowCallback.deliver(table, cb, payload)
        }
    }
}

/// Calls a `rampart_row_cb` for each row of a table, with C strings that live for the call.
enum RowCallback {
    static func deliver(_ table: ResultTable, _ cb: rampart_row_cb, _ payload: UnsafeMutableRawPointer?) throws {
        let n = table.columns.count
        let names = UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>.allocate(capacity: max(n, 1))
        let values = UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>.allocate(capacity: max(n, 1))
        for (j, c) in table.columns.enumerated() { names[j] = strdup(c.name) }
        defer {
            for j in 0..<n { free(names[j]) }
            names.deallocate()
            values.deallocate()
        }
        for i in table.rows.indices {
            for j in 0..<n { values[j] = table.rows[i][j].isNull ? nil : strdup(table.text(i, j)) }
            let stop = cb(payload, Int32(n), values, names)
            for j in 0..<n { free(values[j]) }
            if stop != 0 { throw RampartError(.abort, "a row callback asked to stop") }
        }
    }
}

@c @implementation
public func rampart_exec_json(_ out: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>!, _ db: OpaquePointer!,
                              _ commands: UnsafePointer<CChar>!) -> Int32 {
    guard let out else { return Status.misuse }
    out.pointee = nil
    return withSession(db) { handle, session in
        let text = try string(commands, "commands")
        var results: [JSON] = []
        handle.lastChanges = 0
        try session.execute(text) { command, result in
            handle.lastChanges = Int64(result.changes)
            results.append(result.json(command: command.text))
        }
        guard let p = ownedCString(JSON.object([("results", .array(results))]).serialized()) else {
            throw RampartError(.noMemory, "out of memory")
        }
        out.pointee = p
    }
}

@c @implementation
public func rampart_query(_ out: UnsafeMutablePointer<OpaquePointer?>!, _ db: OpaquePointer!, _ commands: UnsafePointer<CChar>!) -> Int32 {
    guard let out else { return Status.misuse }
    out.pointee = nil
    var box: ResultBox?
    let rc = withSession(db) { handle, session in
        let text = try string(commands, "commands")
        var lastTable: ResultTable?
        var output: [String] = [], notes: [String] = [], warnings: [String] = []
        var changes = 0
        handle.lastChanges = 0
        try session.execute(text) { _, result in
            if result.table != nil { lastTable = result.table }
            output += result.messages
            notes += result.notes
            warnings += result.warnings
            changes += result.changes
            handle.lastChanges = Int64(result.changes)
        }
        box = ResultBox(table: lastTable, output: output, notes: notes, warnings: warnings, changes: Int64(changes))
    }
    if rc == Status.ok, let box { out.pointee = results.add(box) }
    return rc
}
