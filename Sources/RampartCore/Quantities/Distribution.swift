#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// An uncertain input (DESIGN §3): a plain value or one of four parametric families.
/// Parameters are held in stored units; point calculations use `mean`.
public enum Distribution: Sendable, Equatable {
    case fixed(Double)
    case pert(Double, Double, Double)
    case triangular(Double, Double, Double)
    case uniform(Double, Double)
    /// Lognormal given by its 5th and 95th percentiles (riskquant's convention).
    case lognormal(p5: Double, p95: Double)

    /// z-score of the 95th percentile of the standard normal.
    static let z95 = 1.6448536269514722

    /// The expected value.
    public var mean: Double {
        switch self {
        case .fixed(let v): v
        case .pert(let a, let m, let b): (a + 4 * m + b) / 6
        case .triangular(let a, let m, let b): (a + m + b) / 3
        case .uniform(let a, let b): (a + b) / 2
        case .lognormal(let p5, let p95):
            { let (mu, sigma) = Distribution.lognormalParameters(p5: p5, p95: p95); return exp(mu + sigma * sigma / 2) }()
        }
    }

    /// μ and σ of the underlying normal for a lognormal given by its 5th and 95th percentiles.
    public static func lognormalParameters(p5: Double, p95: Double) -> (mu: Double, sigma: Double) {
        let (l5, l95) = (log(p5), log(p95))
        return ((l5 + l95) / 2, (l95 - l5) / (2 * z95))
    }

    /// The parameters in order, for storage and printing.
    public var parameters: [Double] {
        switch self {
        case .fixed(let v): [v]
        case .pert(let a, let m, let b), .triangular(let a, let m, let b): [a, m, b]
        case .uniform(let a, let b): [a, b]
        case .lognormal(let p5, let p95): [p5, p95]
        }
    }

    /// The family's name in the command language (`pert`, `tri`, …); nil for a fixed value.
    public var family: String? {
        switch self {
        case .fixed: nil
        case .pert: "pert"
        case .triangular: "tri"
        case .uniform: "uniform"
        case .lognormal: "lognormal"
        }
    }

    /// The smallest and largest values the distribution can take (the lognormal's are its 5th/95th percentiles).
    public var support: (Double, Double) {
        let p = parameters
        return (p.min() ?? 0, p.max() ?? 0)
    }

    /// Builds a distribution from a family name and parameters in stored units, checking their order.
    public static func make(family: String, parameters p: [Double], field: String) throws -> Distribution {
        func need(_ n: Int, _ shape: String) throws {
            guard p.count == n else {
                throw RampartError.range("\(field): \(family) takes \(n) values, \(shape); got \(p.count)")
            }
        }
        switch family.lowercased() {
        case "pert", "tri", "triangular":
            try need(3, "(low, mode, high)")
            guard p[0] <= p[1], p[1] <= p[2], p[0] < p[2] else {
                throw RampartError.range("\(field): \(family)(low, mode, high) needs low ≤ mode ≤ high and low < high")
            }
            return family.lowercased() == "pert" ? .pert(p[0], p[1], p[2]) : .triangular(p[0], p[1], p[2])
        case "uniform":
            try need(2, "(low, high)")
            guard p[0] < p[1] else { throw RampartError.range("\(field): uniform(low, high) needs low < high") }
            return .uniform(p[0], p[1])
        case "lognormal":
            try need(2, "(p5, p95)")
            guard p[0] > 0, p[0] < p[1] else {
                throw RampartError.range("\(field): lognormal(p5, p95) needs 0 < p5 < p95")
            }
            return .lognormal(p5: p[0], p95: p[1])
        default:
            let hint = Suggest.hint(family, in: families)
            throw RampartError.range("\(field): unknown distribution '\(family)'\(hint); use pert, tri, uniform or lognormal")
        }
    }

    /// The families the language accepts.
    public static let families = ["pert", "tri", "uniform", "lognormal"]

    /// Canonical text in stored units, e.g. `pert(0.1,0.3,1)`; the plain number for a fixed value.
    public var storageText: String {
        guard let f = family else { return Number.format(mean, maxDecimals: 12) }
        return f + "(" + parameters.map { Number.format($0, maxDecimals: 12) }.joined(separator: ",") + ")"
    }

    /// Display text with units, e.g. `pert(0.1/yr, 0.3/yr, 1/yr)`.
    public func display(as kind: QuantityKind) -> String {
        guard let f = family else { return Quantity.format(mean, as: kind) }
        return f + "(" + parameters.map { Quantity.format($0, as: kind) }.joined(separator: ", ") + ")"
    }

    /// Reads canonical storage text back.
    public static func fromStorage(_ text: String) -> Distribution? {
        guard let open = text.firstIndex(of: "("), text.hasSuffix(")") else {
            return Double(text).map { .fixed($0) }
        }
        let name = String(text[..<open])
        let inner = text[text.index(after: open)..<text.index(before: text.endIndex)]
        let values = inner.split(separator: ",").compactMap { Double($0.trimmingSpaces) }
        return try? make(family: name, parameters: values, field: "stored value")
    }
}

extension Substring {
    /// The substring without leading and trailing spaces and tabs.
    var trimmingSpaces: String {
        if let f = first, let l = last, f != " ", f != "\t", l != " ", l != "\t" { return String(self) }
        var s = self
        while let f = s.first, f == " " || f == "\t" { s = s.dropFirst() }
        while let l = s.last, l == " " || l == "\t" { s = s.dropLast() }
        return String(s)
    }
}
