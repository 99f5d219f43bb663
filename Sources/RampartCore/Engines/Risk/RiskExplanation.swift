#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// `explain risk <asset> <threat>`: the whole derivation of one pair's risk.
struct RiskExplanation {
    let session: Session

    func run(_ cmd: Command) throws -> CommandResult {
        guard cmd.positional.count == 4 else { throw RampartError.parse("usage: explain risk <asset> <threat> [scenario=…]") }
        let scenario = try RiskScenario.option(cmd, "explain risk")
        let assetToken = cmd.positional[2], threatToken = cmd.positional[3]
        let engine = try RiskEngine(session: session)
        let inputs = engine.inputs
        let s = inputs.snapshot
        guard let a = try session.assetIndex(s)[assetToken.text].map(Int.init) else {
            throw RampartError.notFound("no asset \(assetToken.quoted)\(try session.nearestID(.asset, assetToken.text))")
        }
        guard let t = inputs.threats.firstIndex(where: { $0.id == threatToken.text }) else {
            throw RampartError.notFound("no threat \(threatToken.quoted)\(try session.nearestID(.threat, threatToken.text))")
        }
        guard let pairIndex = inputs.pairs.firstIndex(where: { $0.asset == a && $0.threat == t }) else {
            throw RampartError.notFound("\(assetToken.text) has no vulnerability to \(threatToken.text); add one with `vuln add \(assetToken.text) \(threatToken.text) v=…`")
        }
        let active = engine.active(scenario)
        guard let r = engine.evaluate(active).first(where: { $0.asset == a && $0.threat == t }) else {
            throw RampartError.notFound("no risk computed for this pair")
        }
        let pair = inputs.pairs[pairIndex], threat = inputs.threats[t]
        let id = s.assetIDs[a]
        let bands = try BandTables.current(session)
        let currency = try session.setting("currency").string ?? ""
        var table = ResultTable(columns: [ResultColumn("step", .text), ResultColumn("value", .real), ResultColumn("shown", .text),
                                          ResultColumn("from", .text)])
        func row(_ step: String, _ v: Double, _ kind: QuantityKind?, _ from: String) {
            // Money and plain numbers are computed: six significant digits show them (the value
            // column holds them whole); other quantities are inputs, shown as stored.
            let shown = kind.map { $0 == .money ? Quantity.formatRounded(v, as: $0, significant: 6) : Quantity.format(v, as: $0) }
                ?? Quantity.formatRounded(v, as: .number, significant: 6)
            table.append([.text(step), .real(v), .text(shown), .text(from)])
        }
        row("f: attempts per year", r.frequency, .rate, pair.frequency == nil ? "threat \(threat.id) frequency (mean)" : "vuln \(id) \(threat.id) frequency override (mean)")
        row("V before measures", pair.v, .probability,
            pair.vSource == "v" ? "vuln \(id) \(threat.id) v (mean)" : "protection path: 1 − P_I × P_N (see `path \(id) \(threat.id)`)")
        var harm = 1.0, recoveryFactor = 1.0
        if pair.vSource != "v" {
            let f = engine.factors(active)
            if f.layerMiss[a] != nil || f.layerDelay[a] != nil,
               let e = try inputs.protection.evaluate(asset: id, modality: threat.modality, adjust: { f.adjusted($0, asset: a) }) {
                row("  protection path with the measures' detection and delay", e.vulnerability, .probability,
                    "layers improved by detection/delay effects; P_I \(Quantity.format(e.pI, as: .probability))")
            }
        }
        for (k, app) in inputs.applications.enumerated() where active[k] && app.asset == a {
            for e in app.effects {
                switch e.type {
                case "vulnerability" where e.target == threat.modality || e.target == "any":
                    row("  × (1 − \(Quantity.format(e.reduction, as: .probability)))", 1 - e.reduction, nil, "measure \(app.measure) (\(app.status)): vulnerability \(e.target)")
                case "harm":
                    harm *= 1 - e.reduction
                    row("  harm × (1 − \(Quantity.format(e.reduction, as: .probability)))", 1 - e.reduction, nil, "measure \(app.measure) (\(app.status))")
                case "recovery":
                    recoveryFactor *= 1 - e.reduction
                    row("  recovery × (1 − \(Quantity.format(e.reduction, as: .probability)))", 1 - e.reduction, nil, "measure \(app.measure) (\(app.status))")
                case "buffer":
                    row("  buffer + \(Quantity.format(e.hours, as: .duration)) on \(e.target) dependencies", e.hours, .duration, "measure \(app.measure) (\(app.status))")
                default: break
                }
            }
        }
        row("V after measures", r.v, .probability, "V × the factors above (\(scenario.rawValue) scenario)")
        row("λ = f × V: successful attacks per year", r.lambda, .rate, "f × V")
        row("annual probability 1 − e^(−λ)", r.probability, .probability, "1 − exp(−λ)")
        row("occupancy", s.occupancy[a], .count, "asset \(id)")
        row("fatality rate", threat.fatalityRate, .probability, "threat \(threat.id) (mean)")
        row("fatalities = occupancy × rate × harm factor", r.fatalities, nil, "harm factor \(Number.format(harm, maxDecimals: 6))")
        row("injury rate", threat.injuryRate, .probability, "threat \(threat.id) (mean)")
        row("injuries = occupancy × rate × harm factor", r.injuries, nil, "")
        row("vsl", inputs.vsl, .money, "setting vsl (\(currency))")
        row("vsi", inputs.vsi, .money, "setting vsi (\(currency))")
        row("casualty cost = fatalities × vsl + injuries × vsi", r.casualtyCost, .money, "")
        row("replacement cost", s.replacementCost[a], .money, "asset \(id)")
        row("damage fraction", threat.damage, .probability, "threat \(threat.id) (mean)")
        row("damage = replacement cost × fraction × harm factor", r.damage, .money, "")
        row("recovery", s.recovery[a] * recoveryFactor, .duration, "asset \(id) recovery × \(Number.format(recoveryFactor, maxDecimals: 6))")
        row("outage factor", threat.outageFactor, nil, "threat \(threat.id) (mean)")
        row("outage R = recovery × outage factor", r.outage, .duration, "")
        row("assets lost in the cascade", Double(r.affected), nil, "cascade from \(id) for R (see `cascade \(id) duration=\(Quantity.format(r.outage, as: .duration))`)")
        row("person-hours of lost service", r.personHours, nil, "Σ population × outage hours, per service")
        row("person_hour_value", inputs.personHourValue, .money, "setting")
        row("disruption = Σ population × h × person_hour_value + economic value × h / 24", r.disruption, .money, "")
        row("C = casualty cost + damage + disruption", r.consequence, .money, currency)
        row("R = λ × C: expected annual loss", r.eal, .money, currency + " per year")
        let l = BandTables.level(r.lambda, bands.likelihood), i = BandTables.level(r.consequence, bands.impact)
        row("likelihood level", Double(l), nil, "λ against likelihood_bands ≤ " + bands.likelihood.map { Quantity.format($0, as: .rate) }.joined(separator: ", "))
        row("impact level", Double(i), nil, "C against impact_bands ≤ " + bands.impact.map { Quantity.format($0, as: .money) }.joined(separator: ", "))
        table.append([.text("risk level"), .null, .text(bands.matrix[l - 1][i - 1]), .text("risk_matrix row \(l), column \(i)")])
        return CommandResult(table: table)
    }
}
