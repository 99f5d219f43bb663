import XCTest
@testable import RampartCore

final class ContinuityTests: XCTestCase {
    /// Assets: 0 grid (recovers in 48 h), 1 backup grid (10 h), 2 water (6 h, needs grid with a
    /// 12 h tank), 3 hospital (4 h, needs grid or backup, and water with a 2 h tank), 4 and 5 a
    /// cycle (telecom ↔ control, 8 h and 3 h).
    func snapshot() -> Snapshot {
        var a = AssetColumns()
        a.sectorIDs = ["s"]
        for (i, r) in [48.0, 10, 6, 4, 8, 3].enumerated() {
            a.ids.append("n\(i)"); a.rowIDs.append(Int64(i)); a.sector.append(0); a.population.append(0); a.occupancy.append(0)
            a.economicValue.append(0); a.replacementCost.append(0); a.recovery.append(r)
        }
        var d = DependencyColumns()
        d.groupNames = ["grid"]
        func dep(_ x: Int32, _ y: Int32, _ delay: Double, _ g: Int32 = -1) {
            d.dependent.append(x); d.provider.append(y); d.strength.append(1); d.delay.append(delay); d.kind.append(0); d.group.append(g)
        }
        dep(2, 0, 12); dep(3, 0, 0, 0); dep(3, 1, 0, 0); dep(3, 2, 2); dep(4, 5, 0); dep(5, 4, 0)
        return Snapshot(assets: a, dependencies: d)
    }

    func testAchievableRecovery() {
        let s = snapshot()
        let req = Requirements(s, threshold: 0.5)
        let r = Continuity.achievable(s, req)
        XCTAssertEqual(r.ertc[2], 48, "water waits for the grid: 48 h exceeds its 12 h tank")
        // Hospital: the grid group recovers when the first of its providers does (10 h); water 48 h > 2 h tank.
        XCTAssertEqual(r.ertc[3], 48)
        XCTAssertEqual(Continuity.chain(s, req, r, from: 3), [3, 2, 0])
        XCTAssertEqual(r.ertc[4], 8, "a cycle settles at the slower member")
        XCTAssertEqual(r.ertc[5], 8)
    }

    func testBufferThatOutlastsTheProviderHidesIt() {
        var a = AssetColumns()
        a.sectorIDs = ["s"]
        for (i, r) in [10.0, 2].enumerated() {
            a.ids.append("n\(i)"); a.rowIDs.append(Int64(i)); a.sector.append(0); a.population.append(0); a.occupancy.append(0)
            a.economicValue.append(0); a.replacementCost.append(0); a.recovery.append(r)
        }
        var d = DependencyColumns()
        d.dependent = [1]; d.provider = [0]; d.strength = [1]; d.delay = [12]; d.kind = [0]; d.group = [-1]
        let s = Snapshot(assets: a, dependencies: d)
        XCTAssertEqual(Continuity.achievable(s, Requirements(s, threshold: 0.5)).ertc[1], 2)
    }
}
