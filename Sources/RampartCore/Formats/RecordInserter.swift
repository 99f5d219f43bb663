/// Inserts records given as text cells (CSV rows, JSON members) with prepared column encoders.
/// Records are written several to a statement; `finish()` writes the last ones. Errors name the
/// record through `locate`, whichever record of a batch caused them.
struct RecordInserter {
    /// Records per INSERT statement: one statement per record costs SQLite a cursor set-up each.
    static let batchSize = 32

    let session: Session
    let schema: EntitySchema
    /// How errors name the record at a position (a CSV line, a JSON array index).
    let locate: (Int) -> String
    var codec: CellCodec
    /// One encoder per given column, in order.
    var encoders: [CellEncoder] = []
    /// What an empty cell of each given column stores.
    var fallbacks: [[Value]] = []
    /// The stored values of the fields no column gives, bound after the given ones.
    var defaults: [Value] = []
    /// Bound values per record.
    var width = 0
    var single: PreparedStatement?
    var batch: PreparedStatement?
    /// Positions of the dependent and provider among the bound values (dependencies only).
    var endpoints: (Int, Int)?
    /// Given columns that belong to the entity's key, for duplicate-record messages.
    var keyColumns: [Int] = []
    /// Whether each record must pass the entity's consistency rules as it is inserted.
    var checksRules = false
    /// Records encoded but not yet written: their values, positions and key cells.
    private var pending: [Value] = []
    private var positions: [Int] = []
    private var keyCells: [String] = []

    init(session: Session, schema: EntitySchema, locate: @escaping (Int) -> String) {
        self.session = session
        self.schema = schema
        self.locate = locate
        self.codec = CellCodec(session: session)
    }

    /// Fixes the columns the cells will give, in order.
    mutating func prepare(fields given: [Field]) throws {
        var seen: Set<String> = []
        for f in given where !seen.insert(f.name).inserted { throw RampartError.parse("column \(f.name) appears twice") }
        let tlp = try session.setting("default_tlp")
        func fallback(_ f: Field) -> [Value]? {
            if f.name == "tlp" { return [tlp] }
            return f.defaultValue.map { EntityCommands.paddedValues(f, $0) }
        }
        encoders = try given.map { try codec.column($0) }
        fallbacks = given.map { f in fallback(f) ?? EntityCommands.paddedValues(f, .null) }
        let missing = schema.allFields.filter { !seen.contains($0.name) }.compactMap { f in fallback(f).map { (f, $0) } }
        defaults = missing.flatMap(\.1)
        keyColumns = given.indices.filter { i in schema.keys.contains { $0.name == given[i].name } }
        let columnNames = (given + missing.map(\.0)).flatMap(Columns.of)
        width = columnNames.count
        if schema.kind == .dep, let d = columnNames.firstIndex(of: "dependent"), let p = columnNames.firstIndex(of: "provider") {
            endpoints = (d, p)
        }
        checksRules = [.effect, .measure, .application].contains(schema.kind)
        let head = "INSERT INTO \(Columns.quote(schema.table)) (\(columnNames.map(Columns.quote).joined(separator: ", "))) VALUES "
        let row = "(" + Array(repeating: "?", count: width).joined(separator: ", ") + ")"
        single = try session.db.prepare(head + row)
        if !checksRules {
            batch = try session.db.prepare(head + Array(repeating: row, count: Self.batchSize).joined(separator: ", "))
        }
        pending.reserveCapacity(width * Self.batchSize)
    }

    /// Encodes one record (an empty cell takes the field's default) and queues it for writing.
    mutating func insert(_ cells: [String], at position: Int) throws {
        let start = pending.count
        do {
            for (i, cell) in cells.enumerated() {
                let encoder = encoders[i]
                do {
                    if try encoder.encode(cell, into: &pending) { continue }
                } catch let e as RampartError {
                    throw RampartError(e.kind, "\(CellCodec.header(encoder.field, in: schema)): \(e.message)")
                }
                if encoder.field.required && encoder.field.defaultValue == nil { throw RampartError.parse("\(encoder.field.name) is required") }
                pending += fallbacks[i]
            }
            pending += defaults
            if let (d, p) = endpoints, pending[start + d] == pending[start + p] {
                throw RampartError.constraint("an asset cannot depend on itself")
            }
        } catch let e as RampartError {
            pending.removeSubrange(start...)
            throw RampartError(e.kind, "\(locate(position)): \(e.message)")
        }
        positions.append(position)
        for k in keyColumns { keyCells.append(cells[k]) }
        if checksRules || positions.count == Self.batchSize { try flush() }
    }

    /// Writes the records still queued.
    mutating func finish() throws { try flush() }

    private mutating func flush() throws {
        guard !positions.isEmpty else { return }
        defer {
            pending.removeAll(keepingCapacity: true)
            positions.removeAll(keepingCapacity: true)
            keyCells.removeAll(keepingCapacity: true)
        }
        if positions.count == Self.batchSize, let batch {
            do {
                try batch.run(pending)
                return
            } catch let e as RampartError where e.kind == .constraint {
                // The statement wrote nothing; the records one at a time find the culprit.
            }
        }
        for (i, position) in positions.enumerated() {
            do {
                try single?.run(Array(pending[i * width..<(i + 1) * width]))
            } catch let e as RampartError where e.kind == .constraint {
                let key = keyCells[i * keyColumns.count..<(i + 1) * keyColumns.count].joined(separator: " ")
                throw RampartError.constraint("\(locate(position)): \(schema.kind.noun) \(key) already exists (\(e.message))")
            }
            if checksRules {
                do {
                    _ = try EntityRules.check(schema.kind, rid: session.db.lastInsertRowID, session: session)
                } catch let e as RampartError {
                    throw RampartError(e.kind, "\(locate(position)): \(e.message)")
                }
            }
        }
    }
}
