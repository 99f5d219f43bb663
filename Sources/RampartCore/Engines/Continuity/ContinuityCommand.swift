/// `continuity` and `continuity gaps`.
struct ContinuityCommand {
    let session: Session

    static let spec = CommandSpec(
        name: "continuity",
        usage: ["continuity [where <asset filter>]", "continuity gaps [where <asset filter>]"],
        summary: "achievable recovery through dependencies (eRTC) against RTO and MTPD, and the gaps",
        details: """
        eRTC(d) = max(recovery(d), eRTC of each critical requirement), where a redundancy group's
        eRTC is the least of its providers' and a provider counts only when its eRTC exceeds the
        dependency's buffer; the least fixed point, so cycles are allowed. Status: ok, rto-breach
        (eRTC > rto), mtpd-breach (eRTC > mtpd) or no-objective. `gaps` lists each breach with the
        dependency chain that causes it. Checks on entry warn when rto > mtpd or recovery > rto.
        impact_level: where the asset has an impact-escalation profile (`escalation add <asset>
        <after> level=…`), the level reached at its eRTC, each step carried forward until the next.

        """,
        verbs: ["gaps"], modifies: { _ in false }, run: { s, cmd in try ContinuityCommand(session: s).run(cmd) })

    func run(_ cmd: Command) throws -> CommandResult {
        let words = Array(cmd.positional.dropFirst())
        let gapsOnly: Bool
        switch words.count {
        case 0: gapsOnly = false
        case 1 where words[0].isWord("gaps"): gapsOnly = true
        default: throw RampartError.parse("usage: \(ContinuityCommand.spec.usage.joined(separator: "; "))")
        }
        let name = gapsOnly ? "continuity gaps" : "continuity"
        try cmd.checkClauses(name, .filter)
        try cmd.checkNoOptions(name)
        let s = try session.snapshot()
        let req = try session.requirements()
        let r = Continuity.achievable(s, req)
        let index = try session.assetIndex(s)
        var objectives: [Int: (rto: Double?, mtpd: Double?, rpo: Double?)] = [:]
        try session.db.query("SELECT id, rto, mtpd, rpo FROM asset", []) { row in
            guard let i = row.text(0).flatMap({ index[$0] }) else { return }
            objectives[Int(i)] = (row.isNull(1) ? nil : row.double(1), row.isNull(2) ? nil : row.double(2), row.isNull(3) ? nil : row.double(3))
        }
        let selected = try session.assetIndices(matching: cmd.filter, s).map(Int.init)
        // Impact-escalation profiles: steps (after, level), carried forward.
        var steps: [Int: [(Double, Int64)]] = [:]
        try session.db.query("SELECT (SELECT id FROM asset WHERE rid = e.asset), after, level FROM escalation e ORDER BY after", []) { row in
            guard let i = row.text(0).flatMap({ index[$0] }) else { return }
            steps[Int(i), default: []].append((row.double(1), row.int(2)))
        }
        func level(_ i: Int, at hours: Double) -> Value {
            guard let s = steps[i]?.last(where: { $0.0 <= hours }) else { return .null }
            return .integer(s.1)
        }
        if gapsOnly {
            var table = ResultTable(columns: [ResultColumn("asset", .text), ResultColumn("breach", .text), .quantity("objective", .duration),
                                              .quantity("ertc", .duration), .computed("excess", .duration), ResultColumn("impact_level", .integer),
                                              ResultColumn("chain", .text)])
            var count = 0
            for i in selected {
                let o = objectives[i] ?? (nil, nil, nil)
                for (name, limit) in [("MTPD", o.mtpd), ("RTO", o.rto)] {
                    guard let limit, r.ertc[i] > limit else { continue }
                    let chain = Continuity.chain(s, req, r, from: i).map { s.assetIDs[$0] }
                    table.append([.text(s.assetIDs[i]), .text(name), .real(limit), .real(r.ertc[i]), .real(r.ertc[i] - limit),
                                  level(i, at: r.ertc[i]), .text(chain.joined(separator: " ← "))])
                    count += 1
                }
            }
            return CommandResult(table: table, notes: ["\(counted(count, "breach", "breaches")); the chain runs from the asset to the one whose own recovery time sets its eRTC"])
        }
        var table = ResultTable(columns: [
            ResultColumn("asset", .text), .quantity("recovery", .duration), .quantity("rto", .duration), .quantity("mtpd", .duration),
            .quantity("rpo", .duration), .quantity("ertc", .duration), ResultColumn("driven_by", .text), ResultColumn("status", .text),
            ResultColumn("impact_level", .integer),
        ])
        for i in selected {
            let o = objectives[i] ?? (nil, nil, nil)
            let status: String
            if let m = o.mtpd, r.ertc[i] > m { status = "mtpd-breach" }
            else if let t = o.rto, r.ertc[i] > t { status = "rto-breach" }
            else if o.rto == nil && o.mtpd == nil { status = "no-objective" }
            else { status = "ok" }
            let chain = Continuity.chain(s, req, r, from: i)
            table.append([.text(s.assetIDs[i]), .real(s.recovery[i]), o.rto.map { .real($0) } ?? .null, o.mtpd.map { .real($0) } ?? .null,
                          o.rpo.map { .real($0) } ?? .null, .real(r.ertc[i]), .text(chain.count > 1 ? s.assetIDs[chain.last!] : ""), .text(status),
                          level(i, at: r.ertc[i])])
        }
        return CommandResult(table: table)
    }
}
