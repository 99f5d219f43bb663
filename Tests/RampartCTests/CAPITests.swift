import Foundation
import XCTest
import RampartCHeader
@testable import RampartC

/// In-process checks of the C API's guarantees (the C programs in Tests/c check them from C).
final class CAPITests: XCTestCase {
    func testLibraryVersionMatchesHeader() {
        XCTAssertEqual(String(cString: rampart_libversion()), RAMPART_VERSION)
        XCTAssertEqual(rampart_libversion_number(), RAMPART_VERSION_NUMBER)
        XCTAssertEqual(String(cString: rampart_errstr(RAMPART_NOTFOUND)), "not found")
        XCTAssertEqual(String(cString: rampart_errstr(999)), "unknown error")
    }

    func testNullAndClosedHandlesAreMisuse() {
        XCTAssertEqual(rampart_open(nil, nil, 0), RAMPART_MISUSE)
        XCTAssertEqual(rampart_exec(nil, "summary", nil, nil), RAMPART_MISUSE)
        XCTAssertEqual(rampart_close(nil), RAMPART_OK)
        var db: OpaquePointer?
        XCTAssertEqual(rampart_open(&db, nil, 0), RAMPART_OK)
        XCTAssertEqual(rampart_exec(db, nil, nil, nil), RAMPART_MISUSE)
        XCTAssertEqual(rampart_close(db), RAMPART_OK)
        XCTAssertEqual(rampart_exec(db, "summary", nil, nil), RAMPART_MISUSE)
        XCTAssertEqual(rampart_close(db), RAMPART_MISUSE)
        XCTAssertNotNil(rampart_errmsg(db))
    }

    func testInvalidUTF8IsRefused() {
        var db: OpaquePointer?
        XCTAssertEqual(rampart_open(&db, nil, 0), RAMPART_OK)
        defer { rampart_close(db) }
        let bad: [CChar] = [0x61, 0x73, CChar(bitPattern: 0xC3), 0x28, 0]
        XCTAssertEqual(rampart_exec(db, bad, nil, nil), RAMPART_ENCODING)
        XCTAssertEqual(String(cString: rampart_errmsg(db)), "commands is not valid UTF-8")
        XCTAssertEqual(rampart_complete(bad), -1)
    }

    func testTypedResult() {
        var db: OpaquePointer?
        XCTAssertEqual(rampart_open(&db, ":memory:", 0), RAMPART_OK)
        defer { rampart_close(db) }
        XCTAssertEqual(rampart_exec(db, "asset add a sector=energy population=1.2M recovery=3d", nil, nil), RAMPART_OK)
        var r: OpaquePointer?
        XCTAssertEqual(rampart_query(&r, db, "asset list"), RAMPART_OK)
        defer { rampart_result_free(r) }
        let cols = (0..<rampart_result_column_count(r)).map { String(cString: rampart_result_column_name(r, $0)) }
        let pop = Int32(cols.firstIndex(of: "population")!), rec = Int32(cols.firstIndex(of: "recovery")!)
        XCTAssertEqual(rampart_result_row_count(r), 1)
        XCTAssertEqual(rampart_result_int64(r, 0, pop), 1_200_000)
        XCTAssertEqual(rampart_result_double(r, 0, rec), 72)
        XCTAssertEqual(String(cString: rampart_result_text(r, 0, rec)), "3d")
        XCTAssertEqual(String(cString: rampart_result_column_unit(r, rec)), "h")
        XCTAssertEqual(rampart_result_column_type(r, pop), RAMPART_INTEGER)
        XCTAssertNil(rampart_result_text(r, 5, 0))
        XCTAssertTrue(rampart_result_double(r, 0, 99).isNaN)
    }

    func testTwoThreadsOnOneHandleGetBusy() {
        var db: OpaquePointer?
        XCTAssertEqual(rampart_open(&db, nil, 0), RAMPART_OK)
        defer { rampart_close(db) }
        var script = ""
        for i in 0..<3000 { script += "asset add a\(i) sector=energy\n" }
        let handle = UInt(bitPattern: db)
        let commands = script
        let codes = CodeBox()
        let group = DispatchGroup()
        for _ in 0..<4 {
            group.enter()
            Thread.detachNewThread {
                let rc = rampart_exec(OpaquePointer(bitPattern: handle), commands, nil, nil)
                codes.append(rc)
                group.leave()
            }
        }
        group.wait()
        let all = codes.values
        XCTAssertTrue(all.allSatisfy { [RAMPART_OK, RAMPART_BUSY, RAMPART_CONSTRAINT].contains($0) }, "\(all)")
        XCTAssertTrue(all.contains(RAMPART_OK))
    }
}

final class CodeBox: @unchecked Sendable {
    private let lock = NSLock()
    private var codes: [Int32] = []
    func append(_ c: Int32) { lock.lock(); codes.append(c); lock.unlock() }
    var values: [Int32] { lock.lock(); defer { lock.unlock() }; return codes }
}
