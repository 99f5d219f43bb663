/// `measure benefit [<id>]`: what each application of a measure buys (DESIGN §5.3): the drop in
/// total expected annual loss it causes, cascades included, against its annualised cost.
struct MeasureBenefit {
    let session: Session

    static let usage = "measure benefit [<measure>]   (each application's risk reduction, cost and benefit/cost)"

    func run(_ cmd: Command) throws -> CommandResult {
        let ids = cmd.positional.dropFirst(2).map(\.text)
        guard ids.count <= 1 else { throw RampartError.parse("usage: \(MeasureBenefit.usage)") }
        try cmd.checkClauses("measure benefit", [])
        try cmd.checkNoOptions("measure benefit")
        if let id = ids.first, try !session.exists(.measure, id) {
            throw RampartError.notFound("no measure '\(id)'\(try session.nearestID(.measure, id))")
        }
        let engine = try RiskEngine(session: session)
        let apps = engine.inputs.applications
        let current = engine.active(.current)
        let base = RiskEngine.total(engine.evaluate(current))
        var table = ResultTable(columns: [
            ResultColumn("measure", .text), ResultColumn("asset", .text), ResultColumn("status", .text),
            .computed("risk_reduction", .money), .computed("annual_cost", .money), .computed("benefit_cost", .number),
        ])
        var rows: [(Int, Double)] = []
        for (k, app) in apps.enumerated() where (ids.isEmpty || ids[0] == app.measure) && app.status != "rejected" {
            try session.checkInterrupt()
            // Implemented applications are measured by taking them away, the others by adding them.
            let with = current[k] ? base : RiskEngine.total(engine.evaluate(engine.active(.current, toggling: k)))
            let without = current[k] ? RiskEngine.total(engine.evaluate(engine.active(.current, toggling: k))) : base
            rows.append((k, without - with))
        }
        for (k, reduction) in rows.sorted(by: { ($0.1, -$0.0) > ($1.1, -$1.0) }) {
            let app = apps[k]
            let ratio = app.annualCost > 0 ? reduction / app.annualCost : 0
            table.append([.text(app.measure), .text(engine.inputs.snapshot.assetIDs[app.asset]), .text(app.status),
                          .real(reduction), .real(app.annualCost), .real(ratio)])
        }
        let currency = try session.setting("currency").string ?? ""
        return CommandResult(table: table, notes: [
            "against the current scenario (total expected annual loss \(Quantity.formatRounded(base, as: .money)) \(currency)); "
                + "implemented applications are valued by removing them, others by adding them; annual cost = capex / lifetime + opex",
        ])
    }
}
