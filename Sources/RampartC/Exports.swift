import RampartCHeader
import RampartCore
import RampartStore
#if canImport(Glibc)
import Glibc
#endif

/// The library version.
enum LibraryVersion {
    static let major = 0, minor = 1, patch = 0
    static let text = "\(major).\(minor).\(patch)"
    nonisolated(unsafe) static let cString: UnsafePointer<CChar> = UnsafePointer(strdup(text)!)
}

@c @implementation
public func rampart_libversion() -> UnsafePointer<CChar>! { LibraryVersion.cString }

@c @implementation
public func rampart_libversion_number() -> Int32 {
    Int32(LibraryVersion.major * 1_000_000 + LibraryVersion.minor * 1000 + LibraryVersion.patch)
}

@c @implementation
public func rampart_errstr(_ code: Int32) -> UnsafePointer<CChar>! { StatusText.pointer(code) }

@c @implementation
public func rampart_free(_ p: UnsafeMutableRawPointer!) { free(p) }

@c @implementation
public func rampart_open(_ out: UnsafeMutablePointer<OpaquePointer?>!, _ path: UnsafePointer<CChar>!, _ flags: UInt32) -> Int32 {
    guard let out else { return Status.misuse }
    out.pointee = nil
    // A flag this library does not know (from a newer header, say) is refused, not ignored.
    let known = UInt32(RAMPART_OPEN_READONLY | RAMPART_OPEN_CREATE | RAMPART_OPEN_SAFE)
    guard flags & ~known == 0 else {
        let h = Handle(session: nil)
        h.record(Status.misuse, "unknown flags 0x\(String(flags & ~known, radix: 16)) for rampart_open (known: READONLY, CREATE, SAFE)")
        out.pointee = databases.add(h)
        return Status.misuse
    }
    let readOnly = flags & UInt32(RAMPART_OPEN_READONLY) != 0
    let create = flags & UInt32(RAMPART_OPEN_CREATE) != 0
    let safe = flags & UInt32(RAMPART_OPEN_SAFE) != 0
    var pathString: String?
    if let path {
        guard let s = String(validatingCString: path) else {
            let h = Handle(session: nil)
            h.record(Status.encoding, "the path is not valid UTF-8")
            out.pointee = databases.add(h)
            return Status.encoding
        }
        pathString = s
    }
    do {
        let db = try AssessmentFile.open(pathString, mode: .init(readOnly: readOnly, create: create))
        out.pointee = databases.add(Handle(session: Session(database: db, options: .init(safe: safe))))
        return Status.ok
    } catch let e as RampartError {
        let h = Handle(session: nil)
        h.record(e.kind.rawValue, e.message)
        out.pointee = databases.add(h)
        return e.kind.rawValue
    } catch {
        let h = Handle(session: nil)
        h.record(Status.error, "\(error)")
        out.pointee = databases.add(h)
        return Status.error
    }
}

@c @implementation
public func rampart_close(_ db: OpaquePointer!) -> Int32 {
    guard let db else { return Status.ok }
    // Refuse to close a handle another thread is using; claim it so nobody starts meanwhile.
    switch databases.remove(db, if: { $0.inUse.compareExchange(expected: false, desired: true, ordering: .acquiring).exchanged }) {
    case .some(true): return Status.ok
    case .some(false): return Status.busy
    case .none: return Status.misuse
    }
}

@c @implementation
public func rampart_errcode(_ db: OpaquePointer!) -> Int32 {
    databases.withObject(db) { $0.code } ?? Status.misuse
}

@c @implementation
public func rampart_errmsg(_ db: OpaquePointer!) -> UnsafePointer<CChar>! {
    databases.withObject(db) { $0.messagePointer } ?? StaticMessages.invalidHandle
}

enum StaticMessages {
    nonisolated(unsafe) static let invalidHandle: UnsafePointer<CChar> = UnsafePointer(strdup("NULL or closed rampart_db handle")!)
}

@c @implementation
public func rampart_interrupt(_ db: OpaquePointer!) {
    _ = databases.withObject(db) { $0.session?.interrupt() }
}

@c @implementation
public func rampart_complete(_ text: UnsafePointer<CChar>!) -> Int32 {
    guard let text, let s = String(validatingCString: text) else { return -1 }
    return Lexer.isComplete(s) ? 1 : 0
}

@c @implementation
public func rampart_save(_ db: OpaquePointer!, _ path: UnsafePointer<CChar>!) -> Int32 {
    withSession(db) { _, session in
        let p = try string(path, "path")
        guard !session.options.safe else { throw RampartError(.denied, "safe mode: saving to \(p) is not allowed") }
        try session.save(to: p)
    }
}

@c @implementation
public func rampart_progress_handler(_ db: OpaquePointer!, _ cb: rampart_progress_cb?, _ payload: UnsafeMutableRawPointer!) -> Int32 {
    withSession(db) { _, session in
        guard let cb else { session.progressHandler = nil; return }
        let context = UnsafeMutableRawPointer(payload)
        session.progressHandler = { done, total in cb(context, Int64(done), Int64(total)) }
    }
}

@c @implementation
public func rampart_changes(_ db: OpaquePointer!) -> Int64 {
    databases.withObject(db) { $0.lastChanges } ?? 0
}

@c @implementation
public func rampart_completions(_ out: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>!, _ db: OpaquePointer!,
                                _ line: UnsafePointer<CChar>!, _ cursor: Int32) -> Int32 {
    guard let out else { return Status.misuse }
    out.pointee = nil
    return withSession(db) { _, session in
        let text = try string(line, "line")
        let utf8 = Array(text.utf8)
        guard cursor >= 0, Int(cursor) <= utf8.count else {
            throw RampartError(.misuse, "cursor \(cursor) lies outside the line (0…\(utf8.count))")
        }
        let end = Int(cursor)
        let prefix = String(decoding: utf8[0..<end], as: UTF8.self)
        let candidates = try session.completions(for: prefix)
        guard let p = ownedCString(candidates.joined(separator: "\n")) else { throw RampartError(.noMemory, "out of memory") }
        out.pointee = p
    }
}
