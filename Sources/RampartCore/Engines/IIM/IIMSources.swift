import RampartCPrefetch

/// Where an interdependency matrix comes from (DESIGN §5.7).
enum IIMSource {
    /// The largest row sum allowed in matrices derived from the asset graph; larger rows are scaled down.
    static let defaultCap = 0.9

    /// Aggregates the asset graph by sector: entry (i, j) is the economic-value-weighted share of
    /// sector i that depends on sector j, each asset counting its strongest dependency on j;
    /// rows summing above `cap` are scaled down to it.
    static func sectors(_ s: Snapshot, cap: Double) throws -> InterdependencyMatrix {
        let k = s.sectorIDs.count
        var weight = [Double](repeating: 0, count: k)
        var raw = [Double](repeating: 0, count: k * k)
        var strongest = [Double](repeating: 0, count: k)
        let useValue = s.economicValue.contains { $0 > 0 }
        let incoming = incoming(s) { s.sector[$0] }
        // The sectors an asset's dependencies reach, so that only they are summed and cleared.
        var touched: [Int] = []
        touched.reserveCapacity(k)
        for d in 0..<s.assetCount {
            let i = Int(s.sector[d])
            guard i >= 0 else { continue }
            let w = useValue ? s.economicValue[d] : 1
            weight[i] += w
            for idx in Int(s.inOffsets[d])..<Int(s.inOffsets[d + 1]) {
                let j = Int(incoming[idx].tag), v = Double(incoming[idx].strength)
                guard j >= 0, v > 0 else { continue }
                if strongest[j] == 0 { touched.append(j) }
                strongest[j] = max(strongest[j], v)
            }
            // Each cell sums its assets in index order: the numbers do not depend on the order
            // of an asset's dependencies.
            for j in touched { raw[i * k + j] += w * strongest[j]; strongest[j] = 0 }
            touched.removeAll(keepingCapacity: true)
        }
        var entries: [(Int, Int, Double)] = []
        for i in 0..<k where weight[i] > 0 {
            var row = (0..<k).map { raw[i * k + $0] / weight[i] }
            let sum = row.reduce(0, +)
            if sum > cap { row = row.map { $0 * cap / sum } }
            for j in 0..<k where row[j] > 0 { entries.append((i, j, row[j])) }
        }
        return try InterdependencyMatrix(labels: s.sectorIDs, entries: entries)
    }

    /// Asset level: entry (d, p) is the strength of d's dependency on p, rows scaled down to `cap`.
    static func assets(_ s: Snapshot, cap: Double) throws -> InterdependencyMatrix {
        var entries: [(Int, Int, Double)] = []
        entries.reserveCapacity(s.dependencyCount)
        let incoming = incoming(s) { Int32($0) }
        for d in 0..<s.assetCount {
            let range = Int(s.inOffsets[d])..<Int(s.inOffsets[d + 1])
            var sum = 0.0
            for idx in range { sum += Double(incoming[idx].strength) }
            let scale = sum > cap ? cap / sum : 1
            for idx in range { entries.append((d, Int(incoming[idx].tag), Double(incoming[idx].strength) * scale)) }
        }
        return try InterdependencyMatrix(labels: s.assetIDs, entries: entries)
    }

    /// Every dependency's `tag(provider)` and strength, by dependent (aligned with `s.inEdges`).
    /// Gathered so that no read waits for another: first the records in storage order (by
    /// provider, read front to back), then taken in the dependents' order with each record asked
    /// for 16 places ahead, since on a million assets nearly every one of those reads misses the
    /// cache (the sector matrix of the L graph took 2.2 times as long reading the snapshot's
    /// arrays by dependent).
    static func incoming(_ s: Snapshot, tag: (Int) -> Int32) -> [(tag: Int32, strength: Float)] {
        var stored = [(tag: Int32, strength: Float)](repeating: (0, 0), count: s.dependencyCount)
        for p in 0..<s.assetCount {
            let t = tag(p)
            for e in Int(s.outOffsets[p])..<Int(s.outOffsets[p + 1]) { stored[e] = (t, s.strength[e]) }
        }
        let ahead = 16
        return stored.withUnsafeBufferPointer { stored in
            s.inEdges.withUnsafeBufferPointer { inEdges in
                [(tag: Int32, strength: Float)](unsafeUninitializedCapacity: inEdges.count) { out, initialized in
                    for idx in 0..<inEdges.count {
                        if idx + ahead < inEdges.count { rampart_prefetch(stored.baseAddress! + Int(inEdges[idx + ahead])) }
                        out.initializeElement(at: idx, to: stored[Int(inEdges[idx])])
                    }
                    initialized = inEdges.count
                }
            }
        }
    }

    /// A square CSV: a header of system names (its first cell ignored), then one row per system,
    /// named in its first cell in the same order as the header.
    static func matrix(_ bytes: [UInt8], name: String) throws -> InterdependencyMatrix {
        let (labels, rows) = try square(bytes, name: name, extra: [])
        var entries: [(Int, Int, Double)] = []
        for (i, row) in rows.enumerated() { for (j, v) in row.enumerated() { entries.append((i, j, v)) } }
        return try InterdependencyMatrix(labels: labels, entries: entries)
    }

    /// An input–output table: the square of inter-sector flows Z followed by a column
    /// `total_output` (x). Demand side A*_ij = Z_ij / x_i; supply side A* = Aᵀ with A_ij = Z_ij / x_j.
    static func inputOutput(_ bytes: [UInt8], name: String, supplySide: Bool) throws -> (InterdependencyMatrix, [Double]) {
        let (labels, rows) = try square(bytes, name: name, extra: ["total_output"])
        let n = labels.count
        let x = rows.map { $0[n] }
        for (i, v) in x.enumerated() where !(v > 0) { throw RampartError.range("\(name): total_output of \(labels[i]) must be positive") }
        var entries: [(Int, Int, Double)] = []
        for i in 0..<n {
            for j in 0..<n where rows[i][j] != 0 {
                let z = rows[i][j]
                guard z >= 0 else { throw RampartError.range("\(name): flow \(labels[i]) → \(labels[j]) is negative") }
                entries.append(supplySide ? (j, i, z / x[j]) : (i, j, z / x[i]))
            }
        }
        return (try InterdependencyMatrix(labels: labels, entries: entries), x)
    }

    /// Reads a labelled square table of numbers with optional extra trailing columns.
    static func square(_ bytes: [UInt8], name: String, extra: [String]) throws -> ([String], [[Double]]) {
        var header: [String] = []
        var labels: [String] = []
        var rows: [[Double]] = []
        try CSV.parse(bytes, source: name) { fields, line in
            if header.isEmpty {
                header = Array(fields.dropFirst()).map { $0.trimmingSpacesAndTabs }
                let tail = Array(header.suffix(extra.count))
                guard tail.map({ $0.lowercased() }) == extra else {
                    throw RampartError.parse("\(name): the header must end with \(extra.joined(separator: ","))")
                }
                return
            }
            guard fields.count == header.count + 1 else {
                throw RampartError.parse("\(name) line \(line): \(fields.count) fields, the header has \(header.count + 1)")
            }
            labels.append(fields[0].trimmingSpacesAndTabs)
            rows.append(try fields.dropFirst().enumerated().map { j, cell in
                guard let v = Double(cell.trimmingSpacesAndTabs), v.isFinite else {
                    throw RampartError.parse("\(name) line \(line), column \(header[j]): '\(cell)' is not a number")
                }
                return v
            })
        }
        let systems = Array(header.dropLast(extra.count))
        guard !systems.isEmpty else { throw RampartError.parse("\(name) has no systems") }
        var seen: Set<String> = []
        for s in systems {
            guard !s.isEmpty else { throw RampartError.parse("\(name): a system of the header has no name") }
            guard seen.insert(s).inserted else { throw RampartError.parse("\(name): system '\(s)' is named twice in the header") }
        }
        guard labels == systems else {
            throw RampartError.parse("\(name): rows must name the same systems as the header, in the same order")
        }
        return (systems, rows)
    }
}
