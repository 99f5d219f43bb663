import RampartCEditLine
import RampartCHeader
import RampartCore
#if canImport(Glibc)
import Glibc
#endif

/// The `rampart` REPL, modelled on the sqlite3 shell: interactive with libedit on a terminal,
/// plain and scriptable on a pipe.
@main
final class Shell {
    var assessment: Assessment
    var renderer: Renderer
    var bail: Bool
    var echo: Bool
    var timer = false
    var showChanges = false
    var quitRequested = false
    /// Whether to run no further command: `.quit`, or SIGHUP or SIGTERM received.
    var stopping: Bool { quitRequested || Interrupts.stopSignal != 0 }
    var failures = 0
    let interactive: Bool
    /// Whether commands' notes follow their tables: in interactive use or on a terminal, not in
    /// output piped on to other programs.
    let showsNotes: Bool
    let safe: Bool
    let readOnly: Bool
    /// Line where the command being run starts, in the current input.
    var lineNumber = 0
    /// Name of the input being read, for error messages of `.read` files.
    var source: String?
    private var output: UnsafeMutablePointer<FILE>?
    /// `.once` redirects only the next command: armed by `.once`, spent by the command after it.
    private var onceState: OnceState = .off
    enum OnceState { case off, armed, active }
    /// The exit status `.exit CODE` asked for, which wins over the failure count.
    var requestedExit: Int32?
    /// How deeply `.read` scripts are nested.
    var readDepth = 0

    static func main() {
        let version = String(cString: rampart_libversion())
        let options: Options
        switch Options.parse(Array(CommandLine.arguments.dropFirst()), version: version) {
        case .exit(let text, let code):
            fputs(text, code == 0 ? rampart_stdout() : rampart_stderr())
            exit(code)
        case .run(let o):
            options = o
        }
        do {
            let shell = try Shell(options)
            let code = shell.run(options)
            shell.finish()
            exit(Interrupts.stopSignal != 0 ? 128 + Interrupts.stopSignal : code)
        } catch let e as LibraryError {
            fputs("Error: \(e.message)\n", rampart_stderr())
            exit(1)
        } catch {
            fputs("Error: \(error)\n", rampart_stderr())
            exit(1)
        }
    }

    init(_ o: Options) throws {
        interactive = o.interactive ?? (isatty(0) != 0 && o.commands.isEmpty)
        showsNotes = interactive || isatty(1) != 0
        safe = o.safe
        readOnly = o.readOnly
        bail = o.bail
        echo = o.echo
        renderer = Renderer(mode: o.mode, headers: o.headers)
        assessment = try Assessment(path: o.file, flags: Shell.flags(readOnly: o.readOnly, safe: o.safe))
    }

    static func flags(readOnly: Bool, safe: Bool) -> UInt32 {
        var f = readOnly ? UInt32(RAMPART_OPEN_READONLY) : UInt32(RAMPART_OPEN_CREATE)
        if safe { f |= UInt32(RAMPART_OPEN_SAFE) }
        return f
    }

    func run(_ o: Options) -> Int32 {
        Interrupts.install()
        if let initFile = o.initFile {
            do { try readFile(initFile) } catch { report(error) }
        }
        for c in o.preCommands where !stopping {
            dispatch(c, line: 0)
            if failures > 0 && bail { return status }
        }
        if !o.commands.isEmpty {
            for c in o.commands where !stopping {
                dispatch(c, line: 0)
                if failures > 0 && bail { break }
            }
            return status
        }
        if interactive {
            write("Rampart \(String(cString: rampart_libversion())) — risk assessment for critical infrastructure\n")
            write("Enter \"help\" for commands, \".help\" for shell commands; Ctrl-D exits.\n")
            if o.file == nil {
                write("Working on a transient in-memory assessment; \".save FILE\" keeps a copy, \".open FILE\" opens a file.\n")
            }
            let history = getenv("RAMPART_HISTORY").map { String(cString: $0) }
                ?? getenv("HOME").map { String(cString: $0) + "/.rampart_history" }
            ProgressLine.show(on: assessment.db)
            let reader = EditLineReader(historyPath: history)
            EditLineReader.complete = { [unowned self] upTo in self.complete(upTo) }
            process(reader)
            if !quitRequested { write("\n") }
            return requestedExit ?? 0
        }
        let reader = PlainReader(stream: rampart_stdin())
        process(reader)
        return status
    }

    /// The exit status of a script: what `.exit` asked for, else 1 when any command failed.
    var status: Int32 { requestedExit ?? (failures > 0 ? 1 : 0) }

    /// Reads and runs commands until end of input, `.quit`, or an error under bail.
    func process(_ reader: LineReader) {
        let interruptsAtStart = Interrupts.received
        var buffer = ""
        var line = 0
        var start = 0
        while !stopping {
            let prompt = buffer.isEmpty ? "rampart> " : "   ...> "
            if readDepth > 0 && Interrupts.received != interruptsAtStart {
                report(ShellError("interrupted"))
                quitRequested = quitRequested || !interactive
                break
            }
            guard let text = reader.readLine(prompt: interactive ? prompt : "") else {
                // Ctrl-C at the prompt abandons the line; a second one exits (see Interrupts).
                if reader.wasInterrupted {
                    write("^C\n")
                    buffer = ""
                    continue
                }
                break
            }
            line += 1
            if let bad = reader.invalidLine {
                lineNumber = line
                report(ShellError("line \(line) is not valid UTF-8 (at byte \(bad + 1)); it was skipped"))
                if bail { break }
                continue
            }
            if buffer.isEmpty {
                let trimmed = text.drop { $0 == " " || $0 == "\t" }
                if trimmed.isEmpty { continue }
                if trimmed.hasPrefix(".") {
                    reader.remember(text)
                    dispatch(String(trimmed), line: line)
                    if failures > 0 && bail { break }
                    continue
                }
                start = line
                buffer = text
            } else {
                // A blank line ends an unfinished command in interactive use (it then reports what is missing).
                if interactive && text.allSatisfy({ $0 == " " || $0 == "\t" }) {
                    reader.remember(buffer)
                    dispatch(buffer, line: start)
                    buffer = ""
                    continue
                }
                buffer += "\n" + text
            }
            if Assessment.isComplete(buffer) {
                reader.remember(buffer)
                dispatch(buffer, line: start)
                buffer = ""
                if failures > 0 && bail { break }
            }
        }
        if !buffer.isEmpty && !quitRequested { dispatch(buffer, line: start) }
    }

    /// Runs one command or dot-command, reporting errors.
    func dispatch(_ text: String, line: Int) {
        lineNumber = line
        if echo { write(text + "\n") }
        do {
            if text.hasPrefix(".") {
                try dotCommand(text)
            } else {
                try execute(text, line: line)
            }
            try checkWritten()
        } catch {
            report(error)
        }
        writeFailure = 0
        switch onceState {
        case .armed: onceState = .active
        case .active: closeOutput()
        case .off: break
        }
    }

    /// Closes output and the assessment, so the file on disk is complete and self-contained.
    func finish() {
        closeOutput()
        assessment.close()
    }

    func dotCommand(_ text: String) throws {
        let words = DotCommands.split(text)
        guard let name = words.first?.lowercased() else { return }
        guard let d = DotCommands.table.first(where: { $0.name == name }) else {
            throw ShellError("unknown command '\(name)'\(Suggest.hint(name, in: DotCommands.names)); enter \".help\" for the list")
        }
        if safe && d.touchesFiles { throw ShellError("safe mode: \(d.name) is not allowed") }
        let arguments = Array(words.dropFirst())
        guard arguments.count <= d.maximumArguments else {
            let usage = d.arguments.isEmpty ? "\(d.name) takes no arguments" : "usage: \(d.name) \(d.arguments)"
            throw ShellError(usage + (d.touchesFiles ? "; quote a file name that holds spaces" : ""))
        }
        try d.run(self, arguments)
    }

    /// Runs commands of the language through the library and prints each one's result.
    func execute(_ text: String, line: Int) throws {
        // Several commands on one line each get their own output.
        let commands: [Command]
        do {
            commands = try Parser.parse(text)
        } catch let e as RampartError {
            throw LibraryError(code: e.kind.rawValue, message: e.message)
        }
        for c in commands {
            lineNumber = line == 0 ? 0 : line + c.line - 1
            try executeOne(c.text)
        }
    }

    func executeOne(_ text: String) throws {
        Interrupts.begin(assessment.db)
        defer { Interrupts.end() }
        let began = Shell.now()
        let q = try ProgressLine.erasing { try assessment.query(text, withText: renderer.showsText) }
        if !q.warnings.isEmpty { fputs(q.warnings + "\n", rampart_stderr()) }
        if !q.output.isEmpty { write(q.output + "\n") }
        if q.hasTable {
            var out = ChunkedOutput { self.write($0) }
            renderer.render(q, into: &out)
        }
        if showsNotes && !q.notes.isEmpty { write(q.notes + "\n") }
        if showChanges { write("changes: \(q.changes)\n") }
        if timer { write("Run Time: \(Number.format(Shell.now() - began, maxDecimals: 3)) s\n") }
    }

    func report(_ error: Error) {
        failures += 1
        let message: String
        switch error {
        case let e as LibraryError: message = e.message
        case let e as ShellError: message = e.message
        default: message = "\(error)"
        }
        let place = source.map { " in \($0)" } ?? ""
        if interactive && source == nil || lineNumber == 0 {
            fputs("Error\(place): \(message)\n", rampart_stderr())
        } else {
            fputs("Error\(place) near line \(lineNumber): \(message)\n", rampart_stderr())
        }
        fflush(rampart_stderr())
    }

    // MARK: - Services for dot-commands

    func write(_ text: String) {
        let stream = output ?? rampart_stdout()
        if fputs(text, stream) < 0 || fflush(stream) != 0 {
            if writeFailure == 0 { writeFailure = errno }
            clearerr(stream)
        }
    }

    /// The errno of the first failed write since the command began (a full disk, say), or 0.
    private var writeFailure: Int32 = 0

    /// Fails the command whose output could not be written, rather than lose it silently.
    func checkWritten() throws {
        guard writeFailure != 0 else { return }
        throw ShellError("cannot write the output: \(String(cString: strerror(writeFailure)))")
    }

    func open(_ path: String?, readOnly: Bool) throws {
        assessment = try Assessment(path: path, flags: Shell.flags(readOnly: readOnly || self.readOnly, safe: safe))
        if interactive { ProgressLine.show(on: assessment.db) }
    }

    func readFile(_ path: String) throws {
        // A directory opens for reading on Linux and then reads as nothing.
        if RegularFile.other(path) == .directory { throw ShellError("cannot read \(path): it is a directory") }
        guard let f = fopen(path, "r") else { throw ShellError("cannot open \(path): \(String(cString: strerror(errno)))") }
        guard readDepth < 16 else {
            fclose(f)
            throw ShellError(".read is nested more than 16 deep (does \(path) read itself?)")
        }
        let saved = (source, lineNumber)
        source = path
        readDepth += 1
        defer { (source, lineNumber) = saved; readDepth -= 1 }
        let before = failures
        process(PlainReader(stream: f, owned: true))
        if failures > before && bail { quitRequested = true }
    }

    func redirect(to path: String?, once: Bool) throws {
        closeOutput()
        guard let path, path != "stdout", path != "-" else { return }
        guard let f = fopen(path, "w") else { throw ShellError("cannot write \(path): \(String(cString: strerror(errno)))") }
        output = f
        onceState = once ? .armed : .off
    }

    func closeOutput() {
        if let o = output { fclose(o) }
        output = nil
        onceState = .off
    }

    /// Candidates for the word that ends `upTo`, the line as far as the cursor.
    func complete(_ upTo: String) -> [String] {
        if upTo.hasPrefix(".") && !upTo.contains(" ") {
            return DotCommands.names.filter { $0.hasPrefix(upTo.lowercased()) }
        }
        let candidates = assessment.completions(upTo, cursor: upTo.utf8.count)
        // The library completes the whole word since the last space (`require=(hvm` gives
        // `require=(hvm-stadium`); libedit replaces only what follows its last word break.
        let word = upTo.reversed().prefix { $0 != " " && $0 != "\t" && $0 != "\n" }.reversed()
        guard let cut = word.lastIndex(where: { EditLineReader.wordBreaks.contains($0) }) else { return candidates }
        let replaced = word.distance(from: word.startIndex, to: cut) + 1
        return candidates.map { String($0.dropFirst(replaced)) }
    }

    static func now() -> Double {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
    }
}
