/// The physical-protection records of the assessment: layers, response forces and insider
/// profiles, by asset id.
struct ProtectionData {
    struct Insider {
        let staff: Int
        let vetting: String
        let access: Int
    }

    var layers: [String: [ProtectionLayer]] = [:]
    var responses: [String: ResponseForce] = [:]
    var insiders: [String: Insider] = [:]

    /// Modalities whose vulnerability follows from the protection path when an asset has layers.
    static let pathModalities: Set<String> = ["armed-assault", "intrusion", "arson", "ied", "insider"]

    init(session: Session) throws {
        let db = session.db
        try db.query("""
            SELECT (SELECT id FROM asset WHERE rid = l.asset), l.id, l."order", l.name, l.pd, l.delay, l.delay_sd, l.location, l.bypass, l.insider_control
            FROM layer l ORDER BY l.rid
            """, []) { r in
            layers[r.text(0) ?? "", default: []].append(ProtectionLayer(
                id: r.text(1) ?? "", order: Int(r.int(2)), name: r.text(3) ?? "", pd: r.double(4), delay: r.double(5), delaySD: r.double(6),
                location: r.text(7) ?? "M", bypass: Int(r.int(8)), insiderControl: r.int(9) != 0))
        }
        try db.query("SELECT (SELECT id FROM asset WHERE rid = x.asset), rft, rft_sd, p_comm, p_neutralise FROM response x", []) { r in
            responses[r.text(0) ?? ""] = ResponseForce(rft: r.double(1), rftSD: r.double(2), pComm: r.double(3), pNeutralise: r.double(4))
        }
        try db.query("SELECT (SELECT id FROM asset WHERE rid = i.asset), staff, vetting, access FROM insider i", []) { r in
            insiders[r.text(0) ?? ""] = Insider(staff: Int(r.int(1)), vetting: r.text(2) ?? "none", access: Int(r.int(3)))
        }
    }

    /// The EASI evaluation of an asset against a modality: the weakest path, with the insider's
    /// access for the insider modality. Nil when the modality is not a path modality or the
    /// asset has no layers.
    func evaluate(asset: String, modality: String, adjust: (ProtectionLayer) -> ProtectionLayer = { $0 }) throws -> EASI.Evaluation? {
        guard ProtectionData.pathModalities.contains(modality), let l = layers[asset]?.map(adjust), !l.isEmpty else { return nil }
        guard let response = responses[asset] else {
            throw RampartError.notFound("\(asset) has protection layers but no response force; add one with `response add \(asset) rft=…`")
        }
        let access = modality == "insider" ? (insiders[asset]?.access ?? 0) : nil
        return EASI.weakestPath(l, response: response, insiderAccess: access)
    }
}
