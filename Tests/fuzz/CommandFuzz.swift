import Glibc
import RampartCHeader

/// libFuzzer target: each input is run as commands on a fresh copy of the seeded assessment,
/// opened in safe mode (so no input reads or writes other files), through `rampart_complete`,
/// `rampart_completions`, `rampart_exec_json` and `rampart_exec` with a row callback. Any
/// input must end in a status code: never a crash, a trap or a memory error. Built and run by
/// `Tests/fuzz/run.sh`.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    var text = Array(UnsafeBufferPointer(start: data, count: size))
    text.append(0)
    return text.withUnsafeBufferPointer { bytes in
        bytes.withMemoryRebound(to: CChar.self) { chars in
            let commands = chars.baseAddress!
            _ = rampart_complete(commands)
            let db = freshAssessment(flags: RAMPART_OPEN_SAFE)
            defer { _ = rampart_close(db) }
            Watchdog.watch(db) {
                // Completion of the whole input, and of its first half (a cursor mid-line).
                for cursor in [size, size / 2] {
                    var candidates: UnsafeMutablePointer<CChar>?
                    _ = rampart_completions(&candidates, db, commands, Int32(clamping: cursor))
                    rampart_free(candidates)
                }
                var out: UnsafeMutablePointer<CChar>?
                _ = rampart_exec_json(&out, db, commands)
                rampart_free(out)
                _ = rampart_exec(db, commands, { _, columns, values, names in
                    // Read every cell the callback is given, as a host would.
                    for i in 0..<Int(columns) { _ = values?[i].map { strlen($0) }; _ = names?[i].map { strlen($0) } }
                    return 0
                }, nil)
            }
            _ = rampart_errmsg(db)
            return 0
        }
    }
}
