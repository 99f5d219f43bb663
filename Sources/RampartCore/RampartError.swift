/// The kinds of failure the engine reports; each maps to one stable code of the C ABI.
public enum ErrorKind: Int32, Sendable, CaseIterable {
    case generic = 1
    case misuse = 2
    case parse = 3
    case notFound = 4
    case constraint = 5
    case range = 6
    case io = 7
    case corrupt = 8
    case tooNew = 9
    case readOnly = 10
    case denied = 11
    case interrupted = 12
    case noMemory = 13
    case encoding = 14
    case busy = 15
    case abort = 16
}

/// An error with a kind (its C code) and a message written for the analyst.
public struct RampartError: Error, Sendable, CustomStringConvertible {
    public let kind: ErrorKind
    public let message: String

    /// Creates an error of `kind` with a human-readable `message`.
    public init(_ kind: ErrorKind, _ message: String) {
        self.kind = kind
        self.message = message
    }

    public var description: String { message }

    /// A syntax error.
    public static func parse(_ message: String) -> RampartError { .init(.parse, message) }
    /// A value out of range, of the wrong unit or otherwise invalid.
    public static func range(_ message: String) -> RampartError { .init(.range, message) }
    /// A reference to something that does not exist.
    public static func notFound(_ message: String) -> RampartError { .init(.notFound, message) }
    /// A change refused because it would break the assessment's integrity.
    public static func constraint(_ message: String) -> RampartError { .init(.constraint, message) }
}
