/// Records given as text cells (CSV rows, JSON members) on their way into the store: encoded
/// by a `RecordEncoder` into a `RecordBatch`, written by a `RecordWriter`. `RecordInserter` does
/// both in turn; `RecordPipeline` encodes on a second thread while the writer works.

/// Encoded records not yet written: their bound values, where they came from, their key cells,
/// and the error that stopped encoding after them, if any.
final class RecordBatch {
    var values: [Value] = []
    var positions: [Int] = []
    var keyCells: [String] = []
    /// The error that ended encoding after the last record here: the position of the record it
    /// concerns (none for an error of the input's syntax, which names its own line) and the error.
    var failure: (position: Int?, error: Error)?
    /// Whether no records follow this batch.
    var isLast = false

    var count: Int { positions.count }

    func clear() {
        values.removeAll(keepingCapacity: true)
        positions.removeAll(keepingCapacity: true)
        keyCells.removeAll(keepingCapacity: true)
        failure = nil
        isLast = false
    }
}

/// A reference to a record that does not exist, raised while encoding; the writer's side turns
/// it into a not-found error with the nearest existing id, which needs the store.
struct UnknownReference: Error {
    let column: String
    let kind: EntityKind
    let id: String
}

/// Encodes the cells of one entity's records, with the columns fixed once.
struct RecordEncoder {
    let schema: EntitySchema
    /// One encoder per given column, in order.
    let encoders: [CellEncoder]
    /// What an empty cell of each given column stores.
    let fallbacks: [[Value]]
    /// The stored values of the fields no column gives, bound after the given ones.
    let defaults: [Value]
    /// The stored columns, in binding order.
    let columnNames: [String]
    /// Positions of the dependent and provider among the bound values (dependencies only).
    let endpoints: (Int, Int)?
    /// Given columns that belong to the entity's key, for duplicate-record messages.
    let keyColumns: [Int]

    /// Prepares the encoding of records whose cells give `given`, in order.
    init(session: Session, schema: EntitySchema, fields given: [Field]) throws {
        var seen: Set<String> = []
        for f in given where !seen.insert(f.name).inserted { throw RampartError.parse("column \(f.name) appears twice") }
        let tlp = try session.setting("default_tlp")
        func fallback(_ f: Field) -> [Value]? {
            if f.name == "tlp" { return [tlp] }
            return f.defaultValue.map { EntityCommands.paddedValues(f, $0) }
        }
        var codec = CellCodec(session: session)
        self.schema = schema
        encoders = try given.map { try codec.column($0, identifier: schema.isIdentifier($0)) }
        fallbacks = given.map { f in fallback(f) ?? EntityCommands.paddedValues(f, .null) }
        let missing = schema.allFields.filter { !seen.contains($0.name) }.compactMap { f in fallback(f).map { (f, $0) } }
        defaults = missing.flatMap(\.1)
        keyColumns = given.indices.filter { i in schema.keys.contains { $0.name == given[i].name } }
        columnNames = (given + missing.map(\.0)).flatMap(Columns.of)
        if schema.kind == .dep, let d = columnNames.firstIndex(of: "dependent"), let p = columnNames.firstIndex(of: "provider") {
            endpoints = (d, p)
        } else {
            endpoints = nil
        }
    }

    /// Whether encoding never touches the store, so that it may run on another thread.
    var isIndependentOfStore: Bool { encoders.allSatisfy(\.isIndependentOfStore) }

    /// Appends the record's values (an empty cell takes the field's default) to `batch`; on an
    /// error the batch is left as it was.
    func encode(_ cells: [String], at position: Int, into batch: RecordBatch) throws {
        guard cells.count == encoders.count else {
            throw RampartError.parse("\(cells.count) fields, the header has \(encoders.count)")
        }
        let start = batch.values.count
        do {
            for (i, cell) in cells.enumerated() {
                let encoder = encoders[i]
                do {
                    if try encoder.encode(cell, into: &batch.values) { continue }
                } catch let e as RampartError {
                    throw RampartError(e.kind, CellCodec.located(e.message, encoder.field, in: schema))
                }
                if encoder.field.required && encoder.field.defaultValue == nil { throw RampartError.parse("\(encoder.field.name) is required") }
                batch.values += fallbacks[i]
            }
            batch.values += defaults
            if let (d, p) = endpoints, batch.values[start + d] == batch.values[start + p] {
                throw RampartError.constraint("an asset cannot depend on itself")
            }
        } catch {
            batch.values.removeSubrange(start...)
            throw error
        }
        batch.positions.append(position)
        for k in keyColumns { batch.keyCells.append(cells[k]) }
    }
}

/// Writes encoded records, several to an INSERT statement.
struct RecordWriter {
    /// Records per statement: one statement per record costs SQLite a cursor set-up each.
    static let statementSize = 32

    let session: Session
    let encoder: RecordEncoder
    /// How errors name the record at a position (a CSV line, a JSON array index).
    let locate: (Int) -> String
    /// Whether each record must pass the entity's consistency rules as it is inserted.
    let checksRules: Bool
    private let single: PreparedStatement
    private let multiple: PreparedStatement?

    init(session: Session, encoder: RecordEncoder, locate: @escaping (Int) -> String) throws {
        self.session = session
        self.encoder = encoder
        self.locate = locate
        checksRules = [.effect, .measure, .application].contains(encoder.schema.kind)
        let head = "INSERT INTO \(Columns.quote(encoder.schema.table)) (\(encoder.columnNames.map(Columns.quote).joined(separator: ", "))) VALUES "
        let row = "(" + Array(repeating: "?", count: encoder.columnNames.count).joined(separator: ", ") + ")"
        single = try session.db.prepare(head + row)
        multiple = checksRules ? nil : try session.db.prepare(head + Array(repeating: row, count: Self.statementSize).joined(separator: ", "))
    }

    /// Writes every record of `batch`, then raises the error that ended it, if any.
    func write(_ batch: RecordBatch) throws {
        let width = encoder.columnNames.count
        var done = 0
        if let multiple {
            while batch.count - done >= Self.statementSize {
                do {
                    try multiple.run(batch.values[done * width..<(done + Self.statementSize) * width])
                } catch let e as RampartError where e.kind == .constraint {
                    // The statement wrote nothing; its records one at a time find the culprit.
                    try writeSingly(batch, done..<done + Self.statementSize)
                }
                done += Self.statementSize
            }
        }
        try writeSingly(batch, done..<batch.count)
        if let (position, error) = batch.failure { throw position.map { describe(error, at: $0) } ?? error }
    }

    private func writeSingly(_ batch: RecordBatch, _ records: Range<Int>) throws {
        let width = encoder.columnNames.count, keys = encoder.keyColumns.count
        for i in records {
            do {
                try single.run(batch.values[i * width..<(i + 1) * width])
            } catch let e as RampartError where e.kind == .constraint {
                let key = batch.keyCells[i * keys..<(i + 1) * keys].joined(separator: " ")
                throw RampartError.constraint("\(locate(batch.positions[i])): \(encoder.schema.kind.noun) \(key) already exists (\(e.message))")
            }
            if checksRules {
                do {
                    _ = try EntityRules.check(encoder.schema.kind, rid: session.db.lastInsertRowID, session: session)
                } catch {
                    throw describe(error, at: batch.positions[i])
                }
            }
        }
    }

    /// The error of the record at `position`, named by its place in the input.
    func describe(_ error: Error, at position: Int) -> Error {
        switch error {
        case let e as RampartError:
            return RampartError(e.kind, "\(locate(position)): \(e.message)")
        case let e as UnknownReference:
            let hint = (try? session.nearestID(e.kind, e.id)) ?? ""
            return RampartError.notFound("\(locate(position)): \(e.column): no \(e.kind.noun) '\(e.id)'\(hint)")
        default:
            return error
        }
    }
}

/// Encodes and writes records one batch at a time on the calling thread.
struct RecordInserter {
    let encoder: RecordEncoder
    let writer: RecordWriter
    /// Sees every batch before it is written.
    let appender: SnapshotAppender?
    private let batch = RecordBatch()

    /// Prepares to insert records of `schema` whose cells give `fields`, in order.
    init(session: Session, schema: EntitySchema, fields: [Field], locate: @escaping (Int) -> String) throws {
        let encoder = try RecordEncoder(session: session, schema: schema, fields: fields)
        self.init(encoder: encoder, writer: try RecordWriter(session: session, encoder: encoder, locate: locate), appender: nil)
    }

    /// Inserts with an encoder and a writer prepared already.
    init(encoder: RecordEncoder, writer: RecordWriter, appender: SnapshotAppender?) {
        self.encoder = encoder
        self.writer = writer
        self.appender = appender
    }

    /// Encodes one record and writes it when its batch is full.
    func insert(_ cells: [String], at position: Int) throws {
        do {
            try encoder.encode(cells, at: position, into: batch)
        } catch {
            throw writer.describe(error, at: position)
        }
        if writer.checksRules || batch.count == RecordWriter.statementSize { try finish() }
    }

    /// Writes the records still waiting.
    func finish() throws {
        defer { batch.clear() }
        appender?.add(batch)
        try writer.write(batch)
    }
}
