/// An immutable, compact view of the assessment that the engines read: struct-of-arrays with
/// `Int32` indices and CSR adjacency in both directions (DESIGN §2, §9).
///
/// Dependencies are stored sorted by provider, so the outgoing CSR (provider → dependents) is
/// the edge arrays themselves; `inEdges` lists edge indices sorted by dependent.
public struct Snapshot: Sendable {
    // Assets, by index 0..<assetCount.
    public let assetIDs: [String]
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
    public let kind: [UInt8]
    /// inOffsets[d]..<inOffsets[d+1] index `inEdges`, the edges whose dependent is asset d.
    public let inOffsets: [Int32]
    public let inEdges: [Int32]

    public var assetCount: Int { assetIDs.count }
    public var dependencyCount: Int { dependent.count }

    /// The provider of edge `e` (found by binary search over `outOffsets`).
    public func provider(of e: Int32) -> Int32 {
        var lo = 0, hi = assetCount
        while lo + 1 < hi {
            let mid = (lo + hi) / 2
            if outOffsets[mid] <= e { lo = mid } else { hi = mid }
        }
        return Int32(lo)
    }

    /// Bytes held by the numeric arrays (ids excluded).
    public var byteCount: Int {
        let assets = assetCount * (8 + 4 + 8 * 5)
        let edges = dependencyCount * (4 + 4 + 8 + 4 + 1 + 4)
        return assets + edges + (outOffsets.count + inOffsets.count) * 4
    }

    /// Builds a snapshot from asset and dependency arrays (dependencies in any order).
    public init(assets: AssetColumns, dependencies d: DependencyColumns) {
        let n = assets.ids.count, m = d.provider.count
        assetIDs = assets.ids
        assetRowIDs = assets.rowIDs
        sector = assets.sector
        sectorIDs = assets.sectorIDs
        population = assets.population
        occupancy = assets.occupancy
        economicValue = assets.economicValue
        replacementCost = assets.replacementCost
        recovery = assets.recovery

        // Counting sort of edges by provider.
        var out = [Int32](repeating: 0, count: n + 1)
        for p in d.provider { out[Int(p) + 1] += 1 }
        for i in 0..<n { out[i + 1] += out[i] }
        var cursor = Array(out[0..<n])
        var order = [Int32](repeating: 0, count: m)
        for e in 0..<m {
            let p = Int(d.provider[e])
            order[Int(cursor[p])] = Int32(e)
            cursor[p] += 1
        }
        outOffsets = out
        dependent = order.map { d.dependent[Int($0)] }
        strength = order.map { d.strength[Int($0)] }
        delay = order.map { d.delay[Int($0)] }
        group = order.map { d.group[Int($0)] }
        kind = order.map { d.kind[Int($0)] }

        var inOff = [Int32](repeating: 0, count: n + 1)
        for t in dependent { inOff[Int(t) + 1] += 1 }
        for i in 0..<n { inOff[i + 1] += inOff[i] }
        var inCursor = Array(inOff[0..<n])
        var inE = [Int32](repeating: 0, count: m)
        for e in 0..<m {
            let t = Int(dependent[e])
            inE[Int(inCursor[t])] = Int32(e)
            inCursor[t] += 1
        }
        inOffsets = inOff
        inEdges = inE
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
}

/// Dependency arrays (asset indices) from which a snapshot is built.
public struct DependencyColumns: Sendable {
    public var provider: [Int32] = []
    public var dependent: [Int32] = []
    public var strength: [Float] = []
    public var delay: [Double] = []
    public var group: [Int32] = []
    public var kind: [UInt8] = []
    public init() {}
}
