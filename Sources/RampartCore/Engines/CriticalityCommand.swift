/// `criticality`: rank assets by the disruption their loss causes (DESIGN §5.5).
struct CriticalityCommand {
    let session: Session

    static let spec = CommandSpec(
        name: "criticality",
        usage: ["criticality [top N] [duration=<d>] [method=exact|estimate [budget=B] [refine=R] [check=S]] [where <asset filter>]",
                "criticality [top N] method=reach [where <asset filter>]"],
        summary: "rank assets by the disruption their loss would cause through cascades",
        details: """
        For each asset (those matching `where`, or all), one cascade: the asset lost for its own
        recovery time, or for `duration`. Columns: affected (assets lost, itself included),
        person_hours (population x outage hours, counted per service) and disruption (see `help
        cascade`). Ranked by disruption, largest first. Runs in parallel on every core; the result
        does not depend on the number of cores.
        method=estimate bounds the work on graphs too large for exact cascades: each cascade stops
        after `budget` assets (default 4096), which gives a lower bound where it is cut; the `refine`
        cut cascades with the largest bounds (default 1000) are then computed exactly. Each run
        measures itself against the exact method on a seeded sample of `check` assets (default 1000)
        and reports the overlap of the sample's top 100 (or top tenth, if smaller) and the median
        relative error.
        method=reach measures structure instead of disruption: the assets each asset's loss would
        take down in the end, when time plays no part (every buffer spent, the outage outlasting
        them all), and the population they serve. Redundancy groups still hold while one provider
        works. Columns: affected and population; ranked by population, then affected. Assets that
        take each other down through critical dependencies outside groups share one cascade, so
        this runs far faster than exact criticality on large graphs.

        """,
        verbs: ["top"], modifies: { _ in false }, run: { s, cmd in try CriticalityCommand(session: s).run(cmd) })

    func run(_ cmd: Command) throws -> CommandResult {
        let top = try cmd.top(usage: CriticalityCommand.spec.usage[0])
        try cmd.checkClauses("criticality", .filter)
        var duration: Double?, estimate = false, reach = false, budget = 4096, refine = 1000, check = 1000
        for a in cmd.assignments {
            let key = a.key.text.lowercased()
            guard let text = a.value.text else { throw RampartError.parse("\(key) takes one value") }
            switch key {
            case "duration":
                duration = try Quantity.timeOption(text, "duration")
            case "method":
                switch text.lowercased() {
                case "exact": (estimate, reach) = (false, false)
                case "estimate": (estimate, reach) = (true, false)
                case "reach": (estimate, reach) = (false, true)
                default: throw RampartError.parse("method is exact, estimate or reach; got '\(text)'\(Suggest.hint(text, in: ["exact", "estimate", "reach"]))")
                }
            case "budget", "refine", "check":
                guard let n = Int(text), n >= (key == "budget" ? 1 : 0) else { throw RampartError.range("\(key) must be a whole number ≥ \(key == "budget" ? 1 : 0)") }
                if key == "budget" { budget = n } else if key == "refine" { refine = n } else { check = n }
            default:
                throw RampartError.parse("criticality has no option \(a.key.quoted)\(Suggest.hint(key, in: ["duration", "method", "budget", "refine", "check"]))")
            }
        }
        let snapshot = try session.snapshot()
        let candidates = try session.assetIndices(matching: cmd.filter, snapshot)
        let req = try session.requirements()
        let flag = session.interruptChecker
        if reach {
            guard duration == nil else { throw RampartError.parse("method=reach ignores time: drop duration=") }
            return try reachTable(snapshot, req, candidates: candidates, top: top)
        }
        let phv = try session.number("person_hour_value")
        var notes: [String] = []
        var scores: [CriticalityScore]
        if estimate {
            let (estimated, cut) = Criticality.estimate(snapshot, req, candidates: candidates, duration: duration, personHourValue: phv,
                                                        budget: budget, refine: refine, interrupted: { flag() },
                                                        progress: { done, total in session.progressHandler?(done, total) })
            scores = estimated
            // Measure the estimate against exact cascades on a seeded sample.
            var rng = SplitMix(seed: 0x4352_4954)
            var sample = candidates
            for i in stride(from: sample.count - 1, to: 0, by: -1) { sample.swapAt(i, Int(rng.next() % UInt64(i + 1))) }
            sample = Array(sample.prefix(check))
            let exact = Criticality.exact(snapshot, req, candidates: sample, duration: duration, personHourValue: phv, interrupted: { flag() })
            let q = Criticality.quality(estimate: scores, exact: exact, top: min(100, max(1, sample.count / 10)))
            notes.append("estimate: \(cut) of \(candidates.count) cascades cut at \(budget) assets, the \(min(cut, refine)) largest recomputed exactly; "
                + "against exact on \(q.sample) sampled assets: top-\(q.top) overlap \(Quantity.format(q.topOverlap, as: .probability)), "
                + "median relative error \(Quantity.format(q.medianRelativeError, as: .probability))")
        } else {
            scores = Criticality.exact(snapshot, req, candidates: candidates, duration: duration, personHourValue: phv, interrupted: { flag() },
                                       progress: { done, total in session.progressHandler?(done, total) })
        }
        try session.checkInterrupt()
        scores = scores.sortedPrefix(top) { ($0.disruption, -$0.asset) > ($1.disruption, -$1.asset) }
        var table = ResultTable(columns: [
            ResultColumn("rank", .integer), ResultColumn("asset", .text), ResultColumn("sector", .text), .quantity("duration", .duration),
            ResultColumn("affected", .integer), .computed("person_hours", .count), .computed("disruption", .money),
        ])
        for (k, sc) in scores.enumerated() {
            let i = Int(sc.asset)
            table.append([.integer(Int64(k + 1)), .text(snapshot.assetIDs[i]), .text(snapshot.sectorID(of: i)),
                          .real(duration ?? snapshot.recovery[i]), .integer(Int64(sc.affected)), .real(sc.personHours), .real(sc.disruption)])
        }
        return CommandResult(table: table, notes: notes)
    }

    /// `criticality method=reach`: structural reach, ranked by population.
    func reachTable(_ snapshot: Snapshot, _ req: Requirements, candidates: [Int32], top: Int?) throws -> CommandResult {
        let flag = session.interruptChecker
        let all = Reach.scores(snapshot, req, candidates: candidates, components: try session.reachComponents(), interrupted: { flag() },
                               progress: { done, total in session.progressHandler?(done, total) })
        try session.checkInterrupt()
        let scores = all.sortedPrefix(top) { ($0.population, $0.affected, -$0.asset) > ($1.population, $1.affected, -$1.asset) }
        var table = ResultTable(columns: [
            ResultColumn("rank", .integer), ResultColumn("asset", .text), ResultColumn("sector", .text),
            ResultColumn("affected", .integer), .computed("population", .count),
        ])
        for (k, sc) in scores.enumerated() {
            let i = Int(sc.asset)
            table.append([.integer(Int64(k + 1)), .text(snapshot.assetIDs[i]), .text(snapshot.sectorID(of: i)),
                          .integer(Int64(sc.affected)), .real(sc.population)])
        }
        return CommandResult(table: table)
    }
}

extension Session {
    /// Snapshot indices of the assets matching a filter (all assets without one), in index order.
    func assetIndices(matching filter: Expr?, _ s: Snapshot) throws -> [Int32] {
        guard let filter else { return (0..<Int32(s.assetCount)).map { $0 } }
        if let ids = Session.namedIDs(filter) {
            // Scripts name a thousand assets at a time: look them up in the snapshot's id index
            // rather than in SQL. Ids that name no asset match nothing, as in SQL.
            let index = try assetIndex(s)
            return Set(ids.compactMap { index[$0] }).sorted()
        }
        let (sql, params) = try FilterCompiler(schema: EntityKind.asset.schema, session: self).compile(filter)
        // The snapshot holds assets in row-id order, as the query returns them: walk both.
        let rowIDs = s.assetRowIDs
        var out: [Int32] = []
        var i = 0
        try db.query("SELECT rid FROM asset t WHERE \(sql) ORDER BY rid", params) { r in
            let rid = r.int(0)
            while i < rowIDs.count && rowIDs[i] < rid { i += 1 }
            if i < rowIDs.count && rowIDs[i] == rid { out.append(Int32(i)) }
        }
        return out
    }

    /// The ids a filter of the form `id = x` or `id in (x, y, …)` names, or nil for any other filter.
    static func namedIDs(_ filter: Expr) -> [String]? {
        let field: Token, values: [ArgValue]
        switch filter {
        case .compare(let f, "=", let value): (field, values) = (f, [value])
        case .inList(let f, let list, false): (field, values) = (f, list)
        default: return nil
        }
        guard EntityKind.asset.schema.field(field.text)?.name == "id" else { return nil }
        let ids = values.compactMap(\.text)
        return ids.count == values.count ? ids : nil
    }

    /// A closure that tells whether `interrupt()` was called, safe to call from worker threads.
    var interruptChecker: @Sendable () -> Bool {
        let flag = interruptFlag
        return { flag.isSet }
    }
}
