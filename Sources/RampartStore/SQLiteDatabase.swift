import RampartCore
import RampartCSQLite
#if canImport(Glibc)
import Glibc
#endif

/// A SQLite connection implementing the core's `Database` protocol, with a statement cache.
public final class SQLiteDatabase: Database {
    let handle: OpaquePointer
    public let path: String?
    public let isReadOnly: Bool
    private var statements: [String: OpaquePointer] = [:]
    /// Whether this connection put the file in WAL mode, and so folds the log back in on close
    /// (a connection that failed to open never did, and must not wait for the file's lock then).
    var foldsLogOnClose = false
    private var savepointDepth = 0

    init(handle: OpaquePointer, path: String?, readOnly: Bool) {
        self.handle = handle
        self.path = path
        self.isReadOnly = readOnly
    }

    deinit {
        for s in statements.values { sqlite3_finalize(s) }
        // Leave one self-contained file behind: the last writer folds the write-ahead log back
        // in. This fails harmlessly while another connection still has the file open.
        if foldsLogOnClose { sqlite3_exec(handle, "PRAGMA journal_mode = DELETE", nil, nil, nil) }
        sqlite3_close_v2(handle)
    }

    public var changes: Int { Int(sqlite3_changes(handle)) }
    public var totalChanges: Int { Int(sqlite3_total_changes(handle)) }
    public var lastInsertRowID: Int64 { sqlite3_last_insert_rowid(handle) }

    public func interrupt() { sqlite3_interrupt(handle) }

    public func execute(_ sql: String, _ parameters: [Value]) throws {
        let stmt = try prepare(sql, parameters)
        defer { sqlite3_reset(stmt) }
        var rc = sqlite3_step(stmt)
        while rc == SQLITE_ROW { rc = sqlite3_step(stmt) }
        guard rc == SQLITE_DONE else { throw error(rc) }
    }

    public func query(_ sql: String, _ parameters: [Value], _ row: (Row) throws -> Void) throws {
        let stmt = try prepare(sql, parameters)
        defer { sqlite3_reset(stmt) }
        let r = SQLiteRow(stmt: stmt, count: Int(sqlite3_column_count(stmt)))
        while true {
            let rc = sqlite3_step(stmt)
            if rc == SQLITE_DONE { return }
            guard rc == SQLITE_ROW else { throw error(rc) }
            try row(r)
        }
    }

    /// Runs several statements of DDL at once.
    func executeScript(_ sql: String) throws {
        var message: UnsafeMutablePointer<CChar>?
        let rc = sqlite3_exec(handle, sql, nil, nil, &message)
        if rc != SQLITE_OK {
            let text = message.map { String(cString: $0) } ?? "error \(rc)"
            sqlite3_free(message)
            throw RampartError(SQLiteDatabase.kind(rc), text)
        }
    }

    public func transaction<T>(bulk: Bool, _ body: () throws -> T) throws -> T {
        // The outermost transaction takes the write lock up front (waiting out other writers),
        // so it never fails half-way on a stale snapshot; inner ones are savepoints.
        let outer = savepointDepth == 0 && sqlite3_get_autocommit(handle) != 0
        // Foreign-key enforcement and the journal mode can only change outside a transaction.
        var journaled = false
        if outer && bulk {
            try executeScript("PRAGMA foreign_keys = OFF")
            // Leaving WAL needs the file to ourselves; with other connections it stays in WAL.
            // A rollback journal is only as safe as WAL against power loss with full syncs.
            if path != nil && !isReadOnly {
                journaled = (try? scalar("PRAGMA journal_mode = DELETE"))??.string == "delete"
                if journaled { try executeScript("PRAGMA synchronous = FULL") }
            }
        }
        defer {
            if outer && bulk {
                sqlite3_exec(handle, "PRAGMA foreign_keys = ON", nil, nil, nil)
                if journaled { sqlite3_exec(handle, "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL", nil, nil, nil) }
            }
        }
        savepointDepth += 1
        let name = "rampart_\(savepointDepth)"
        defer { savepointDepth -= 1 }
        try executeScript(outer ? (isReadOnly ? "BEGIN" : "BEGIN IMMEDIATE") : "SAVEPOINT \(name)")
        do {
            let value = try body()
            try executeScript(outer ? "COMMIT" : "RELEASE \(name)")
            return value
        } catch {
            // Roll back even if the statement that failed was interrupted.
            _ = sqlite3_exec(handle, outer ? "ROLLBACK" : "ROLLBACK TO \(name); RELEASE \(name)", nil, nil, nil)
            throw error
        }
    }

    public func bulkInsert<T>(into table: String, rows: Int, _ body: () throws -> T) throws -> T {
        let present = try scalar("SELECT max(rid) FROM \(Columns.quote(table))")?.integerValue ?? 0
        var indexes: [(name: String, sql: String)] = []
        if rows > present {
            try query("SELECT name, sql FROM sqlite_schema WHERE type = 'index' AND tbl_name = ? AND sql IS NOT NULL AND sql NOT LIKE 'CREATE UNIQUE%'",
                      [.text(table)]) { r in
                if let name = r.text(0), let sql = r.text(1) { indexes.append((name, sql)) }
            }
        }
        guard !indexes.isEmpty else { return try body() }
        return try transaction {
            for index in indexes { try executeScript("DROP INDEX \(Columns.quote(index.name))") }
            let value = try body()
            for index in indexes { try executeScript(index.sql) }
            return value
        }
    }

    public var readerOpener: (@Sendable () throws -> Database)? {
        guard let path else { return nil }
        return { try AssessmentFile.reader(path) }
    }

    public func commitMark() throws -> Int64? {
        // data_version changes between two reads of it on this connection exactly when another
        // connection has committed in between.
        guard sqlite3_get_autocommit(handle) != 0 else { return nil }
        return try scalar("PRAGMA data_version")?.integerValue
    }

    /// Writes a consistent copy to `path`, replacing atomically an existing Rampart assessment
    /// that is not in use; any other existing file is refused and left alone.
    public func save(to path: String) throws {
        try SaveTarget.check(path, openPath: self.path)
        try AssessmentFile.checkDirectory(of: path, toDo: "save to")  // where the copy is made first
        let tmp = path + ".saving-\(getpid())"
        unlink(tmp)
        do {
            try execute("VACUUM INTO ?", [.text(tmp)])
        } catch let e as RampartError {
            unlink(tmp)
            throw RampartError(e.kind == .generic ? .io : e.kind, "cannot save to \(path): \(e.message)")
        }
        guard rename(tmp, path) == 0 else {
            let reason = String(cString: strerror(errno))
            unlink(tmp)
            throw RampartError(.io, "cannot save to \(path): \(reason)")
        }
    }

    public func prepare(_ sql: String) throws -> PreparedStatement {
        var s: OpaquePointer?
        let rc = sqlite3_prepare_v3(handle, sql, -1, UInt32(SQLITE_PREPARE_PERSISTENT), &s, nil)
        guard rc == SQLITE_OK, let s else { throw error(rc) }
        return SQLitePrepared(database: self, stmt: s)
    }

    // MARK: - Statements

    /// Binds parameters 1… of `stmt`.
    func bind(_ stmt: OpaquePointer, _ parameters: some Collection<Value>) throws {
        for (i, p) in parameters.enumerated() {
            let index = Int32(i + 1)
            let rc: Int32
            switch p {
            case .null: rc = sqlite3_bind_null(stmt, index)
            case .integer(let v): rc = sqlite3_bind_int64(stmt, index, v)
            case .real(let v): rc = sqlite3_bind_double(stmt, index, v)
            case .text(var v):
                // The UTF-8 bytes in place (a NULL pointer would bind NULL, hence "" when empty),
                // composed as the store keeps text so that SQL's byte comparisons agree with
                // Swift's. ASCII, nearly every value, is bound as it is; other text (nil) is
                // composed first.
                func bindBytes(_ u: UnsafeBufferPointer<UInt8>) -> Int32 {
                    u.withMemoryRebound(to: CChar.self) { rampart_sqlite3_bind_text_transient(stmt, index, $0.baseAddress, Int32($0.count)) }
                }
                let direct: Int32? = v.isEmpty ? rampart_sqlite3_bind_text_transient(stmt, index, "", 0) : v.withUTF8 { u in
                    u.contains(where: { $0 >= 0x80 }) ? nil : bindBytes(u)
                }
                if let direct {
                    rc = direct
                } else {
                    var composed = v.composed
                    rc = composed.withUTF8(bindBytes)
                }
            }
            guard rc == SQLITE_OK else { throw error(rc) }
        }
    }

    func prepare(_ sql: String, _ parameters: [Value]) throws -> OpaquePointer {
        let stmt: OpaquePointer
        if let cached = statements[sql] {
            stmt = cached
        } else {
            var s: OpaquePointer?
            let rc = sqlite3_prepare_v3(handle, sql, -1, UInt32(SQLITE_PREPARE_PERSISTENT), &s, nil)
            guard rc == SQLITE_OK, let s else { throw error(rc) }
            stmt = s
            if statements.count > 200 {
                for old in statements.values { sqlite3_finalize(old) }
                statements.removeAll()
            }
            statements[sql] = stmt
        }
        sqlite3_clear_bindings(stmt)
        try bind(stmt, parameters)
        return stmt
    }

    func error(_ rc: Int32) -> RampartError {
        let message = String(cString: sqlite3_errmsg(handle))
        return RampartError(SQLiteDatabase.kind(rc), message)
    }

    static func kind(_ rc: Int32) -> ErrorKind {
        switch rc & 0xFF {
        case SQLITE_CONSTRAINT: .constraint
        case SQLITE_INTERRUPT: .interrupted
        case SQLITE_READONLY: .readOnly
        case SQLITE_CORRUPT, SQLITE_NOTADB: .corrupt
        case SQLITE_NOMEM: .noMemory
        case SQLITE_CANTOPEN, SQLITE_IOERR, SQLITE_FULL, SQLITE_PERM: .io
        case SQLITE_BUSY, SQLITE_LOCKED: .busy
        default: .generic
        }
    }
}

/// A statement kept prepared for bulk execution.
final class SQLitePrepared: PreparedStatement {
    let database: SQLiteDatabase
    let stmt: OpaquePointer

    init(database: SQLiteDatabase, stmt: OpaquePointer) {
        self.database = database
        self.stmt = stmt
    }

    deinit { sqlite3_finalize(stmt) }

    func run(_ parameters: ArraySlice<Value>) throws {
        try database.bind(stmt, parameters)
        let rc = sqlite3_step(stmt)
        sqlite3_reset(stmt)
        guard rc == SQLITE_DONE else { throw database.error(rc) }
    }
}

/// The current row of a SQLite statement.
struct SQLiteRow: Row {
    let stmt: OpaquePointer
    let count: Int

    func value(_ i: Int) -> Value {
        let c = Int32(i)
        switch sqlite3_column_type(stmt, c) {
        case SQLITE_INTEGER: return .integer(sqlite3_column_int64(stmt, c))
        case SQLITE_FLOAT: return .real(sqlite3_column_double(stmt, c))
        case SQLITE_NULL: return .null
        default: return text(i).map { .text($0) } ?? .null
        }
    }

    func double(_ i: Int) -> Double { sqlite3_column_double(stmt, Int32(i)) }
    func int(_ i: Int) -> Int64 { sqlite3_column_int64(stmt, Int32(i)) }
    func isNull(_ i: Int) -> Bool { sqlite3_column_type(stmt, Int32(i)) == SQLITE_NULL }

    func text(_ i: Int) -> String? {
        guard let p = sqlite3_column_text(stmt, Int32(i)) else { return nil }
        let n = Int(sqlite3_column_bytes(stmt, Int32(i)))
        return String(decoding: UnsafeBufferPointer(start: p, count: n), as: UTF8.self)
    }
}
