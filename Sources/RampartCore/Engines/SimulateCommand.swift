#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// `simulate cascade`: Monte Carlo cascades (DESIGN §5.6).
struct SimulateCommand {
    let session: Session

    static let spec = CommandSpec(
        name: "simulate",
        usage: ["simulate cascade <asset>…|random trials=N seed=S [duration=<d> | method=reach] [first=F] [by asset|by trial]",
                "simulate annual years=N seed=S [scenario=current|target|baseline] [first=F] [by year|by exceedance]"],
        summary: "Monte Carlo: cascades when dependencies fail by chance, and the distribution of annual losses",
        details: """
        In each trial every dependency carries its provider's loss with probability equal to its
        strength (the cascade_threshold plays no part); buffers and redundancy groups work as in
        `cascade`. `random` starts each trial from one asset drawn at random. The outage lasts
        `duration`, or the longest recovery time of the trial's initiating assets.
        Default output: mean, sd, P50, P90, P95, P99 and max of the assets affected, the people
        they serve, the person-hours and the disruption per trial. `by asset`: each asset's probability of being
        affected. `by trial`: every trial's result.
        method=reach takes time out of play, as `criticality method=reach` does: buffers are spent
        and the outage outlasts them, so each trial counts the assets lost in the end and the
        people they serve (no person-hours or disruption); it runs faster.
        Reproducible: the same seed gives the same numbers on any number of cores. first=F runs
        trials F…F+N-1 of the seeded experiment, so ranges run apart merge exactly.

        simulate annual: each simulated year every asset × threat pair suffers Poisson(lambda)
        successful attacks, with f and V drawn from their distributions; each attack draws its
        casualty, damage and outage inputs and a cascade in which dependencies carry the loss with
        probability equal to their strength. Output: mean annual loss, sd, P50/P90/P95/P99, VaR and
        TVaR at 95% and 99%, and the worst year; `by exceedance` gives the loss-exceedance curve,
        `by year` every year's loss (for merging ranges run apart).

        """,
        verbs: ["cascade", "annual"], modifies: { _ in false }, run: { s, cmd in try SimulateCommand(session: s).run(cmd) })

    func run(_ cmd: Command) throws -> CommandResult {
        if cmd.positional.count >= 2, cmd.positional[1].isWord("annual") { return try annual(cmd) }
        guard cmd.positional.count >= 2, cmd.positional[1].isWord("cascade") else {
            throw RampartError.parse("simulate what? usage: \(SimulateCommand.spec.usage.joined(separator: "; "))")
        }
        try cmd.checkClauses("simulate cascade", .by, byWords: ["asset", "trial"])
        let snapshot = try session.snapshot()
        guard snapshot.assetCount > 0 else { throw RampartError.notFound("the assessment has no assets to simulate") }
        let ids = Array(cmd.positional.dropFirst(2))
        guard !ids.isEmpty else { throw RampartError.parse("which assets start the cascades (or `random`)? usage: \(SimulateCommand.spec.usage[0])") }
        var initiators: CascadeSimulation.Initiators = .random
        if !(ids.count == 1 && ids[0].isWord("random")) {
            let index = try session.assetIndex(snapshot)
            initiators = .assets(try ids.map { t in
                guard let i = index[t.text] else { throw RampartError.notFound("no asset \(t.quoted)\(try session.nearestID(.asset, t.text))") }
                return i
            })
        }
        var range = SeededRange(), duration: Double?, reach = false
        for a in cmd.assignments {
            let key = a.key.text.lowercased()
            guard let text = a.value.text else { throw RampartError.parse("\(key) takes one value") }
            if try range.take(key, text, countKey: "trials", limit: 100_000_000) { continue }
            switch key {
            case "duration":
                duration = try Quantity.timeOption(text, "duration")
            case "method":
                switch text.lowercased() {
                case "reach": reach = true
                case "cascade": reach = false
                default: throw RampartError.parse("method is cascade or reach\(Suggest.hint(text, in: ["cascade", "reach"]))")
                }
            default:
                throw RampartError.parse("simulate cascade has no option \(a.key.quoted)\(Suggest.hint(key, in: ["trials", "seed", "first", "duration", "method"]))")
            }
        }
        if reach && duration != nil { throw RampartError.parse("method=reach ignores time: drop duration=") }
        let (trials, seed) = try range.required("simulate cascade", countKey: "trials")
        let first = range.first
        let sim = CascadeSimulation(snapshot, initiators: initiators, duration: duration, seed: seed,
                                    personHourValue: try session.number("person_hour_value"), reach: reach,
                                    requirements: try session.requirements(threshold: 0))
        let flag = session.interruptChecker
        let outcome = sim.run(first: first, count: trials, countHits: cmd.byWord?.text.lowercased() == "asset", interrupted: { flag() },
                              progress: { done, total in session.progressHandler?(done, total) })
        try session.checkInterrupt()
        let label = "\(counted(trials, "trial")) (\(first)…\(first + trials - 1)) of seed \(seed)"
        // checkClauses admitted only these words.
        switch cmd.byWord?.text.lowercased() {
        case "asset":
            var table = ResultTable(columns: [ResultColumn("asset", .text), ResultColumn("hits", .integer), .quantity("probability", .probability)])
            let order = (0..<snapshot.assetCount).filter { outcome.hits[$0] > 0 }
                .sorted { (outcome.hits[$0], -$0) > (outcome.hits[$1], -$1) }
            for i in order {
                table.append([.text(snapshot.assetIDs[i]), .integer(Int64(outcome.hits[i])), .real(Double(outcome.hits[i]) / Double(trials))])
            }
            return CommandResult(table: table, notes: [label])
        case "trial":
            var columns = [ResultColumn("trial", .integer), ResultColumn("initiating", .text), ResultColumn("affected", .integer),
                           .computed("population", .count)]
            if !reach { columns += [.computed("person_hours", .count), .computed("disruption", .money)] }
            var table = ResultTable(columns: columns)
            for k in 0..<outcome.count {
                let who = outcome.initiator[k] >= 0 ? snapshot.assetIDs[Int(outcome.initiator[k])] : ids.map(\.text).joined(separator: " ")
                var row: [Value] = [.integer(Int64(first + k)), .text(who), .integer(Int64(outcome.affected[k])), .real(outcome.population[k])]
                if !reach { row += [.real(outcome.personHours[k]), .real(outcome.disruption[k])] }
                table.append(row)
            }
            return CommandResult(table: table, notes: [label])
        default:
            return CommandResult(table: summary(outcome, reach: reach),
                                 notes: [label + (reach ? "; time out of play" : "; person-hours count each service separately")])
        }
    }

    func annual(_ cmd: Command) throws -> CommandResult {
        guard cmd.positional.count == 2 else { throw RampartError.parse("usage: \(SimulateCommand.spec.usage[1])") }
        try cmd.checkClauses("simulate annual", .by, byWords: ["year", "exceedance"])
        var range = SeededRange(), scenario = RiskScenario.current
        for a in cmd.assignments {
            let key = a.key.text.lowercased()
            guard let text = a.value.text else { throw RampartError.parse("\(key) takes one value") }
            if try range.take(key, text, countKey: "years", limit: 10_000_000) { continue }
            switch key {
            case "scenario":
                scenario = try RiskScenario.parse(a.value)
            default:
                throw RampartError.parse("simulate annual has no option \(a.key.quoted)\(Suggest.hint(key, in: ["years", "seed", "first", "scenario"]))")
            }
        }
        let (years, seed) = try range.required("simulate annual", countKey: "years")
        let first = range.first
        let engine = try RiskEngine(session: session)
        let sim = AnnualSimulation(engine: engine, scenario: scenario, seed: seed)
        let attacks = sim.expectedAttacksPerYear
        guard attacks * Double(years) <= AnnualSimulation.maximumAttacks else {
            func count(_ x: Double) -> String { x < 1e15 ? Quantity.formatRounded(x, as: .count) : "over 10^15" }
            throw RampartError.range("simulate annual: the scenarios give \(count(attacks)) successful attacks a year on average, "
                + "\(count(attacks * Double(years))) over \(years) years; a run simulates at most \(count(AnnualSimulation.maximumAttacks)) "
                + "(check the threats' and vulnerabilities' frequencies, or simulate fewer years)")
        }
        let flag = session.interruptChecker
        let o = sim.run(first: first, count: years, interrupted: { flag() }, progress: { done, total in session.progressHandler?(done, total) })
        try session.checkInterrupt()
        let currency = try session.setting("currency").string ?? ""
        let label = "\(counted(years, "year")) (\(first)…\(first + years - 1)) of seed \(seed), \(scenario.rawValue) scenario, \(currency)"
        // checkClauses admitted only these words.
        switch cmd.byWord?.text.lowercased() {
        case "year":
            var table = ResultTable(columns: [ResultColumn("year", .integer), ResultColumn("attacks", .integer), .computed("loss", .money)])
            for k in 0..<o.loss.count { table.append([.integer(Int64(first + k)), .integer(Int64(o.attacks[k])), .real(o.loss[k])]) }
            return CommandResult(table: table, notes: [label])
        case "exceedance":
            return CommandResult(table: exceedance(o.loss), notes: [label + "; probability that a year's loss reaches each level"])
        default:
            let s = SampleSummary(o.loss), tail = TailMeasures(o.loss)
            let worst = o.loss.indices.max { (o.loss[$0], -$0) < (o.loss[$1], -$1) } ?? 0
            var table = ResultTable(columns: [ResultColumn("measure", .text), .computed("value", .money)])
            for (name, v) in [("mean annual loss", s.mean), ("sd", s.sd), ("P50", s.p50), ("P90", s.p90), ("P95", s.p95), ("P99", s.p99),
                              ("VaR 95%", tail.var95), ("TVaR 95%", tail.tvar95), ("VaR 99%", tail.var99), ("TVaR 99%", tail.tvar99),
                              ("worst year", s.max)] {
                table.append([.text(name), .real(v)])
            }
            let attacks = o.attacks.reduce(0) { $0 + Int($1) }
            return CommandResult(table: table, notes: [label + "; \(attacks) successful attacks in all; worst year is year \(first + worst)"])
        }
    }

    /// The loss-exceedance curve at 20 levels spaced evenly on a log scale between the smallest
    /// and the largest positive annual loss.
    func exceedance(_ losses: [Double]) -> ResultTable {
        var table = ResultTable(columns: [.computed("loss", .money), .computed("exceedance_probability", .probability)])
        let positive = losses.filter { $0 > 0 }.sorted()
        guard let lo = positive.first, let hi = positive.last else { return table }
        let n = Double(losses.count)
        let levels = lo == hi ? [lo] : (0..<20).map { lo * pow(hi / lo, Double($0) / 19) }
        for level in levels {
            let count = losses.filter { $0 >= level * (1 - 1e-12) }.count
            table.append([.real(level), .real(Double(count) / n)])
        }
        return table
    }

    /// Distribution of each trial measure (assets and people only when time is out of play).
    func summary(_ o: CascadeSimulation.Outcome, reach: Bool) -> ResultTable {
        var table = ResultTable(columns: [ResultColumn("measure", .text), .computed("mean", .number), .computed("sd", .number),
                                          .computed("p50", .number), .computed("p90", .number), .computed("p95", .number),
                                          .computed("p99", .number), .computed("max", .number)])
        let measures = [("affected assets", o.affected.map(Double.init)), ("affected population", o.population),
                        ("person-hours", o.personHours), ("disruption", o.disruption)]
        for (name, values) in measures.prefix(reach ? 2 : 4) {
            let s = SampleSummary(values)
            table.append([.text(name), .real(s.mean), .real(s.sd), .real(s.p50), .real(s.p90), .real(s.p95), .real(s.p99), .real(s.max)])
        }
        return table
    }
}
