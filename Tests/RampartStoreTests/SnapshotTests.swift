import XCTest
import RampartCore
import RampartStore

final class SnapshotTests: XCTestCase {
    /// The CSR arrays describe exactly the stored dependencies, in both directions.
    func testSnapshotMatchesStoredGraph() throws {
        var rng = SplitMix(seed: 7)
        let s = try openSession()
        let n = 200
        var script = ""
        for i in 0..<n { script += "asset add a\(i) sector=energy population=\(i)\n" }
        var edges = Set<[Int]>()
        while edges.count < 800 {
            let d = Int.random(in: 0..<n, using: &rng), p = Int.random(in: 0..<n, using: &rng)
            if d != p { edges.insert([d, p]) }
        }
        for e in edges { script += "dep add a\(e[0]) -> a\(e[1]) strength=0.\(Int.random(in: 1...9, using: &rng)) delay=\(Int.random(in: 0...48, using: &rng))h\n" }
        try s.run(script)
        try s.run("asset remove a5 force")  // leaves a gap in the row ids
        let snap = try s.snapshot()
        XCTAssertEqual(snap.assetCount, n - 1)
        let index = Dictionary(uniqueKeysWithValues: snap.assetIDs.enumerated().map { ($1, $0) })
        var fromSnapshot = Set<[String]>()
        for p in 0..<snap.assetCount {
            for e in Int(snap.outOffsets[p])..<Int(snap.outOffsets[p + 1]) {
                fromSnapshot.insert([snap.assetIDs[Int(snap.dependent[e])], snap.assetIDs[p]])
                XCTAssertEqual(Int(snap.provider(of: Int32(e))), p)
            }
        }
        let stored = Set(zip(try s.column("dep list", "dependent"), try s.column("dep list", "provider")).map { [$0, $1] })
        XCTAssertEqual(fromSnapshot, stored)
        var incoming = 0
        for d in 0..<snap.assetCount {
            for k in Int(snap.inOffsets[d])..<Int(snap.inOffsets[d + 1]) {
                XCTAssertEqual(Int(snap.dependent[Int(snap.inEdges[k])]), d)
                incoming += 1
            }
        }
        XCTAssertEqual(incoming, snap.dependencyCount)
        XCTAssertEqual(snap.population[index["a7"]!], 7)
        // The snapshot follows changes.
        let first = edges.first { $0[0] != 5 && $0[1] != 5 }!
        try s.run("dep remove a\(first[0]) -> a\(first[1])")
        XCTAssertEqual(try s.snapshot().dependencyCount, try s.column("dep list", "dependent").count)
    }
}

