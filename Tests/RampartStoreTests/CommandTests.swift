import XCTest
import RampartCore
import RampartStore

final class CommandTests: XCTestCase {
    func testAddListShowSetRemove() throws {
        let s = try openSession()
        try s.run(smallGrid)
        XCTAssertEqual(try s.column("asset list", "id"), ["tpp-1", "sub-a", "water-1", "hosp-1"])
        XCTAssertEqual(try s.column("asset list where sector = energy order by population desc", "id"), ["tpp-1", "sub-a"])
        XCTAssertEqual(try s.column("asset list where population > 500k and recovery >= 3d", "id"), ["tpp-1", "water-1"])
        XCTAssertEqual(try s.column("asset list where sector in (water, health) order by id limit 1", "id"), ["hosp-1"])
        XCTAssertEqual(try s.column("asset list where name glob \"*north*\"", "id"), ["tpp-1"])
        XCTAssertEqual(try s.column("asset list where not (sector = energy) and rto is not null", "id"), ["hosp-1"])
        XCTAssertEqual(try s.values("asset list where id = tpp-1", "recovery"), [.real(720)])
        XCTAssertEqual(try s.values("asset list where id = tpp-1", "population"), [.integer(1_200_000)])
        XCTAssertEqual(try s.column("asset list where id = tpp-1", "recovery"), ["30d"])
        XCTAssertEqual(try s.column("dep list where provider = sub-a order by dependent", "dependent"), ["hosp-1", "water-1"])
        XCTAssertEqual(try s.column("dep list where dependent = hosp-1 and group is null", "provider"), ["water-1"])

        let show = try s.run("asset show hosp-1").table!
        let fields = Dictionary(uniqueKeysWithValues: show.rows.map { ($0[0].string!, $0[1].string!) })
        XCTAssertEqual(fields["rto"], "12h")
        XCTAssertEqual(fields["occupancy"], "2500")

        try s.run("asset set water-1 recovery=4d name=\"Capital water works\"")
        XCTAssertEqual(try s.column("asset list where id = water-1", "recovery"), ["4d"])
        try s.run("asset set where sector = energy region=North")
        XCTAssertEqual(try s.column("asset list where region = North", "id"), ["tpp-1", "sub-a"])
        try s.run("asset set tpp-1 id=tpp-north")
        XCTAssertEqual(try s.column("dep list where dependent = sub-a", "provider"), ["tpp-north"], "references follow a renamed id")

        try s.run("vuln remove hosp-1 vbied")
        XCTAssertEqual(try s.column("vuln list", "asset"), [])
    }

    func testReferentialIntegrity() throws {
        let s = try openSession()
        try s.run(smallGrid)
        assertError(.constraint, "2 dependencies (as provider)") { try s.run("asset remove sub-a") }
        XCTAssertEqual(try s.column("asset list where id = sub-a", "id"), ["sub-a"], "refused removal changes nothing")
        let r = try s.run("asset remove sub-a force")
        XCTAssertEqual(r.changes, 4, "the asset and its three dependencies")
        XCTAssertEqual(try s.column("dep list", "dependent").count, 1)
        assertError(.constraint, "sector energy is still used by 1 asset") { try s.run("sector remove energy") }
    }

    func testErrorsAreClearAndChangeNothing() throws {
        let s = try openSession()
        try s.run(smallGrid)
        let before = try s.run("export json").messages
        assertError(.parse, "did you mean 'asset'") { try s.run("asst list") }
        assertError(.parse, "did you mean 'list'") { try s.run("asset lst") }
        assertError(.parse, "did you mean 'population'") { try s.run("asset set tpp-1 popultion=3") }
        assertError(.parse, "did you mean 'population'") { try s.run("asset list where popultion > 3") }
        assertError(.notFound, "did you mean 'energy'") { try s.run("asset add x sector=enrgy") }
        assertError(.notFound, "no asset 'tpp-2' (did you mean 'tpp-1'") { try s.run("asset show tpp-2") }
        assertError(.constraint, "already exists") { try s.run("asset add tpp-1 sector=energy") }
        assertError(.range, "expects a probability") { try s.run("vuln set hosp-1 vbied v=0.3/yr") }
        assertError(.range, "expects a rate") { try s.run("threat set vbied frequency=40%") }
        assertError(.range, "with its unit") { try s.run("threat set vbied frequency=0.4") }
        assertError(.range, "(0%, 100%]") { try s.run("dep set water-1 -> sub-a strength=2") }
        assertError(.range, "[-90, 90]") { try s.run("asset set tpp-1 lat=91") }
        assertError(.range, "whole number") { try s.run("asset set tpp-1 population=1.5") }
        assertError(.range, "did you mean 'physical'") { try s.run("dep set water-1 -> sub-a kind=physcal") }
        assertError(.constraint, "itself") { try s.run("dep add tpp-1 -> tpp-1") }
        assertError(.parse, "needs sector") { try s.run("asset add y name=Y") }
        assertError(.parse, "invalid identifier \"\": an identifier cannot be empty") { try s.run("asset add \"\" sector=energy") }
        assertError(.parse, "invalid identifier \"a\\nb\": an identifier cannot hold control characters") {
            try s.run("asset add \"a\\nb\" sector=energy")
        }
        assertError(.parse, "invalid identifier \"x\\ty\"") { try s.run("layer add hosp-1 \"x\\ty\"") }
        assertError(.parse, "invalid identifier") { try s.run("asset set tpp-1 id=\"\"") }
        // Durations stop at about a century, so that sums of outage hours stay finite.
        assertError(.range, "recovery must lie in [0h, 5200w]; got '1e308h'") { try s.run("asset set tpp-1 recovery=1e308h") }
        assertError(.range, "delay must lie in [0h, 5200w]") { try s.run("dep set water-1 -> sub-a delay=pert(1h, 2h, 1e9h)") }
        for option in ["duration=-3h", "start=1e308h", "horizon=-1h", "duration=5201w"] {
            assertError(.range, "must lie in [0h, 5200w]") { try s.run("cascade tpp-1 \(option)") }
        }
        assertError(.range, "duration must lie in [0h, 5200w]") { try s.run("criticality top 1 duration=-3h") }
        assertError(.range, "duration must lie in [0h, 5200w]") { try s.run("simulate cascade tpp-1 trials=5 seed=1 duration=1e9h") }
        XCTAssertEqual(try s.column("cascade tpp-1 start=5200w duration=1h", "down").first, "5200w", "the bound itself is allowed")
        // Money, rates and outage factors likewise, so that no total becomes infinite.
        assertError(.range, "economic_value must lie in [0, 1e18]; got '1e308'") { try s.run("asset set tpp-1 economic_value=1e308") }
        assertError(.range, "vsl must lie in [0, 1e18]") { try s.run("settings set vsl=2e18") }
        assertError(.range, "frequency must lie in [0/yr, 1e9/yr]") { try s.run("threat set vbied frequency=2e9/yr") }
        assertError(.range, "outage_factor must lie in [0, 1000]") { try s.run("threat set vbied outage_factor=1001") }
        assertError(.range, "YYYY-MM-DD") { try s.run("measure add m1 due=2027-02-30") }
        assertError(.range, "pert") { try s.run("threat set vbied frequency=pert(3/yr, 2/yr, 1/yr)") }
        assertError(.range, "100%") { try s.run("vuln set hosp-1 vbied v=pert(0.5, 0.9, 1.2)") }
        // A script stops at its first error; the failing command leaves no trace.
        assertError(.notFound) { try s.run("asset add z1 sector=energy\nasset add z2 sector=nope\nasset add z3 sector=energy") }
        XCTAssertEqual(try s.column("asset list where id glob \"z*\"", "id"), ["z1"])
        try s.run("asset remove z1")
        XCTAssertEqual(try s.run("export json").messages, before)
    }

    func testIdsThatDifferOnlyInUnicodeCompositionAreOneId() throws {
        // "café" with a precomposed é (NFC) and with e + combining acute (NFD): Swift takes them
        // as equal, SQLite as different, so the store keeps ids composed and both spellings
        // name one asset everywhere: commands, filters, the engines and imports.
        let composed = "caf\u{E9}", decomposed = "cafe\u{301}"
        XCTAssertEqual(decomposed.composed.utf8.count, composed.utf8.count)
        XCTAssertTrue(Array(decomposed.composed.utf8) == Array(composed.utf8))
        XCTAssertTrue(Array("\u{212A}elvin".composed.utf8) == Array("Kelvin".utf8), "the Kelvin sign composes to K")
        let s = try openSession()
        try s.run("asset add \(decomposed) name=A sector=energy recovery=1d\nasset add x sector=health")
        assertError(.constraint, "already exists") { try s.run("asset add \(composed) name=B sector=energy") }
        XCTAssertEqual(try s.column("asset list", "id").map { Array($0.utf8) }, [Array(composed.utf8), [120]], "stored composed")
        try s.run("dep add x -> \(composed) strength=1")
        XCTAssertEqual(try s.column("cascade \(decomposed)", "asset"), [composed, "x"])
        XCTAssertEqual(try s.column("dep list where provider = \(decomposed)", "dependent"), ["x"])
        XCTAssertEqual(try s.column("asset list where id glob \"cafe\u{301}*\"", "id"), [composed])

        let dir = temporaryDirectory()
        writeFile(dir + "/assets.csv", Array("id,name,sector\n\(composed),C,energy\n".utf8))
        assertError(.constraint, "already exists") { try s.run("import assets \(dir)/assets.csv") }
        writeFile(dir + "/deps.csv", Array("dependent,provider,kind,strength\n\(decomposed),x,physical,1\n".utf8))
        try s.run("import deps \(dir)/deps.csv")
        XCTAssertEqual(try s.column("dep list where dependent = \(composed)", "provider"), ["x"])
        // The whole assessment as JSON, every é written decomposed.
        var json = String.UnicodeScalarView()
        for c in try s.run("export json").messages.joined(separator: "\n").unicodeScalars {
            json.append(contentsOf: c == "\u{E9}" ? ["e", "\u{301}"] : [c])
        }
        writeFile(dir + "/whole.json", Array(String(json).utf8))
        let t = try openSession()
        try t.run("import json \(dir)/whole.json")
        XCTAssertEqual(try t.run("export json").messages, try s.run("export json").messages, "decomposed JSON imports composed")
    }

    /// A clause or option a command does not read is refused: left unread, it would answer
    /// another question than the one asked, without a word. The analyses all take `order by`
    /// a column of their result and `limit N`.
    func testClausesAndOptionsACommandDoesNotReadAreRefused() throws {
        let s = try openSession()
        try s.run(smallGrid + "\nstakeholder add op name=Operator type=operator\nmeasure add m1 capex=1k")
        let analyses = ["cascade tpp-1", "explain cascade tpp-1", "criticality top 2", "simulate cascade tpp-1 trials=5 seed=1",
                        "simulate annual years=2 seed=1", "iim static from=sectors c=(energy:50%)", "iim matrix from=sectors",
                        "risk top 2", "risk matrix", "explain risk hosp-1 vbied", "continuity", "continuity gaps", "rights review",
                        "plan budget=1M", "priorities", "measure benefit m1", "stakeholder matrix", "summary", "snapshot",
                        "settings", "help"]
        let others = ["asset show tpp-1", "asset add z sector=energy", "settings set vsl=1M", "history", "export assets"]
        // (clause, the commands that read it)
        let readers: [(String, Set<String>)] = [
            ("where id = tpp-1", ["criticality top 2", "risk top 2", "risk matrix", "continuity", "continuity gaps", "rights review"]),
            // The simulations read other by words: see below.
            ("by sector", ["cascade tpp-1", "risk top 2", "simulate cascade tpp-1 trials=5 seed=1", "simulate annual years=2 seed=1"]),
        ]
        for command in analyses + others {
            for (clause, takers) in readers where !takers.contains(command) {
                assertError(.parse, "takes no '\(clause.split(separator: " ")[0])' clause") { try s.run("\(command) \(clause)") }
            }
        }
        for command in analyses {
            let rows = try s.run(command).table!.rows.count
            XCTAssertEqual(try s.run("\(command) limit 1").table!.rows.count, min(rows, 1), command)
            assertError(.parse, "the result has no column 'zz'") { try s.run("\(command) order by zz") }
        }
        for command in ["asset show tpp-1", "asset add z sector=energy", "settings set vsl=1M"] {
            assertError(.parse, "takes no 'order by' clause") { try s.run("\(command) order by id") }
            assertError(.parse, "takes no 'limit' clause") { try s.run("\(command) limit 1") }
        }
        assertError(.parse, "export gives no table to order or limit") { try s.run("export assets limit 1") }
        for command in ["explain cascade tpp-1", "continuity", "rights review", "measure benefit m1", "stakeholder matrix", "asset show tpp-1",
                        "export assets", "summary", "help asset"] {
            assertError(.parse, "takes no option zz=…") { try s.run("\(command) zz=1") }
        }
        assertError(.parse, "iim static has no option 'k'") { try s.run("iim static from=sectors c=(energy:50%) k=(energy:50%)") }
        assertError(.parse, "risk takes by asset|sector|threat; got 'zz'") { try s.run("risk by zz") }
        assertError(.parse, "simulate cascade takes by asset|trial; got 'year'") { try s.run("simulate cascade tpp-1 trials=5 seed=1 by year") }
        assertError(.parse, "risk has no option 'scenaro'") { try s.run("risk scenaro=target") }
        assertError(.parse, "scenario is current, target or baseline") { try s.run("risk scenario=tomorrow") }
        // What commands do read works.
        XCTAssertEqual(try s.column("asset list where sector = energy order by id desc limit 1", "id"), ["tpp-1"])
        XCTAssertEqual(try s.column("criticality where id in (tpp-1, sub-a)", "asset").count, 2)
        XCTAssertEqual(try s.column("history limit 1", "n").count, 1)
        XCTAssertFalse(try s.column("risk by sector", "sector").isEmpty)
        XCTAssertFalse(try s.column("simulate annual years=2 seed=1 by year", "year").isEmpty)
    }

    /// `order by` sorts an analysis's rows by one of its columns: numbers by value, text in
    /// order, empty cells last either way, ties in the analysis's own order; `limit` then cuts.
    func testAnalysesOrderByAColumnAndLimit() throws {
        let s = try openSession()
        try s.run(smallGrid)
        let ranked = try s.run("criticality")
        let byPopulation = try s.column("cascade tpp-1 order by population desc", "population")
        XCTAssertEqual(byPopulation, ["1.2M", "800k", "400k", "300k"].filter { byPopulation.contains($0) })
        XCTAssertEqual(try s.column("cascade tpp-1 order by asset", "asset"), try s.column("cascade tpp-1", "asset").sorted())
        let people = ranked.table!.columns.firstIndex { $0.name == "person_hours" }!
        let fewest = ranked.table!.rows.map { $0[people].double! }.min()!
        XCTAssertEqual(try s.values("criticality order by person_hours limit 1", "person_hours"), [.real(fewest)])
        XCTAssertEqual(try s.column("criticality order by PERSON_HOURS desc limit 2", "asset"), try s.column("criticality top 2", "asset"),
                       "criticality ranks by disruption, which person-hours follow here")
        XCTAssertEqual(try s.column("continuity order by rto", "rto").last, "", "empty cells come last")
        XCTAssertEqual(try s.column("continuity order by rto desc", "rto").last, "", "in either direction")
        assertError(.parse, "the result has no column 'populaton' (did you mean 'population'?)") { try s.run("cascade tpp-1 order by populaton") }
    }

    func testDistributionsStoreMeanAndParameters() throws {
        let s = try openSession()
        try s.run("threat add t1 modality=arson frequency=pert(0.1/yr, 0.3/yr, 1/yr) damage=lognormal(10%, 40%)")
        XCTAssertEqual(try s.column("threat list", "frequency"), ["pert(0.1/yr, 0.3/yr, 1/yr)"])
        let mean = try s.values("threat list", "frequency")[0].double!
        XCTAssertEqual(mean, (0.1 + 4 * 0.3 + 1) / 6, accuracy: 1e-12)
        XCTAssertEqual(try s.column("threat list where frequency > 0.3/yr", "id"), ["t1"])
        assertError(.range, "lognormal") { try s.run("threat set t1 damage=lognormal(0.5, 0.2)") }
    }

    func testEffectsRolesAndSettings() throws {
        let s = try openSession()
        try s.run(smallGrid)
        try s.run("""
        measure add hvm name="Hostile vehicle mitigation" category=physical capex=1.2M opex=40k rights=(movement, assembly)
        effect add hvm vulnerability vbied reduction=70%
        effect add hvm buffer physical hours=12h
        application add hvm hosp-1 status=proposed
        stakeholder add moh name="Ministry of Health" type=government
        role add moh hosp-1 owner
        role add moh hvm partner
        settings set currency=USD vsl=5M
        """)
        assertError(.range, "did you mean 'vbied'") { try s.run("effect add hvm vulnerability vbeid reduction=10%") }
        assertError(.range, "takes hours") { try s.run("effect add hvm buffer cyber reduction=10%") }
        assertError(.range, "did you mean 'movement'") { try s.run("measure set hvm rights=(privacy, movment)") }
        XCTAssertEqual(try s.column("role list order by subject", "subject"), ["hosp-1", "hvm"])
        XCTAssertEqual(try s.column("measure list where rights = movement", "id"), ["hvm"])
        XCTAssertEqual(try s.column("settings", "value")[2], "USD")
        try s.run("measure remove hvm force")
        XCTAssertEqual(try s.column("role list", "subject"), ["hosp-1"], "roles go with their measure")
        XCTAssertEqual(try s.column("effect list", "type"), [])
    }

    func testSettingsAreValidated() throws {
        let s = try openSession()
        try s.run("settings set likelihood_bands=\"1/1000yr, 1/100yr, 1/10yr, 1/yr\" impact_bands=\"50k, 500k, 5M, 50M\"")
        assertError(.range, "four ascending") { try s.run("settings set likelihood_bands=\"0.1/yr, 1/yr\"") }
        assertError(.range, "must increase") { try s.run("settings set impact_bands=\"5M, 1M, 10M, 100M\"") }
        assertError(.range, "expects a rate") { try s.run("settings set likelihood_bands=\"1%, 2%, 3%, 4%\"") }
        assertError(.range, "unknown level 'XH'") { try s.run("settings set risk_matrix=\"L L M M H / L M M H H / M M H H VH / M H H VH VH / H H VH VH XH\"") }
        assertError(.range, "five rows") { try s.run("settings set risk_matrix=\"L L M\"") }
        assertError(.range, "ISO 4217") { try s.run("settings set currency=euro") }
        assertError(.parse, "did you mean 'vsl'") { try s.run("settings set vls=3M") }
        assertError(.range, "actor is one line of text") { try s.run("settings set actor=\"a\\nb\"") }
        assertError(.range, "name is one line of text") { try s.run("settings set name=\"x\\ty\"") }
        XCTAssertEqual(try s.column("settings", "value")[11], "50k, 500k, 5M, 50M")
    }

    func testExportsWithholdRecordsAboveMaxTLP() throws {
        let s = try openSession()
        try s.run("asset add open sector=energy tlp=GREEN\nasset add secret sector=energy tlp=RED")
        let r = try s.run("export assets")
        XCTAssertFalse(r.messages.joined().contains("secret"))
        XCTAssertTrue(r.messages.joined().contains("open"))
        XCTAssertTrue(r.warnings.joined().contains("withheld 1 record"))
        try s.run("settings set max_tlp=RED")
        XCTAssertTrue(try s.run("export json").messages.joined().contains("secret"))
    }

    func testMeasureFromPractice() throws {
        let s = try openSession()
        XCTAssertGreaterThanOrEqual(try s.column("practice list", "id").count, 40, "new assessments carry the library")
        try s.run("measure add bollards from hvm-perimeter capex=1M name=\"Stadium bollards\"")
        XCTAssertEqual(try s.column("measure list where id = bollards", "name"), ["Stadium bollards"])
        XCTAssertEqual(try s.column("measure list where id = bollards fields=(practice)", "practice"), ["hvm-perimeter"])
        XCTAssertEqual(try s.values("effect list where measure = bollards and target = ramming", "reduction")[0].double!, 0.725, accuracy: 1e-12)
        XCTAssertTrue(try s.column("measure list where id = bollards fields=(rights)", "rights")[0].contains("movement"))
        assertError(.notFound, "no practice 'hvm-perimetre' (did you mean 'hvm-perimeter'") { try s.run("measure add x from hvm-perimetre") }
        assertError(.constraint, "already exists") { try s.run("measure add bollards from hvm-perimeter") }
        XCTAssertEqual(try s.column("measure list where id glob \"x*\"", "id"), [], "a failed add leaves nothing behind")
    }

    func testEscalationProfilesCarryForward() throws {
        let s = try openSession()
        try s.run("""
        asset add h sector=health recovery=30h rto=12h mtpd=3d
        escalation add h 4h level=2
        escalation add h 24h level=4
        escalation add h 3d level=5
        """)
        XCTAssertEqual(try s.values("continuity", "impact_level"), [.integer(4)])
        try s.run("asset set h recovery=2h")
        XCTAssertEqual(try s.values("continuity", "impact_level"), [.null], "before the first step there is no level")
        try s.run("asset set h recovery=80h")
        XCTAssertEqual(try s.values("continuity gaps", "impact_level"), [.integer(5), .integer(5)])
        assertError(.range, "[1, 5]") { try s.run("escalation add h 5d level=6") }
        assertError(.constraint, "already exists") { try s.run("escalation add h 24h level=3") }
    }

    func testThresholdMeetsAStrengthOfTheSameValue() throws {
        let s = try openSession()
        try s.run("asset add p sector=energy recovery=10h\nasset add d sector=water\ndep add d -> p strength=0.7\nsettings set cascade_threshold=70%")
        XCTAssertEqual(try s.column("cascade p", "asset").sorted(), ["d", "p"])
        try s.run("settings set cascade_threshold=71%")
        XCTAssertEqual(try s.column("cascade p", "asset"), ["p"])
    }

    func testHistoryRecordsChanges() throws {
        let s = try openSession()
        try s.run("asset add a sector=energy\nasset set a population=10\nasset list")
        let commands = try s.column("history", "command")
        XCTAssertEqual(commands, ["asset add a sector=energy", "asset set a population=10"])
        XCTAssertEqual(try s.column("history", "changes"), ["asset a added", "asset a updated (population)"])
        // `rm` and `delete`, spellings of `remove`, change the assessment as it does: audited,
        // in a transaction, refused on a read-only file.
        try s.run("asset add b sector=energy\nasset add c sector=energy\nasset rm b\nasset delete c")
        XCTAssertEqual(try s.column("history limit 2", "changes"), ["asset b removed", "asset c removed"])
        let dir = temporaryDirectory()
        try s.run("asset add d sector=energy")
        try s.save(to: dir + "/a.rampart")
        let readOnly = try openSession(dir + "/a.rampart", readOnly: true)
        for verb in ["remove", "rm", "delete"] {
            assertError(.readOnly, "read-only; 'asset' would change it") { try readOnly.run("asset \(verb) d") }
        }
    }

    func testHelpCoversEveryCommand() throws {
        let s = try openSession()
        let names = try s.column("help", "command")
        for spec in CommandRegistry.commands {
            XCTAssertTrue(names.contains(spec.name))
            let text = try s.run("help \(spec.name)").messages.joined()
            XCTAssertTrue(text.contains("Usage:"), spec.name)
        }
        assertError(.notFound, "did you mean 'asset'") { try s.run("help asst") }
    }

    func testCompletion() throws {
        let s = try openSession()
        try s.run(smallGrid)
        XCTAssertEqual(try s.completions(for: "ass"), ["asset"])
        XCTAssertEqual(try s.completions(for: "asset l"), ["list"])
        XCTAssertEqual(try s.completions(for: "asset show t"), ["tpp-1"])
        XCTAssertTrue(try s.completions(for: "asset add x pop").contains("population="))
        XCTAssertEqual(try s.completions(for: "asset add x sector=wa"), ["sector=water"])
        XCTAssertEqual(try s.completions(for: "dep add water-1 -> s"), ["sub-a"])
    }
}
