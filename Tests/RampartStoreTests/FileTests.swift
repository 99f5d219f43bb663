import XCTest
import RampartCore
import RampartStore
#if canImport(Glibc)
import Glibc
#endif

final class FileTests: XCTestCase {
    func testCreateReopenAndWAL() throws {
        let dir = temporaryDirectory()
        let path = dir + "/a.rampart"
        do {
            let s = try openSession(path)
            try s.run(smallGrid)
        }
        let s = try openSession(path)
        XCTAssertEqual(try s.column("asset list", "id").count, 4)
        XCTAssertEqual(try s.db.scalar("PRAGMA journal_mode")?.string, "wal")
        XCTAssertEqual(try s.db.scalar("PRAGMA foreign_keys")?.integerValue, 1)
        XCTAssertEqual(try s.db.scalar("PRAGMA user_version")?.integerValue, Int64(AssessmentFile.schemaVersion))
    }

    /// A bulk load alone on its file holds it until it commits; opening the file meanwhile waits
    /// out the busy timeout and then reports a busy file, not a damaged one.
    func testOpeningDuringABulkLoadReportsBusy() throws {
        let path = temporaryDirectory() + "/bulk.rampart"
        let s = try openSession(path)
        struct Stop: Error {}
        XCTAssertThrowsError(try s.db.transaction(bulk: true) {
            // Enough rows to spill the page cache, which takes the file's exclusive lock.
            try s.db.execute("""
                WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 100000)
                INSERT INTO asset(id, sector, tlp) SELECT 'x' || i, (SELECT min(rid) FROM sector), 'CLEAR' FROM n
                """)
            assertError(.busy, "locked by another connection") { _ = try openSession(path) }
            throw Stop()
        })
        XCTAssertEqual(try s.column("asset list", "id"), [])
        XCTAssertEqual(try openSession(path).column("asset list", "id"), [])
    }

    func testNonRampartFilesAreRefusedAndUntouched() throws {
        let dir = temporaryDirectory()
        let text = dir + "/notes.txt"
        let bytes = Array("this is not an assessment\n".utf8)
        writeFile(text, bytes)
        assertError(.corrupt, "not a Rampart assessment") { _ = try openSession(text) }
        XCTAssertTrue(readFile(text) == bytes, "the file was modified")

        // A valid SQLite database of another application.
        let other = dir + "/other.db"
        let db = try AssessmentFile.open(nil)
        try db.execute("PRAGMA application_id = 1234")
        try db.save(to: other)
        let otherBytes = readFile(other)
        assertError(.corrupt, "not a Rampart assessment") { _ = try openSession(other) }
        XCTAssertTrue(readFile(other) == otherBytes, "the file was modified")
    }

    func testTruncatedAndCorruptFilesAreRefused() throws {
        let dir = temporaryDirectory()
        let good = dir + "/good.rampart"
        let s = try openSession()
        try s.run(smallGrid)
        try s.save(to: good)
        let bytes = readFile(good)
        XCTAssertGreaterThan(bytes.count, 8192)

        let truncated = dir + "/truncated.rampart"
        writeFile(truncated, Array(bytes[0..<(bytes.count / 2)]))
        let before = readFile(truncated)
        assertError(.corrupt) { _ = try openSession(truncated) }
        XCTAssertTrue(readFile(truncated) == before, "the file was modified")

        let garbled = dir + "/garbled.rampart"
        var g = bytes
        for i in stride(from: 4096, to: g.count, by: 7) { g[i] ^= 0x5A }
        writeFile(garbled, g)
        assertError(.corrupt) { _ = try openSession(garbled) }
        XCTAssertTrue(readFile(garbled) == g, "the file was modified")
    }

    func testNewerSchemaIsRefused() throws {
        let dir = temporaryDirectory()
        let path = dir + "/future.rampart"
        do {
            let s = try openSession(path)
            try s.db.execute("PRAGMA user_version = 99")
        }
        assertError(.tooNew, "newer Rampart") { _ = try openSession(path) }
    }

    func testMissingFileAndReadOnly() throws {
        let dir = temporaryDirectory()
        assertError(.io, "no such assessment file") { _ = try openSession(dir + "/missing.rampart", readOnly: true) }
        let path = dir + "/ro.rampart"
        do { try openSession(path).run(smallGrid) }
        let s = try openSession(path, readOnly: true)
        XCTAssertEqual(try s.column("asset list", "id").count, 4)
        assertError(.readOnly) { try s.run("asset add q sector=energy") }
    }

    func testSaveInMemoryAssessment() throws {
        let dir = temporaryDirectory()
        let s = try openSession()
        try s.run(smallGrid)
        try s.save(to: dir + "/saved.rampart")
        try s.run("asset add later sector=energy")
        try s.save(to: dir + "/saved.rampart")  // replaces the earlier copy atomically
        let t = try openSession(dir + "/saved.rampart")
        XCTAssertEqual(try t.column("asset list", "id").count, 5)
        assertError(.denied) { try openSession(safe: true).save(to: dir + "/x.rampart") }
    }

    func testSafeModeRefusesFiles() throws {
        let s = try openSession(safe: true)
        assertError(.denied) { try s.run("import assets /etc/passwd") }
        assertError(.denied) { try s.run("export assets /tmp/x.csv") }
        XCTAssertFalse(try s.run("export assets").messages.isEmpty, "export to the result is allowed")
    }
}
