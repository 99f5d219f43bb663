import XCTest
import RampartCore
import RampartStore

final class RightsTests: XCTestCase {
    let complete = """
    legal_basis="Act 1 s.2" legitimate_aim="Protect the public" necessity="Shown by the threat assessment" \
    proportionality="Limited to the venue" alternatives="Stewarding only (weaker)" safeguards="Oversight board" \
    redress="Ombudsperson" consultation="Residents' forum" review_date=2099-01-01
    """

    func gate(_ s: Session, _ id: String) throws -> (String, String, String) {
        let t = try s.run("rights review where id = \(id)").table!
        let row = t.display[0]
        return (row[3], row[4], row[5])
    }

    func testStatuses() throws {
        let s = try openSession()
        try s.run("measure add fence capex=1k")
        XCTAssertEqual(try gate(s, "fence").0, "not-engaged")
        try s.run("measure add zone rights=(movement, assembly) legal_basis=\"Act\"")
        let (status, missing, _) = try gate(s, "zone")
        XCTAssertEqual(status, "incomplete")
        XCTAssertEqual(missing, "legitimate_aim, necessity, proportionality, alternatives, safeguards, redress, consultation, review_date")
        try s.run("measure add cctv rights=(privacy) \(complete)")
        XCTAssertTrue(try gate(s, "cctv").1.contains("retention"))
        XCTAssertTrue(try gate(s, "cctv").1.contains("dpia=yes"))
        try s.run("measure set cctv retention=31d dpia=yes")
        XCTAssertEqual(try gate(s, "cctv").0, "flagged")
        XCTAssertTrue(try gate(s, "cctv").2.contains("exceeds the limit of 30d"))
        try s.run("settings set retention_limit=60d")
        XCTAssertEqual(try gate(s, "cctv").0, "complete")
        try s.run("measure set cctv review_date=2001-01-01")
        XCTAssertTrue(try gate(s, "cctv").2.contains("review overdue since 2001-01-01"))
    }

    func testApprovalIsRefusedWithTheReason() throws {
        let s = try openSession()
        try s.run("asset add a sector=energy\nmeasure add zone rights=(movement) legal_basis=\"Act\"\napplication add zone a")
        assertError(.constraint, "measure zone cannot be approved") { try s.run("measure set zone status=approved") }
        assertError(.constraint, "missing legitimate_aim") { try s.run("measure set zone status=implemented") }
        assertError(.constraint, "its application to a cannot be approved") { try s.run("application set zone a status=approved") }
        XCTAssertEqual(try s.column("measure list", "status"), ["proposed"], "a refused approval changes nothing")
        try s.run("measure set zone \(complete)")
        try s.run("measure set zone status=approved")
        // Emptying a field of an approved measure is refused too: the gate holds at all times.
        assertError(.constraint, "missing safeguards") { try s.run("measure set zone safeguards=\"\"") }
        assertError(.constraint) { try s.run("measure add snoop status=approved rights=(privacy)") }
    }
}
