/// A row being read from a query; valid only inside the callback that receives it.
public protocol Row {
    /// The number of columns.
    var count: Int { get }
    /// Column `i` as a `Value`.
    func value(_ i: Int) -> Value
    /// Column `i` as a double (0 for NULL).
    func double(_ i: Int) -> Double
    /// Column `i` as an integer (0 for NULL).
    func int(_ i: Int) -> Int64
    /// Column `i` as text (nil for NULL).
    func text(_ i: Int) -> String?
    /// Whether column `i` is NULL.
    func isNull(_ i: Int) -> Bool
}

/// The SQL database an assessment lives in. The core speaks SQL through this protocol; the
/// store module implements it over SQLite.
public protocol Database: AnyObject {
    /// Runs a statement that returns no rows.
    func execute(_ sql: String, _ parameters: [Value]) throws
    /// Runs a query, calling `row` for each result row.
    func query(_ sql: String, _ parameters: [Value], _ row: (Row) throws -> Void) throws
    /// Rows changed by the last statement.
    var changes: Int { get }
    /// Rows changed since the connection opened, including by triggers and foreign-key actions.
    var totalChanges: Int { get }
    /// Row id of the last insert.
    var lastInsertRowID: Int64 { get }
    /// A statement prepared once and run many times (bulk inserts).
    func prepare(_ sql: String) throws -> PreparedStatement
    /// Runs `body` in a savepoint: everything it does happens, or nothing does. An outermost
    /// `bulk` transaction skips the per-row foreign-key checks, which only a caller that resolved
    /// every reference it writes in that same transaction may ask, and, when no other connection
    /// has the file open, writes through a rollback journal rather than the write-ahead log, so
    /// that each new page is written once.
    func transaction<T>(bulk: Bool, _ body: () throws -> T) throws -> T
    /// Runs `body`, which inserts about `rows` records into `table`, inside the current
    /// transaction. When that many records outnumber the table's, its secondary indexes are
    /// dropped for the duration and built again from sorted keys afterwards, which is faster
    /// than updating them row by row; the result is the same.
    func bulkInsert<T>(into table: String, rows: Int, _ body: () throws -> T) throws -> T
    /// Whether the database refuses writes.
    var isReadOnly: Bool { get }
    /// The path of the file, or nil for an in-memory assessment.
    var path: String? { get }
    /// Writes a consistent copy of the whole database to `path`, atomically replacing an
    /// existing assessment there that is not in use; any other existing file is refused.
    func save(to path: String) throws
    /// Asks a running statement to stop as soon as possible.
    func interrupt()
    /// Opens, on whichever thread calls it, a read-only connection of its own to this database's
    /// file, for reading beside this connection; nil for an in-memory database.
    var readerOpener: (@Sendable () throws -> Database)? { get }
    /// A number that changes exactly when another connection commits to the file, so that
    /// readers can tell they saw what this connection sees; nil while this connection has a
    /// transaction open, whose changes they would not see.
    func commitMark() throws -> Int64?
}

/// A statement prepared for repeated execution.
public protocol PreparedStatement: AnyObject {
    /// Binds `parameters` and runs the statement to completion.
    func run(_ parameters: ArraySlice<Value>) throws
}

extension PreparedStatement {
    /// Binds `parameters` and runs the statement to completion.
    public func run(_ parameters: [Value]) throws { try run(parameters[...]) }
}

extension Database {
    /// The first column of the first row, or nil.
    public func scalar(_ sql: String, _ parameters: [Value] = []) throws -> Value? {
        var result: Value?
        try query(sql, parameters) { row in if result == nil { result = row.value(0) } }
        return result
    }

    /// Runs `body` in an ordinary savepoint.
    public func transaction<T>(_ body: () throws -> T) throws -> T { try transaction(bulk: false, body) }

    /// Runs a statement without parameters.
    public func execute(_ sql: String) throws { try execute(sql, []) }
}
