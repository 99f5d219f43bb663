/// The assessment's settings (DESIGN §4): typed, with defaults, stored as key/value rows.
public enum SettingsCatalog {
    /// Every setting, in display order.
    public static let fields: [Field] = [
        Field("name", .text, default: .text("Untitled assessment"), "assessment name"),
        Field("scope", .text, default: .text(""), "what the assessment covers"),
        Field("currency", .text, default: .text("EUR"), "currency of money amounts"),
        Field("vsl", .quantity(.money, .money), default: .real(3_000_000), "value of a statistical life"),
        Field("vsi", .quantity(.money, .money), default: .real(300_000), "value of a serious injury"),
        Field("person_hour_value", .quantity(.money, .money), default: .real(10),
              "value of one person losing one essential service for one hour"),
        Field("cascade_threshold", .quantity(.probability, Bounds(0, 1, lowerOpen: true)), default: .real(0.5),
              "a dependency is critical when its strength is at least this"),
        Field("default_tlp", .choice(Vocabulary.tlp), default: .text("AMBER"), "TLP given to new records"),
        Field("max_tlp", .choice(Vocabulary.tlp), default: .text("AMBER"), "most restricted marking allowed in exports"),
        Field("retention_limit", .quantity(.duration, .durations), default: .real(30 * 24),
              "longest retention of surveillance data the rights gate accepts"),
        Field("likelihood_bands", .text, default: .text("0.001/yr, 0.01/yr, 0.1/yr, 1/yr"),
              "upper bounds of likelihood levels 1–4 (successful attacks per year); level 5 above"),
        Field("impact_bands", .text, default: .text("100k, 1M, 10M, 100M"),
              "upper bounds of impact levels 1–4 (consequence); level 5 above"),
        Field("risk_matrix", .text, default: .text("L L M M H / L M M H H / M M H H VH / M H H VH VH / H H VH VH VH"),
              "risk level per likelihood row 1–5 (slash-separated), impact columns 1–5"),
        Field("actor", .text, default: .text(""), "who is recorded in the audit log (default: $USER, $LOGNAME or the system user)"),
    ]

    /// The setting called `name`.
    public static func field(_ name: String) -> Field? { fields.first { $0.name == name.lowercased() } }
}
