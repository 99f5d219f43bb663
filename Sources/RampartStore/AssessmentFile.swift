#if canImport(Glibc)
import Glibc
#endif
import RampartCore
import RampartCSQLite

/// Opening assessment files: validation, creation, migration and connection settings.
public enum AssessmentFile {
    /// How to open an assessment.
    public struct Mode: Sendable {
        public var readOnly = false
        public var create = true
        public init(readOnly: Bool = false, create: Bool = true) {
            self.readOnly = readOnly
            self.create = create
        }
    }

    /// The schema version this build writes.
    public static var schemaVersion: Int { Int(StoreSchema.version) }

    /// Opens (or creates) the assessment at `path`; nil or ":memory:" gives an in-memory assessment.
    /// A file that is not a Rampart assessment, is corrupt or was written by a newer version is
    /// refused and left untouched.
    public static func open(_ path: String?, mode: Mode = Mode()) throws -> SQLiteDatabase {
        let memory = path == nil || path == ":memory:"
        if let path, !memory {
            try precheck(path, mode: mode)
        }
        var flags = SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_EXRESCODE
        flags |= mode.readOnly && !memory ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE
        if mode.create && !mode.readOnly || memory { flags |= SQLITE_OPEN_CREATE }
        let handle = try connect(memory ? ":memory:" : path ?? ":memory:", flags: flags, purpose: "open")
        let db = SQLiteDatabase(handle: handle, path: memory ? nil : path, readOnly: mode.readOnly && !memory)
        try prepare(db, memory: memory)
        return db
    }

    /// A second, read-only connection to an assessment another connection has open and checked
    /// already, for reading beside it on another thread.
    static func reader(_ path: String) throws -> SQLiteDatabase {
        let handle = try connect(path, flags: SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_EXRESCODE, purpose: "open for reading")
        return SQLiteDatabase(handle: handle, path: path, readOnly: true)
    }

    /// A SQLite connection to `path` that waits out another process's writes rather than failing at once.
    private static func connect(_ path: String, flags: Int32, purpose: String) throws -> OpaquePointer {
        var handle: OpaquePointer?
        let rc = sqlite3_open_v2(path, &handle, flags, nil)
        guard rc == SQLITE_OK, let handle else {
            let message = handle.map { String(cString: sqlite3_errmsg($0)) } ?? "cannot open"
            if let handle { sqlite3_close_v2(handle) }
            throw RampartError(.io, "cannot \(purpose) \(path): \(message)")
        }
        sqlite3_busy_timeout(handle, 5000)
        return handle
    }

    /// Refuses to `verb` (create, save to) `path` in a directory that is missing or not writable, with a message
    /// that says so (SQLite would only say it is "unable to open database file").
    static func checkDirectory(of path: String, toDo verb: String = "create") throws {
        let slash = path.lastIndex(of: "/")
        let directory = slash.map { $0 == path.startIndex ? "/" : String(path[..<$0]) } ?? "."
        var info = stat()
        guard stat(directory, &info) == 0, info.st_mode & S_IFMT == S_IFDIR else {
            throw RampartError(.io, "cannot \(verb) \(path): there is no directory \(directory)")
        }
        guard access(directory, W_OK) == 0 else {
            throw RampartError(.io, "cannot \(verb) \(path): the directory \(directory) is not writable")
        }
    }

    /// Refuses, before SQLite touches it, a file that is missing (unless creating), is not a
    /// regular file (a directory, a device such as /dev/null) or is not SQLite.
    static func precheck(_ path: String, mode: Mode) throws {
        if let objection = RegularFile.objection(path) { throw RampartError(.io, "\(objection); an assessment is a file") }
        guard let f = fopen(path, "rb") else {
            if errno == ENOENT {
                if mode.create && !mode.readOnly { return try checkDirectory(of: path) }
                throw RampartError(.io, "no such assessment file: \(path)")
            }
            throw RampartError(.io, "cannot read \(path): \(String(cString: strerror(errno)))")
        }
        defer { fclose(f) }
        var header = [UInt8](repeating: 0, count: 16)
        let n = fread(&header, 1, 16, f)
        if n == 0 { return }  // an empty file becomes a new assessment
        let magic = Array("SQLite format 3".utf8) + [0]
        guard n == 16, header == magic else {
            throw RampartError(.corrupt, "\(path) is not a Rampart assessment (not an SQLite database); it was left untouched")
        }
    }

    /// Whether a rollback journal with content lies beside `path`: a change that a process
    /// stopped in the middle of, which SQLite rolls back when it next opens the file to write.
    static func leftJournal(_ path: String) -> Bool {
        var info = stat()
        return stat(path + "-journal", &info) == 0 && info.st_size > 0
    }

    static func prepare(_ db: SQLiteDatabase, memory: Bool) throws {
        let label = db.path ?? ":memory:"
        let appID: Int32, version: Int32, tables: Int64
        do {
            appID = Int32(truncatingIfNeeded: try db.scalar("PRAGMA application_id")?.integerValue ?? 0)
            version = Int32(truncatingIfNeeded: try db.scalar("PRAGMA user_version")?.integerValue ?? 0)
            tables = try db.scalar("SELECT count(*) FROM sqlite_schema")?.integerValue ?? 0
        } catch let e as RampartError {
            if e.kind == .busy { throw busy(label, e) }
            // A process stopped in the middle of a change leaves a journal that the next
            // connection rolls back; a read-only one cannot, and SQLite says it would write.
            if db.isReadOnly, let path = db.path, leftJournal(path) {
                throw RampartError(.readOnly, "\(label) holds a change left unfinished by a process that stopped "
                                   + "(\(label)-journal); open it once without read-only so that the change is rolled back")
            }
            throw RampartError(.corrupt, "\(label) is not a readable assessment: \(e.message)")
        }
        if appID == 0 && tables == 0 {
            guard !db.isReadOnly else { throw RampartError(.corrupt, "\(label) is empty; it cannot be opened read-only") }
            try configure(db, memory: memory)
            try db.transaction {
                // Another connection may have created the schema since we looked.
                guard try db.scalar("SELECT count(*) FROM sqlite_schema")?.integerValue == 0 else { return }
                try db.executeScript(StoreSchema.version1)
                try StoreSchema.seedPractices(db)
                try db.executeScript("PRAGMA application_id = \(StoreSchema.applicationID); PRAGMA user_version = \(StoreSchema.version);")
            }
            return
        }
        guard appID == StoreSchema.applicationID else {
            throw RampartError(.corrupt, "\(label) is an SQLite database but not a Rampart assessment; it was left untouched")
        }
        guard version <= StoreSchema.version else {
            throw RampartError(.tooNew, "\(label) was written by a newer Rampart (schema version \(version); this build reads up to \(StoreSchema.version)); upgrade Rampart to open it")
        }
        let check: String
        do {
            check = try db.scalar("PRAGMA quick_check")?.string ?? "unreadable"
        } catch let e as RampartError where e.kind == .busy {
            throw busy(label, e)
        } catch {
            check = "unreadable"
        }
        guard check == "ok" else {
            // SQLite's report: a "*** in database main ***" heading, then one line per problem.
            let problems = check.split(separator: "\n").filter { !$0.hasPrefix("***") }.joined(separator: "; ")
            throw RampartError(.corrupt, "\(label) is corrupt (SQLite's check: \(problems)); it was left untouched")
        }
        try configure(db, memory: memory)
        if version < StoreSchema.version {
            guard !db.isReadOnly else {
                throw RampartError(.readOnly, "\(label) uses schema version \(version) and needs an upgrade; open it writable once")
            }
            try db.transaction {
                for step in Int(version)..<Int(StoreSchema.version) {
                    try db.executeScript(StoreSchema.migrations[step - 1])
                }
                try db.executeScript("PRAGMA user_version = \(StoreSchema.version)")
            }
        }
    }

    /// The error of a file another connection holds locked past the busy timeout (a long write,
    /// such as a bulk import) — not a damaged one.
    static func busy(_ label: String, _ e: RampartError) -> RampartError {
        RampartError(.busy, "\(label) is locked by another connection that is writing it (\(e.message)); try again when it is done")
    }

    static func configure(_ db: SQLiteDatabase, memory: Bool) throws {
        // Sorts that outgrow memory, such as building an index after a bulk import, may use
        // helper threads, one per core the engines use.
        try db.executeScript("PRAGMA foreign_keys = ON; PRAGMA threads = \(min(8, System.activeProcessorCount));")
        if !memory && !db.isReadOnly {
            try db.executeScript("PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL;")
            db.foldsLogOnClose = true
        }
    }
}
