import RampartCore

/// The status codes of rampart.h.
enum Status {
    static let ok: Int32 = 0
    static let error: Int32 = 1
    static let misuse: Int32 = 2
    static let encoding: Int32 = 14
    static let busy: Int32 = 15
    static let abort: Int32 = 16
    static let noMemory: Int32 = 13
}

/// Static descriptions of status codes (rampart_errstr).
enum StatusText {
    static let texts: [String] = [
        "not an error", "error", "library misuse", "syntax error", "not found", "constraint violated",
        "value out of range", "input/output error", "not a Rampart assessment or damaged", "written by a newer version",
        "read-only", "denied by safe mode", "interrupted", "out of memory", "invalid UTF-8", "busy: handle or file in use",
        "aborted by callback",
    ]
    /// C strings that live as long as the process.
    nonisolated(unsafe) static let pointers: [UnsafePointer<CChar>] = texts.map { UnsafePointer(strdupStatic($0)) }
    nonisolated(unsafe) static let unknown: UnsafePointer<CChar> = UnsafePointer(strdupStatic("unknown error"))

    static func pointer(_ code: Int32) -> UnsafePointer<CChar> {
        code >= 0 && Int(code) < pointers.count ? pointers[Int(code)] : unknown
    }

    private static func strdupStatic(_ s: String) -> UnsafeMutablePointer<CChar> {
        let bytes = Array(s.utf8CString)
        let p = UnsafeMutablePointer<CChar>.allocate(capacity: bytes.count)
        p.initialize(from: bytes, count: bytes.count)
        return p
    }
}
