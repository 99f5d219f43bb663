#if canImport(Glibc)
import Glibc
#endif

/// Files Rampart writes whole are regular files. Anything else at their path (a directory, a
/// device such as /dev/null, a pipe) must not be replaced by renaming a finished copy into
/// place: as root, that replaced /dev/null with a file.
public enum RegularFile {
    /// What kind of thing `path` names when it exists and is not a regular file.
    public enum Other {
        case directory
        /// A device, a pipe or a socket.
        case special
    }

    /// Nil when `path` is a regular file or does not exist.
    public static func other(_ path: String) -> Other? {
        var info = stat()
        guard stat(path, &info) == 0, info.st_mode & S_IFMT != S_IFREG else { return nil }
        return info.st_mode & S_IFMT == S_IFDIR ? .directory : .special
    }

    /// Why `path` cannot hold an assessment when it exists and is not a regular file, else nil.
    public static func objection(_ path: String) -> String? {
        switch other(path) {
        case .directory?: "\(path) is a directory"
        case .special?: "\(path) is not a regular file"
        case nil: nil
        }
    }
}
