import XCTest
@testable import RampartCore

final class SnapshotBuildTests: XCTestCase {
    /// A graph large enough for the build to gather its columns on two threads gives the same
    /// arrays as the build on one, and both CSR directions list every dependency once.
    func testTheBuildDoesNotDependOnTheThreadCount() {
        var rng = Generator(seed: 77)
        let (a, d) = randomColumns(&rng, assets: 20_000, degree: 4.5)
        XCTAssertGreaterThan(d.provider.count, 1 << 16, "the graph must be large enough for the two-thread build")
        let one = Snapshot(assets: a, dependencies: d, threads: 1)
        for threads in [2, 3] {
            let other = Snapshot(assets: a, dependencies: d, threads: threads)
            XCTAssertTrue(other.outOffsets == one.outOffsets, "outOffsets differs on \(threads) threads")
            XCTAssertTrue(other.dependent == one.dependent, "dependent differs on \(threads) threads")
            XCTAssertTrue(other.strength == one.strength, "strength differs on \(threads) threads")
            XCTAssertTrue(other.delay == one.delay, "delay differs on \(threads) threads")
            XCTAssertTrue(other.group == one.group, "group differs on \(threads) threads")
            XCTAssertTrue(other.groupNames == one.groupNames, "groupNames differs on \(threads) threads")
            XCTAssertTrue(other.kind == one.kind, "kind differs on \(threads) threads")
            XCTAssertTrue(other.inOffsets == one.inOffsets, "inOffsets differs on \(threads) threads")
            XCTAssertTrue(other.inEdges == one.inEdges, "inEdges differs on \(threads) threads")
        }
        // Against the columns themselves: dependency e of the input sits in the provider's
        // slice with its own values, and the dependent's incoming slice points back at it.
        var seen = Set<[Int32]>()
        for p in 0..<one.assetCount {
            for e in Int(one.outOffsets[p])..<Int(one.outOffsets[p + 1]) {
                seen.insert([Int32(p), one.dependent[e]])
                let x = Int(one.dependent[e])
                XCTAssertTrue(one.inEdges[Int(one.inOffsets[x])..<Int(one.inOffsets[x + 1])].contains(Int32(e)))
            }
        }
        XCTAssertTrue(seen == Set(zip(d.provider, d.dependent).map { [$0, $1] }), "the CSR must hold every dependency once")
    }
}
