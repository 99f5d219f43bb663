/// Rules that span several fields of one record, checked after each add or set (inside the
/// command's transaction, so a violation leaves no trace). Returns warnings that do not block.
enum EntityRules {
    static func check(_ kind: EntityKind, rid: Int64, session: Session) throws -> [String] {
        let db = session.db
        switch kind {
        case .measure:
            let status = try db.scalar("SELECT status FROM measure WHERE rid = ?", [.integer(rid)])?.string ?? ""
            let id = try db.scalar("SELECT id FROM measure WHERE rid = ?", [.integer(rid)])?.string ?? ""
            try RightsGate.enforce(measure: rid, status: status, session: session, what: "measure \(id)")
        case .application:
            var measure: Int64 = 0, status = "", asset = ""
            try db.query("SELECT measure, status, (SELECT id FROM asset WHERE rid = a.asset) FROM application a WHERE rid = ?", [.integer(rid)]) { r in
                measure = r.int(0); status = r.text(1) ?? ""; asset = r.text(2) ?? ""
            }
            try RightsGate.enforce(measure: measure, status: status, session: session, what: "its application to \(asset)")
        case .dep:
            if try db.scalar("SELECT 1 FROM dep WHERE rid = ? AND dependent = provider", [.integer(rid)]) != nil {
                throw RampartError.constraint("an asset cannot depend on itself")
            }
        case .effect:
            var type = "", target = "", reduction: Value = .null, hours: Value = .null
            try db.query("SELECT type, target, reduction, hours FROM effect WHERE rid = ?", [.integer(rid)]) { r in
                type = r.text(0) ?? ""; target = r.text(1) ?? "any"; reduction = r.value(2); hours = r.value(3)
            }
            let targets: [String] = switch type {
            case "vulnerability": Vocabulary.modalities
            case "buffer": Vocabulary.dependencyKinds
            default: []
            }
            // Detection and delay effects target a protection layer by its id, or any layer.
            let layerEffect = type == "detection" || type == "delay"
            if !layerEffect, target != "any", !targets.contains(target) {
                let expected = targets.isEmpty ? "any" : (targets + ["any"]).joined(separator: ", ")
                throw RampartError.range("a \(type) effect targets \(expected); got '\(target)'\(Suggest.hint(target, in: targets))")
            }
            if type == "buffer" || type == "delay" {
                guard !hours.isNull, reduction.isNull else { throw RampartError.range("a \(type) effect takes hours=… (a duration), not reduction") }
            } else {
                guard !reduction.isNull, hours.isNull else { throw RampartError.range("a \(type) effect takes reduction=… (a probability), not hours") }
            }
        case .asset:
            var warnings: [String] = []
            var id = "", recovery: Value = .null, rto: Value = .null, mtpd: Value = .null
            try db.query("SELECT id, recovery, rto, mtpd FROM asset WHERE rid = ?", [.integer(rid)]) { r in
                id = r.text(0) ?? ""; recovery = r.value(1); rto = r.value(2); mtpd = r.value(3)
            }
            if let a = rto.double, let b = mtpd.double, a > b {
                warnings.append("warning: \(id): rto (\(Quantity.format(a, as: .duration))) exceeds mtpd (\(Quantity.format(b, as: .duration)))")
            }
            if let a = recovery.double, let b = rto.double, a > b {
                warnings.append("warning: \(id): recovery (\(Quantity.format(a, as: .duration))) exceeds rto (\(Quantity.format(b, as: .duration)))")
            }
            return warnings
        default:
            break
        }
        return []
    }
}
