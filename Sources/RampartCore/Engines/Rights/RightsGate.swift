#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The human-rights gate (DESIGN §5.10): whether a measure's record shows the legality,
/// necessity, proportionality and safeguards that the rights it engages call for.
public enum RightsGate {
    public enum Status: String, Sendable {
        case notEngaged = "not-engaged", complete, incomplete, flagged
    }

    /// The verdict on one measure.
    public struct Review: Sendable, Equatable {
        public let status: Status
        public let missing: [String]
        public let flags: [String]

        /// Whether the measure may be approved, applied or planned.
        public var passes: Bool { status == .complete || status == .notEngaged }

        /// "missing: …; flagged: …".
        public var reason: String {
            var parts: [String] = []
            if !missing.isEmpty { parts.append("missing " + missing.joined(separator: ", ")) }
            if !flags.isEmpty { parts.append(flags.joined(separator: "; ")) }
            return parts.joined(separator: "; ")
        }
    }

    /// Fields every measure that engages a right must document.
    static let required = ["legal_basis", "legitimate_aim", "necessity", "proportionality", "alternatives", "safeguards",
                           "redress", "consultation", "review_date"]

    /// Reviews a measure record given as field name → stored value.
    public static func review(_ record: [String: Value], retentionLimit: Double, today: String) -> Review {
        let rights = (record["rights"]?.string ?? "").split(separator: ",").map(String.init)
        guard !rights.isEmpty else { return Review(status: .notEngaged, missing: [], flags: []) }
        var missing = required.filter { name in
            guard let v = record[name] else { return true }
            if case .text(let s) = v { return s.trimmingSpacesAndTabs.isEmpty }
            return v.isNull
        }
        var flags: [String] = []
        if rights.contains("privacy") {
            if record["retention"]?.double == nil { missing.append("retention (how long personal data is kept)") }
            if record["dpia"]?.integerValue != 1 { missing.append("a data-protection impact assessment (dpia=yes)") }
            if let r = record["retention"]?.double, r > retentionLimit {
                flags.append("retention \(Quantity.format(r, as: .duration)) exceeds the limit of \(Quantity.format(retentionLimit, as: .duration)) (setting retention_limit)")
            }
        }
        if let review = record["review_date"]?.string, review < today {
            flags.append("review overdue since \(review)")
        }
        let status: Status = !flags.isEmpty ? .flagged : (missing.isEmpty ? .complete : .incomplete)
        return Review(status: status, missing: missing, flags: flags)
    }

    /// Today's date, YYYY-MM-DD (UTC).
    static func today() -> String { String(Session.timestamp().prefix(10)) }

    /// Reviews the stored measure with row id `rid`.
    static func review(measure rid: Int64, session: Session) throws -> (id: String, status: String, review: Review) {
        let fields = ["id", "status", "rights", "retention", "dpia"] + required
        var record: [String: Value] = [:]
        try session.db.query("SELECT \(fields.map(Columns.quote).joined(separator: ", ")) FROM measure WHERE rid = ?", [.integer(rid)]) { r in
            for (k, f) in fields.enumerated() { record[f] = r.value(k) }
        }
        let limit = try session.number("retention_limit")
        return (record["id"]?.string ?? "", record["status"]?.string ?? "", review(record, retentionLimit: limit, today: today()))
    }

    /// Refuses approval (or implementation) while the measure's rights record does not pass.
    static func enforce(measure rid: Int64, status: String, session: Session, what: String) throws {
        guard status == "approved" || status == "implemented" else { return }
        let (id, _, r) = try review(measure: rid, session: session)
        guard r.passes else {
            throw RampartError.constraint("\(what) cannot be \(status): the human-rights record of measure \(id) is \(r.status.rawValue) (\(r.reason)); see `rights review`")
        }
    }
}

/// `rights review`: the gate's verdict on every measure.
struct RightsCommand {
    let session: Session

    static let spec = CommandSpec(
        name: "rights",
        usage: ["rights review [where <measure filter>]"],
        summary: "the human-rights gate: each measure's status and exactly what is missing or flagged",
        details: """
        A measure that engages a right (rights=…) must record its legal basis, legitimate aim,
        necessity, proportionality, less intrusive alternatives, safeguards and oversight, redress,
        consultation of affected communities and a review date; engaging privacy also needs the
        data retention period and a data-protection impact assessment (dpia=yes). Flagged:
        retention beyond the retention_limit setting, or a review date passed. Status:
        not-engaged, complete, incomplete or flagged. Measures (and applications) that are not
        complete or not-engaged cannot be approved or implemented, and plans leave them out
        unless allowed.

        """,
        verbs: ["review"], modifies: { _ in false }, run: { s, cmd in try RightsCommand(session: s).run(cmd) })

    func run(_ cmd: Command) throws -> CommandResult {
        guard cmd.positional.count == 2, cmd.positional[1].isWord("review") else { throw RampartError.parse("usage: \(RightsCommand.spec.usage[0])") }
        try cmd.checkClauses("rights review", .filter)
        try cmd.checkNoOptions("rights review")
        var sql = "SELECT rid FROM measure t"
        var params: [Value] = []
        if let f = cmd.filter {
            let (w, p) = try FilterCompiler(schema: EntityKind.measure.schema, session: session).compile(f)
            sql += " WHERE " + w
            params = p
        }
        var rids: [Int64] = []
        try session.db.query(sql + " ORDER BY rid", params) { rids.append($0.int(0)) }
        var table = ResultTable(columns: [ResultColumn("measure", .text), ResultColumn("measure_status", .text), ResultColumn("rights", .text),
                                          ResultColumn("gate", .text), ResultColumn("missing", .text), ResultColumn("flags", .text)])
        var counts: [String: Int] = [:]
        for rid in rids {
            let (id, status, r) = try RightsGate.review(measure: rid, session: session)
            let rights = try session.db.scalar("SELECT rights FROM measure WHERE rid = ?", [.integer(rid)])?.string ?? ""
            counts[r.status.rawValue, default: 0] += 1
            table.append([.text(id), .text(status), .text(rights.replacingAll(",", with: ", ")), .text(r.status.rawValue),
                          .text(r.missing.joined(separator: ", ")), .text(r.flags.joined(separator: "; "))])
        }
        let summary = ["complete", "not-engaged", "incomplete", "flagged"].map { "\(counts[$0] ?? 0) \($0)" }.joined(separator: ", ")
        return CommandResult(table: table, notes: [summary])
    }
}
