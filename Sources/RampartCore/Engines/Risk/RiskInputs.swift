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
    }

    struct Pair {
        let asset: Int
        let threat: Int
        let v: Double
        /// Where V comes from: "v" (given) or "protection path" (EASI).
        let vSource: String
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
    }

    let snapshot: Snapshot
    let threats: [Threat]
    let pairs: [Pair]
    let applications: [Application]
    let vsl: Double, vsi: Double, personHourValue: Double

    init(session: Session) throws {
        let s = try session.snapshot()
        snapshot = s
        let index = try session.assetIndex(s)
        let db = session.db
        var threats: [Threat] = []
        var threatIndex: [String: Int] = [:]
        try db.query("SELECT id, modality, frequency, fatality_rate, injury_rate, damage, outage_factor FROM threat ORDER BY rid", []) { r in
            let id = r.text(0) ?? ""
            threatIndex[id] = threats.count
            threats.append(Threat(id: id, modality: r.text(1) ?? "other", frequency: r.double(2), fatalityRate: r.double(3),
                                  injuryRate: r.double(4), damage: r.double(5), outageFactor: r.double(6)))
        }
        var pairs: [Pair] = []
        let protection = try ProtectionData(session: session)
        var pending: [(Int32, Int, Double?, Double?, String)] = []
        try db.query("""
            SELECT (SELECT id FROM asset WHERE rid = v.asset), (SELECT id FROM threat WHERE rid = v.threat), v.v, v.frequency
            FROM vuln v ORDER BY v.rid
            """, []) { r in
            guard let id = r.text(0), let a = index[id], let t = r.text(1).flatMap({ threatIndex[$0] }) else { return }
            pending.append((a, t, r.isNull(2) ? nil : r.double(2), r.isNull(3) ? nil : r.double(3), id))
        }
        for (a, t, v, f, id) in pending {
            if let v {
                pairs.append(Pair(asset: Int(a), threat: t, v: v, vSource: "v", frequency: f))
            } else if let e = try protection.evaluate(asset: id, modality: threats[t].modality) {
                pairs.append(Pair(asset: Int(a), threat: t, v: e.vulnerability, vSource: "protection path", frequency: f))
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
                                             annualCost: r.double(4) / lifetime + r.double(6)))
        }
        self.threats = threats
        self.pairs = pairs
        self.applications = applications
        vsl = try session.number("vsl")
        vsi = try session.number("vsi")
        personHourValue = try session.number("person_hour_value")
    }
}
