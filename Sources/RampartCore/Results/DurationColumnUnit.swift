/// The one unit that a duration column of a result prints all its values in, so that a column
/// reads `4296h, 5712h, 4308h` rather than `179d, 34w, 4308h`, and `0.25h, 2h, 48h` rather
/// than `15min, 2h, 2d`. It is the largest of weeks, days, hours, minutes and seconds that
/// prints every value of the column exactly with at most two decimals (minutes: one), and that
/// is not too large for the column's smallest non-zero value: weeks and days need two of them
/// (so 24h stays 24h, as in the single-value format), hours a quarter hour, minutes a minute.
/// Small units keep their numbers short: minutes serve only columns under ten hours, seconds
/// only columns under an hour. A column no unit fits prints cell by cell.
/// Computed columns are judged on their values as displayed, rounded to four significant
/// digits. Kept up to date row by row, at constant cost per value.
struct DurationColumnUnit: Sendable {
    /// Each unit, the step its decimals allow (each step divides the one before), the smallest
    /// non-zero value it may show and the bound its values must stay under, all in seconds.
    private static let units: [Unit] = [
        Unit(seconds: 604_800, step: 6_048, least: 1_209_600, bound: .max, suffix: "w"),
        Unit(seconds: 86_400, step: 864, least: 172_800, bound: .max, suffix: "d"),
        Unit(seconds: 3_600, step: 36, least: 900, bound: .max, suffix: "h"),
        Unit(seconds: 60, step: 6, least: 60, bound: 36_000, suffix: "min"),
        Unit(seconds: 1, step: 1, least: 1, bound: 3_600, suffix: "s"),
    ]
    private struct Unit { let seconds, step, least, bound: Int64; let suffix: String }
    /// Whether values are rounded for display before they are judged.
    private let computed: Bool
    /// Index in `units` of the largest unit whose step divides every value so far; nil once a
    /// value is not a whole number of seconds (the column's cells then print on their own).
    private var dividing: Int? = 0
    /// Smallest non-zero and largest magnitude so far, in seconds.
    private var smallest = Int64.max
    private var largest: Int64 = 0

    init(computed: Bool) {
        self.computed = computed
    }

    /// The value in whole seconds as displayed, or nil when it is not a whole number of seconds.
    private func seconds(_ hours: Double) -> Int64? {
        Quantity.wholeSeconds(computed ? Quantity.rounded(hours) : hours)
    }

    /// Takes one more value of the column into account (empty cells and text do not count).
    mutating func add(_ value: Value) {
        guard let hours = value.double, hours.isFinite, var index = dividing else { return }
        guard let s = seconds(hours) else { dividing = nil; return }
        while s % Self.units[index].step != 0 { index += 1 }  // the last step is one second
        dividing = index
        let magnitude = abs(s)
        if magnitude != 0 { smallest = min(smallest, magnitude) }
        largest = max(largest, magnitude)
    }

    /// The unit every value prints in, or nil when the cells print on their own.
    private var unit: Unit? {
        guard let dividing, smallest != .max,
              let unit = Self.units[dividing...].first(where: { smallest >= $0.least }) else { return nil }
        return largest < unit.bound ? unit : nil
    }

    /// `hours` written in the column's unit, or nil to format it on its own.
    func format(_ hours: Double) -> String? {
        guard hours.isFinite, let unit, let s = seconds(hours) else { return nil }
        return Number.format(Double(s) / Double(unit.seconds), maxDecimals: 2) + unit.suffix
    }
}
