import RampartCore

/// One dot-command: its name, arguments, help, and whether safe mode forbids it.
struct DotCommand: Sendable {
    let name: String
    let arguments: String
    let help: String
    let touchesFiles: Bool
    let run: @Sendable (Shell, [String]) throws -> Void

    /// The most arguments it takes: one per word of `arguments`. More is a slip (an unquoted file
    /// name with a space, a word too many), refused rather than dropped.
    var maximumArguments: Int { arguments.split(separator: " ").count }
}

/// The dot-commands, defined once: this table drives dispatch, `.help` and completion.
enum DotCommands {
    static let table: [DotCommand] = [
        DotCommand(name: ".help", arguments: "[COMMAND]", help: "show dot-commands, or the help of a command", touchesFiles: false) { shell, args in
            guard let first = args.first else { shell.write(DotCommands.help); return }
            // `.help mode` means `.mode` when the language has no command 'mode'.
            let dotted = first.hasPrefix(".") ? first : CommandRegistry.find(first) == nil ? "." + first : nil
            if let dotted, let d = table.first(where: { $0.name == dotted.lowercased() }) {
                shell.write("\(d.name) \(d.arguments)\n  \(d.help)\n")
            } else if first.hasPrefix(".") {
                throw ShellError("unknown command '\(first)'\(Suggest.hint(first, in: names))")
            } else {
                try shell.execute("help \(first)", line: shell.lineNumber)
            }
        },
        DotCommand(name: ".open", arguments: "[--readonly] [FILE]", help: "close this assessment and open FILE (in memory when omitted)", touchesFiles: true) { shell, args in
            let options = args.filter { $0.hasPrefix("-") }, files = args.filter { !$0.hasPrefix("-") }
            guard options.allSatisfy({ $0 == "--readonly" || $0 == "-readonly" }), files.count <= 1 else {
                throw ShellError("usage: .open [--readonly] [FILE]; quote a file name that holds spaces")
            }
            try shell.open(files.first, readOnly: !options.isEmpty)
        },
        DotCommand(name: ".save", arguments: "FILE", help: "write a copy of the assessment to FILE", touchesFiles: true) { shell, args in
            guard let path = args.first else { throw ShellError("usage: .save FILE") }
            try shell.assessment.save(to: path)
        },
        DotCommand(name: ".read", arguments: "FILE", help: "run the commands in FILE", touchesFiles: true) { shell, args in
            guard let path = args.first else { throw ShellError("usage: .read FILE") }
            try shell.readFile(path)
        },
        DotCommand(name: ".mode", arguments: "MODE", help: "output mode: " + OutputMode.allCases.map(\.rawValue).joined(separator: ", "), touchesFiles: false) { shell, args in
            guard let m = args.first else { shell.write("current output mode: \(shell.renderer.mode.rawValue)\n"); return }
            guard let mode = OutputMode(rawValue: m.lowercased()) else {
                throw ShellError("unknown mode '\(m)'\(Suggest.hint(m, in: OutputMode.allCases.map(\.rawValue))); modes: \(OutputMode.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            shell.renderer.mode = mode
        },
        DotCommand(name: ".headers", arguments: "on|off", help: "show or hide column headers", touchesFiles: false) { shell, args in
            shell.renderer.headers = try onOff(args, ".headers")
        },
        DotCommand(name: ".output", arguments: "[FILE]", help: "send output to FILE, or back to standard output", touchesFiles: true) { shell, args in
            try shell.redirect(to: args.first, once: false)
        },
        DotCommand(name: ".once", arguments: "FILE", help: "send the next command's output to FILE", touchesFiles: true) { shell, args in
            guard let path = args.first else { throw ShellError("usage: .once FILE") }
            try shell.redirect(to: path, once: true)
        },
        DotCommand(name: ".timer", arguments: "on|off", help: "show how long each command takes", touchesFiles: false) { shell, args in
            shell.timer = try onOff(args, ".timer")
        },
        DotCommand(name: ".bail", arguments: "on|off", help: "stop at the first error", touchesFiles: false) { shell, args in
            shell.bail = try onOff(args, ".bail")
        },
        DotCommand(name: ".echo", arguments: "on|off", help: "print each command before running it", touchesFiles: false) { shell, args in
            shell.echo = try onOff(args, ".echo")
        },
        DotCommand(name: ".changes", arguments: "on|off", help: "report how many records each command changed", touchesFiles: false) { shell, args in
            shell.showChanges = try onOff(args, ".changes")
        },
        DotCommand(name: ".quit", arguments: "", help: "exit", touchesFiles: false) { shell, _ in shell.quitRequested = true },
        DotCommand(name: ".exit", arguments: "[CODE]", help: "exit with CODE (default 0)", touchesFiles: false) { shell, args in
            guard args.count <= 1, let code = Int32(args.first ?? "0"), (0...255).contains(code) else {
                throw ShellError("usage: .exit [CODE], CODE a whole number 0–255")
            }
            shell.quitRequested = true
            shell.requestedExit = code
        },
    ]

    static var names: [String] { table.map(\.name) }

    static var help: String {
        let w = table.map { $0.name.count + ($0.arguments.isEmpty ? 0 : $0.arguments.count + 1) }.max() ?? 0
        return table.map { d in
            let head = d.name + (d.arguments.isEmpty ? "" : " " + d.arguments)
            return head + String(repeating: " ", count: w - head.count + 2) + d.help
        }.joined(separator: "\n") + "\n"
    }

    static func onOff(_ args: [String], _ name: String) throws -> Bool {
        guard args.count == 1 else { throw ShellError("usage: \(name) on|off") }
        switch args.first?.lowercased() {
        case "on", "yes", "1", "true": return true
        case "off", "no", "0", "false": return false
        default: throw ShellError("usage: \(name) on|off")
        }
    }

    /// Splits a dot-command line into words; double quotes group words.
    static func split(_ line: String) -> [String] {
        var words: [String] = []
        var current = ""
        var quoted = false, any = false
        for c in line {
            if c == "\"" { quoted.toggle(); any = true; continue }
            if !quoted && (c == " " || c == "\t") {
                if any { words.append(current); current = ""; any = false }
                continue
            }
            current.append(c); any = true
        }
        if any { words.append(current) }
        return words
    }
}

/// A shell-level error (dot-commands, options).
struct ShellError: Error {
    let message: String
    init(_ message: String) { self.message = message }
}
