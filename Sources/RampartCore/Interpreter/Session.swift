#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Synchronization

/// An open assessment and the interpreter of the command language over it. Not thread-safe:
/// one thread at a time (the C layer enforces this); `interrupt()` may be called from anywhere.
public final class Session {
    /// Options fixed when the session opens.
    public struct Options: Sendable {
        /// Refuse every file access beyond the opened assessment (import, export to files).
        public var safe: Bool
        public init(safe: Bool = false) { self.safe = safe }
    }

    public let db: Database
    public let options: Options
    /// Incremented by every command that changes the assessment.
    public private(set) var generation: Int = 0
    /// What the running command changed, for the audit log.
    var changeLog: [String] = []
    var changeCount = 0
    let interruptFlag = InterruptFlag()
    var cachedSnapshot: (generation: Int, snapshot: Snapshot)?
    /// The snapshot after the running command, when the command built it itself (an import);
    /// it becomes the cached one once the command commits.
    var carriedSnapshot: Snapshot?
    /// Requirements by threshold (the setting's, and 0 for simulations).
    var cachedRequirements: (generation: Int, byThreshold: [Double: Requirements])?
    var cachedAssetIndex: (generation: Int, index: [String: Int32])?
    /// A cascade workspace for the session's own commands, kept with the requirements it serves.
    var cachedKernel: (generation: Int, threshold: Double, kernel: CascadeKernel)?
    /// The strongly connected components of the whole graph under those requirements (`Reach`).
    var cachedComponents: (generation: Int, threshold: Double, components: Reach.Components)?
    /// Called on the command's thread during long computations with (done, total) work items.
    public var progressHandler: ((Int, Int) -> Void)?
    /// The initiating events of the last `cascade` (asset id, start, duration), for `explain cascade`.
    var lastCascade: [(asset: String, start: Double, duration: Double)]?

    /// Opens a session over a database whose schema the store has already prepared.
    public init(database: Database, options: Options = Options()) {
        self.db = database
        self.options = options
    }

    /// Parses and runs every command in `text`, in order, stopping at the first error (which is
    /// thrown after the earlier commands took effect). Each modifying command is one transaction.
    public func execute(_ text: String, each: (Command, CommandResult) throws -> Void = { _, _ in }) throws {
        interruptFlag.clear()
        for command in try Parser.parse(text) {
            let result = try run(command)
            try each(command, result)
        }
    }

    /// What the error for an unknown command suggests: the same command with the record first
    /// when it starts with a verb and a kind of record (`list assets` → `asset list`), the
    /// nearest command name otherwise.
    static func unknownCommandHint(_ command: Command) -> String {
        let words = command.positional.map(\.text)
        if words.count > 1, EntityCommands.verbs.contains(words[0].lowercased()), let schema = EntitySchema.named(words[1].lowercased()) {
            // The rest of the command as written, when it starts with those two words.
            var rest = Substring(command.text).drop { $0.isWhitespace }
            for w in words.prefix(2) {
                rest = rest.hasPrefix(w) ? rest.dropFirst(w.count).drop { $0.isWhitespace } : ""
            }
            let turned = [schema.kind.noun, words[0].lowercased()] + (rest.isEmpty ? [] : [String(rest)])
            return " (commands name the record first: did you mean '\(turned.joined(separator: " "))'?)"
        }
        return Suggest.hint(words.first ?? "", in: CommandRegistry.names)
    }

    /// Runs one parsed command.
    public func run(_ command: Command) throws -> CommandResult {
        guard let head = command.positional.first else {
            throw RampartError.parse("expected a command, got \(command.assignments.first.map { $0.key.quoted } ?? "nothing")")
        }
        guard let spec = CommandRegistry.find(head.text) else {
            throw RampartError.parse("unknown command \(head.quoted)\(Session.unknownCommandHint(command)); type 'help' for the list")
        }
        try checkInterrupt()
        guard spec.modifies(command) else {
            guard command.orderBy != nil || command.limit != nil, spec.ordersResults(command) else { return try spec.run(self, command) }
            var bare = command
            (bare.orderBy, bare.limit) = (nil, nil)
            return try Session.ordered(try spec.run(self, bare), as: command)
        }
        if db.isReadOnly { throw RampartError(.readOnly, "the assessment is open read-only; '\(head.text)' would change it") }
        changeLog = []
        changeCount = 0
        carriedSnapshot = nil
        defer { carriedSnapshot = nil }
        let result = try db.transaction(bulk: spec.loadsInBulk) {
            var r = try spec.run(self, command)
            r.changes = max(r.changes, changeCount)
            try self.audit(command)
            return r
        }
        generation += 1
        if let s = carriedSnapshot { cachedSnapshot = (generation, s) }
        return result
    }

    /// Orders and cuts the table of an analysis as its `order by` and `limit` ask: the engines
    /// build their tables themselves, so one step serves them all.
    static func ordered(_ r: CommandResult, as command: Command) throws -> CommandResult {
        guard var t = r.table else {
            throw RampartError.parse("\(command.positional[0].text) gives no table to order or limit")
        }
        if let (field, descending) = command.orderBy {
            let names = t.columns.map(\.name)
            guard let j = names.firstIndex(where: { $0.lowercased() == field.text.lowercased() }) else {
                throw RampartError.parse("the result has no column \(field.quoted)\(Suggest.hint(field.text, in: names)); columns: \(names.joined(separator: ", "))")
            }
            t.order(byColumn: j, descending: descending, limit: command.limit)
        } else if let limit = command.limit {
            t.keepFirst(limit)
        }
        var out = r
        out.table = t
        return out
    }

    /// Records a change for the audit log.
    func noteChange(_ what: String, count: Int = 1) {
        changeCount += count
        if changeLog.count < 50 { changeLog.append(what) } else if changeLog.count == 50 { changeLog.append("…") }
    }

    private func audit(_ command: Command) throws {
        let actor = try setting("actor").string.flatMap { $0.isEmpty ? nil : $0 } ?? Session.loginName()
        try db.execute("INSERT INTO audit(time, actor, command, changes) VALUES (?, ?, ?, ?)",
                       [.text(Session.timestamp()), .text(actor), .text(command.text), .text(changeLog.joined(separator: "; "))])
    }

    // MARK: - Interruption

    /// Asks the running command to stop at its next check; safe to call from any thread or a signal handler.
    public func interrupt() {
        interruptFlag.set()
        db.interrupt()
    }

    /// Throws `interrupted` when `interrupt()` was called since the command started.
    public func checkInterrupt() throws {
        if interruptFlag.isSet { throw RampartError(.interrupted, "interrupted") }
    }

    /// Tells the progress handler that `done` of `total` work items are finished, then stops
    /// the command if it was asked to: the handler itself may have asked.
    func reportProgress(_ done: Int, of total: Int) throws {
        progressHandler?(done, total)
        try checkInterrupt()
    }

    // MARK: - Settings

    /// The stored value of setting `name`, or its default.
    public func setting(_ name: String) throws -> Value {
        if let v = try db.scalar("SELECT value FROM setting WHERE key = ?", [.text(name)]) { return v }
        return SettingsCatalog.field(name)?.defaultValue ?? .null
    }

    /// A numeric setting.
    public func number(_ name: String) throws -> Double { try setting(name).double ?? 0 }

    // MARK: - Helpers

    static func timestamp() -> String {
        var t = time(nil)
        var tm = tm()
        gmtime_r(&t, &tm)
        func two(_ v: Int32) -> String { v < 10 ? "0\(v)" : "\(v)" }
        return "\(tm.tm_year + 1900)-\(two(tm.tm_mon + 1))-\(two(tm.tm_mday))T\(two(tm.tm_hour)):\(two(tm.tm_min)):\(two(tm.tm_sec))Z"
    }

    /// Who runs the session, for the audit log: `USER` or `LOGNAME`, else the name of the
    /// effective user in the password database (services and containers often set neither).
    static func loginName() -> String {
        for variable in ["USER", "LOGNAME"] {
            if let u = getenv(variable), let s = String(validatingCString: u), !s.isEmpty { return s }
        }
        var entry = passwd(), found: UnsafeMutablePointer<passwd>?
        var buffer = [CChar](repeating: 0, count: 16_384)
        if getpwuid_r(geteuid(), &entry, &buffer, buffer.count, &found) == 0, found != nil, let name = entry.pw_name,
           let s = String(validatingCString: name), !s.isEmpty {
            return s
        }
        return "unknown"
    }
}

/// A flag set from any thread (or a signal handler) and read by the running command.
final class InterruptFlag: Sendable {
    private let flag = Atomic<Bool>(false)
    func set() { flag.store(true, ordering: .relaxed) }
    func clear() { flag.store(false, ordering: .relaxed) }
    var isSet: Bool { flag.load(ordering: .relaxed) }
}

extension Session {
    /// Writes a consistent copy of the assessment to `path` (see `Database.save`). Refused in safe mode.
    public func save(to path: String) throws {
        guard !options.safe else { throw RampartError(.denied, "safe mode: saving to \(path) is not allowed") }
        try db.save(to: path)
    }
}
