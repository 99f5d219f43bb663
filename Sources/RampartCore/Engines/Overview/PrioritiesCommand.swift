/// `priorities`: what a national workshop takes home — the top risks, the most critical
/// assets, the continuity breaches, the measures the rights gate holds back and the plan, in one
/// table composed from the commands that compute each.
struct PrioritiesCommand {
    let session: Session

    static let spec = CommandSpec(
        name: "priorities",
        usage: ["priorities [top N] [budget=<money>]"],
        summary: "one view of the top risks, critical assets, continuity breaches, rights issues and the plan",
        details: """
        Each section lists its first N items (default 5): top risk (by expected annual loss), critical
        asset (by disruption if lost), continuity (breaches by excess over the objective), rights
        (measures the gate holds back, with the reason) and plan (the best use of the budget; without
        budget=, the annual cost of the approved applications not yet implemented).

        """,
        verbs: ["top"], modifies: { _ in false }, run: { s, cmd in try PrioritiesCommand(session: s).run(cmd) })

    func run(_ cmd: Command) throws -> CommandResult {
        let top = try cmd.top(usage: PrioritiesCommand.spec.usage[0]) ?? 5
        try cmd.checkClauses("priorities", [])
        var budget: Double?
        for a in cmd.assignments {
            guard a.key.text.lowercased() == "budget", let t = a.value.text else {
                throw RampartError.parse("priorities takes budget=<money>\(Suggest.hint(a.key.text, in: ["budget"]))")
            }
            budget = try Quantity.parse(t, as: .money, field: "budget")
        }
        var table = ResultTable(columns: [ResultColumn("section", .text), ResultColumn("rank", .integer), ResultColumn("item", .text),
                                          .computed("figure", .money), ResultColumn("detail", .text)])
        /// The rows of `command`, each cell as its value and its text quoted on its own.
        func rows(_ command: String) throws -> [[String: (Value, String)]] {
            var out: [[String: (Value, String)]] = []
            try session.execute(command) { _, r in
                guard let t = r.table else { return }
                for (i, row) in t.rows.enumerated() {
                    out.append(Dictionary(uniqueKeysWithValues: t.columns.enumerated().map { ($1.name, (row[$0], t.quoted(i, $0))) }))
                }
            }
            return out
        }
        for (k, r) in try rows("risk top \(top)").enumerated() {
            table.append([.text("top risk"), .integer(Int64(k + 1)), .text("\(r["asset"]!.1) × \(r["threat"]!.1)"), r["eal"]!.0,
                          .text("expected annual loss; level \(r["level"]!.1), consequence \(r["consequence"]!.1), λ \(r["lambda"]!.1)")])
        }
        for (k, r) in try rows("criticality top \(top)").enumerated() {
            table.append([.text("critical asset"), .integer(Int64(k + 1)), .text(r["asset"]!.1), r["disruption"]!.0,
                          .text("disruption if lost for \(r["duration"]!.1); \(counted(Int(r["affected"]!.0.double ?? 0), "asset goes", "assets go")) down")])
        }
        let gaps = try rows("continuity gaps").sorted { ($0["excess"]!.0.double ?? 0) > ($1["excess"]!.0.double ?? 0) }
        for (k, r) in gaps.prefix(top).enumerated() {
            table.append([.text("continuity"), .integer(Int64(k + 1)), .text(r["asset"]!.1), .null,
                          .text("\(r["breach"]!.1) \(r["objective"]!.1) exceeded by \(r["excess"]!.1): \(r["chain"]!.1)")])
        }
        let held = try rows("rights review").filter { ["incomplete", "flagged"].contains($0["gate"]!.1) && $0["measure_status"]!.1 != "rejected" }
        for (k, r) in held.prefix(top).enumerated() {
            let why = [r["missing"]!.1.isEmpty ? "" : "missing " + r["missing"]!.1, r["flags"]!.1].filter { !$0.isEmpty }.joined(separator: "; ")
            table.append([.text("rights"), .integer(Int64(k + 1)), .text(r["measure"]!.1), .null, .text("\(r["gate"]!.1): \(why)")])
        }
        let money = try budget ?? approvedCost()
        for (k, r) in try rows("plan budget=\(Number.format(money, maxDecimals: 2))").prefix(top).enumerated() {
            table.append([.text("plan"), .integer(Int64(k + 1)), .text("\(r["measure"]!.1) at \(r["asset"]!.1)"), r["risk_reduction"]!.0,
                          .text("risk reduction a year for \(r["cost"]!.1) a year; owner \(r["owner"]!.1); due \(r["due"]!.1)")])
        }
        let currency = try session.setting("currency").string ?? ""
        return CommandResult(table: table, notes: ["plan budget \(Quantity.formatRounded(money, as: .money)) \(currency) a year"
            + (budget == nil ? " (the approved applications not yet implemented)" : "")])
    }

    /// The annual cost of approved applications that are not implemented yet.
    func approvedCost() throws -> Double {
        var total = 0.0
        try session.db.query("""
            SELECT m.capex, m.lifetime, m.opex FROM application a JOIN measure m ON m.rid = a.measure
            WHERE a.status = 'approved' AND m.status != 'rejected'
            """, []) { r in total += r.double(0) / max(r.double(1), 1e-9) + r.double(2) }
        return total
    }
}
