@testable import RampartCore

/// A random graph with cycles, redundancy groups, weak (non-critical) links and varied buffers.
func randomSnapshot(_ rng: inout Generator, assets n: Int, degree: Double) -> Snapshot {
    let (a, d) = randomColumns(&rng, assets: n, degree: degree)
    return Snapshot(assets: a, dependencies: d)
}

/// The columns `randomSnapshot` builds its snapshot from.
func randomColumns(_ rng: inout Generator, assets n: Int, degree: Double) -> (AssetColumns, DependencyColumns) {
    var a = AssetColumns()
    a.sectorIDs = ["s"]
    for i in 0..<n {
        a.ids.append("a\(i)"); a.rowIDs.append(Int64(i + 1)); a.sector.append(0)
        a.population.append(Double(Int.random(in: 0...1000, using: &rng)))
        a.occupancy.append(0); a.economicValue.append(Double(Int.random(in: 0...100, using: &rng)) * 1000)
        a.replacementCost.append(0); a.recovery.append(Double(Int.random(in: 1...96, using: &rng)))
    }
    var d = DependencyColumns()
    var pairs = Set<[Int]>()
    let m = Int(Double(n) * degree)
    while pairs.count < m {
        let x = Int.random(in: 0..<n, using: &rng), y = Int.random(in: 0..<n, using: &rng)
        if x != y { pairs.insert([x, y]) }
    }
    for pair in pairs.sorted(by: { $0.lexicographicallyPrecedes($1) }) {
        d.dependent.append(Int32(pair[0])); d.provider.append(Int32(pair[1]))
        d.strength.append([0.3, 0.6, 0.9, 1.0].randomElement(using: &rng)!)
        // Some zero delays make ties and zero-delay cycles; others are buffers of up to two days.
        d.delay.append(Bool.random(using: &rng) ? 0 : Double(Int.random(in: 1...48, using: &rng)))
        d.kind.append(0)
        d.group.append(-1)
    }
    // Put some dependents' edges into redundancy groups.
    var next: Int32 = 0
    var byDependent: [Int32: [Int]] = [:]
    for (e, x) in d.dependent.enumerated() { byDependent[x, default: []].append(e) }
    for (_, edges) in byDependent.sorted(by: { $0.key < $1.key }) where edges.count >= 2 && Bool.random(using: &rng) {
        let size = Int.random(in: 2...min(3, edges.count), using: &rng)
        for e in edges.prefix(size) { d.group[e] = next }
        d.groupNames.append("g\(next)")
        next += 1
    }
    return (a, d)
}

/// The assets the reference fixed point loses from `sources` when the outage outlasts every
/// buffer (the test graphs' buffers are at most two days): structural reach, time out of play.
func referenceLoss(_ s: Snapshot, _ req: Requirements, _ sources: [Int32]) -> Set<Int> {
    let r = CascadeEngine.reference(s, req, events: sources.map { InitiatingEvent(asset: $0, start: 0, duration: 1e6) })
    return Set((0..<s.assetCount).filter { r.isAffected($0) })
}

/// The test graphs draw from the engine's own SplitMix64 generator.
typealias Generator = SplitMix
