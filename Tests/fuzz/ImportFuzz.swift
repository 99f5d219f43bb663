import RampartCHeader

/// libFuzzer target for the importers: the first byte of an input picks what to import (assets,
/// dependencies, threats, vulnerabilities or a JSON assessment), the rest is the file. It is
/// imported into a fresh copy of the seeded assessment; an import that fails must leave the
/// assessment exactly as it was (compared through `export json`). Built and run by
/// `Tests/fuzz/run.sh`.
let importKinds = ["assets", "deps", "threats", "vulns", "json"]

/// `export json` of the seeded assessment: what every failed import must leave.
let seededExport: String = {
    let db = freshAssessment(flags: 0)
    defer { _ = rampart_close(db) }
    guard let text = json(db, "export json") else { fatalError("cannot export the seeded assessment") }
    return text
}()

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    guard size > 0 else { return 0 }
    let input = UnsafeBufferPointer(start: data, count: size)
    let kind = importKinds[Int(input[0]) % importKinds.count]
    let file = kind == "json" ? "import.json" : "import.csv"
    writeFile(file, input.dropFirst())
    let before = seededExport  // first: making it the first time writes input.rampart
    let db = freshAssessment(flags: 0)
    defer { _ = rampart_close(db) }
    let rc = Watchdog.watch(db) { rampart_exec(db, "import \(kind) \(file)", nil, nil) }
    if rc != RAMPART_OK {
        let message = String(cString: rampart_errmsg(db))
        guard json(db, "export json") == before else { fatalError("a failed import (\(message)) changed the assessment") }
    }
    return 0
}
