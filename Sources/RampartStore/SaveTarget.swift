import RampartCore
#if canImport(Glibc)
import Glibc
#endif

/// The rules for where a copy of an assessment may be written.
enum SaveTarget {
    /// Refuses the open assessment itself, an existing file that is not a Rampart assessment (or
    /// not a regular file), and an assessment whose write-ahead log shows it is in use (or was
    /// not closed cleanly).
    static func check(_ path: String, openPath: String?) throws {
        if let openPath, let a = canonical(openPath), let b = canonical(path), a == b {
            throw RampartError(.misuse, "\(path) is the open assessment; it is saved already")
        }
        if let objection = RegularFile.objection(path) { throw RampartError(.io, "\(objection); it was not overwritten") }
        guard let f = fopen(path, "rb") else { return }
        var header = [UInt8](repeating: 0, count: 72)
        let n = fread(&header, 1, header.count, f)
        fclose(f)
        if n == 0 { return }
        let sqlite = Array("SQLite format 3".utf8) + [0]
        let appID = header.count >= 72 ? header[68..<72].reduce(UInt32(0)) { $0 << 8 | UInt32($1) } : 0
        guard n >= 72, Array(header[0..<16]) == sqlite, appID == UInt32(bitPattern: StoreSchema.applicationID) else {
            throw RampartError(.io, "\(path) exists and is not a Rampart assessment; it was not overwritten")
        }
        if access(path + "-wal", F_OK) == 0 {
            throw RampartError(.busy, "\(path) is in use or was not closed cleanly (\(path)-wal exists); close it, or save under another name")
        }
    }

    /// The absolute path with links resolved, or nil when the file does not exist.
    static func canonical(_ path: String) -> String? {
        guard let p = realpath(path, nil) else { return nil }
        defer { free(p) }
        return String(cString: p)
    }
}
