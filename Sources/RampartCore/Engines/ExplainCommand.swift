/// `explain …`: the reasoning behind a computed figure, step by step.
enum ExplainCommand {
    static let spec = CommandSpec(
        name: "explain",
        usage: ["explain cascade <asset>", "explain risk <asset> <threat> [scenario=current|target|baseline]"],
        summary: "show how a figure was reached, step by step",
        details: """
        explain cascade <asset>: the chain of dependencies, from an initiating asset of the last
        `cascade` command to <asset>, with when each link failed and the buffer (delay) it had.
        explain risk <asset> <threat>: every input with its unit and source, every measure that
        acts on it, every step of the formula with its value, and the bands behind the levels, so
        the figure can be recomputed by hand.

        """,
        verbs: ["cascade", "risk"], modifies: { _ in false }, run: { s, cmd in try run(s, cmd) })

    static func run(_ s: Session, _ cmd: Command) throws -> CommandResult {
        guard cmd.positional.count >= 2 else { throw RampartError.parse("explain what? usage: \(spec.usage.joined(separator: "; "))") }
        let what = cmd.positional[1]
        try cmd.checkClauses("explain", [])
        switch what.text.lowercased() {
        case "cascade": return try cascade(s, cmd)
        case "risk": return try RiskExplanation(session: s).run(cmd)
        default:
            throw RampartError.parse("cannot explain \(what.quoted)\(Suggest.hint(what.text, in: spec.verbs)); usage: \(spec.usage.joined(separator: "; "))")
        }
    }

    static func cascade(_ s: Session, _ cmd: Command) throws -> CommandResult {
        guard cmd.positional.count == 3 else { throw RampartError.parse("usage: explain cascade <asset>") }
        try cmd.checkNoOptions("explain cascade")
        guard let last = s.lastCascade else {
            throw RampartError.parse("no cascade to explain yet: run `cascade <asset>…` first")
        }
        let snapshot = try s.snapshot()
        let index = try s.assetIndex(snapshot)
        var events: [InitiatingEvent] = []
        for e in last {
            guard let i = index[e.asset] else { throw RampartError.notFound("asset \(e.asset) of the last cascade no longer exists") }
            events.append(InitiatingEvent(asset: i, start: e.start, duration: e.duration))
        }
        let target = cmd.positional[2]
        guard let t = index[target.text] else { throw RampartError.notFound("no asset \(target.quoted)\(try s.nearestID(.asset, target.text))") }
        let req = try s.requirements()
        let r = CascadeEngine.run(snapshot, req, events: events)
        guard r.isAffected(Int(t)) else {
            return .message("\(target.text) is not affected by the last cascade (from \(last.map(\.asset).joined(separator: ", "))).")
        }
        // Walk the causes back to an initiating asset: in each requirement, the provider whose
        // loss (plus buffer) came last is the one that decided the time.
        var chain: [(asset: Int, edge: Int?, groupSize: Int)] = [(Int(t), nil, 0)]
        var seen: Set<Int> = [Int(t)]
        var current = Int(t)
        while !r.initiating[current], r.cause[current] >= 0 {
            let q = Int(r.cause[current])
            var best = -1, bestTime = -Double.infinity
            for k in Int(req.memberOffsets[q])..<Int(req.memberOffsets[q + 1]) {
                let e = Int(req.memberEdges[k])
                let p = Int(snapshot.provider(of: Int32(e)))
                let time = r.down[p] + snapshot.delay[e]
                if time > bestTime { bestTime = time; best = e }
            }
            guard best >= 0 else { break }
            let p = Int(snapshot.provider(of: Int32(best)))
            chain[chain.count - 1].edge = best
            chain[chain.count - 1].groupSize = Int(req.memberOffsets[q + 1] - req.memberOffsets[q])
            guard seen.insert(p).inserted else { break }
            chain.append((p, nil, 0))
            current = p
        }
        var table = ResultTable(columns: [
            ResultColumn("step", .integer), ResultColumn("asset", .text), .quantity("down", .duration), .quantity("up", .duration),
            ResultColumn("lost_because", .text), .quantity("buffer", .duration),
        ])
        for (step, link) in chain.reversed().enumerated() {
            let i = link.asset
            var because = "initiating event"
            var buffer: Value = .null
            if let e = link.edge {
                let p = snapshot.assetIDs[Int(snapshot.provider(of: Int32(e)))]
                let kind = Int(snapshot.kind[e]) < Vocabulary.dependencyKinds.count ? Vocabulary.dependencyKinds[Int(snapshot.kind[e])] : ""
                because = "\(kind) dependency on \(p)"
                if link.groupSize > 1 {
                    let g = snapshot.group[e]
                    because += " (last of \(link.groupSize) redundant providers in group \(g >= 0 ? snapshot.groupNames[Int(g)] : ""))"
                }
                buffer = .real(snapshot.delay[e])
            }
            table.append([.integer(Int64(step + 1)), .text(snapshot.assetIDs[i]), .real(r.down[i]), .real(r.up[i]), .text(because), buffer])
        }
        return CommandResult(table: table)
    }
}
