/// The physical kind of a numeric field; it decides which units an input may carry and how a value prints.
public enum QuantityKind: String, Sendable, CaseIterable {
    /// A span of time, stored in hours (`90s`, `15min`, `12h`, `3d`, `2w`; a bare number is hours).
    case duration
    /// An amount of money in the assessment's currency (`250000`, `250k`, `1.5M`, `2B`).
    case money
    /// A probability or fraction in [0, 1] (`0.4`, `40%`).
    case probability
    /// Events per year (`0.2/yr`, `1/10yr`); the unit is required.
    case rate
    /// A whole number ≥ 0 (`12`, `1.2M`).
    case count
    /// A plain real number (coordinates, factors, years).
    case number

    /// The unit shown in column headers and documentation.
    public var unit: String {
        switch self {
        case .duration: "h"
        case .money: "currency"
        case .probability: "fraction"
        case .rate: "/yr"
        case .count: "count"
        case .number: ""
        }
    }

    /// An example input, used in error messages.
    public var example: String {
        switch self {
        case .duration: "12h, 3d or 90min"
        case .money: "250k or 1.5M"
        case .probability: "0.4 or 40%"
        case .rate: "0.2/yr or 1/10yr"
        case .count: "1200 or 1.2M"
        case .number: "1.5"
        }
    }

    /// "a duration", "a rate", … for messages.
    public var withArticle: String {
        switch self {
        case .duration: "a duration"
        case .money: "an amount of money"
        case .probability: "a probability"
        case .rate: "a rate"
        case .count: "a count"
        case .number: "a number"
        }
    }
}
