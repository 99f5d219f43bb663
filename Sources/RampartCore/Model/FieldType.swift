/// Inclusive or half-open numeric bounds of a field.
public struct Bounds: Sendable {
    public let lower: Double
    public let upper: Double
    /// When true the lower bound itself is not allowed (strength ∈ (0, 1]).
    public let lowerOpen: Bool

    public init(_ lower: Double, _ upper: Double, lowerOpen: Bool = false) {
        self.lower = lower
        self.upper = upper
        self.lowerOpen = lowerOpen
    }

    /// Whether `v` lies within the bounds.
    public func contains(_ v: Double) -> Bool {
        (lowerOpen ? v > lower : v >= lower) && v <= upper
    }

    /// "[0, 1]" or "(0, 1]" for messages.
    public func describe(_ kind: QuantityKind) -> String {
        // A power of ten from a billion up reads as one: 1e18, 1e9/yr.
        func text(_ v: Double) -> String {
            var power = 1e9, e = 9
            while power < v && e < 22 { power *= 10; e += 1 }
            guard power == v else { return Quantity.format(v, as: kind) }
            return "1e\(e)" + Quantity.format(1, as: kind).dropFirst()
        }
        let lo = text(lower), hi = upper.isInfinite ? "∞" : text(upper)
        return (lowerOpen ? "(" : "[") + lo + ", " + hi + (upper.isInfinite ? ")" : "]")
    }

    /// Non-negative values.
    public static let nonNegative = Bounds(0, .infinity)
    /// Durations: from none to 5,200 weeks, about a century, which no outage, buffer or
    /// analysis window exceeds; sums of outage hours then stay finite.
    public static let durations = Bounds(0, 5200 * 168)
    /// Sums of money: up to 10^18, beyond the national accounts of any country in any currency,
    /// so that totals over every asset and year stay finite.
    public static let money = Bounds(0, 1e18)
    /// Rates: up to a billion events a year (about 30 a second).
    public static let rates = Bounds(0, 1e9)
    /// Probabilities.
    public static let unit = Bounds(0, 1)
}

/// The type of a field: how input is parsed, validated, stored and printed.
public enum FieldType: Sendable {
    /// Free text.
    case text
    /// The id of a record of another entity; stored as that record's row id.
    case reference(EntityKind)
    /// The id of an asset or a measure (stakeholder roles); stored as kind + row id.
    case subject
    /// One word from a fixed vocabulary.
    case choice([String])
    /// A list of words, from a fixed vocabulary when given.
    case list([String]?)
    /// A number of a physical kind, optionally bounded.
    case quantity(QuantityKind, Bounds?)
    /// A number of a physical kind that may be given as a distribution; stored as its mean and parameters.
    case distribution(QuantityKind, Bounds?)
    /// A calendar date, `YYYY-MM-DD`.
    case date
    /// yes / no.
    case flag

    /// The quantity kind of numeric types.
    public var quantityKind: QuantityKind? {
        switch self {
        case .quantity(let k, _), .distribution(let k, _): k
        default: nil
        }
    }

    /// A short name for help and result column types.
    public var summary: String {
        switch self {
        case .text: "text"
        case .reference(let e): "\(e.noun) id"
        case .subject: "asset or measure id"
        case .choice(let words): words.joined(separator: "|")
        case .list(let words): words.map { "list of " + $0.joined(separator: "|") } ?? "list"
        case .quantity(let k, _): k.rawValue
        case .distribution(let k, _): "\(k.rawValue) or distribution"
        case .date: "date"
        case .flag: "yes|no"
        }
    }
}

/// One field of an entity.
public struct Field: Sendable {
    /// The name used in commands, CSV headers and JSON.
    public let name: String
    public let type: FieldType
    /// Whether `add` must give it.
    public let required: Bool
    /// The value stored when `add` omits it (nil: NULL).
    public let defaultValue: Value?
    /// One line of help.
    public let doc: String

    public init(_ name: String, _ type: FieldType, required: Bool = false, default defaultValue: Value? = nil, _ doc: String) {
        self.name = name
        self.type = type
        self.required = required
        self.defaultValue = defaultValue
        self.doc = doc
    }

    /// Whether the field is stored with a companion `<name>_dist` column.
    public var isDistribution: Bool {
        if case .distribution = type { return true }
        return false
    }
}
