/// `risk`, `risk matrix`: expected annual loss of every asset×threat pair with its cascading
/// consequence, and the ordinal view through the declared bands and matrix (DESIGN §5.1–5.2).
struct RiskCommand {
    let session: Session

    static let spec = CommandSpec(
        name: "risk",
        usage: ["risk [top N] [by asset|sector|threat] [scenario=current|target|baseline] [where <asset filter>]",
                "risk matrix [scenario=…] [where …]"],
        summary: "expected annual loss of every asset × threat pair, with cascades, and its risk level",
        details: """
        For each vulnerability (asset a, threat t): lambda = f x V successful attacks per year (f the
        threat's frequency or the vulnerability's override, V after measures), probability =
        1 - e^-lambda, consequence C = fatalities x vsl + injuries x vsi + damage + disruption (the
        cascade from a lasting recovery x outage_factor), eal = lambda x C. Levels: likelihood from
        lambda and impact from C through the likelihood_bands and impact_bands settings, risk level
        from the risk_matrix setting. Scenarios: current counts implemented measures, target also
        approved and proposed ones, baseline none. Distributions enter with their means.

        """,
        verbs: ["top", "matrix"], modifies: { _ in false }, run: { s, cmd in try RiskCommand(session: s).run(cmd) })

    func run(_ cmd: Command) throws -> CommandResult {
        let words = Array(cmd.positional.dropFirst())
        let isMatrix = words.first?.isWord("matrix") == true
        try cmd.checkClauses(isMatrix ? "risk matrix" : "risk", isMatrix ? .filter : [.filter, .by], byWords: ["asset", "sector", "threat"])
        let scenario = try RiskScenario.option(cmd, "risk")
        let engine = try RiskEngine(session: session)
        var risks = engine.evaluate(engine.active(scenario))
        if let filter = cmd.filter {
            let keep = Set(try session.assetIndices(matching: filter, engine.inputs.snapshot).map(Int.init))
            risks = risks.filter { keep.contains($0.asset) }
        }
        let bands = try BandTables.current(session)
        let total = RiskEngine.total(risks)
        let currency = try session.setting("currency").string ?? ""
        let note = "\(scenario.rawValue) scenario: \(risks.count) asset×threat pairs, total expected annual loss \(Quantity.formatRounded(total, as: .money)) \(currency)"
        if isMatrix {
            guard words.count == 1 else { throw RampartError.parse("usage: \(RiskCommand.spec.usage[1])") }
            return CommandResult(table: matrix(risks, bands), notes: [note, bandNote(bands)])
        }
        let top = try cmd.top(usage: RiskCommand.spec.usage[0])
        if let by = cmd.byWord {
            var table = try aggregate(risks, by: by, engine.inputs)
            if let top, table.rows.count > top { table = Self.prefix(table, top) }
            return CommandResult(table: table, notes: [note])
        }
        let order = risks.indices.sorted { (risks[$0].eal, -$0) > (risks[$1].eal, -$1) }
        var table = ResultTable(columns: [
            ResultColumn("asset", .text), ResultColumn("threat", .text), .quantity("frequency", .rate), .quantity("v", .probability),
            .computed("lambda", .rate), .computed("probability", .probability), .computed("consequence", .money), .computed("eal", .money),
            ResultColumn("likelihood", .integer), ResultColumn("impact", .integer), ResultColumn("level", .text),
        ])
        for k in order.prefix(top ?? order.count) {
            let r = risks[k]
            let l = BandTables.level(r.lambda, bands.likelihood), i = BandTables.level(r.consequence, bands.impact)
            table.append([.text(engine.inputs.snapshot.assetIDs[r.asset]), .text(engine.inputs.threats[r.threat].id), .real(r.frequency), .real(r.v),
                          .real(r.lambda), .real(r.probability), .real(r.consequence), .real(r.eal),
                          .integer(Int64(l)), .integer(Int64(i)), .text(bands.matrix[l - 1][i - 1])])
        }
        return CommandResult(table: table, notes: [note, bandNote(bands)])
    }

    static func prefix(_ t: ResultTable, _ n: Int) -> ResultTable {
        var out = t
        out.keepFirst(n)
        return out
    }

    func bandNote(_ b: (likelihood: [Double], impact: [Double], matrix: [[String]])) -> String {
        "levels: likelihood bands ≤ " + b.likelihood.map { Quantity.format($0, as: .rate) }.joined(separator: ", ")
            + "; impact bands ≤ " + b.impact.map { Quantity.format($0, as: .money) }.joined(separator: ", ")
            + "; matrix (likelihood 1→5) " + b.matrix.map { $0.joined(separator: " ") }.joined(separator: " / ")
    }

    func aggregate(_ risks: [PairRisk], by: Token, _ inputs: RiskInputs) throws -> ResultTable {
        let s = inputs.snapshot
        let key: (PairRisk) -> String
        switch by.text.lowercased() {
        case "asset": key = { s.assetIDs[$0.asset] }
        case "sector": key = { s.sectorID(of: $0.asset) }
        case "threat": key = { inputs.threats[$0.threat].id }
        default: throw RampartError.parse("risk totals by asset, sector or threat\(Suggest.hint(by.text, in: ["asset", "sector", "threat"]))")
        }
        var totals: [String: (pairs: Int, eal: Double, lambda: Double, worst: Double)] = [:]
        for r in risks {
            let k = key(r)
            let old = totals[k] ?? (0, 0, 0, 0)
            totals[k] = (old.pairs + 1, old.eal + r.eal, old.lambda + r.lambda, max(old.worst, r.consequence))
        }
        var table = ResultTable(columns: [ResultColumn(by.text.lowercased(), .text), ResultColumn("pairs", .integer), .computed("lambda", .rate),
                                          .computed("eal", .money), .computed("worst_consequence", .money)])
        for (k, v) in totals.sorted(by: { ($0.value.eal, $1.key) > ($1.value.eal, $0.key) }) {
            table.append([.text(k), .integer(Int64(v.pairs)), .real(v.lambda), .real(v.eal), .real(v.worst)])
        }
        return table
    }

    func matrix(_ risks: [PairRisk], _ b: (likelihood: [Double], impact: [Double], matrix: [[String]])) -> ResultTable {
        var counts = [[Int]](repeating: [Int](repeating: 0, count: 5), count: 5)
        for r in risks { counts[BandTables.level(r.lambda, b.likelihood) - 1][BandTables.level(r.consequence, b.impact) - 1] += 1 }
        var table = ResultTable(columns: [ResultColumn("likelihood", .integer)] + (1...5).map { ResultColumn("impact_\($0)", .integer) })
        for l in (1...5).reversed() {
            let values: [Value] = [.integer(Int64(l))] + counts[l - 1].map { .integer(Int64($0)) }
            let shown: [String?] = [String(l)] + (0..<5).map { "\(b.matrix[l - 1][$0]) \(counts[l - 1][$0])" }
            table.append(values, display: shown)
        }
        return table
    }
}
