import RampartCore
import RampartStore
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// What a `rampart_db *` points to: a session (nil when opening failed), the last status and
/// message, and a flag that detects two threads using the handle at once.
final class Handle {
    let session: Session?
    private(set) var code: Int32 = 0
    /// The last error message as a C string owned by the handle.
    private(set) var message: UnsafeMutablePointer<CChar>?
    let inUse = Atomic<Bool>(false)
    var lastChanges: Int64 = 0

    init(session: Session?) { self.session = session }

    deinit { free(message) }

    /// Records the outcome of a call.
    func record(_ code: Int32, _ text: String?) {
        self.code = code
        free(message)
        message = text.flatMap { strdup($0) }
    }

    /// The last message, or the description of the last code.
    var messagePointer: UnsafePointer<CChar> {
        if let message { return UnsafePointer(message) }
        return StatusText.pointer(code)
    }
}

/// Runs `body` with the session of an open handle, mapping thrown errors to codes and storing
/// the message on the handle. Detects NULL and closed handles and concurrent use.
func withSession(_ db: OpaquePointer?, _ body: (Handle, Session) throws -> Void) -> Int32 {
    enum Access { case granted(Handle), busy }
    let access = databases.withObject(db) { h -> Access in
        h.inUse.compareExchange(expected: false, desired: true, ordering: .acquiring).exchanged ? .granted(h) : .busy
    }
    guard let access else { return Status.misuse }
    guard case .granted(let handle) = access else { return Status.busy }
    defer { handle.inUse.store(false, ordering: .releasing) }
    guard let session = handle.session else {
        handle.record(Status.misuse, "the assessment failed to open; close this handle")
        return Status.misuse
    }
    do {
        try body(handle, session)
        handle.record(Status.ok, nil)
        return Status.ok
    } catch let e as RampartError {
        handle.record(e.kind.rawValue, e.message)
        return e.kind.rawValue
    } catch {
        handle.record(Status.error, "\(error)")
        return Status.error
    }
}

/// Converts a C string argument to a Swift string, refusing NULL and invalid UTF-8.
func string(_ p: UnsafePointer<CChar>?, _ what: String) throws -> String {
    guard let p else { throw RampartError(.misuse, "\(what) is NULL") }
    guard let s = String(validatingCString: p) else { throw RampartError(.encoding, "\(what) is not valid UTF-8") }
    return s
}

/// A malloc'd copy of `s`, for strings returned through `char **out`.
func ownedCString(_ s: String) -> UnsafeMutablePointer<CChar>? { strdup(s) }
