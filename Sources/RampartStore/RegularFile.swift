#if canImport(Glibc)
import Glibc
#endif

/// Assessments are regular files. Anything else at their path (a directory, a device such as
/// /dev/null, a pipe) is refused before SQLite opens it or a save replaces it: renaming a copy
/// over /dev/null, as root, would replace the device.
enum RegularFile {
    /// Why `path` cannot hold an assessment when it exists and is not a regular file, else nil.
    static func objection(_ path: String) -> String? {
        var info = stat()
        guard stat(path, &info) == 0, info.st_mode & S_IFMT != S_IFREG else { return nil }
        return info.st_mode & S_IFMT == S_IFDIR ? "\(path) is a directory" : "\(path) is not a regular file"
    }
}
