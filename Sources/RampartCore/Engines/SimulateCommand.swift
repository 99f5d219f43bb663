/// `simulate cascade`: Monte Carlo cascades (DESIGN §5.6).
struct SimulateCommand {
    let session: Session

    static let spec = CommandSpec(
        name: "simulate",
        usage: ["simulate cascade <asset>…|random trials=N seed=S [duration=<d>] [first=F] [by asset|by trial]"],
        summary: "Monte Carlo cascades: how far a loss spreads when dependencies fail by chance",
        details: """
        In each trial every dependency carries its provider's loss with probability equal to its
        strength (the cascade_threshold plays no part); buffers and redundancy groups work as in
        `cascade`. `random` starts each trial from one asset drawn at random. The outage lasts
        `duration`, or the longest recovery time of the trial's initiating assets.
        Default output: mean, sd, P50, P90, P95, P99 and max of the assets affected, the people
        they serve, the person-hours and the disruption per trial. `by asset`: each asset's probability of being
        affected. `by trial`: every trial's result.
        Reproducible: the same seed gives the same numbers on any number of cores. first=F runs
        trials F…F+N-1 of the seeded experiment, so ranges run apart merge exactly.

        """,
        verbs: ["cascade"], modifies: { _ in false }, run: { s, cmd in try SimulateCommand(session: s).run(cmd) })

    func run(_ cmd: Command) throws -> CommandResult {
        guard cmd.positional.count >= 2, cmd.positional[1].isWord("cascade") else {
            throw RampartError.parse("simulate what? usage: \(SimulateCommand.spec.usage[0])")
        }
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
        var trials: Int?, seed: UInt64?, first = 0, duration: Double?
        for a in cmd.assignments {
            let key = a.key.text.lowercased()
            guard let text = a.value.text else { throw RampartError.parse("\(key) takes one value") }
            switch key {
            case "trials":
                guard let n = Int(text), (1...100_000_000).contains(n) else { throw RampartError.range("trials must be a whole number from 1 to 100M; got '\(text)'") }
                trials = n
            case "seed":
                guard let v = UInt64(text) else { throw RampartError.range("seed must be a whole number ≥ 0; got '\(text)'") }
                seed = v
            case "first":
                guard let v = Int(text), v >= 0 else { throw RampartError.range("first must be a whole number ≥ 0; got '\(text)'") }
                first = v
            case "duration":
                duration = try Quantity.parse(text, as: .duration, field: "duration")
            default:
                throw RampartError.parse("simulate cascade has no option \(a.key.quoted)\(Suggest.hint(key, in: ["trials", "seed", "first", "duration"]))")
            }
        }
        guard let trials else { throw RampartError.parse("simulate cascade needs trials=N") }
        guard let seed else { throw RampartError.parse("simulate cascade needs seed=S, so that the run can be repeated") }
        let sim = CascadeSimulation(snapshot, initiators: initiators, duration: duration, seed: seed,
                                    personHourValue: try session.number("person_hour_value"))
        let flag = session.interruptChecker
        let outcome = sim.run(first: first, count: trials, interrupted: { flag() },
                              progress: { done, total in session.progressHandler?(done, total) })
        try session.checkInterrupt()
        let label = "\(trials) trial\(trials == 1 ? "" : "s") (\(first)…\(first + trials - 1)) of seed \(seed)"
        switch cmd.byWord?.text.lowercased() {
        case nil:
            return CommandResult(table: summary(outcome), notes: [label + "; person-hours count each service separately"])
        case "asset":
            var table = ResultTable(columns: [ResultColumn("asset", .text), ResultColumn("hits", .integer), .quantity("probability", .probability)])
            let order = (0..<snapshot.assetCount).filter { outcome.hits[$0] > 0 }
                .sorted { (outcome.hits[$0], -$0) > (outcome.hits[$1], -$1) }
            for i in order {
                table.append([.text(snapshot.assetIDs[i]), .integer(Int64(outcome.hits[i])), .real(Double(outcome.hits[i]) / Double(trials))])
            }
            return CommandResult(table: table, notes: [label])
        case "trial":
            var table = ResultTable(columns: [ResultColumn("trial", .integer), ResultColumn("initiating", .text), ResultColumn("affected", .integer),
                                              .computed("population", .count), .computed("person_hours", .count), .computed("disruption", .money)])
            for k in 0..<outcome.count {
                let who = outcome.initiator[k] >= 0 ? snapshot.assetIDs[Int(outcome.initiator[k])] : ids.map(\.text).joined(separator: " ")
                table.append([.integer(Int64(first + k)), .text(who), .integer(Int64(outcome.affected[k])), .real(outcome.population[k]),
                              .real(outcome.personHours[k]), .real(outcome.disruption[k])])
            }
            return CommandResult(table: table, notes: [label])
        case let other?:
            throw RampartError.parse("simulate cascade totals by asset or by trial, not '\(other)'\(Suggest.hint(other, in: ["asset", "trial"]))")
        }
    }

    func summary(_ o: CascadeSimulation.Outcome) -> ResultTable {
        var table = ResultTable(columns: [ResultColumn("measure", .text), .computed("mean", .number), .computed("sd", .number),
                                          .computed("p50", .number), .computed("p90", .number), .computed("p95", .number),
                                          .computed("p99", .number), .computed("max", .number)])
        for (name, values) in [("affected assets", o.affected.map(Double.init)), ("affected population", o.population),
                               ("person-hours", o.personHours), ("disruption", o.disruption)] {
            let s = SampleSummary(values)
            table.append([.text(name), .real(s.mean), .real(s.sd), .real(s.p50), .real(s.p90), .real(s.p95), .real(s.p99), .real(s.max)])
        }
        return table
    }
}
