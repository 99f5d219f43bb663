/// An initiating event of a cascade: an asset lost from `start` for `duration` hours.
public struct InitiatingEvent: Sendable, Equatable {
    public let asset: Int32
    public let start: Double
    public let duration: Double

    public init(asset: Int32, start: Double, duration: Double) {
        self.asset = asset
        self.start = start
        self.duration = duration
    }
}

/// The outage windows of a cascade (DESIGN §5.4): for each asset, [down, up) in hours, or no
/// outage (down = +∞), and the requirement whose loss brought it down.
public struct CascadeResult: Sendable {
    /// Start of each asset's outage; +∞ when unaffected.
    public var down: [Double]
    /// End of each asset's outage; -∞ when unaffected.
    public var up: [Double]
    /// The requirement whose loss window starts the asset's outage; -1 for initiating or unaffected assets.
    public var cause: [Int32]
    /// Whether each asset was lost by an initiating event.
    public var initiating: [Bool]

    init(count n: Int) {
        down = [Double](repeating: .infinity, count: n)
        up = [Double](repeating: -.infinity, count: n)
        cause = [Int32](repeating: -1, count: n)
        initiating = [Bool](repeating: false, count: n)
    }

    /// Whether asset i has an outage.
    public func isAffected(_ i: Int) -> Bool { down[i] < up[i] }

    /// Indices of affected assets whose outage starts before `horizon`, ordered by start, then index.
    public func affected(before horizon: Double = .infinity) -> [Int] {
        (0..<down.count).filter { isAffected($0) && down[$0] < horizon }.sorted { (down[$0], $0) < (down[$1], $1) }
    }
}
