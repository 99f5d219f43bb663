/// `path <asset> [threat]` and `insider <asset>`: the protection path analysis of DESIGN §5.8.
struct PathCommand {
    let session: Session

    static let spec = CommandSpec(
        name: "path",
        usage: ["path <asset> [<threat>]"],
        summary: "EASI: the chance the response interrupts an adversary on the weakest protection path",
        details: """
        The adversary crosses the asset's layers in order; layers with the same order are
        alternatives (a gate or the fence) and the adversary takes the combination with the least
        probability of interruption P_I. For each task: the chance of arriving undetected, the delay
        still ahead after detection there (w x own delay + later delays; w = 1, 0.5, 0 for detection
        at the beginning, middle or end), Phi((remaining - RFT) / sqrt(var remaining + var RFT)) and the
        task's contribution P_C x P_D x undetected x Phi. V = 1 - P_I x P_N. The critical detection
        point is the last task where the delay still ahead covers the mean response time. With an
        insider threat, layers the insider's access passes are skipped unless they are insider controls.

        """,
        verbs: [], modifies: { _ in false }, run: { s, cmd in try PathCommand(session: s).run(cmd) })

    func run(_ cmd: Command) throws -> CommandResult {
        let words = Array(cmd.positional.dropFirst())
        guard words.count == 1 || words.count == 2 else { throw RampartError.parse("usage: \(PathCommand.spec.usage[0])") }
        try cmd.checkClauses("path", [])
        try cmd.checkNoOptions("path")
        let asset = try requireAsset(words[0])
        var modality = "intrusion"
        if words.count == 2 {
            guard let m = try session.db.scalar("SELECT modality FROM threat WHERE id = ?", [.text(words[1].text)])?.string else {
                throw RampartError.notFound("no threat \(words[1].quoted)\(try session.nearestID(.threat, words[1].text))")
            }
            modality = m
        }
        let data = try ProtectionData(session: session)
        guard let layers = data.layers[asset], !layers.isEmpty else {
            throw RampartError.notFound("\(asset) has no protection layers; add them with `layer add \(asset) <id> order=… pd=… delay=…`")
        }
        guard ProtectionData.pathModalities.contains(modality) else {
            throw RampartError.range("a \(modality) attack does not cross protection layers; path analysis covers \(ProtectionData.pathModalities.sorted().joined(separator: ", "))")
        }
        guard let e = try data.evaluate(asset: asset, modality: modality), let response = data.responses[asset] else {
            throw RampartError.notFound("no protection path for \(asset)")
        }
        return CommandResult(table: PathCommand.table(e), notes: [PathCommand.summary(e, response, layers: layers, insider: modality == "insider")])
    }

    func requireAsset(_ t: Token) throws -> String {
        guard try session.exists(.asset, t.text) else { throw RampartError.notFound("no asset \(t.quoted)\(try session.nearestID(.asset, t.text))") }
        return t.text
    }

    static func table(_ e: EASI.Evaluation) -> ResultTable {
        var table = ResultTable(columns: [
            ResultColumn("order", .integer), ResultColumn("layer", .text), .quantity("pd", .probability), .quantity("delay", .duration),
            ResultColumn("location", .text), .computed("undetected_before", .probability), .computed("remaining", .duration),
            .computed("timely", .probability), .computed("contribution", .probability), ResultColumn("cdp", .text),
        ])
        for (i, s) in e.steps.enumerated() {
            table.append([.integer(Int64(s.layer.order)), .text(s.layer.id), .real(s.layer.pd), .real(s.layer.delay), .text(s.layer.location),
                          .real(s.undetectedBefore), .real(s.remainingMean), .real(s.timely), .real(s.contribution),
                          .text(e.criticalDetectionPoint == i ? "critical detection point" : "")])
        }
        return table
    }

    static func summary(_ e: EASI.Evaluation, _ r: ResponseForce, layers: [ProtectionLayer], insider: Bool) -> String {
        let alternatives = Dictionary(grouping: layers, by: \.order).filter { $0.value.count > 1 }.count
        return "P_I \(Quantity.format(e.pI, as: .probability)) (P_C \(Quantity.format(r.pComm, as: .probability)), RFT "
            + "\(Quantity.format(r.rft, as: .duration)) ± \(Quantity.format(r.rftSD, as: .duration))); V = 1 − P_I × P_N "
            + "(\(Quantity.format(r.pNeutralise, as: .probability))) = \(Quantity.format(e.vulnerability, as: .probability))"
            + (alternatives > 0 ? "; the weakest of the alternatives at \(counted(alternatives, "step"))" : "")
            + (insider ? "; insider: layers the access passes are skipped unless they are insider controls" : "")
    }
}

/// `insider <asset>`: the path an insider with the asset's profile faces, and which insider
/// controls matter most.
struct InsiderAnalysis {
    let session: Session

    func run(asset token: Token) throws -> CommandResult {
        let asset = try PathCommand(session: session).requireAsset(token)
        let data = try ProtectionData(session: session)
        guard let profile = data.insiders[asset] else {
            throw RampartError.notFound("\(asset) has no insider profile; add one with `insider add \(asset) staff=… vetting=… access=…`")
        }
        guard let layers = data.layers[asset], !layers.isEmpty, let response = data.responses[asset] else {
            throw RampartError.notFound("\(asset) needs protection layers and a response force for insider analysis")
        }
        let insider = EASI.weakestPath(layers, response: response, insiderAccess: profile.access)
        let outsider = EASI.weakestPath(layers, response: response)
        var table = ResultTable(columns: [ResultColumn("control", .text), .quantity("pd", .probability), .quantity("delay", .duration),
                                          .computed("p_i_without", .probability), .computed("importance", .probability)])
        var rows: [(String, Double, Double, Double)] = []
        for (k, l) in layers.enumerated() where l.insiderControl {
            var weaker = layers
            weaker[k] = ProtectionLayer(id: l.id, order: l.order, name: l.name, pd: l.pd, delay: l.delay, delaySD: l.delaySD,
                                        location: l.location, bypass: l.bypass, insiderControl: false)
            let without = EASI.weakestPath(weaker, response: response, insiderAccess: profile.access).pI
            rows.append((l.id, l.pd, l.delay, without))
        }
        for (id, pd, delay, without) in rows.sorted(by: { ($0.3, $0.0) < ($1.3, $1.0) }) {
            table.append([.text(id), .real(pd), .real(delay), .real(without), .real(insider.pI - without)])
        }
        let passed = layers.filter { $0.bypass > 0 && profile.access >= $0.bypass && !$0.insiderControl }.map(\.id)
        return CommandResult(table: table, notes: [
            "\(profile.staff) privileged staff, vetting \(profile.vetting), access level \(profile.access); passes without detection: "
                + (passed.isEmpty ? "nothing" : passed.joined(separator: ", ")),
            "P_I against an insider \(Quantity.format(insider.pI, as: .probability)) (V \(Quantity.format(insider.vulnerability, as: .probability))); "
                + "against an outsider \(Quantity.format(outsider.pI, as: .probability)); importance = P_I lost if the control stopped applying to insiders",
        ])
    }
}
