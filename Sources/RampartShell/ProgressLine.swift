import RampartCEditLine
import RampartCHeader
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// The line on standard error that shows how far a long command has got, rewritten in place.
/// A command that ends before its work does (an error, Ctrl-C) leaves it drawn, so the shell
/// erases it before anything else is written.
enum ProgressLine {
    /// Whether the line is drawn now.
    private static let drawn = Atomic<Bool>(false)

    /// Draws the progress of the commands run on `db`.
    static func show(on db: OpaquePointer?) {
        rampart_progress_handler(db, { _, done, total in
            guard total > 0 else { return }
            if done >= total {
                ProgressLine.erase()
                return
            }
            fputs("\r  \(done * 100 / total)% (\(done) of \(total))  Ctrl-C stops", rampart_stderr())
            fflush(rampart_stderr())
            ProgressLine.drawn.store(true, ordering: .relaxed)
        }, nil)
    }

    /// Erases the line if it is drawn.
    static func erase() {
        guard drawn.exchange(false, ordering: .relaxed) else { return }
        fputs("\r\u{1B}[K", rampart_stderr())
        fflush(rampart_stderr())
    }

    /// Runs `body`, then erases the line however it ended.
    static func erasing<T>(_ body: () throws -> T) rethrows -> T {
        defer { erase() }
        return try body()
    }
}
