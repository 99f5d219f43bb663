/// `plan`: the ranked action list that buys the most risk reduction for the budget.
struct PlanCommand {
    let session: Session

    /// Up to this many candidates the search is exact.
    static let exactLimit = 40

    static let spec = CommandSpec(
        name: "plan",
        usage: ["plan budget=<money> [annual|capital] [require=(<measure>, …)] [exclude=(<measure>, …)] [allow-incomplete-rights]"],
        summary: "choose the measure applications that reduce risk most within a budget",
        details: """
        Candidates are the proposed and approved applications (implemented ones are already in the
        current risk). The budget is annual (capex / lifetime + opex, the default) or capital (capex).
        Measures whose human-rights record is not complete are left out unless
        allow-incomplete-rights is given; require= forces measures in, exclude= keeps them out.
        The objective is the drop in total expected annual loss against the current scenario,
        re-evaluated for each combination, so two layers on one asset or a buffer that protects
        many assets count for what they really do together. Up to 40 candidates the search is
        exact (branch and bound, the bound being the reduction of every remaining candidate that
        still fits, valid because measures never raise risk); beyond, a greedy choice by marginal
        reduction per cost, with the bound on its gap reported. The list is ranked by each item's
        marginal reduction given the items above it.

        """,
        verbs: [], modifies: { _ in false }, run: { s, cmd in try PlanCommand(session: s).run(cmd) })

    func run(_ cmd: Command) throws -> CommandResult {
        try cmd.checkClauses("plan", [])
        var budget: Double?, capital = false, allowIncomplete = false
        var require: [String] = [], exclude: [String] = []
        let words = cmd.positional.dropFirst().map { $0.text.lowercased() }
        if words.contains("annual") && words.contains("capital") {
            throw RampartError.parse("plan takes annual or capital, not both: which budget is it?")
        }
        for w in cmd.positional.dropFirst() {
            switch w.text.lowercased() {
            case "annual": capital = false
            case "capital": capital = true
            case "allow-incomplete-rights": allowIncomplete = true
            default:
                throw RampartError.parse("plan does not take \(w.quoted)\(Suggest.hint(w.text, in: ["annual", "capital", "allow-incomplete-rights"])); usage: \(PlanCommand.spec.usage[0])")
            }
        }
        for a in cmd.assignments {
            switch a.key.text.lowercased() {
            case "budget":
                guard let t = a.value.text else { throw RampartError.parse("budget takes one amount") }
                budget = try Quantity.parse(t, as: .money, field: "budget")
            case "require": require = a.value.elements.compactMap(\.text)
            case "exclude": exclude = a.value.elements.compactMap(\.text)
            default: throw RampartError.parse("plan has no option \(a.key.quoted)\(Suggest.hint(a.key.text, in: ["budget", "require", "exclude"]))")
            }
        }
        guard let budget else { throw RampartError.parse("plan needs budget=<money>") }
        guard budget >= 0 else { throw RampartError.range("the budget cannot be negative") }
        for id in require + exclude where try !session.exists(.measure, id) {
            throw RampartError.notFound("no measure '\(id)'\(try session.nearestID(.measure, id))")
        }
        if let both = require.first(where: exclude.contains) { throw RampartError.parse("measure \(both) is both required and excluded") }

        let engine = try RiskEngine(session: session)
        var planner = Planner(engine: engine)
        var reviews: [String: RightsGate.Review] = [:]
        var rids: [(Int64, String)] = []
        try session.db.query("SELECT rid, id FROM measure", []) { r in rids.append((r.int(0), r.text(1) ?? "")) }
        for (rid, id) in rids { reviews[id] = try RightsGate.review(measure: rid, session: session).review }
        let cands = planner.candidates(
            eligible: { app in !exclude.contains(app.measure) && (allowIncomplete || reviews[app.measure]?.passes ?? true) },
            cost: { capital ? $0.capex : $0.annualCost })
        let apps = engine.inputs.applications
        let requiredIdx = cands.indices.filter { require.contains(apps[cands[$0].application].measure) }
        for id in require where !requiredIdx.contains(where: { apps[cands[$0].application].measure == id }) {
            let gate = reviews[id].map { $0.passes ? "" : " (its rights record is \($0.status.rawValue))" } ?? ""
            throw RampartError.constraint("required measure \(id) has no application that can enter the plan\(gate)")
        }
        let requiredCost = requiredIdx.reduce(0) { $0 + cands[$1].cost }
        let currency = try session.setting("currency").string ?? ""
        guard requiredCost <= budget + 1e-9 else {
            throw RampartError.range("impossible budget: the required measures alone cost \(Quantity.formatRounded(requiredCost, as: .money)) \(currency), above \(Quantity.formatRounded(budget, as: .money))")
        }
        let plan = cands.count <= PlanCommand.exactLimit
            ? planner.exact(cands, budget: budget, required: requiredIdx)
            : planner.greedy(cands, budget: budget, required: requiredIdx)
        try session.checkInterrupt()

        // Rank the chosen items by marginal reduction per cost given those above them (the greedy
        // plan is in that order already; the exact one is ordered the same way).
        var ranked: [(Int, Double)] = []
        var pool = plan.exact ? plan.chosen : [], taken: [Int] = [], value = 0.0
        if !plan.exact {
            for i in plan.chosen {
                let v = planner.reduction(taken + [i], cands)
                ranked.append((i, v - value))
                value = v
                taken.append(i)
            }
        }
        while !pool.isEmpty {
            var best: (Int, Double, Double)?
            for i in pool {
                let v = planner.reduction(taken + [i], cands)
                let ratio = (v - value) / max(cands[i].cost, 1e-9)
                if best == nil || ratio > best!.2 || (ratio == best!.2 && i < best!.0) { best = (i, v, ratio) }
            }
            guard let b = best else { break }
            ranked.append((b.0, b.1 - value))
            value = b.1
            taken.append(b.0)
            pool.removeAll { $0 == b.0 }
        }
        var owners: [String: (String, String)] = [:]
        try session.db.query("SELECT id, owner, due FROM measure", []) { r in owners[r.text(0) ?? ""] = (r.text(1) ?? "", r.text(2) ?? "") }
        var table = ResultTable(columns: [
            ResultColumn("rank", .integer), ResultColumn("measure", .text), ResultColumn("asset", .text), ResultColumn("status", .text),
            .computed("risk_reduction", .money), .computed("cost", .money), .computed("benefit_cost", .number), .computed("cumulative_cost", .money),
            ResultColumn("owner", .text), ResultColumn("due", .text), ResultColumn("rights", .text),
        ])
        var cumulative = 0.0
        for (rank, (i, marginal)) in ranked.enumerated() {
            let app = apps[cands[i].application]
            cumulative += cands[i].cost
            let (owner, due) = owners[app.measure] ?? ("", "")
            table.append([.integer(Int64(rank + 1)), .text(app.measure), .text(engine.inputs.snapshot.assetIDs[app.asset]), .text(app.status),
                          .real(marginal), .real(cands[i].cost), .real(cands[i].cost > 0 ? marginal / cands[i].cost : 0), .real(cumulative),
                          .text(owner), .text(due), .text(reviews[app.measure]?.status.rawValue ?? "")])
        }
        let left = apps.indices.filter { k in !planner.current[k] && apps[k].status != "rejected" && !(reviews[apps[k].measure]?.passes ?? true) }
        var notes = [
            "\(capital ? "capital" : "annual") budget \(Quantity.formatRounded(budget, as: .money)) \(currency): \(ranked.count) of \(cands.count) candidate applications, "
                + "cost \(Quantity.formatRounded(cumulative, as: .money)), risk reduction \(Quantity.formatRounded(plan.reduction, as: .money)) a year",
            plan.exact ? "exact (branch and bound over \(cands.count) candidates, \(plan.evaluations) evaluations)"
                : "greedy over \(cands.count) candidates; the optimum is at most \(Quantity.formatRounded(plan.upperBound, as: .money)) (gap ≤ \(Quantity.formatRounded(plan.upperBound - plan.reduction, as: .money)))",
        ]
        if !allowIncomplete && !left.isEmpty {
            let measures = Set(left.map { apps[$0].measure }).sorted()
            notes.append("left out by the rights gate: " + measures.map { "\($0) (\(reviews[$0]?.status.rawValue ?? ""))" }.joined(separator: ", "))
        }
        return CommandResult(table: table, notes: notes)
    }
}
