import Dispatch
import Glibc
import RampartCHeader

/// What the fuzz targets share: a small seeded assessment copied afresh for every input, and a
/// watchdog that interrupts a command running for more than a second.

/// The records every input starts from.
let seedScript = """
    asset add sub-1 name="Substation 1" sector=energy population=120k recovery=48h mtpd=24h economic_value=2M
    asset add gen-1 name="Plant 1" sector=energy population=300k recovery=96h
    asset add hosp-1 name=Hospital sector=health population=80k recovery=12h mtpd=4h
    asset add pump-1 name="Pump 1" sector=water population=50k recovery=24h
    dep add hosp-1 -> sub-1 kind=physical strength=0.9 delay=6h
    dep add pump-1 -> sub-1 kind=physical strength=0.7 group=power
    dep add pump-1 -> gen-1 kind=physical strength=0.7 group=power
    dep add sub-1 -> gen-1 kind=physical strength=0.8
    threat add ram name="Vehicle ramming" modality=ramming frequency=0.2/yr fatality_rate=2% damage=10%
    vuln add hosp-1 ram v=0.3
    measure add hvm name="Hostile vehicle mitigation" capex=200k opex=10k lifetime=20 rights=(movement)
    effect add hvm vulnerability ramming reduction=80%
    application add hvm hosp-1 status=proposed
    """

/// The seeded assessment file's bytes, made once in the working directory (building it takes
/// longer than most inputs run).
let template: [UInt8] = {
    let path = "template.rampart"
    unlink(path)
    var db: OpaquePointer?
    guard rampart_open(&db, path, UInt32(RAMPART_OPEN_CREATE)) == RAMPART_OK, let db else { fatalError("cannot create \(path)") }
    guard rampart_exec(db, seedScript, nil, nil) == RAMPART_OK else { fatalError(String(cString: rampart_errmsg(db))) }
    _ = rampart_close(db)
    return readFile(path)
}()

/// A fresh copy of the seeded assessment, `input.rampart` in the working directory, opened with `flags`.
func freshAssessment(flags: UInt32) -> OpaquePointer {
    let path = "input.rampart"
    unlink(path + "-wal")
    unlink(path + "-shm")
    writeFile(path, template)
    var db: OpaquePointer?
    guard rampart_open(&db, path, flags) == RAMPART_OK, let db else { fatalError("cannot open \(path)") }
    return db
}

func readFile(_ path: String) -> [UInt8] {
    guard let f = fopen(path, "rb") else { fatalError("cannot read \(path)") }
    defer { fclose(f) }
    var out: [UInt8] = []
    var chunk = [UInt8](repeating: 0, count: 1 << 16)
    while true {
        let n = fread(&chunk, 1, chunk.count, f)
        if n == 0 { return out }
        out += chunk[0..<n]
    }
}

func writeFile(_ path: String, _ bytes: some Collection<UInt8>) {
    let data = Array(bytes)
    guard let f = fopen(path, "wb") else { fatalError("cannot write \(path)") }
    guard fwrite(data, 1, data.count, f) == data.count, fclose(f) == 0 else { fatalError("cannot write \(path)") }
}

/// The whole result of `commands` as JSON, or nil when they failed.
func json(_ db: OpaquePointer, _ commands: String) -> String? {
    var out: UnsafeMutablePointer<CChar>?
    guard rampart_exec_json(&out, db, commands) == RAMPART_OK, let out else { return nil }
    defer { rampart_free(out) }
    return String(cString: out)
}

/// Interrupts whatever runs on a handle for longer than a second (a legitimate
/// `simulate … trials=1e9`, say), which also exercises `rampart_interrupt` mid-command.
enum Watchdog {
    nonisolated(unsafe) private static var running: OpaquePointer?
    /// Bumped per input, so that a late timer leaves the next input alone.
    nonisolated(unsafe) private static var generation = 0
    private static let queue = DispatchQueue(label: "watchdog")

    /// Runs `body` with `db` under watch.
    static func watch<T>(_ db: OpaquePointer, _ body: () -> T) -> T {
        let mine = queue.sync { running = db; generation += 1; return generation }
        queue.asyncAfter(deadline: .now() + 1) { if generation == mine, let h = running { rampart_interrupt(h) } }
        defer { queue.sync { running = nil } }
        return body()
    }
}
