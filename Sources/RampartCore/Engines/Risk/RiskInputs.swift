/// Everything the risk engine reads, gathered once from the assessment into arrays indexed
/// like the snapshot (DESIGN §5.1–5.3).
struct RiskInputs {
    struct Threat {
        let id: String
        let modality: String
        let frequency: Double
        let fatalityRate: Double
        let injuryRate: Double
        let damage: Double
        let outageFactor: Double
        /// The same five inputs as distributions (fixed when given as plain values).
        let distributions: [Distribution]
    }

    struct Pair {
        let asset: Int
        let threat: Int
        let v: Double
        /// Where V comes from: "v" (given) or "protection path" (EASI).
        let vSource: String
        /// V and the frequency override as distributions.
        let vDistribution: Distribution
        let frequencyDistribution: Distribution?
        /// The vulnerability's own attempt frequency, overriding the threat's.
        let frequency: Double?
    }

    struct Effect {
        let type: String
        let target: String
        let reduction: Double
        let hours: Double
    }

    struct Application {
        let measure: String
        let asset: Int
        /// The application's status, or `rejected` when the measure itself is rejected.
        let status: String
        let effects: [Effect]
        let annualCost: Double
        let capex: Double
    }

    let snapshot: Snapshot
    let threats: [Threat]
    let pairs: [Pair]
    let applications: [Application]
    /// Buffers given as distributions, by snapshot edge.
    let delayDistributions: [Int: Distribution]
    /// Layers, response forces and insider profiles, for vulnerabilities that follow the path.
    let protection: ProtectionData
    let vsl: Double, vsi: Double, personHourValue: Double

    /// The distribution in columns (mean, parameters) of a row; fixed at the mean when plain.
    static func distribution(_ r: Row, mean: Int, dist: Int) -> Distribution {
        r.text(dist).flatMap(Distribution.fromStorage) ?? .fixed(r.double(mean))
    }

    init(session: Session) throws {
        let s = try session.snapshot()
        snapshot = s
        let index = try session.assetIndex(s)
        let db = session.db
        var threats: [Threat] = []
        var threatIndex: [String: Int] = [:]
        try db.query("""
            SELECT id, modality, frequency, fatality_rate, injury_rate, damage, outage_factor,
                   frequency_dist, fatality_rate_dist, injury_rate_dist, damage_dist, outage_factor_dist FROM threat ORDER BY rid
            """, []) { r in
            let id = r.text(0) ?? ""
            if threatIndex.updateValue(threats.count, forKey: id) != nil { throw RampartError.sameID(.threat, id) }
            let dists = (2...6).map { RiskInputs.distribution(r, mean: $0, dist: $0 + 5) }
            threats.append(Threat(id: id, modality: r.text(1) ?? "other", frequency: r.double(2), fatalityRate: r.double(3),
                                  injuryRate: r.double(4), damage: r.double(5), outageFactor: r.double(6), distributions: dists))
        }
        var pairs: [Pair] = []
        let protection = try ProtectionData(session: session)
        var pending: [(Int32, Int, Distribution?, Distribution?, String)] = []
        try db.query("""
            SELECT (SELECT id FROM asset WHERE rid = v.asset), (SELECT id FROM threat WHERE rid = v.threat), v.v, v.frequency, v.v_dist, v.frequency_dist
            FROM vuln v ORDER BY v.rid
            """, []) { r in
            guard let id = r.text(0), let a = index[id], let t = r.text(1).flatMap({ threatIndex[$0] }) else { return }
            pending.append((a, t, r.isNull(2) ? nil : RiskInputs.distribution(r, mean: 2, dist: 4),
                            r.isNull(3) ? nil : RiskInputs.distribution(r, mean: 3, dist: 5), id))
        }
        for (a, t, v, f, id) in pending {
            if let v {
                pairs.append(Pair(asset: Int(a), threat: t, v: v.mean, vSource: "v", vDistribution: v, frequencyDistribution: f,
                                  frequency: f?.mean))
            } else if let e = try protection.evaluate(asset: id, modality: threats[t].modality) {
                pairs.append(Pair(asset: Int(a), threat: t, v: e.vulnerability, vSource: "protection path",
                                  vDistribution: .fixed(e.vulnerability), frequencyDistribution: f, frequency: f?.mean))
            } else {
                throw RampartError.notFound("vuln \(id) \(threats[t].id) has no v, and no protection path applies (the asset needs layers and the threat an intrusion modality: \(ProtectionData.pathModalities.sorted().joined(separator: ", ")))")
            }
        }
        var effects: [String: [Effect]] = [:]
        try db.query("SELECT (SELECT id FROM measure WHERE rid = e.measure), type, target, reduction, hours FROM effect e ORDER BY rid", []) { r in
            effects[r.text(0) ?? "", default: []].append(Effect(type: r.text(1) ?? "", target: r.text(2) ?? "any",
                                                                 reduction: r.double(3), hours: r.double(4)))
        }
        var applications: [Application] = []
        try db.query("""
            SELECT m.id, (SELECT id FROM asset WHERE rid = a.asset), a.status, m.status, m.capex, m.lifetime, m.opex
            FROM application a JOIN measure m ON m.rid = a.measure ORDER BY a.rid
            """, []) { r in
            guard let asset = r.text(1).flatMap({ index[$0] }) else { return }
            let measure = r.text(0) ?? ""
            let status = r.text(3) == "rejected" ? "rejected" : (r.text(2) ?? "proposed")
            let lifetime = max(r.double(5), 1e-9)
            applications.append(Application(measure: measure, asset: Int(asset), status: status, effects: effects[measure] ?? [],
                                             annualCost: r.double(4) / lifetime + r.double(6), capex: r.double(4)))
        }
        var delays: [Int: Distribution] = [:]
        try db.query("""
            SELECT (SELECT id FROM asset WHERE rid = d.provider), (SELECT id FROM asset WHERE rid = d.dependent), d.delay_dist
            FROM dep d WHERE d.delay_dist IS NOT NULL
            """, []) { r in
            guard let p = r.text(0).flatMap({ index[$0] }), let d = r.text(1).flatMap({ index[$0] }),
                  let dist = r.text(2).flatMap(Distribution.fromStorage) else { return }
            for e in Int(s.outOffsets[Int(p)])..<Int(s.outOffsets[Int(p) + 1]) where s.dependent[e] == d { delays[e] = dist }
        }
        self.threats = threats
        self.pairs = pairs
        self.applications = applications
        self.protection = protection
        delayDistributions = delays
        vsl = try session.number("vsl")
        vsi = try session.number("vsi")
        personHourValue = try session.number("person_hour_value")
    }
}
