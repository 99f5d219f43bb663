import RampartCore

/// Command-line options: `rampart [OPTIONS] [FILE [COMMAND…]]`.
struct Options {
    var file: String?
    var commands: [String] = []
    var preCommands: [String] = []
    var initFile: String?
    var mode: OutputMode = .table
    var headers = true
    var interactive: Bool?
    var safe = false
    var readOnly = false
    var bail = false
    var echo = false

    static let usage = """
    Usage: rampart [OPTIONS] [FILE [COMMAND…]]
    Opens the assessment FILE (created when missing; in memory when omitted) and reads commands
    from standard input, or runs each COMMAND given after FILE and exits. Options may come
    before or after FILE, but not after the first COMMAND.

    Options:
      -bail              stop at the first error
      -batch             force batch mode (no banner, prompt or line editing)
      -box | -csv | -json | -line | -markdown | -table
                         output mode (default: table)
      -cmd COMMAND       run COMMAND before reading input (repeatable)
      -echo              print each command before running it
      -header | -noheader
                         show or hide column headers
      -help              show this message
      -init FILE         read commands from FILE first
      -interactive       force interactive mode
      -readonly          open the assessment read-only
      -safe              no file access beyond the opened assessment
      -version           print the version and exit
    Options may also be written with two dashes.
    """

    /// What parsing decided: run, or print and exit.
    enum Outcome {
        case run(Options)
        case exit(String, Int32)
    }

    static func parse(_ args: [String], version: String) -> Outcome {
        var o = Options()
        var i = 0
        var positional: [String] = []
        func value(_ name: String) -> String? {
            i += 1
            return i < args.count ? args[i] : nil
        }
        while i < args.count {
            let a = args[i]
            if positional.count <= 1, a.hasPrefix("-"), a.count > 1 {
                let name = a.hasPrefix("--") ? String(a.dropFirst(2)) : String(a.dropFirst())
                switch name {
                case "bail": o.bail = true
                case "batch": o.interactive = false
                case "interactive": o.interactive = true
                case "safe": o.safe = true
                case "readonly": o.readOnly = true
                case "echo": o.echo = true
                case "header", "headers": o.headers = true
                case "noheader", "noheaders": o.headers = false
                case "version": return .exit(version + "\n", 0)
                case "help", "h": return .exit(usage + "\n", 0)
                case "cmd":
                    guard let v = value(name) else { return .exit("rampart: -cmd needs a command\n", 1) }
                    o.preCommands.append(v)
                case "init":
                    guard let v = value(name) else { return .exit("rampart: -init needs a file\n", 1) }
                    o.initFile = v
                default:
                    if let m = OutputMode(rawValue: name) { o.mode = m; break }
                    let all = ["bail", "batch", "interactive", "safe", "readonly", "echo", "header", "noheader",
                               "version", "help", "cmd", "init"] + OutputMode.allCases.map(\.rawValue)
                    let hint = Suggest.nearest(name, in: all).map { " (did you mean -\($0)?)" } ?? ""
                    return .exit("rampart: unknown option '\(a)'\(hint)\nUse -help for a list of options.\n", 1)
                }
            } else {
                positional.append(a)
            }
            i += 1
        }
        o.file = positional.first
        o.commands = Array(positional.dropFirst())
        return .run(o)
    }
}

