/// `iim`: the inoperability input–output model over sectors, assets or a given matrix (DESIGN §5.7).
struct IIMCommand {
    let session: Session

    static let verbs = ["static", "dynamic", "recovery", "matrix", "indices"]
    /// The options that choose A* (every verb takes them) and those of each verb.
    static let sourceOptions = ["from", "matrix", "io", "side", "cap"]
    static let verbOptions = ["static": ["c", "mode"], "dynamic": ["c", "k", "steps", "window", "q0"], "recovery": ["q0", "k", "t"],
                              "matrix": ["order"], "indices": []]

    static let spec = CommandSpec(
        name: "iim",
        usage: [
            "iim static [<source>] c=(<system>:<fraction>, …) [mode=saturating|linear] [top N]",
            "iim dynamic [<source>] c=(…) k=<k>|(<system>:<k>, …) steps=T [window=(a, b)] [q0=(…)] [top N | by step]",
            "iim recovery [<source>] q0=(…) k=… t=(<t>, …)",
            "iim matrix [<source>] [order=n]",
            "iim indices [<source>]",
            "<source>: from=sectors (default) | from=assets | matrix=FILE.csv | io=FILE.csv [side=demand|supply]; cap=0.9",
        ],
        summary: "inoperability input–output model: how a disruption spreads through interdependent systems",
        details: """
        A* (entry i,j: inoperability of system i per unit inoperability of system j) comes from the
        asset graph aggregated by sector (from=sectors: the economic-value-weighted share of sector i
        that depends on sector j), the asset graph itself (from=assets: dependency strengths), a
        matrix CSV (header of system names, one named row per system) or an input-output table
        (flows Z plus a total_output column x; demand side A*ij = Zij/xi, supply side A* = A
        transposed with Aij = Zij/xj). Rows derived from the graph are scaled down to sum to at most
        `cap`. A* with spectral radius 1 or more is refused.
        static: linear q = clip((I - A*)^-1 c*, 0, 1), the published convention; saturating
        (default) the least fixed point of q = min(1, A* q + c*). Rows are ranked by q (dynamic:
        by impact), largest first; `top N` keeps the first N; models of more than 200 systems
        leave out the systems with nothing to show.
        dynamic: q_k = clip(q_k-1 + K (A* q_k-1 + c*(k) - q_k-1), 0, 1) for k = 1..T-1 with c*(k)
        applied inside the inclusive window (default: every step); impact is the trapezoidal
        integral of q over the T steps.
        recovery: q(t) = exp(-K (I - A*) t) q0.
        matrix: A* or its n-th power (n-th order interdependencies). indices: dependency (row) and
        influence (column) sums of (I - A*)^-1, each normalised to average 1.

        """,
        verbs: verbs, modifies: { _ in false }, run: { s, cmd in try IIMCommand(session: s).run(cmd) })

    func run(_ cmd: Command) throws -> CommandResult {
        guard cmd.positional.count >= 2 else {
            throw RampartError.parse("iim needs one of \(IIMCommand.verbs.joined(separator: ", ")); see 'help iim'")
        }
        let verb = cmd.positional[1]
        let ranked = ["static", "dynamic"].contains(verb.text.lowercased())
        guard cmd.positional.count == 2 || ranked else { throw RampartError.parse("usage: iim \(verb.text) [<source>] …; see 'help iim'") }
        let top = try cmd.top(usage: "iim \(verb.text.lowercased()) … [top N]", after: 2)
        guard IIMCommand.verbs.contains(verb.text.lowercased()) else {
            throw RampartError.parse("unknown iim verb \(verb.quoted)\(Suggest.hint(verb.text, in: IIMCommand.verbs))")
        }
        let name = "iim \(verb.text.lowercased())"
        try cmd.checkClauses(name, verb.isWord("dynamic") ? .by : [], byWords: ["step"])
        var options: [String: ArgValue] = [:]
        let allowed = IIMCommand.sourceOptions + (IIMCommand.verbOptions[verb.text.lowercased()] ?? [])
        for a in cmd.assignments {
            let key = a.key.text.lowercased()
            guard allowed.contains(key) else {
                throw RampartError.parse("\(name) has no option \(a.key.quoted)\(Suggest.hint(key, in: allowed)); it takes \(allowed.joined(separator: ", "))")
            }
            options[key] = a.value
        }
        let (a, output, fromAssets) = try source(options)
        let (rho, bound) = try a.checkStable()
        let note = "A*: \(a.count) systems, \(a.values.count) nonzero entries, spectral radius \(bound ? "≤ " : "")\(Number.format(rho, maxDecimals: 6))"
            + (bound ? " (the largest row sum)" : "")
        let index = try systemIndex(a, fromAssets: fromAssets)
        switch verb.text.lowercased() {
        case "static":
            let c = try vector(options["c"], "c", index, a.count, required: true)
            let mode = try modeOption(options["mode"])
            let q = Inoperability.solve(a, c: c, mode: mode)
            var columns = [ResultColumn("system", .text), .quantity("c", .probability), .computed("q", .number)]
            if output != nil { columns.append(.computed("output_loss", .money)) }
            var table = ResultTable(columns: columns)
            for i in order(q, nonzero: c, top: top) {
                var row: [Value] = [.text(a.labels[i]), .real(c[i]), .real(q[i])]
                if let x = output { row.append(.real(q[i] * x[i])) }
                table.append(row)
            }
            return CommandResult(table: table, notes: [note + "; mode \(mode.rawValue)"])
        case "dynamic":
            let c = try vector(options["c"], "c", index, a.count, required: true)
            let k = try coefficients(options["k"], index, a.count)
            let steps = try integer(options["steps"], "steps", range: 2...1_000_000)
            var window = 1...(steps - 1)
            if let w = options["window"] {
                let parts = w.elements.compactMap(\.text).compactMap { Int($0) }
                guard parts.count == 2, parts[0] >= 1, parts[0] <= parts[1] else {
                    throw RampartError.parse("window takes two steps (first, last), 1 ≤ first ≤ last")
                }
                window = parts[0]...parts[1]
            }
            let q0 = try vector(options["q0"], "q0", index, a.count, required: false)
            let path = Inoperability.dynamic(a, c: c, k: k, steps: steps, window: window, q0: q0)
            if cmd.byWord?.text.lowercased() == "step" {
                var table = ResultTable(columns: [ResultColumn("step", .integer), ResultColumn("system", .text), .computed("q", .number)])
                for (t, q) in path.enumerated() { for i in 0..<a.count { table.append([.integer(Int64(t)), .text(a.labels[i]), .real(q[i])]) } }
                return CommandResult(table: table, notes: [note])
            }
            let impact = Inoperability.impact(path)
            var table = ResultTable(columns: [ResultColumn("system", .text), .computed("impact", .number), .computed("peak", .number), .computed("final", .number)])
            for i in order(impact, nonzero: c, top: top) {
                table.append([.text(a.labels[i]), .real(impact[i]), .real(path.map { $0[i] }.max() ?? 0), .real(path.last?[i] ?? 0)])
            }
            return CommandResult(table: table, notes: [note + "; impact = trapezoidal integral of q over \(steps) steps"])
        case "recovery":
            try requireDense(a)
            let q0 = try vector(options["q0"], "q0", index, a.count, required: true)
            let k = try coefficients(options["k"], index, a.count)
            let times = try (options["t"]?.elements ?? []).map { v -> Double in
                guard let text = v.text, let t = DecimalText.double(text), t.isFinite, t >= 0 else { throw RampartError.parse("t takes times ≥ 0, e.g. t=(1, 5, 10)") }
                return t
            }
            guard !times.isEmpty else { throw RampartError.parse("iim recovery needs t=(…)") }
            var table = ResultTable(columns: [.computed("t", .number), ResultColumn("system", .text), .computed("q", .number)])
            for t in times {
                let q = Inoperability.recovery(a, k: k, q0: q0, t: t)
                for i in 0..<a.count { table.append([.real(t), .text(a.labels[i]), .real(q[i])]) }
            }
            return CommandResult(table: table, notes: [note])
        case "matrix":
            try requireDense(a)
            let n = options["order"] == nil ? 1 : try integer(options["order"], "order", range: 0...64)
            let m = Inoperability.power(a, n)
            var table = ResultTable(columns: [ResultColumn("system", .text)] + a.labels.map { .computed($0, .number) })
            for i in 0..<a.count { table.append([.text(a.labels[i])] + (0..<a.count).map { .real(m[i * a.count + $0]) }) }
            return CommandResult(table: table, notes: [note + (n == 1 ? "" : "; A* to the power \(n)")])
        default:
            try requireDense(a)
            let (dependency, influence) = try Inoperability.indices(a)
            var table = ResultTable(columns: [ResultColumn("system", .text), .computed("dependency", .number), .computed("influence", .number)])
            for i in 0..<a.count { table.append([.text(a.labels[i]), .real(dependency[i]), .real(influence[i])]) }
            return CommandResult(table: table, notes: [note])
        }
    }

    /// Largest first, then in system order; zero rows of large models are left out; the first
    /// `top` when given.
    func order(_ values: [Double], nonzero c: [Double], top: Int?) -> [Int] {
        let all = Array(0..<values.count)
        let shown = values.count > 200 ? all.filter { values[$0] > 0 || c[$0] > 0 } : all
        let before = { (i: Int, j: Int) in (values[i], -i) > (values[j], -j) }
        guard let top, top <= 64, top * 16 < shown.count else { return Array(shown.sorted(by: before).prefix(top ?? .max)) }
        // A few of many: keep the best `top` in order as they come.
        var best: [Int] = []
        for i in shown where best.count < top || before(i, best[best.count - 1]) {
            best.insert(i, at: best.firstIndex { before(i, $0) } ?? best.count)
            if best.count > top { best.removeLast() }
        }
        return best
    }

    func requireDense(_ a: InterdependencyMatrix) throws {
        guard a.count <= 500 else { throw RampartError.range("this view needs a dense matrix; \(a.count) systems are too many (at most 500)") }
    }

    /// A* from the options, the total outputs of an input–output table, and whether the systems
    /// are the snapshot's assets.
    func source(_ o: [String: ArgValue]) throws -> (InterdependencyMatrix, [Double]?, fromAssets: Bool) {
        let cap = try o["cap"].map { v -> Double in
            guard let t = v.text else { throw RampartError.parse("cap takes one number") }
            let c = try Quantity.parse(t, as: .probability, field: "cap")
            guard c > 0, c < 1 else { throw RampartError.range("cap must lie strictly between 0 and 1") }
            return c
        } ?? IIMSource.defaultCap
        let given = ["from", "matrix", "io"].filter { o[$0] != nil }
        guard given.count <= 1 else { throw RampartError.parse("give one source: from=, matrix= or io=") }
        if let file = o["matrix"]?.text {
            return (try IIMSource.matrix(try ImportExport.readFile(file, safe: session.options.safe), name: file), nil, false)
        }
        if let file = o["io"]?.text {
            let side = o["side"]?.text?.lowercased() ?? "demand"
            guard side == "demand" || side == "supply" else { throw RampartError.parse("side is demand or supply\(Suggest.hint(side, in: ["demand", "supply"]))") }
            let (a, x) = try IIMSource.inputOutput(try ImportExport.readFile(file, safe: session.options.safe), name: file, supplySide: side == "supply")
            return (a, x, false)
        }
        let from = o["from"]?.text?.lowercased() ?? "sectors"
        switch from {
        case "sectors", "sector": return (try IIMSource.sectors(try session.snapshot(), cap: cap), nil, false)
        case "assets", "asset": return (try IIMSource.assets(try session.snapshot(), cap: cap), nil, true)
        default: throw RampartError.parse("from is sectors or assets\(Suggest.hint(from, in: ["sectors", "assets"]))")
        }
    }

    func modeOption(_ v: ArgValue?) throws -> Inoperability.Mode {
        guard let text = v?.text?.lowercased() else { return .saturating }
        guard let m = Inoperability.Mode(rawValue: text) else {
            throw RampartError.parse("mode is linear or saturating\(Suggest.hint(text, in: Inoperability.Mode.allCases.map(\.rawValue)))")
        }
        return m
    }

    /// A vector given as (system:value, …); systems not named are 0.
    /// The row of each system name: for asset models, the session's cached asset index.
    func systemIndex(_ a: InterdependencyMatrix, fromAssets: Bool) throws -> [String: Int32] {
        if fromAssets { return try session.assetIndex(try session.snapshot()) }
        return Dictionary(a.labels.enumerated().map { ($1, Int32($0)) }, uniquingKeysWith: { x, _ in x })
    }

    func vector(_ v: ArgValue?, _ name: String, _ index: [String: Int32], _ n: Int, required: Bool) throws -> [Double] {
        var out = [Double](repeating: 0, count: n)
        guard let v else {
            if required { throw RampartError.parse("\(name)=(<system>:<fraction>, …) is required") }
            return out
        }
        var given: Set<Int32> = []
        for item in v.elements {
            guard let text = item.text, let colon = text.lastIndex(of: ":") else {
                throw RampartError.parse("\(name) takes <system>:<fraction> items, e.g. \(name)=(energy:20%)")
            }
            let system = String(text[..<colon]), value = String(text[text.index(after: colon)...])
            guard let i = index[system] else {
                throw RampartError.notFound("\(name): no system '\(system)'\(Suggest.hint(system, in: Array(index.keys)))")
            }
            guard given.insert(i).inserted else { throw RampartError.parse("\(name) gives \(system) twice") }
            let x = try Quantity.parse(value, as: .probability, field: name)
            guard (0...1).contains(x) else { throw RampartError.range("\(name): \(system) must lie in [0, 1]") }
            out[Int(i)] = x
        }
        return out
    }

    /// Resilience coefficients: one for all systems, or per system (others 0: they do not recover).
    func coefficients(_ v: ArgValue?, _ index: [String: Int32], _ n: Int) throws -> [Double] {
        guard let v else { throw RampartError.parse("k= (resilience coefficient in [0, 1]) is required") }
        if let text = v.text, !text.contains(":") {
            let k = try Quantity.parse(text, as: .probability, field: "k")
            return [Double](repeating: k, count: n)
        }
        return try vector(v, "k", index, n, required: true)
    }

    func integer(_ v: ArgValue?, _ name: String, range: ClosedRange<Int>) throws -> Int {
        guard let text = v?.text else { throw RampartError.parse("\(name)= is required") }
        guard let n = Int(text), range.contains(n) else { throw RampartError.range("\(name) must be a whole number in \(range.lowerBound)…\(range.upperBound)") }
        return n
    }
}
