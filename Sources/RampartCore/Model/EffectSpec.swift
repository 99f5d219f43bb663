/// The effect ranges of a practice, written `TYPE:TARGET=LOW-HIGH%` (or `buffer:TARGET=LOW-HIGHh`),
/// items separated by `;`.
public struct EffectSpec: Sendable, Equatable {
    public let type: String
    public let target: String
    public let low: Double
    public let high: Double

    /// The middle of the range, in stored units (a fraction, or hours for buffers).
    public var midpoint: Double { (low + high) / 2 }

    /// Parses a practice's effects text; an empty text has no effects.
    public static func parse(_ text: String) throws -> [EffectSpec] {
        try text.split(separator: ";").map { Substring($0).trimmingSpaces }.filter { !$0.isEmpty }.map { item in
            func bad(_ why: String) -> RampartError { .parse("effect '\(item)': \(why); write TYPE:TARGET=LOW-HIGH% or buffer:TARGET=LOW-HIGHh") }
            guard let colon = item.firstIndex(of: ":"), let eq = item.firstIndex(of: "="), colon < eq else { throw bad("malformed") }
            let type = String(item[..<colon]), target = String(item[item.index(after: colon)..<eq])
            guard Vocabulary.effectTypes.contains(type) else { throw bad("unknown type '\(type)'") }
            let allowed = type == "vulnerability" ? Vocabulary.modalities : (type == "buffer" ? Vocabulary.dependencyKinds : [])
            guard target == "any" || allowed.contains(target) else { throw bad("unknown target '\(target)'") }
            var range = String(item[item.index(after: eq)...])
            let hours = type == "buffer" || type == "delay"
            let unit: Character = hours ? "h" : "%"
            guard range.last == unit else { throw bad("the range must end with \(unit)") }
            range.removeLast()
            let parts = range.split(separator: "-").map { Double($0) }
            guard parts.count == 2, let lo = parts[0], let hi = parts[1], lo >= 0, lo <= hi, hours || hi <= 100 else {
                throw bad("bad range")
            }
            let scale = hours ? 1.0 : 0.01
            return EffectSpec(type: type, target: target, low: lo * scale, high: hi * scale)
        }
    }
}
