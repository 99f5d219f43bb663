/// `criticality`: rank assets by the disruption their loss causes (DESIGN §5.5).
struct CriticalityCommand {
    let session: Session

    static let spec = CommandSpec(
        name: "criticality",
        usage: ["criticality [top N] [duration=<d>] [where <asset filter>]"],
        summary: "rank assets by the disruption their loss would cause through cascades",
        details: """
        For each asset (those matching `where`, or all), one cascade: the asset lost for its own
        recovery time, or for `duration`. Columns: affected (assets lost, itself included),
        person_hours (population x outage hours, counted per service) and disruption (see `help
        cascade`). Ranked by disruption, largest first. Runs in parallel on every core; the result
        does not depend on the number of cores.

        """,
        verbs: ["top"], modifies: { _ in false }, run: { s, cmd in try CriticalityCommand(session: s).run(cmd) })

    func run(_ cmd: Command) throws -> CommandResult {
        let top = try cmd.top(usage: CriticalityCommand.spec.usage[0])
        var duration: Double?
        for a in cmd.assignments {
            switch a.key.text.lowercased() {
            case "duration":
                guard let t = a.value.text else { throw RampartError.parse("duration takes one duration") }
                duration = try Quantity.parse(t, as: .duration, field: "duration")
            case "method":
                guard a.value.text?.lowercased() == "exact" else {
                    throw RampartError.parse("method: only 'exact' is available; estimation for national-scale graphs is not built yet")
                }
            default:
                throw RampartError.parse("criticality has no option \(a.key.quoted)\(Suggest.hint(a.key.text, in: ["duration", "method"]))")
            }
        }
        let snapshot = try session.snapshot()
        let candidates = try session.assetIndices(matching: cmd.filter, snapshot)
        let req = try session.requirements()
        let flag = session.interruptChecker
        var scores = Criticality.exact(snapshot, req, candidates: candidates, duration: duration,
                                       personHourValue: try session.number("person_hour_value"), interrupted: { flag() },
                                       progress: { done, total in session.progressHandler?(done, total) })
        try session.checkInterrupt()
        scores.sort { ($0.disruption, -$0.asset) > ($1.disruption, -$1.asset) }
        if let top { scores = Array(scores.prefix(top)) }
        var table = ResultTable(columns: [
            ResultColumn("rank", .integer), ResultColumn("asset", .text), ResultColumn("sector", .text), .quantity("duration", .duration),
            ResultColumn("affected", .integer), .computed("person_hours", .count), .computed("disruption", .money),
        ])
        for (k, sc) in scores.enumerated() {
            let i = Int(sc.asset)
            let sector = Int(snapshot.sector[i])
            table.append([.integer(Int64(k + 1)), .text(snapshot.assetIDs[i]), .text(sector >= 0 ? snapshot.sectorIDs[sector] : ""),
                          .real(duration ?? snapshot.recovery[i]), .integer(Int64(sc.affected)), .real(sc.personHours), .real(sc.disruption)])
        }
        return CommandResult(table: table)
    }
}

extension Session {
    /// Snapshot indices of the assets matching a filter (all assets without one), in index order.
    func assetIndices(matching filter: Expr?, _ s: Snapshot) throws -> [Int32] {
        guard let filter else { return (0..<Int32(s.assetCount)).map { $0 } }
        let (sql, params) = try FilterCompiler(schema: EntityKind.asset.schema, session: self).compile(filter)
        var byRowID: [Int64: Int32] = [:]
        byRowID.reserveCapacity(s.assetCount)
        for (i, rid) in s.assetRowIDs.enumerated() { byRowID[rid] = Int32(i) }
        var out: [Int32] = []
        try db.query("SELECT rid FROM asset t WHERE \(sql) ORDER BY rid", params) { r in
            if let i = byRowID[r.int(0)] { out.append(i) }
        }
        return out
    }

    /// A closure that tells whether `interrupt()` was called, safe to call from worker threads.
    var interruptChecker: @Sendable () -> Bool {
        let flag = interruptFlag
        return { flag.isSet }
    }
}
