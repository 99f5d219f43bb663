import XCTest
@testable import RampartCore

final class PracticeLibraryTests: XCTestCase {
    func testLibraryIsWellFormed() throws {
        let all = PracticeLibrary.all
        XCTAssertGreaterThanOrEqual(all.count, 40)
        XCTAssertEqual(Set(all.map(\.id)).count, all.count, "ids are unique")
        for category in Vocabulary.measureCategories {
            XCTAssertGreaterThanOrEqual(all.filter { $0.category == category }.count, 3, category)
        }
        for p in all {
            XCTAssertTrue(Vocabulary.measureCategories.contains(p.category), p.id)
            XCTAssertTrue(p.rights.allSatisfy(Vocabulary.rights.contains), p.id)
            XCTAssertFalse(p.source.isEmpty, p.id)
            XCTAssertGreaterThan(p.description.count, 80, p.id)
            XCTAssertNoThrow(try EffectSpec.parse(p.effects), p.id)
        }
    }

    func testEffectSpec() throws {
        let e = try EffectSpec.parse("vulnerability:ramming=60-80%; buffer:physical=24-72h")
        XCTAssertEqual(e, [EffectSpec(type: "vulnerability", target: "ramming", low: 0.6, high: 0.8),
                           EffectSpec(type: "buffer", target: "physical", low: 24, high: 72)])
        XCTAssertEqual(e[0].midpoint, 0.7, accuracy: 1e-12)
        XCTAssertEqual(try EffectSpec.parse(""), [])
        for bad in ["vulnerability:ramming=80-60%", "vulnerability:rammming=10-20%", "buffer:any=10-20%", "harm=10-20%", "recovery:any=10-120%"] {
            XCTAssertThrowsError(try EffectSpec.parse(bad), bad)
        }
    }
}
