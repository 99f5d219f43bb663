#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Which protective measures count (DESIGN §5.3).
public enum RiskScenario: String, Sendable, CaseIterable {
    /// No measures at all.
    case baseline
    /// Implemented measures: the risk today.
    case current
    /// Implemented, approved and proposed measures: the risk once the plan is delivered.
    case target

    /// Whether an application with this status counts in the scenario.
    func counts(_ status: String) -> Bool {
        switch self {
        case .baseline: false
        case .current: status == "implemented"
        case .target: status != "rejected"
        }
    }
}

extension RiskScenario {
    /// The scenario of a command whose one option is `scenario=` (current when it is absent).
    static func option(_ cmd: Command, _ name: String) throws -> RiskScenario {
        var scenario = RiskScenario.current
        for a in cmd.assignments {
            guard a.key.text.lowercased() == "scenario" else {
                throw RampartError.parse("\(name) has no option \(a.key.quoted)\(Suggest.hint(a.key.text, in: ["scenario"])); it takes scenario=current|target|baseline")
            }
            scenario = try parse(a.value)
        }
        return scenario
    }

    /// The value of a `scenario=` option.
    static func parse(_ value: ArgValue) throws -> RiskScenario {
        guard let text = value.text, let scenario = RiskScenario(rawValue: text.lowercased()) else {
            throw RampartError.parse("scenario is current, target or baseline\(Suggest.hint(value.text ?? "", in: allCases.map(\.rawValue)))")
        }
        return scenario
    }
}

/// The risk of one (asset, threat) pair with every term kept for reports and `explain`.
public struct PairRisk: Sendable {
    public let asset: Int
    public let threat: Int
    /// Attempts per year.
    public let frequency: Double
    /// Vulnerability before and after measures.
    public let baseV: Double
    public let v: Double
    /// Successful attacks per year (λ = f·V) and the annual probability 1 − e^(−λ).
    public let lambda: Double
    public var probability: Double { 1 - exp(-lambda) }
    /// Outage of the attacked asset in hours: recovery (after measures) × outage factor.
    public let outage: Double
    public let fatalities: Double
    public let injuries: Double
    public let damage: Double
    public let disruption: Double
    public let affected: Int
    public let personHours: Double
    /// The money value of fatalities and injuries.
    public let casualtyCost: Double
    /// The assets the cascade took down, when recorded.
    public let reach: [Int32]
    /// C = casualty cost + damage + disruption.
    public var consequence: Double { casualtyCost + damage + disruption }
    /// Expected annual loss R = λ·C.
    public var eal: Double { lambda * consequence }
}

/// Computes risk for every vulnerability of the assessment under a set of measures.
public struct RiskEngine {
    let inputs: RiskInputs
    let requirements: Requirements

    init(session: Session) throws {
        inputs = try RiskInputs(session: session)
        requirements = try session.requirements()
    }

    /// The applications that count in a scenario, optionally with one switched on or off.
    func active(_ scenario: RiskScenario, toggling toggled: Int? = nil) -> [Bool] {
        var on = inputs.applications.map { scenario.counts($0.status) }
        if let k = toggled { on[k].toggle() }
        return on
    }

    /// What the applications in force change: vulnerability factors by asset and modality,
    /// recovery and harm factors by asset, and the buffers of every dependency.
    struct Factors: Sendable {
        var vulnerability: [Int: [String: Double]] = [:]
        var recovery: [Int: Double] = [:]
        var harm: [Int: Double] = [:]
        var delay: [Double]
        /// Per asset and layer target (a layer id or any): the factor on a layer's chance of
        /// missing the adversary, and hours added to its delay.
        var layerMiss: [Int: [String: Double]] = [:]
        var layerDelay: [Int: [String: Double]] = [:]

        /// A protection layer of `asset` as the measures in force leave it.
        func adjusted(_ l: ProtectionLayer, asset: Int) -> ProtectionLayer {
            let miss = (layerMiss[asset]?["any"] ?? 1) * (layerMiss[asset]?[l.id] ?? 1)
            let extra = (layerDelay[asset]?["any"] ?? 0) + (layerDelay[asset]?[l.id] ?? 0)
            guard miss != 1 || extra != 0 else { return l }
            return ProtectionLayer(id: l.id, order: l.order, name: l.name, pd: 1 - (1 - l.pd) * miss, delay: l.delay + extra,
                                   delaySD: l.delaySD, location: l.location, bypass: l.bypass, insiderControl: l.insiderControl)
        }

        /// V after measures for a pair.
        func v(_ base: Double, asset: Int, modality: String) -> Double {
            let m = vulnerability[asset] ?? [:]
            return base * (m[modality] ?? 1) * (m["any"] ?? 1)
        }
    }

    func factors(_ active: [Bool]) -> Factors {
        let s = inputs.snapshot
        var f = Factors(delay: s.delay)
        for (k, app) in inputs.applications.enumerated() where active[k] {
            for e in app.effects {
                switch e.type {
                case "vulnerability": f.vulnerability[app.asset, default: [:]][e.target, default: 1] *= 1 - e.reduction
                case "recovery": f.recovery[app.asset, default: 1] *= 1 - e.reduction
                case "harm": f.harm[app.asset, default: 1] *= 1 - e.reduction
                case "detection": f.layerMiss[app.asset, default: [:]][e.target, default: 1] *= 1 - e.reduction
                case "delay": f.layerDelay[app.asset, default: [:]][e.target, default: 0] += e.hours
                case "buffer":
                    let d = app.asset
                    for idx in Int(s.inOffsets[d])..<Int(s.inOffsets[d + 1]) {
                        let edge = Int(s.inEdges[idx])
                        let kind = Int(s.kind[edge]) < Vocabulary.dependencyKinds.count ? Vocabulary.dependencyKinds[Int(s.kind[edge])] : ""
                        if e.target == "any" || e.target == kind { f.delay[edge] += e.hours }
                    }
                default: break
                }
            }
        }
        return f
    }

    /// Risk of every pair (or of the pairs at `only`, in that order) with the given applications
    /// in force; `recordReach` keeps each pair's cascade (the assets it takes down).
    func evaluate(_ active: [Bool], only: [Int]? = nil, recordReach: Bool = false,
                  threads: Int = Criticality.defaultThreads) -> [PairRisk] {
        let s = inputs.snapshot
        let factors = self.factors(active)
        let all = inputs.pairs, threats = inputs.threats, req = requirements
        let pairs = only.map { $0.map { all[$0] } } ?? all
        let (vsl, vsi, phv) = (inputs.vsl, inputs.vsi, inputs.personHourValue)
        // Pairs on one asset with the same outage (threats alike in it) share one cascade.
        let outages = pairs.map { p in s.recovery[p.asset] * (factors.recovery[p.asset] ?? 1) * threats[p.threat].outageFactor }
        var cascadeOf = [Int](repeating: 0, count: pairs.count)
        var cascades: [(asset: Int32, outage: Double)] = []
        var slot: [CascadeKey: Int] = [:]
        for (k, p) in pairs.enumerated() {
            let key = CascadeKey(asset: Int32(p.asset), outage: outages[k].bitPattern)
            if let known = slot[key] { cascadeOf[k] = known; continue }
            slot[key] = cascades.count
            cascadeOf[k] = cascades.count
            cascades.append((Int32(p.asset), outages[k]))
        }
        let work = cascades, arcs = req.arcs(delays: factors.delay)
        let results = Parallel.map(count: work.count, block: 8, threads: threads, placeholder: (hours: 0.0, disruption: 0.0, affected: 0, reach: [Int32]()),
                                   state: { CascadeKernel(s, req, arcs: arcs) }) { kernel, k in
            let (a, outage) = work[k]
            kernel.run(sources: [a], duration: outage) { _, _ in true }
            let (_, hours, disruption) = kernel.loss(duration: outage, personHourValue: phv)
            return (hours, disruption, kernel.affected.count, recordReach ? Array(kernel.affected) : [])
        }
        let pathVulnerability = pathVulnerabilities(pairs, factors)
        return pairs.enumerated().map { k, p in
            let t = threats[p.threat], a = p.asset, c = results[cascadeOf[k]]
            let v = factors.v(pathVulnerability[k] ?? p.v, asset: a, modality: t.modality)
            let f = p.frequency ?? t.frequency
            let harm = factors.harm[a] ?? 1
            let fatalities = s.occupancy[a] * t.fatalityRate * harm
            let injuries = s.occupancy[a] * t.injuryRate * harm
            return PairRisk(asset: a, threat: p.threat, frequency: f, baseV: p.v, v: v, lambda: f * v, outage: outages[k],
                            fatalities: fatalities, injuries: injuries, damage: s.replacementCost[a] * t.damage * harm,
                            disruption: c.disruption, affected: c.affected, personHours: c.hours,
                            casualtyCost: fatalities * vsl + injuries * vsi, reach: c.reach)
        }
    }

    /// What identifies a cascade of the risk register: the attacked asset and its outage (as bits).
    struct CascadeKey: Hashable {
        let asset: Int32
        let outage: UInt64
    }

    /// Vulnerabilities that follow a protection path, recomputed where measures improve its
    /// layers (by position in `pairs`).
    func pathVulnerabilities(_ pairs: [RiskInputs.Pair], _ factors: Factors) -> [Int: Double] {
        var out: [Int: Double] = [:]
        let s = inputs.snapshot
        for (k, p) in pairs.enumerated() where p.vSource != "v" && (factors.layerMiss[p.asset] != nil || factors.layerDelay[p.asset] != nil) {
            if let e = try? inputs.protection.evaluate(asset: s.assetIDs[p.asset], modality: inputs.threats[p.threat].modality,
                                                         adjust: { factors.adjusted($0, asset: p.asset) }) {
                out[k] = e.vulnerability
            }
        }
        return out
    }

    /// Total expected annual loss.
    static func total(_ r: [PairRisk]) -> Double { r.reduce(0) { $0 + $1.eal } }
}
