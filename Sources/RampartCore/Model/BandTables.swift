/// The ordinal view of risk (DESIGN §5.2): five likelihood bands, five impact bands and a 5×5
/// matrix of risk levels, all held as settings so that an assessment can follow its own scheme.
public enum BandTables {
    /// The levels a matrix cell may hold, lowest first.
    public static let levels = ["VL", "L", "M", "H", "VH"]

    /// Parses four ascending upper bounds of bands 1–4 (band 5 lies above the last).
    public static func bounds(_ text: String, kind: QuantityKind, setting: String) throws -> [Double] {
        let parts = text.split(separator: ",").map { Substring($0).trimmingSpaces }
        guard parts.count == 4 else {
            throw RampartError.range("\(setting) takes four ascending upper bounds for levels 1–4, e.g. \(SettingsCatalog.field(setting)?.defaultValue?.string ?? ""); got \(parts.count)")
        }
        let values = try parts.map { try Quantity.parse($0, as: kind, field: setting) }
        for i in 1..<values.count where values[i] <= values[i - 1] {
            throw RampartError.range("\(setting): bounds must increase ('\(parts[i])' is not above '\(parts[i - 1])')")
        }
        return values
    }

    /// Parses the matrix: five rows (likelihood 1–5) separated by `/`, each five levels (impact 1–5).
    public static func matrix(_ text: String) throws -> [[String]] {
        let rows = text.split(separator: "/").map { $0.split(whereSeparator: { $0 == " " || $0 == "," }).map { String($0).uppercased() } }
        guard rows.count == 5, rows.allSatisfy({ $0.count == 5 }) else {
            throw RampartError.range("risk_matrix takes five rows separated by '/', each of five levels (\(levels.joined(separator: " "))), likelihood 1 first")
        }
        for row in rows {
            for cell in row where !levels.contains(cell) {
                throw RampartError.range("risk_matrix: unknown level '\(cell)'\(Suggest.hint(cell, in: levels)); levels: \(levels.joined(separator: ", "))")
            }
        }
        return rows
    }

    /// The level 1–5 of `value` under four ascending upper bounds.
    public static func level(_ value: Double, _ bounds: [Double]) -> Int {
        for (k, b) in bounds.enumerated() where value <= b { return k + 1 }
        return 5
    }

    /// The assessment's likelihood bounds, impact bounds and matrix.
    static func current(_ session: Session) throws -> (likelihood: [Double], impact: [Double], matrix: [[String]]) {
        (try bounds(session.setting("likelihood_bands").string ?? "", kind: .rate, setting: "likelihood_bands"),
         try bounds(session.setting("impact_bands").string ?? "", kind: .money, setting: "impact_bands"),
         try matrix(session.setting("risk_matrix").string ?? ""))
    }

    /// Checks a setting whose text has inner structure; other settings pass.
    static func validate(setting: String, _ value: Value) throws {
        guard let text = value.string else { return }
        switch setting {
        case "likelihood_bands": _ = try bounds(text, kind: .rate, setting: setting)
        case "impact_bands": _ = try bounds(text, kind: .money, setting: setting)
        case "risk_matrix": _ = try matrix(text)
        case "currency":
            guard text.count == 3, text.allSatisfy({ $0.isLetter && $0.isUppercase }) else {
                throw RampartError.range("currency takes a three-letter ISO 4217 code such as EUR or USD; got '\(text)'")
            }
        case "actor", "name":
            // One line: the actor is written beside every audit record, the name atop reports.
            guard !text.hasControlCharacters else {
                throw RampartError.range("\(setting) is one line of text; it cannot hold control characters such as a newline or a tab")
            }
        default: break
        }
    }
}
