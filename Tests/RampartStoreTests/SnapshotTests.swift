import XCTest
@testable import RampartCore
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

    /// Asserts that two snapshots hold the same arrays.
    func assertSame(_ a: Snapshot, _ b: Snapshot, _ what: String, file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertEqual(a.assetIDs, b.assetIDs, what, file: file, line: line)
        XCTAssertEqual(a.assetRowIDs, b.assetRowIDs, what, file: file, line: line)
        XCTAssertEqual(a.sector, b.sector, what, file: file, line: line)
        XCTAssertEqual(a.sectorIDs, b.sectorIDs, what, file: file, line: line)
        XCTAssertEqual([a.population, a.occupancy, a.economicValue, a.replacementCost, a.recovery],
                       [b.population, b.occupancy, b.economicValue, b.replacementCost, b.recovery], what, file: file, line: line)
        XCTAssertEqual([a.outOffsets, a.dependent, a.group, a.inOffsets, a.inEdges], [b.outOffsets, b.dependent, b.group, b.inOffsets, b.inEdges],
                       what, file: file, line: line)
        XCTAssertEqual(a.strength, b.strength, what, file: file, line: line)
        XCTAssertEqual(a.delay, b.delay, what, file: file, line: line)
        XCTAssertEqual(a.groupNames, b.groupNames, what, file: file, line: line)
        XCTAssertEqual(a.kind, b.kind, what, file: file, line: line)
    }

    /// An import of assets or dependencies builds the snapshot a reload would give (on one thread
    /// and on two, over a store with gaps in its row ids and groups that new records join); a
    /// failed import leaves the snapshot alone; a large assessment without a snapshot gets none.
    func testImportKeepsTheSnapshotInStep() throws {
        var rng = SplitMix(seed: 11)
        let dir = temporaryDirectory()
        let path = dir + "/grow.rampart"
        let s = try openSession(path)
        try s.run("""
            asset add old0 sector=energy population=5 recovery=12h
            asset add old1 sector=water population=7 occupancy=3 economic_value=2k replacement_cost=9M
            asset add old2 sector=health
            dep add old1 -> old0 strength=0.9 delay=2h group=power kind=cyber
            dep add old2 -> old1 strength=0.4
            asset remove old2 force
            asset add old3 sector=ict population=1
            """)
        _ = try s.snapshot()
        func importing(_ entity: String, _ lines: [String], _ what: String) throws {
            writeFile("\(dir)/\(what).csv", Array((lines.joined(separator: "\n") + "\n").utf8))
            try s.run("import \(entity) \(dir)/\(what).csv")
            guard let carried = s.currentSnapshot else { return XCTFail("\(what): no snapshot kept") }
            assertSame(carried, try s.loadSnapshot(), what)
        }
        let sectors = ["energy", "water", "ict", "health", "transport"]
        func assets(_ range: Range<Int>) -> [String] {
            ["id,name,sector,population,economic_value,recovery_h,occupancy,replacement_cost"] + range.map { i in
                "n\(i),\"Asset \(i)\",\(sectors[i % sectors.count]),\(i % 7 == 0 ? "" : String(i * 3)),\(i % 5 == 0 ? "" : "\(i).5k"),"
                    + "\(i % 4 == 0 ? "" : String(i % 90)),\(i % 3),\(i % 11 == 0 ? "" : "1M")"
            }
        }
        func deps(_ count: Int, among n: Int, taken: Set<[Int]> = [], _ ids: (Int) -> String) -> [String] {
            var seen = taken, lines = ["dependent,provider,kind,strength,delay_h,group"]
            while seen.count < count + taken.count {
                let d = Int.random(in: 0..<n, using: &rng), p = Int.random(in: 0..<n, using: &rng)
                guard d != p, seen.insert([d, p]).inserted else { continue }
                let kind = ["", "physical", "cyber", "logical"][Int.random(in: 0..<4, using: &rng)]
                let group = Int.random(in: 0..<4, using: &rng) == 0 ? "g\(Int.random(in: 0..<2, using: &rng))" : ""
                lines.append("\(ids(d)),\(ids(p)),\(kind),0.\(Int.random(in: 1...9, using: &rng)),\(Int.random(in: 0...3, using: &rng) == 0 ? "" : "1.5"),\(group)")
            }
            return lines
        }
        // Small imports (one thread), then one past the size that encodes on a second thread.
        try importing("assets", assets(0..<40), "assets-small")
        let id = { (i: Int) in i < 40 ? "n\(i)" : ["old0", "old1", "old3"][i - 40] }
        try importing("deps", deps(150, among: 43, taken: [[41, 40]], id) + ["old1,old3,,0.5,,power"], "deps-small")
        try importing("threats", ["id,name,modality,likelihood", "t1,Bomb,vbied,0.1/yr"], "threats")
        try importing("assets", assets(40..<6_000), "assets-large")
        try importing("deps", deps(25_000, among: 6_000, { "n\($0)" }), "deps-large")
        // A failed import keeps the snapshot of the assessment as it stays.
        let before = try s.snapshot()
        writeFile(dir + "/dup.csv", Array("dependent,provider\nn1,n2\nn1,n2\n".utf8))
        XCTAssertThrowsError(try s.run("import deps \(dir)/dup.csv"))
        XCTAssert(s.currentSnapshot != nil, "the snapshot was dropped")
        assertSame(try s.snapshot(), before, "after a failed import")
        assertSame(before, try s.loadSnapshot(), "after a failed import")
        // Another session on the file, past the size it would load before an import, reloads later.
        let other = try openSession(path)
        writeFile(dir + "/more.csv", Array("dependent,provider\nold0,n5\n".utf8))
        try other.run("import deps \(dir)/more.csv")
        XCTAssert(other.currentSnapshot == nil, "a snapshot was loaded for the import")
        XCTAssertEqual(try other.snapshot().dependencyCount, before.dependencyCount + 1)
    }

    /// A file read on several connections at once gives the snapshot that one connection reads,
    /// and the parallel load stands aside where it cannot be sure of that.
    func testParallelLoadMatchesTheOneConnectionLoad() throws {
        var rng = SplitMix(seed: 5)
        let dir = temporaryDirectory()
        let path = dir + "/parallel.rampart"
        let s = try openSession(path)
        var script = "", pairs = Set<[Int]>()
        for i in 0..<300 { script += "asset add a\(i) sector=\(["energy", "water", "ict"][i % 3]) population=\(i) recovery=\(i % 48)h\n" }
        while pairs.count < 1_500 {
            let d = Int.random(in: 0..<300, using: &rng), p = Int.random(in: 0..<300, using: &rng)
            guard d != p, pairs.insert([d, p]).inserted else { continue }
            let group = Int.random(in: 0..<3, using: &rng) == 0 ? " group=g\(Int.random(in: 0..<2, using: &rng))" : ""
            script += "dep add a\(d) -> a\(p) strength=0.\(Int.random(in: 1...9, using: &rng)) delay=\(Int.random(in: 0...9, using: &rng))h kind=cyber\(group)\n"
        }
        try s.run(script)
        try s.run("asset remove a17 force")
        for threads in [2, 3, 8] {
            guard let parallel = try s.loadSnapshotInParallel(minimum: 1, threads: threads) else { return XCTFail("\(threads) threads: not loaded") }
            assertSame(parallel, try s.loadSnapshotOnOneConnection(), "\(threads) threads")
        }
        // Inside a transaction the readers would not see this connection's changes.
        try s.db.transaction {
            try s.db.execute("DELETE FROM dep WHERE rid IN (SELECT rid FROM dep LIMIT 10)")
            XCTAssert(try s.loadSnapshotInParallel(minimum: 1, threads: 2) == nil, "loaded inside a transaction")
        }
        XCTAssert(try openSession().loadSnapshotInParallel(minimum: 1, threads: 2) == nil, "loaded an in-memory assessment")
        XCTAssert(try s.loadSnapshotInParallel(minimum: 2_000, threads: 2) == nil, "loaded a small assessment")
        // The readers stop at an interruption.
        s.interrupt()
        XCTAssertThrowsError(try s.loadSnapshotInParallel(minimum: 1, threads: 2)) { XCTAssertEqual(($0 as? RampartError)?.kind, .interrupted) }
        s.interruptFlag.clear()
        // A reference to a missing asset (the file edited without foreign keys) is left to the
        // one-connection load, which names the row.
        let other = try openSession(path)
        try other.db.execute("PRAGMA foreign_keys = OFF")
        try other.db.execute("UPDATE dep SET provider = 9999 WHERE rid = 700")
        XCTAssert(try s.loadSnapshotInParallel(minimum: 1, threads: 2) == nil, "loaded a dangling reference")
        XCTAssertThrowsError(try s.loadSnapshot()) { XCTAssert("\($0)".contains("dep row 700 has provider = 9999"), "\($0)") }
        // Readers that may have seen different states, because another connection committed
        // while they read, give nothing.
        nonisolated(unsafe) let writer = other
        let reads = try s.readInParallel(tasks: 4, threads: 2) { task, reader in
            if task == 1 { try writer.db.execute("UPDATE asset SET population = 1 WHERE id = 'a3'") }
            return try reader.scalar("SELECT count(*) FROM asset")?.integerValue ?? 0
        }
        XCTAssert(reads == nil, "a commit during the reads went unnoticed")
        XCTAssertEqual(try s.readInParallel(tasks: 4, threads: 2) { _, reader in try reader.scalar("SELECT count(*) FROM asset")?.integerValue ?? 0 },
                       [299, 299, 299, 299])
    }
}
