#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Parsing and printing of typed quantities (DESIGN §3).
public enum Quantity {
    /// Parses `text` as a quantity of `kind`, returning the value in stored units.
    /// Throws a range error that names the expected kind when the text has another kind's unit.
    public static func parse(_ text: String, as kind: QuantityKind, field: String = "value") throws -> Double {
        let (number, unit) = try split(text, field: field)
        let u = unit.lowercased()
        func wrongKind() -> RampartError {
            if unit.hasPrefix(","), unit.count > 1, unit.dropFirst().allSatisfy({ $0.isASCII && $0.isNumber || $0 == "," || $0 == "." }) {
                return .range("\(field): '\(text)' has a thousands separator; write numbers without one (1200 or 1.2k)")
            }
            if let other = kindOfUnit(unit), other != kind {
                return .range("\(field) expects \(kind.withArticle) (e.g. \(kind.example)); '\(text)' is \(other.withArticle)")
            }
            return .range("\(field): unknown unit '\(unit)' in '\(text)'; expected \(kind.withArticle) such as \(kind.example)")
        }
        switch kind {
        case .duration:
            guard let f = durationUnits[u] else { throw wrongKind() }
            return number * f
        case .money, .count:
            guard let f = magnitudes[unit] ?? magnitudes[u] else { throw wrongKind() }
            let v = number * f
            if kind == .count, v.rounded() != v {
                throw RampartError.range("\(field) expects a whole number; got '\(text)'")
            }
            return v
        case .probability:
            if u == "%" { return number / 100 }
            guard u.isEmpty else { throw wrongKind() }
            return number
        case .rate:
            guard u.hasPrefix("/") else {
                if u.isEmpty {
                    throw RampartError.range("\(field) expects a rate with its unit (e.g. \(text)/yr); a bare number is ambiguous")
                }
                throw wrongKind()
            }
            return number / (try ratePeriod(String(u.dropFirst()), text: text, field: field))
        case .number:
            guard u.isEmpty else { throw wrongKind() }
            return number
        }
    }

    /// Formats a stored value of `kind` for display with its unit, compactly and without loss.
    public static func format(_ value: Double, as kind: QuantityKind) -> String {
        guard value.isFinite else { return value.isNaN ? "NaN" : (value > 0 ? "inf" : "-inf") }
        switch kind {
        case .duration: return formatDuration(value)
        case .money, .count: return compact(value)
        case .probability: return Number.format(value * 100, maxDecimals: 6) + "%"
        case .rate: return Number.format(value, maxDecimals: 6) + "/yr"
        case .number: return Number.format(value, maxDecimals: 6)
        }
    }

    /// Formats a computed value for reading, rounded to `significant` digits with a magnitude
    /// suffix where it helps (7.535B, 866.8M, 42.5h); exact figures stay available as raw values.
    public static func formatRounded(_ value: Double, as kind: QuantityKind, significant: Int = 4) -> String {
        guard value.isFinite, value != 0 else { return format(value, as: kind) }
        func round(_ v: Double) -> Double { rounded(v, significant: significant) }
        switch kind {
        case .money, .count, .number:
            for (suffix, scale) in largeMagnitudes where abs(value) >= max(scale, 1e4) {
                return Number.format(round(value / scale), maxDecimals: 3) + suffix
            }
            return Number.format(round(value), maxDecimals: 3)
        case .duration:
            return format(round(value), as: .duration)
        default:
            return format(round(value), as: kind)
        }
    }

    /// `value` rounded to `significant` significant digits (zero and non-finite values unchanged).
    public static func rounded(_ value: Double, significant: Int = 4) -> Double {
        guard value.isFinite, value != 0 else { return value }
        if significant >= 4, abs(value) < 10_000, value == value.rounded() { return value }  // already short
        let digits = Int((log10(abs(value))).rounded(.down)) + 1
        var scale = 1.0
        for _ in 0..<abs(significant - digits) { scale *= 10 }
        return significant >= digits ? (value * scale).rounded() / scale : (value / scale).rounded() * scale
    }

    // MARK: - Units

    static let durationUnits: [String: Double] = [
        "": 1, "s": 1.0 / 3600, "sec": 1.0 / 3600, "min": 1.0 / 60, "h": 1, "hr": 1, "hrs": 1,
        "d": 24, "day": 24, "days": 24, "w": 168, "wk": 168, "week": 168, "weeks": 168,
    ]
    /// Display suffixes of large numbers, largest first.
    static let largeMagnitudes: [(String, Double)] = [("T", 1e12), ("B", 1e9), ("M", 1e6), ("k", 1e3)]
    static let magnitudes: [String: Double] = ["": 1, "k": 1e3, "K": 1e3, "M": 1e6, "B": 1e9, "bn": 1e9]

    /// The quantity kind a unit suffix belongs to, for "expected X, got Y" messages.
    static func kindOfUnit(_ unit: String) -> QuantityKind? {
        let u = unit.lowercased()
        if u == "%" { return .probability }
        if u.hasPrefix("/") { return .rate }
        if !u.isEmpty, durationUnits[u] != nil { return .duration }
        if !u.isEmpty, magnitudes[unit] != nil { return .money }
        return nil
    }

    /// Years per period for a rate's denominator: `yr`, `10yr`, `mo`, `w`, `d`.
    static func ratePeriod(_ text: String, text whole: String, field: String) throws -> Double {
        var digits = ""
        var rest = Substring(text)
        while let c = rest.first, c.isNumber || c == "." { digits.append(c); rest = rest.dropFirst() }
        let n = digits.isEmpty ? 1.0 : (Double(digits) ?? -1)
        let years: Double
        switch rest {
        case "yr", "y", "year", "years", "a": years = 1
        case "mo", "month", "months": years = 1.0 / 12
        case "w", "wk", "week": years = 7 / 365.25
        case "d", "day": years = 1 / 365.25
        default:
            throw RampartError.range("\(field): unknown rate unit in '\(whole)'; use /yr, /mo, /w or /d (e.g. 1/10yr)")
        }
        guard n > 0 else { throw RampartError.range("\(field): bad rate period in '\(whole)'") }
        return n * years
    }

    /// Splits "1.5M" into (1.5, "M"); requires a leading number.
    static func split(_ text: String, field: String) throws -> (Double, String) {
        let scalars = Array(text.unicodeScalars)
        var i = 0
        if i < scalars.count, scalars[i] == "-" || scalars[i] == "+" { i += 1 }
        var sawDigit = false
        while i < scalars.count, ("0"..."9").contains(scalars[i]) || scalars[i] == "." {
            if scalars[i] != "." { sawDigit = true }
            i += 1
        }
        // Exponent, only when digits follow ("1e6", not "1e" or the unit "1min").
        if i < scalars.count, scalars[i] == "e" || scalars[i] == "E" {
            var j = i + 1
            if j < scalars.count, scalars[j] == "-" || scalars[j] == "+" { j += 1 }
            let digitStart = j
            while j < scalars.count, ("0"..."9").contains(scalars[j]) { j += 1 }
            if j > digitStart { i = j }
        }
        let numberText = String(String.UnicodeScalarView(scalars[0..<i]))
        guard sawDigit, let number = Double(numberText), number.isFinite else {
            throw RampartError.range("\(field): '\(text)' is not a number")
        }
        return (number, String(String.UnicodeScalarView(scalars[i...])))
    }

    /// `hours` as a whole number of seconds, or nil when it is not one (to a micro-second).
    static func wholeSeconds(_ hours: Double) -> Int64? {
        let seconds = hours * 3600, whole = seconds.rounded()
        guard abs(seconds - whole) < 1e-6, abs(whole) < 9e15 else { return nil }
        return Int64(whole)
    }

    static func formatDuration(_ hours: Double) -> String {
        if let s = wholeSeconds(hours) {
            if s == 0 { return "0h" }
            if s % (168 * 3600) == 0, s / (168 * 3600) >= 2 { return "\(s / (168 * 3600))w" }
            if s % 86400 == 0, s / 86400 >= 2 { return "\(s / 86400)d" }
            if s % 3600 == 0 { return "\(s / 3600)h" }
            if s % 60 == 0 { return "\(s / 60)min" }
            if abs(s) < 3600 { return "\(s)s" }
        }
        return Number.format(hours, maxDecimals: 6) + "h"
    }

    /// 2B, 1.5M, 250k when exact to three decimals (from ten thousand up), otherwise the plain number.
    static func compact(_ v: Double) -> String {
        for (suffix, scale) in largeMagnitudes.dropFirst() where abs(v) >= max(scale, 1e4) {
            let scaled = v / scale
            if abs(scaled) < 1000, abs(scaled * 1000 - (scaled * 1000).rounded()) < 1e-6 { return Number.format(scaled, maxDecimals: 3) + suffix }
        }
        return Number.format(v, maxDecimals: 6)
    }
}

/// Plain number formatting without Foundation.
public enum Number {
    /// `value` rounded to at most `maxDecimals` decimals, without trailing zeros or exponent for ordinary magnitudes.
    public static func format(_ value: Double, maxDecimals: Int) -> String {
        guard value.isFinite else { return value.isNaN ? "NaN" : (value > 0 ? "inf" : "-inf") }
        if value == value.rounded(), abs(value) < 9e15 { return String(Int64(value)) }
        var scale = 1.0
        for _ in 0..<maxDecimals { scale *= 10 }
        let rounded = (value * scale).rounded() / scale
        if rounded == rounded.rounded(), abs(rounded) < 9e15 { return String(Int64(rounded)) }
        if abs(rounded) >= 1e-4, abs(rounded) < 1e15 {
            // Build the decimal expansion by hand so 0.0001 does not print as 1e-04.
            let negative = rounded < 0
            let a = abs(rounded)
            let whole = a.rounded(.down)
            var frac = Int64(((a - whole) * scale).rounded())
            var fracText = ""
            if frac > 0 {
                // Trailing zeros go by division; leading ones pad the digits left.
                var places = maxDecimals
                while frac % 10 == 0 { frac /= 10; places -= 1 }
                let digits = String(frac)
                fracText = String(repeating: "0", count: max(0, places - digits.utf8.count)) + digits
            }
            let wholeText = String(Int64(whole))
            return (negative ? "-" : "") + wholeText + (fracText.isEmpty ? "" : "." + fracText)
        }
        return String(rounded)
    }
}
