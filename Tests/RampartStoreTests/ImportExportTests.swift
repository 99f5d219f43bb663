import XCTest
import Dispatch
import RampartCore
import RampartStore

final class ImportExportTests: XCTestCase {
    func testCSVImportWithStandardColumns() throws {
        let dir = temporaryDirectory()
        writeFile(dir + "/assets.csv", Array("""
        id,name,sector,lat,lon,population,economic_value,mtpd_h,recovery_h
        a1,"Plant, North",energy,52.1,4.3,1200000,2000000,72,720
        a2,Pumps,water,,,5000,,,
        """.utf8))
        writeFile(dir + "/deps.csv", Array("dependent,provider,kind,strength,delay_h\na2,a1,physical,0.9,12\n".utf8))
        writeFile(dir + "/threats.csv", Array("id,name,modality,likelihood\nvb,Vehicle bomb,vbied,0.02\n".utf8))
        writeFile(dir + "/vulns.csv", Array("asset,threat,v\na1,vb,0.4\n".utf8))
        let s = try openSession()
        for (kind, file) in [("assets", "assets"), ("deps", "deps"), ("threats", "threats"), ("vulns", "vulns")] {
            try s.run("import \(kind) \(dir)/\(file).csv")
        }
        XCTAssertEqual(try s.column("asset list", "name"), ["Plant, North", "Pumps"])
        XCTAssertEqual(try s.values("asset list where id = a1", "recovery"), [.real(720)])
        XCTAssertEqual(try s.values("dep list", "delay"), [.real(12)])
        XCTAssertEqual(try s.values("threat list", "frequency"), [.real(0.02)])
        XCTAssertEqual(try s.values("vuln list", "v"), [.real(0.4)])
    }

    func testBadCSVNamesLineAndColumnAndChangesNothing() throws {
        let dir = temporaryDirectory()
        var rows = ["id,name,sector,population"]
        for i in 0..<500 { rows.append("a\(i),A \(i),energy,\(i)") }
        rows.append("bad,Bad,energy,-3")
        writeFile(dir + "/a.csv", Array((rows.joined(separator: "\n") + "\n").utf8))
        let s = try openSession()
        assertError(.range, "line 502: population") { try s.run("import assets \(dir)/a.csv") }
        XCTAssertEqual(try s.column("asset list", "id"), [])
        // (file, entity, content, error kind, message): each import fails and names its fault.
        let bad: [(String, String, [UInt8], ErrorKind, String)] = [
            ("b.csv", "assets", Array("id,nmae,sector\nx,y,energy\n".utf8), .parse, "did you mean 'name'"),
            ("c.csv", "assets", Array("id,name\nx,y\n".utf8), .parse, "missing column sector"),
            ("short.csv", "assets", Array("id,name,sector\nx,y,energy\nz,w\n".utf8), .parse, "short.csv line 3: 2 fields, the header has 3"),
            ("d.csv", "deps", Array("dependent,provider\nx,y\n".utf8), .notFound, "line 2"),
            ("e.csv", "assets", Array("id,sector\n".utf8) + [0xC3, 0x28] + Array(",e\n".utf8), .encoding, ""),
            // The column is named once, whether the message starts with it or not.
            ("f.csv", "assets", Array("id,sector,population\nx,energy,1e30\n".utf8), .range, "f.csv line 2: population: 1e30 is too large"),
            ("g.csv", "assets", Array("id,sector,population\ny,energy,2.5\n".utf8), .range, "g.csv line 2: population expects a whole number; got 2.5"),
            ("h.csv", "assets", Array("id,sector,mtpd_h\nz,energy,-4\n".utf8), .range, "h.csv line 2: mtpd_h: mtpd must lie in"),
            ("semi.csv", "assets", Array("id;name;sector\nx;X;energy\n".utf8), .parse, "the file seems separated by semicolons"),
            ("tabs.csv", "assets", Array("id\tname\tsector\nx\tX\tenergy\n".utf8), .parse, "the file seems separated by tabs"),
            // Numbers are decimal: no hexadecimal (which Swift's Double(_:) would read), no separators.
            ("hex.csv", "assets", Array("id,sector,population\nx,energy,0x10\n".utf8), .range, "hex.csv line 2: population: unknown unit 'x10'"),
            ("sep.csv", "assets", Array("id,sector,population\nx,energy,\"1,200\"\n".utf8), .range, "'1,200' has a thousands separator"),
            // Ids follow the rule commands apply: not empty, no control characters.
            ("nl.csv", "assets", Array("id,sector\n\"a\nb\",energy\n".utf8), .parse, "nl.csv line 2: id: invalid identifier \"a\\nb\""),
            ("del.csv", "assets", Array("id,sector\na\u{7F}b,energy\n".utf8), .parse, "invalid identifier \"a\\u{7f}b\""),
            ("c1.csv", "assets", Array("id,sector\na\u{85}b,energy\n".utf8), .parse, "invalid identifier \"a\\u{85}b\""),
        ]
        for (file, entity, content, kind, message) in bad {
            writeFile(dir + "/" + file, content)
            assertError(kind, message) { try s.run("import \(entity) \(dir)/\(file)") }
        }
        assertError(.io) { try s.run("import assets \(dir)/missing.csv") }
        XCTAssertEqual(try s.column("asset list", "id"), [])
    }

    /// A bulk import drops the secondary indexes and skips per-row reference checks while it runs;
    /// afterwards the file must look exactly as if every row had been added one by one.
    func testBulkImportLeavesIndexesAndReferenceChecksInPlace() throws {
        let dir = temporaryDirectory()
        var assets = ["id,name,sector"], deps = ["dependent,provider,strength"]
        for i in 0..<300 { assets.append("a\(i),\"Asset \(i), north\",\(i % 2 == 0 ? "energy" : "water")") }
        for i in 1..<300 { deps.append("a\(i),a\(i % 2 == 1 ? i - 1 : i / 2),0.\(i % 9 + 1)") }
        writeFile(dir + "/a.csv", Array((assets.joined(separator: "\n") + "\n").utf8))
        writeFile(dir + "/d.csv", Array((deps.joined(separator: "\r\n") + "\r\n").utf8))
        writeFile(dir + "/bad.csv", Array((deps.joined(separator: "\n") + "\na5,nowhere,0.5\n").utf8))
        let path = dir + "/bulk.rampart"
        let s = try openSession(path)
        // A second connection keeps the file in WAL mode for the first import; both see the result.
        do {
            let other = try openSession(path)
            try s.run("import assets \(dir)/a.csv")
            XCTAssertEqual(try other.column("asset list where id = a299", "name"), ["Asset 299, north"])
            XCTAssertEqual(try other.db.scalar("PRAGMA journal_mode")?.string, "wal")
        }
        // Alone on the file, the next imports go through a rollback journal and back to WAL.
        try s.run("asset add late sector=energy")
        assertError(.notFound, "line 301") { try s.run("import deps \(dir)/bad.csv") }
        // A duplicate in the middle of a batch of records is named by its own line.
        let duplicated = deps[...100] + [deps[10]] + deps[101...] + [deps[20]]
        writeFile(dir + "/dup.csv", Array((duplicated.joined(separator: "\n") + "\n").utf8))
        assertError(.constraint, "line 102: dep a10 a5 already exists") { try s.run("import deps \(dir)/dup.csv") }
        XCTAssertEqual(try s.column("dep list", "dependent"), [])
        try s.run("import deps \(dir)/d.csv")
        XCTAssertEqual(try s.column("dep list where dependent = a10", "provider"), ["a5"])
        XCTAssertEqual(try s.values("dep list where dependent = a10", "strength"), [.real(0.2)])
        let indexes = try s.db.scalar("SELECT group_concat(name, ',') FROM (SELECT name FROM sqlite_schema WHERE type = 'index' AND tbl_name IN ('asset', 'dep') AND sql IS NOT NULL ORDER BY name)")
        XCTAssertEqual(indexes?.string, "asset_sector,dep_provider")
        XCTAssertEqual(try s.db.scalar("PRAGMA foreign_keys")?.integerValue, 1)
        XCTAssertEqual(try s.db.scalar("PRAGMA journal_mode")?.string, "wal")
        XCTAssertEqual(try s.db.scalar("PRAGMA synchronous")?.integerValue, 1)
        XCTAssertNil(try s.db.scalar("PRAGMA foreign_key_check"))
        XCTAssertEqual(try s.db.scalar("PRAGMA integrity_check")?.string, "ok")
        // Removing a provider still cascades through the rebuilt index and the restored checks.
        assertError(.constraint, "1 dependency") { try s.run("asset remove a0") }
        try s.run("asset remove a0 force")
        XCTAssertEqual(try s.column("dep list", "dependent").count, 298)
    }

    /// Imports of 20,000 lines or more encode on a second thread; records, errors and the order
    /// in which errors are found must be those of the one-thread import.
    func testLargeImportsOnTwoThreadsMatchOneThread() throws {
        let dir = temporaryDirectory()
        let n = 30_000
        var assets = ["id,name,sector,population"], deps = ["dependent,provider,kind,strength,delay_h"]
        for i in 0..<n { assets.append("a\(i),\"Site \(i), \"\"east\"\"\",\(["energy", "water", "health"][i % 3]),\(i * 7)") }
        for i in 1..<n { deps.append("a\(i),a\(i / 2),\(i % 5 == 0 ? "cyber" : "physical"),0.\(i % 9 + 1),\(Double(i % 13) / 4)") }
        func write(_ file: String, _ rows: [String]) { writeFile(dir + "/" + file, Array((rows.joined(separator: "\n") + "\n").utf8)) }
        write("a.csv", assets)
        write("d.csv", deps)
        func importBoth(threads: String) throws -> [[String]] {
            let restore = useThreads(threads)
            defer { restore() }
            let path = dir + "/t\(threads).rampart"
            let s = try openSession(path)
            try s.run("import assets \(dir)/a.csv")
            try s.run("import deps \(dir)/d.csv")
            return [try s.run("export assets").messages, try s.run("export deps").messages]
        }
        let one = try importBoth(threads: "1")
        XCTAssertEqual(try importBoth(threads: "2"), one)
        XCTAssertEqual(one[1].first?.split(separator: "\n").count, n)

        let restore = useThreads("2")
        defer { restore() }
        let s = try openSession(dir + "/errors.rampart")
        try s.run("import assets \(dir)/a.csv")
        var bad = deps
        bad[25_000] = "a25000,nowhere,physical,0.5,0"
        write("unknown.csv", bad)
        assertError(.notFound, "unknown.csv line 25001: provider: no asset 'nowhere'") { try s.run("import deps \(dir)/unknown.csv") }
        bad = deps
        bad[28_000] = "a28000,a1,physical"
        write("short.csv", bad)
        assertError(.parse, "short.csv line 28001: 3 fields, the header has 5") { try s.run("import deps \(dir)/short.csv") }
        // A duplicate found while writing comes before a bad cell that encoding reached later.
        bad = deps
        bad[21_000] = deps[20_000]
        bad[29_000] = "a29000,a1,physical,2,0"
        write("both.csv", bad)
        assertError(.constraint, "both.csv line 21001: dep a20000 a10000 already exists") { try s.run("import deps \(dir)/both.csv") }
        write("open.csv", deps + ["a1,\"a2"])
        assertError(.parse, "unterminated quoted field") { try s.run("import deps \(dir)/open.csv") }
        XCTAssertEqual(try s.column("dep list limit 1", "dependent"), [])
        XCTAssertEqual(try s.db.scalar("SELECT count(*) FROM dep")?.integerValue, 0)
    }

    /// An interrupt stops a two-thread import cleanly: both threads end, nothing is written.
    func testInterruptStopsALargeImport() throws {
        let dir = temporaryDirectory()
        var assets = ["id,sector"], deps = ["dependent,provider,strength"]
        for i in 0..<1000 { assets.append("a\(i),energy") }
        for i in 0..<1000 { for j in 1...300 { deps.append("a\(i),a\((i + j) % 1000),0.5") } }
        writeFile(dir + "/a.csv", Array((assets.joined(separator: "\n") + "\n").utf8))
        writeFile(dir + "/d.csv", Array((deps.joined(separator: "\n") + "\n").utf8))
        let restore = useThreads("2")
        defer { restore() }
        let s = try openSession(dir + "/i.rampart")
        try s.run("import assets \(dir)/a.csv")
        let session = UncheckedSession(s)
        DispatchQueue.global().asyncAfter(deadline: .now() + 0.1) { session.value.interrupt() }
        assertError(.interrupted) { try s.run("import deps \(dir)/d.csv") }
        XCTAssertEqual(try s.db.scalar("SELECT count(*) FROM dep")?.integerValue, 0)
        try s.run("import deps \(dir)/d.csv")
        XCTAssertEqual(try s.db.scalar("SELECT count(*) FROM dep")?.integerValue, 300_000)
    }

    /// Lists and exports of many records resolve references from one scan of the referenced
    /// table (by an array of row ids, or by a dictionary when they have many holes); the ids
    /// must be those the SQL lookups of a filtered list give.
    func testReadsOfManyRecordsResolveReferencesAsSQLDoes() throws {
        let dir = temporaryDirectory()
        let kept = Array(0..<30) + Array(2970..<3000)
        var assets = ["id,sector"], deps = ["dependent,provider,strength"], pairs: [String] = []
        for i in 0..<3000 { assets.append("a\(i),energy") }
        for i in kept { for j in kept where j != i { deps.append("a\(i),a\(j),0.\(i % 9 + 1)"); pairs.append("a\(i),a\(j)") } }
        writeFile(dir + "/a.csv", Array((assets.joined(separator: "\n") + "\n").utf8))
        writeFile(dir + "/d.csv", Array((deps.joined(separator: "\n") + "\n").utf8))
        let s = try openSession()
        try s.run("import assets \(dir)/a.csv")
        try s.run("import deps \(dir)/d.csv")
        func check(_ label: String) throws {
            for column in ["dependent", "provider"] {
                XCTAssertEqual(try s.column("dep list", column), try s.column("dep list where strength >= 0", column), label)
                XCTAssertEqual(try s.column("dep list limit 2000", column), try s.column("dep list where strength >= 0 limit 2000", column), label)
            }
            let lines = try s.run("export deps").messages.joined(separator: "\n").split(separator: "\n").dropFirst()
            XCTAssertEqual(lines.map { $0.split(separator: ",").prefix(2).joined(separator: ",") }, pairs, label)
        }
        try check("row ids without holes")
        try s.db.execute("DELETE FROM asset WHERE rid > 30 AND rid <= 2970")
        try check("row ids with many holes")
        XCTAssertEqual(try s.column("dep list limit 1", "dependent"), ["a0"])
    }

    func testCSVExportImportRoundTrip() throws {
        let s = try openSession()
        try s.run(smallGrid)
        try s.run("threat add arson modality=arson frequency=tri(0.1/yr, 0.2/yr, 0.6/yr) damage=uniform(10%, 30%)")
        let t = try openSession()
        let dir = temporaryDirectory()
        for kind in ["assets", "deps", "threats", "vulns"] {
            try s.run("export \(kind) \(dir)/\(kind).csv")
            try t.run("import \(kind) \(dir)/\(kind).csv")
        }
        for kind in ["assets", "deps", "threats", "vulns"] {
            XCTAssertEqual(try t.run("export \(kind)").messages, try s.run("export \(kind)").messages, kind)
        }
    }

    func testJSONRoundTripIsExact() throws {
        let s = try openSession()
        try s.run(smallGrid)
        try s.run("""
        settings set name="Round trip" vsl=3.5M
        measure add cctv name="CCTV, station" category=physical capex=250k rights=(privacy) retention=30d dpia=yes legal_basis="Act \\"7\\""
        effect add cctv vulnerability armed-assault reduction=15%
        application add cctv hosp-1
        stakeholder add police name=Police type=responder
        role add police cctv operator
        layer add hosp-1 fence order=1 pd=0.3 delay=2min location=B
        response add hosp-1 rft=10min p_comm=0.95
        insider add hosp-1 staff=12 vetting=basic access=2
        practice add hvm-practice title="Hostile vehicle mitigation" category=physical rights=(movement)
        asset set hosp-1 tags=(critical, "24/7") lat=51.5 notes="line one\\nline two"
        """)
        let json = try s.run("export json").messages.joined()
        let dir = temporaryDirectory()
        try s.run("export json \(dir)/a.json")
        let t = try openSession()
        try t.run("import json \(dir)/a.json")
        XCTAssertEqual(try t.run("export json").messages.joined(), json)
        // Importing replaces: a second import gives the same document again.
        try t.run("import json \(dir)/a.json")
        XCTAssertEqual(try t.run("export json").messages.joined(), json)
    }

    func testBadJSONChangesNothing() throws {
        let s = try openSession()
        try s.run(smallGrid)
        let before = try s.run("export json").messages
        let dir = temporaryDirectory()
        for (name, text) in [
            ("trunc", "{\"format\": \"rampart-assessment\", \"version\": 1, \"assets\": ["),
            ("wrong", "{\"format\": \"something\", \"version\": 1}"),
            ("future", "{\"format\": \"rampart-assessment\", \"version\": 9}"),
            ("badref", "{\"format\": \"rampart-assessment\", \"version\": 1, \"assets\": [{\"id\": \"x\", \"sector\": \"nope\"}]}"),
            ("badfield", "{\"format\": \"rampart-assessment\", \"version\": 1, \"assets\": [{\"id\": \"x\", \"sector\": \"energy\", \"popul\": 3}]}"),
            ("listvalue", "{\"format\": \"rampart-assessment\", \"version\": 1, \"assets\": [{\"id\": \"x\", \"sector\": \"energy\", \"recovery\": [\"1\", \"2\"]}]}"),
            ("badid", "{\"format\": \"rampart-assessment\", \"version\": 1, \"assets\": [{\"id\": \"x\\ty\", \"sector\": \"energy\"}]}"),
        ] {
            writeFile("\(dir)/\(name).json", Array(text.utf8))
            XCTAssertThrowsError(try s.run("import json \(dir)/\(name).json"), name)
            XCTAssertEqual(try s.run("export json").messages, before, name)
        }
    }
}

/// A session handed to another thread only to call `interrupt()`, which is safe from anywhere.
struct UncheckedSession: @unchecked Sendable {
    let value: Session
    init(_ value: Session) { self.value = value }
}

/// Sets RAMPART_THREADS for a test; the returned closure puts back what was there.
func useThreads(_ n: String) -> () -> Void {
    let previous = getenv("RAMPART_THREADS").map { String(cString: $0) }
    setenv("RAMPART_THREADS", n, 1)
    return {
        if let previous { setenv("RAMPART_THREADS", previous, 1) } else { unsetenv("RAMPART_THREADS") }
    }
}
