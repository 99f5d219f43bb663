/// An immutable, compact view of the assessment that the engines read: struct-of-arrays with
/// `Int32` indices and CSR adjacency in both directions (DESIGN §2, §9).
///
/// Dependencies are stored sorted by provider, so the outgoing CSR (provider → dependents) is
/// the edge arrays themselves; `inEdges` lists edge indices sorted by dependent.
public struct Snapshot: Sendable {
    // Assets, by index 0..<assetCount.
    public let assetIDs: [String]
    /// Store row id of each asset, ascending when the snapshot comes from the store.
    public let assetRowIDs: [Int64]
    public let sector: [Int32]
    public let sectorIDs: [String]
    public let population: [Double]
    public let occupancy: [Double]
    public let economicValue: [Double]
    public let replacementCost: [Double]
    public let recovery: [Double]

    // Dependencies, by edge index, sorted by provider.
    /// outOffsets[p]..<outOffsets[p+1] are the edges whose provider is asset p.
    public let outOffsets: [Int32]
    public let dependent: [Int32]
    public let strength: [Float]
    public let delay: [Double]
    /// Redundancy group per edge: an index unique within the whole snapshot, or -1.
    public let group: [Int32]
    /// The name of each redundancy group index.
    public let groupNames: [String]
    public let kind: [UInt8]
    /// inOffsets[d]..<inOffsets[d+1] index `inEdges`, the edges whose dependent is asset d.
    public let inOffsets: [Int32]
    public let inEdges: [Int32]

    public var assetCount: Int { assetIDs.count }
    public var dependencyCount: Int { dependent.count }

    /// The id of asset `i`'s sector, or "" when it has none.
    public func sectorID(of i: Int) -> String {
        let k = Int(sector[i])
        return k >= 0 && k < sectorIDs.count ? sectorIDs[k] : ""
    }

    /// The provider of edge `e` (found by binary search over `outOffsets`).
    public func provider(of e: Int32) -> Int32 {
        var lo = 0, hi = assetCount
        while lo + 1 < hi {
            let mid = (lo + hi) / 2
            if outOffsets[mid] <= e { lo = mid } else { hi = mid }
        }
        return Int32(lo)
    }

    /// Bytes held by the numeric arrays (ids and names excluded).
    public var byteCount: Int { assetBytes + dependencyBytes }

    /// Bytes of the per-asset arrays.
    public var assetBytes: Int { assetCount * (8 + 4 + 8 * 5) }

    /// Bytes of the dependency arrays, the CSR offsets of both directions included.
    public var dependencyBytes: Int {
        dependencyCount * (4 + 4 + 8 + 4 + 1 + 4) + (outOffsets.count + inOffsets.count) * 4
    }

    /// Builds a snapshot from asset and dependency arrays (dependencies in any order), on two of
    /// `threads` for a large graph; the result does not depend on the thread count.
    public init(assets: AssetColumns, dependencies d: DependencyColumns, threads: Int = System.activeProcessorCount) {
        let n = assets.ids.count
        assetIDs = assets.ids
        assetRowIDs = assets.rowIDs
        sector = assets.sector
        sectorIDs = assets.sectorIDs
        population = assets.population
        occupancy = assets.occupancy
        economicValue = assets.economicValue
        replacementCost = assets.replacementCost
        recovery = assets.recovery

        let (out, order) = Snapshot.bucket(d.provider, into: n)
        outOffsets = out
        // Gathering the columns into provider order reads memory at random: the dependents and
        // the reverse CSR on a worker, the other columns on this thread (for large graphs).
        let (reverse, others) = Parallel.pair(threads: d.provider.count < 1 << 16 ? 1 : threads) {
            let dependent = order.map { d.dependent[Int($0)] }
            return (dependent, Snapshot.bucket(dependent, into: n))
        } _: {
            (order.map { d.strength[Int($0)] }, order.map { d.delay[Int($0)] }, order.map { d.group[Int($0)] }, order.map { d.kind[Int($0)] })
        }
        (dependent, (inOffsets, inEdges)) = reverse
        (strength, delay, group, kind) = others
        groupNames = d.groupNames
    }
}

extension Snapshot {
    /// A stable counting sort of positions by key: `offsets[k]..<offsets[k+1]` index the
    /// positions in `order` whose key is k. The building block of both CSR directions.
    static func bucket(_ keys: [Int32], into n: Int) -> (offsets: [Int32], order: [Int32]) {
        var offsets = [Int32](repeating: 0, count: n + 1)
        for k in keys { offsets[Int(k) + 1] += 1 }
        for i in 0..<n { offsets[i + 1] += offsets[i] }
        var cursor = Array(offsets[0..<n])
        var order = [Int32](repeating: 0, count: keys.count)
        for (position, k) in keys.enumerated() {
            order[Int(cursor[Int(k)])] = Int32(position)
            cursor[Int(k)] += 1
        }
        return (offsets, order)
    }
}

/// Asset arrays from which a snapshot is built.
public struct AssetColumns: Sendable {
    public var ids: [String] = []
    public var rowIDs: [Int64] = []
    public var sector: [Int32] = []
    public var sectorIDs: [String] = []
    public var population: [Double] = []
    public var occupancy: [Double] = []
    public var economicValue: [Double] = []
    public var replacementCost: [Double] = []
    public var recovery: [Double] = []
    public init() {}

    /// Reserves room for `n` assets in every per-asset column.
    mutating func reserve(_ n: Int) {
        ids.reserveCapacity(n); rowIDs.reserveCapacity(n); sector.reserveCapacity(n); population.reserveCapacity(n)
        occupancy.reserveCapacity(n); economicValue.reserveCapacity(n); replacementCost.reserveCapacity(n); recovery.reserveCapacity(n)
    }

    /// Appends one asset's columns, its row id apart.
    mutating func append(id: String, sector: Int32, population: Double, occupancy: Double, economicValue: Double,
                         replacementCost: Double, recovery: Double) {
        ids.append(id)
        self.sector.append(sector)
        self.population.append(population)
        self.occupancy.append(occupancy)
        self.economicValue.append(economicValue)
        self.replacementCost.append(replacementCost)
        self.recovery.append(recovery)
    }

    /// Appends the assets of `other`, its row ids apart.
    mutating func append(contentsOf other: AssetColumns) {
        ids += other.ids; sector += other.sector; population += other.population; occupancy += other.occupancy
        economicValue += other.economicValue; replacementCost += other.replacementCost; recovery += other.recovery
    }

    /// The asset columns of a snapshot.
    init(_ s: Snapshot) {
        ids = s.assetIDs; rowIDs = s.assetRowIDs; sector = s.sector; sectorIDs = s.sectorIDs; population = s.population
        occupancy = s.occupancy; economicValue = s.economicValue; replacementCost = s.replacementCost; recovery = s.recovery
    }
}

/// Dependency arrays (asset indices) from which a snapshot is built.
public struct DependencyColumns: Sendable {
    public var provider: [Int32] = []
    public var dependent: [Int32] = []
    public var strength: [Float] = []
    public var delay: [Double] = []
    public var group: [Int32] = []
    public var groupNames: [String] = []
    public var kind: [UInt8] = []
    /// Group numbers by dependent and group name, for `append`.
    private var groupNumbers: [String: Int32] = [:]
    public init() {}

    /// Reserves room for `n` dependencies in every per-dependency column.
    mutating func reserve(_ n: Int) {
        provider.reserveCapacity(n); dependent.reserveCapacity(n); strength.reserveCapacity(n)
        delay.reserveCapacity(n); group.reserveCapacity(n); kind.reserveCapacity(n)
    }

    /// The code of a dependency kind as the store holds it (text or none): its place among the
    /// kinds, the first for one the vocabulary lacks.
    static func kindCode(_ text: String?) -> UInt8 { UInt8(Vocabulary.dependencyKinds.firstIndex(of: text ?? "") ?? 0) }

    /// Appends one dependency with its kind's code and its redundancy group as the store holds
    /// it (text or none). A group is a dependent's own: the first dependency naming a group for its
    /// dependent numbers it, and later ones of that dependent with that name share the number.
    mutating func append(provider: Int32, dependent: Int32, strength: Double, delay: Double, kind: UInt8, group: String?) {
        self.provider.append(provider)
        self.dependent.append(dependent)
        self.strength.append(Float(strength))
        self.delay.append(delay)
        self.kind.append(kind)
        self.group.append(number(ofGroup: group, dependent: dependent))
    }

    /// Appends dependencies read from one range of the store, with their endpoints as asset
    /// indices (the providers', then the dependents'), as `append` would one by one.
    mutating func append(_ rows: DependencyRows, endpoints: [Int32]) {
        let start = group.count
        provider += endpoints[..<rows.count]
        dependent += endpoints[rows.count...]
        strength += rows.strength
        delay += rows.delay
        kind += rows.kind
        group += repeatElement(-1, count: rows.count)
        for g in rows.groups { group[start + g.position] = number(ofGroup: g.name, dependent: dependent[start + g.position]) }
    }

    /// The number of the redundancy group `name` of `dependent`, numbering it if it is new;
    /// -1 for none.
    private mutating func number(ofGroup name: String?, dependent: Int32) -> Int32 {
        guard let name, !name.isEmpty else { return -1 }
        let key = DependencyColumns.groupKey(dependent, name)
        if let number = groupNumbers[key] { return number }
        let number = Int32(groupNames.count)
        groupNumbers[key] = number
        groupNames.append(name)
        return number
    }

    private static func groupKey(_ dependent: Int32, _ name: String) -> String { "\(dependent)\u{1F}\(name)" }

    /// The dependency columns of a snapshot, by provider, with their group numbers.
    init(_ s: Snapshot) {
        provider = [Int32](unsafeUninitializedCapacity: s.dependencyCount) { out, initialized in
            for p in 0..<s.assetCount {
                for e in Int(s.outOffsets[p])..<Int(s.outOffsets[p + 1]) { out[e] = Int32(p) }
            }
            initialized = s.dependencyCount
        }
        dependent = s.dependent; strength = s.strength; delay = s.delay; group = s.group; groupNames = s.groupNames; kind = s.kind
        for (e, g) in group.enumerated() where g >= 0 { groupNumbers[DependencyColumns.groupKey(dependent[e], groupNames[Int(g)])] = g }
    }
}
