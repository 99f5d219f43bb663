#if canImport(Glibc)
import Glibc
#endif

/// A file written in pieces, so that a large export never holds all its text at once. The
/// pieces go to a temporary file beside the path, renamed into place by `finish()`: an
/// interrupted or failed write never leaves a half-written file. A device or a pipe
/// (/dev/stdout, a named pipe) is written in place, since there is no file to replace.
struct OutputFile {
    let path: String
    /// Where the pieces go: the temporary file, or the path itself for a device or a pipe.
    private let target: String
    private let inPlace: Bool
    private var file: UnsafeMutablePointer<FILE>?

    /// Opens the temporary file; refused in safe mode and for a directory.
    init(_ path: String, safe: Bool) throws {
        guard !safe else { throw RampartError(.denied, "safe mode: writing \(path) is not allowed") }
        let other = RegularFile.other(path)
        if other == .directory { throw RampartError(.io, "cannot write \(path): it is a directory") }
        self.path = path
        inPlace = other != nil
        target = inPlace ? path : path + ".tmp-\(getpid())"
        guard let f = fopen(target, "wb") else { throw OutputFile.failure(path) }
        file = f
    }

    /// Writes `text` and empties it.
    mutating func write(_ text: inout String) throws {
        guard let f = file else { return }
        let (written, size) = text.withUTF8 { (fwrite($0.baseAddress, 1, $0.count, f), $0.count) }
        text.removeAll(keepingCapacity: true)
        if written != size {
            let error = OutputFile.failure(path)
            abandon()
            throw error
        }
    }

    /// Closes the file and puts it in place.
    mutating func finish() throws {
        guard let f = file else { return }
        file = nil
        guard fclose(f) == 0, inPlace || rename(target, path) == 0 else {
            let error = OutputFile.failure(path)
            if !inPlace { unlink(target) }
            throw error
        }
    }

    /// Closes the file and removes what was written, when the export failed or was stopped.
    mutating func abandon() {
        guard let f = file else { return }
        file = nil
        fclose(f)
        if !inPlace { unlink(target) }
    }

    private static func failure(_ path: String) -> RampartError {
        RampartError(.io, "cannot write \(path): \(String(cString: strerror(errno)))")
    }
}
