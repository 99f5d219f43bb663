/// Fixed vocabularies of the model (DESIGN §4).
public enum Vocabulary {
    /// Traffic Light Protocol markings, least to most restricted.
    public static let tlp = ["CLEAR", "GREEN", "AMBER", "AMBER+STRICT", "RED"]
    /// The default sectors every new assessment starts with: (id, name).
    public static let defaultSectors: [(String, String)] = [
        ("energy", "Energy"), ("water", "Water"), ("ict", "Information and communications"),
        ("transport", "Transport"), ("health", "Health"), ("finance", "Finance"), ("food", "Food"),
        ("government", "Government"), ("chemical", "Chemical"), ("public-spaces", "Public spaces"),
        ("emergency-services", "Emergency services"),
    ]
    /// How a dependency transmits loss.
    public static let dependencyKinds = ["physical", "cyber", "geographic", "logical"]
    /// Attack modalities that threats declare and measure effects target.
    public static let modalities = [
        "vbied", "ied", "armed-assault", "ramming", "arson", "drone", "insider", "ics", "cyber", "cbrn", "intrusion", "other",
    ]
    /// Life-cycle of measures and their applications.
    public static let measureStatus = ["proposed", "approved", "implemented", "rejected"]
    /// Categories of measures and practices: the five pillars plus response, partnerships and cyber.
    public static let measureCategories = [
        "physical", "insider", "risk-management", "continuity", "interdependency", "response", "partnership", "cyber",
    ]
    /// Rights a measure may engage (DESIGN §5.10).
    public static let rights = [
        "privacy", "movement", "assembly", "expression", "religion", "non-discrimination", "liberty", "property",
    ]
    /// What a measure's effect acts on.
    public static let effectTypes = ["vulnerability", "recovery", "harm", "buffer", "detection", "delay"]
    /// Stakeholder types.
    public static let stakeholderTypes = [
        "government", "operator", "regulator", "responder", "civil-society", "business", "international",
    ]
    /// Roles a stakeholder plays on an asset or measure.
    public static let roles = ["owner", "operator", "regulator", "responder", "civil-society", "business", "partner"]
    /// Where in a task detection happens: beginning, middle, end.
    public static let detectionLocations = ["B", "M", "E"]
    /// Personnel vetting levels.
    public static let vetting = ["none", "basic", "enhanced"]
}
