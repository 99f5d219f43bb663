/// Rendered text on its way out: appended piece by piece and handed on whenever it passes
/// `limit` bytes, so that a large result is written while it is rendered, never held whole.
struct ChunkedOutput {
    /// Bytes gathered before they are handed on.
    static let limit = 1 << 16

    private var pending = ""
    private let emit: (String) -> Void

    /// Output that hands its text to `emit`, in pieces, in order.
    init(_ emit: @escaping (String) -> Void) {
        self.emit = emit
        pending.reserveCapacity(Self.limit + 1024)
    }

    /// Appends `s`.
    mutating func append(_ s: String) {
        pending += s
        if pending.utf8.count >= Self.limit { flush() }
    }

    /// Appends `count` spaces (none when `count` is not positive).
    mutating func append(spaces count: Int) {
        var left = count
        while left > 0 {
            let n = min(left, ChunkedOutput.blanks.count)
            pending += ChunkedOutput.blanks[n - 1]
            left -= n
        }
    }

    /// Hands on what is pending.
    mutating func flush() {
        guard !pending.isEmpty else { return }
        emit(pending)
        pending.removeAll(keepingCapacity: true)
    }

    /// Runs of 1 to 32 spaces, for padding without building a string each time.
    private static let blanks = (1...32).map { String(repeating: " ", count: $0) }
}
