import RampartCEditLine
#if canImport(Glibc)
import Glibc
#endif

/// Reads input lines: libedit with history and completion on a terminal, plain reads otherwise.
protocol LineReader: AnyObject {
    /// The next line without its newline, or nil at end of input.
    func readLine(prompt: String) -> String?
    /// Remembers a complete command for history recall.
    func remember(_ entry: String)
    /// Whether the last `readLine` returned nil because of Ctrl-C rather than end of input.
    var wasInterrupted: Bool { get }
    /// When the last line read was not valid UTF-8: the offset of the first bad byte.
    var invalidLine: Int? { get }
}

/// Reads lines from a C stream without editing (pipes, files, `.read`).
final class PlainReader: LineReader {
    private let stream: UnsafeMutablePointer<FILE>
    private let owned: Bool

    init(stream: UnsafeMutablePointer<FILE>, owned: Bool = false) {
        self.stream = stream
        self.owned = owned
    }

    deinit { if owned { fclose(stream) } }

    func readLine(prompt: String) -> String? {
        var buffer: UnsafeMutablePointer<CChar>?
        var capacity = 0
        let n = getline(&buffer, &capacity, stream)
        defer { free(buffer) }
        guard n >= 0, let buffer else { return nil }
        var bytes = Array(UnsafeBufferPointer(start: UnsafeMutablePointer<UInt8>(OpaquePointer(buffer)), count: n))
        if bytes.last == 10 { bytes.removeLast() }
        if bytes.last == 13 { bytes.removeLast() }
        guard let text = String(validating: bytes, as: UTF8.self) else {
            invalidLine = PlainReader.firstInvalidByte(bytes)
            return ""
        }
        invalidLine = nil
        return text
    }

    private(set) var invalidLine: Int?

    /// The offset of the first byte that breaks UTF-8.
    static func firstInvalidByte(_ bytes: [UInt8]) -> Int {
        var good = 0
        for end in 1...bytes.count where String(validating: bytes[good..<end], as: UTF8.self) != nil { good = end }
        return good
    }

    func remember(_ entry: String) {}

    var wasInterrupted: Bool { false }
}

/// Reads lines with libedit: editing, history in a file, tab completion.
final class EditLineReader: LineReader {
    let historyPath: String?
    /// Completion source, given the line as far as the cursor; set by the shell.
    nonisolated(unsafe) static var complete: ((String) -> [String])?
    /// The characters that end the word libedit completes: `fields=(id, na` completes `na`.
    static let wordBreaks = " \t\n(),"
    /// The same as a C string that lives as long as the process: libedit keeps the pointer.
    nonisolated(unsafe) private static let wordBreaksForLibedit = strdup(wordBreaks)

    init(historyPath: String?) {
        self.historyPath = historyPath
        setlocale(LC_CTYPE, "")
        rampart_rl_set_readline_name("rampart")
        rampart_rl_set_basic_word_break_characters(EditLineReader.wordBreaksForLibedit)
        rampart_rl_set_completer { text, start, end in
            rampart_rl_set_completion_over(1)
            return rl_completion_matches(text) { text, state in
                EditLineReader.match(text, Int(state))
            }
        }
        stifle_history(2000)
        if let p = historyPath { read_history(p) }
    }

    nonisolated(unsafe) private static var matches: [String] = []

    /// libedit asks for matches one by one: state 0 computes them, later states step through.
    static func match(_ text: UnsafePointer<CChar>?, _ state: Int) -> UnsafeMutablePointer<CChar>? {
        if state == 0 {
            let line = rampart_rl_line_buffer().map { String(cString: $0) } ?? ""
            let upTo = String(decoding: Array(line.utf8).prefix(Int(rampart_rl_point())), as: UTF8.self)
            matches = complete?(upTo) ?? []
            // No space after an option's name (`duration=`) or inside a list (`fields=(id, na`).
            let inList = upTo.count { $0 == "(" } > upTo.count { $0 == ")" }
            let joined = inList || matches.count == 1 && matches[0].hasSuffix("=")
            rampart_rl_set_completion_append_character(joined ? 0 : Int32(UInt8(ascii: " ")))
        }
        guard state < matches.count else { return nil }
        return strdup(matches[state])
    }

    private(set) var wasInterrupted = false
    var invalidLine: Int? { nil }

    func readLine(prompt: String) -> String? {
        let before = Interrupts.received
        wasInterrupted = false
        guard let p = readline(prompt) else {
            wasInterrupted = Interrupts.received != before
            return nil
        }
        defer { free(p) }
        return String(cString: p)
    }

    func remember(_ entry: String) {
        guard !entry.allSatisfy({ $0 == " " || $0 == "\t" || $0 == "\n" }) else { return }
        add_history(entry)
        if let p = historyPath { write_history(p) }
    }
}
