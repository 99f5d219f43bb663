/// `cascade` and `explain cascade`: run a cascade from initiating assets and report every
/// affected asset with its outage window, the requirement that brought it down and the
/// disruption it causes (DESIGN §5.1, §5.4).
struct CascadeCommand {
    let session: Session

    static let spec = CommandSpec(
        name: "cascade",
        usage: ["cascade <asset>… [duration=<d>|(<d>, …)] [start=<t>|(<t>, …)] [horizon=<h>] [by sector]"],
        summary: "what fails after the loss of some assets, when, for how long, and what it costs",
        details: """
        Each listed asset is lost from `start` (default 0h) for `duration` (default: its own recovery
        time); give one value for all, or a list aligned with the assets. A dependency carries the loss
        when its strength is at least the cascade_threshold setting, after its delay (the buffer);
        an asset with redundant providers (a group) is lost only while all of them are.
        Columns: down/up are hours after time 0, outage = up - down; cause is the provider (or group)
        whose loss started the outage. horizon= lists only outages that start before it.
        Disruption = population x outage hours x person_hour_value + economic_value x outage days.
        People are counted per service: someone who loses water and power counts twice.
        `by sector` totals the affected assets, person-hours and disruption per sector.

        """,
        verbs: [], modifies: { _ in false }, run: { s, cmd in try CascadeCommand(session: s).run(cmd) })

    func run(_ cmd: Command) throws -> CommandResult {
        try cmd.checkClauses("cascade", .by, byWords: ["sector"])
        let (snapshot, events) = try parseEvents(cmd, skip: 1)
        var horizon = Double.infinity
        for a in cmd.assignments where a.key.text.lowercased() == "horizon" {
            guard let t = a.value.text else { throw RampartError.parse("horizon takes one duration") }
            horizon = try Quantity.timeOption(t, "horizon")
        }
        let req = try session.requirements()
        let phv = try session.number("person_hour_value")
        /// Once the cascade has run: stop if interrupted, else remember it for `explain cascade`.
        func finished() throws {
            try session.checkInterrupt()
            session.lastCascade = events.map { (snapshot.assetIDs[Int($0.asset)], $0.start, $0.duration) }
        }
        if cmd.byWord != nil {
            let table = try bySector(snapshot, req, events, horizon: horizon, phv)
            try finished()
            return CommandResult(table: table)
        }
        let result = CascadeEngine.run(snapshot, req, events: events, kernel: try session.kernel())
        try finished()
        let affected = result.affected(before: horizon)
        var table = ResultTable(columns: [
            ResultColumn("asset", .text), ResultColumn("sector", .text), .quantity("down", .duration), .quantity("up", .duration),
            .quantity("outage", .duration), ResultColumn("cause", .text), .quantity("population", .count),
            .computed("person_hours", .count), .computed("disruption", .money),
        ])
        var totalHours = 0.0, totalCost = 0.0
        for i in affected {
            let h = result.up[i] - result.down[i]
            let personHours = snapshot.population[i] * h
            let cost = personHours * phv + snapshot.economicValue[i] * h / 24
            totalHours += personHours
            totalCost += cost
            table.append([.text(snapshot.assetIDs[i]), .text(snapshot.sectorID(of: i)), .real(result.down[i]), .real(result.up[i]), .real(h),
                          .text(cause(snapshot, req, result, i)), .integer(Int64(snapshot.population[i])), .real(personHours), .real(cost)])
        }
        let currency = try session.setting("currency").string ?? ""
        let summary = "\(counted(affected.count, "asset")) affected (\(events.count) initiating); "
            + "\(Quantity.formatRounded(totalHours, as: .count)) person-hours of lost service (counted per service); "
            + "disruption \(Quantity.formatRounded(totalCost, as: .money)) \(currency)"
        return CommandResult(table: table, notes: [summary])
    }

    /// Totals per sector of the outages that start before `horizon`, largest disruption first.
    func bySector(_ s: Snapshot, _ req: Requirements, _ events: [InitiatingEvent], horizon: Double, _ phv: Double) throws -> ResultTable {
        var table = ResultTable(columns: [ResultColumn("sector", .text), ResultColumn("assets", .integer),
                                          .computed("person_hours", .count), .computed("disruption", .money)])
        // One slot per sector, and a last one for assets without a sector.
        var totals = [(assets: Int, hours: Double, cost: Double)](repeating: (0, 0, 0), count: s.sectorIDs.count + 1)
        let kernel = try session.kernel()
        // The running totals of the current asset's sector stay in registers while the sector
        // does not change (assets of a sector tend to be numbered together), and go back to
        // `totals` when it does: the same additions in the same order, without each waiting
        // for the previous one's store.
        var slot = 0, current = totals[0]
        s.sector.withUnsafeBufferPointer { sector in
            s.population.withUnsafeBufferPointer { people in
                s.economicValue.withUnsafeBufferPointer { value in
                    CascadeEngine.forEachOutage(s, req, events: events, kernel: kernel) { i, down, up in
                        guard down < horizon else { return }
                        let h = up - down
                        let k = Int(sector[i]), next = k >= 0 && k < s.sectorIDs.count ? k : s.sectorIDs.count
                        if next != slot { totals[slot] = current; slot = next; current = totals[slot] }
                        current.assets += 1
                        current.hours += people[i] * h
                        current.cost += people[i] * h * phv + value[i] * h / 24
                    }
                }
            }
        }
        totals[slot] = current
        let rows = totals.indices.filter { totals[$0].assets > 0 }.map { (name: $0 < s.sectorIDs.count ? s.sectorIDs[$0] : "", totals: totals[$0]) }
        for row in rows.sorted(by: { ($0.totals.cost, $1.name) > ($1.totals.cost, $0.name) }) {
            table.append([.text(row.name), .integer(Int64(row.totals.assets)), .real(row.totals.hours), .real(row.totals.cost)])
        }
        return table
    }

    /// "initiating", a provider id, or "group NAME (p1, p2)".
    func cause(_ s: Snapshot, _ req: Requirements, _ r: CascadeResult, _ i: Int) -> String {
        if r.initiating[i] { return "initiating" }
        let q = Int(r.cause[i])
        guard q >= 0 else { return "" }
        let lo = Int(req.memberOffsets[q]), hi = Int(req.memberOffsets[q + 1])
        // Most requirements are one dependency: its provider, without building lists.
        if hi - lo == 1, s.group[Int(req.memberEdges[lo])] < 0 { return s.assetIDs[Int(s.provider(of: req.memberEdges[lo]))] }
        let members = (lo..<hi).map { Int(req.memberEdges[$0]) }
        let names = members.map { s.assetIDs[Int(s.provider(of: Int32($0)))] }
        let g = s.group[members[0]]
        let groupName = g >= 0 && Int(g) < s.groupNames.count ? s.groupNames[Int(g)] : "group"
        return "group \(groupName) (\(names.joined(separator: ", ")))"
    }

    /// The initiating events of a command: the asset ids after `skip` positional words, with
    /// `duration=` and `start=` given once or as lists aligned with the ids.
    func parseEvents(_ cmd: Command, skip: Int) throws -> (Snapshot, [InitiatingEvent]) {
        let ids = Array(cmd.positional.dropFirst(skip))
        guard !ids.isEmpty else { throw RampartError.parse("which assets are lost? usage: \(CascadeCommand.spec.usage[0])") }
        let snapshot = try session.snapshot()
        let index = try session.assetIndex(snapshot)
        var durations: [Double?] = Array(repeating: nil, count: ids.count)
        var starts: [Double] = Array(repeating: 0, count: ids.count)
        for a in cmd.assignments {
            let key = a.key.text.lowercased()
            guard key == "duration" || key == "start" || key == "horizon" else {
                throw RampartError.parse("cascade has no option \(a.key.quoted)\(Suggest.hint(a.key.text, in: ["duration", "start", "horizon"]))")
            }
            if key == "horizon" { continue }
            let values = a.value.elements
            guard values.count == 1 || values.count == ids.count else {
                throw RampartError.parse("\(key) takes one value or one per asset (\(ids.count)); got \(values.count)")
            }
            for j in 0..<ids.count {
                guard let text = values[values.count == 1 ? 0 : j].text else { throw RampartError.parse("\(key) takes durations") }
                let v = try Quantity.timeOption(text, key)
                if key == "duration" { durations[j] = v } else { starts[j] = v }
            }
        }
        var events: [InitiatingEvent] = []
        for (j, t) in ids.enumerated() {
            guard let i = index[t.text] else {
                throw RampartError.notFound("no asset \(t.quoted)\(try session.nearestID(.asset, t.text))")
            }
            events.append(InitiatingEvent(asset: i, start: starts[j], duration: durations[j] ?? snapshot.recovery[Int(i)]))
        }
        return (snapshot, events)
    }
}

extension Session {
    /// The requirements of the current snapshot under `threshold` (by default the
    /// cascade_threshold setting; simulations use 0), cached for the snapshot's life.
    func requirements(threshold given: Double? = nil) throws -> Requirements {
        let threshold = try given ?? number("cascade_threshold")
        if cachedRequirements?.generation != generation { cachedRequirements = (generation, [:]) }
        if let r = cachedRequirements?.byThreshold[threshold] { return r }
        let r = Requirements(try snapshot(), threshold: threshold)
        cachedRequirements?.byThreshold[threshold] = r
        return r
    }

    /// A cascade workspace over the current requirements, reused by the session's commands
    /// (a command runs on one thread at a time).
    func kernel() throws -> CascadeKernel {
        let req = try requirements()
        if let c = cachedKernel, c.generation == generation, c.threshold == req.threshold { return c.kernel }
        let k = CascadeKernel(try snapshot(), req)
        cachedKernel = (generation, req.threshold, k)
        return k
    }

    /// The strongly connected components of the dependencies that carry loss on their own, over
    /// every asset, cached with the requirements: `criticality method=reach` groups its
    /// candidates by them.
    func reachComponents() throws -> Reach.Components {
        let req = try requirements()
        if let c = cachedComponents, c.generation == generation, c.threshold == req.threshold { return c.components }
        let s = try snapshot()
        let components = Reach.components(s, req, roots: (0..<Int32(s.assetCount)).map { $0 })
        cachedComponents = (generation, req.threshold, components)
        return components
    }

    /// Asset id → snapshot index, cached with the snapshot.
    func assetIndex(_ s: Snapshot) throws -> [String: Int32] {
        if let c = cachedAssetIndex, c.generation == generation { return c.index }
        var index: [String: Int32] = [:]
        index.reserveCapacity(s.assetCount)
        for (i, id) in s.assetIDs.enumerated() where index.updateValue(Int32(i), forKey: id) != nil { throw RampartError.sameID(.asset, id) }
        cachedAssetIndex = (generation, index)
        return index
    }
}
