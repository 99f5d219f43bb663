#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// `import` and `export`: CSV per entity and JSON for the whole assessment.
struct ImportExport {
    let session: Session

    /// The words after `import` / `export`.
    static let kinds = ["assets", "deps", "threats", "vulns", "json"]
    static let csvEntities: [String: EntityKind] = [
        "assets": .asset, "asset": .asset, "deps": .dep, "dep": .dep, "dependencies": .dep,
        "threats": .threat, "threat": .threat, "vulns": .vuln, "vulnerabilities": .vuln,
    ]
    /// Records between two progress reports of an import: a few times a second. A multiple of
    /// the counts at which the writers offer a report (every 16,384 records on one thread, every
    /// batch of `RecordPipeline.batchRecords` on two).
    static let progressRecords = 65_536

    static var formatHelp: String {
        var s = "CSV files have a header row, RFC 4180 quoting and UTF-8. Columns (required first):\n"
        for k: EntityKind in [.asset, .dep, .threat, .vuln] {
            s += "  \(k.schema.plural): " + csvFields(k.schema).map { CellCodec.header($0, in: k.schema) }.joined(separator: ",") + "\n"
        }
        s += "Durations (_h) are in hours, likelihood in attempts per year, probabilities as fractions,\n"
        s += "money in the assessment's currency; a distribution is written like pert(0.1,0.2,0.5).\n"
        s += "JSON holds the whole assessment (settings and every record); importing JSON replaces\n"
        s += "the assessment's content in one transaction.\n"
        return s
    }

    /// Fields of an entity in CSV column order: the standard columns first, then every other field.
    static func csvFields(_ s: EntitySchema) -> [Field] {
        let standard: [String] = switch s.kind {
        case .asset: ["id", "name", "sector", "lat", "lon", "population", "economic_value", "mtpd", "recovery"]
        case .dep: ["dependent", "provider", "kind", "strength", "delay"]
        case .threat: ["id", "name", "modality", "frequency"]
        case .vuln: ["asset", "threat", "v"]
        default: s.allFields.map(\.name)
        }
        let first = standard.compactMap(s.field)
        return first + s.allFields.filter { f in !standard.contains(f.name) }
    }

    // MARK: - Commands

    func importCommand(_ cmd: Command) throws -> CommandResult {
        let (what, path) = try target(cmd, verb: "import")
        guard let path else { throw RampartError.parse("import \(what) needs a file name") }
        let bytes = try ImportExport.readFile(path, safe: session.options.safe)
        if what == "json" {
            guard ImportExport.isUTF8(bytes) else { throw RampartError(.encoding, "\(path): invalid UTF-8") }
            let n: Int
            do {
                n = try JSONAssessment(session: session).load(bytes)
            } catch let e as RampartError {
                throw RampartError(e.kind, "\(path): \(e.message)")
            }
            return .note("replaced the assessment with \(counted(n, "record")) from \(path)", changes: n)
        }
        guard let kind = ImportExport.csvEntities[what] else { throw RampartError.parse("cannot import \(what)") }
        let n = try importCSV(kind.schema, consume bytes, name: path)
        return .note("imported \(n) \(n == 1 ? kind.noun : kind.schema.plural) from \(path)", changes: n)
    }

    func exportCommand(_ cmd: Command) throws -> CommandResult {
        let (what, path) = try target(cmd, verb: "export")
        let kind = ImportExport.csvEntities[what]
        guard what == "json" || kind != nil else { throw RampartError.parse("cannot export \(what)") }
        // To a file the text goes a piece at a time, so that a national assessment's never
        // sits whole in memory; without one it is the command's output.
        var file = try path.map { try OutputFile($0, safe: session.options.safe) }
        defer { file?.abandon() }
        var text = ""
        let flush = { (piece: inout String) throws in
            if piece.utf8.count >= ImportExport.exportPiece { try file?.write(&piece) }
        }
        let withheld: Int
        if let kind {
            withheld = try exportCSV(kind.schema, into: &text, flush: flush)
        } else {
            withheld = try JSONAssessment(session: session).write(into: &text, flush: flush)
            text += "\n"
        }
        let warnings = try ImportExport.withheldWarning(withheld, session)
        guard let path else { return CommandResult(messages: [text.trimmingTrailingSpace], warnings: warnings) }
        try file!.write(&text)  // a file exists exactly when a path was given
        try file!.finish()
        return CommandResult(notes: ["wrote \(what) to \(path)"], warnings: warnings)
    }

    /// Bytes of text an export gathers before writing them to its file.
    static let exportPiece = 1 << 20

    func target(_ cmd: Command, verb: String) throws -> (String, String?) {
        guard cmd.positional.count >= 2 else {
            throw RampartError.parse("\(verb) what? \(ImportExport.kinds.joined(separator: ", "))")
        }
        let what = cmd.positional[1].text.lowercased()
        guard ImportExport.kinds.contains(what) || ImportExport.csvEntities[what] != nil else {
            throw RampartError.parse("cannot \(verb) \(cmd.positional[1].quoted)\(Suggest.hint(what, in: ImportExport.kinds)); choose \(ImportExport.kinds.joined(separator: ", "))")
        }
        guard cmd.positional.count <= 3 else { throw RampartError.parse("usage: \(verb) \(what) <file>") }
        try cmd.checkClauses("\(verb) \(what)", [])
        try cmd.checkNoOptions("\(verb) \(what)")
        return (what, cmd.positional.count == 3 ? cmd.positional[2].text : nil)
    }

    // MARK: - CSV

    /// Inserts every record of a CSV file; any bad cell aborts the whole import with its line and column.
    func importCSV(_ schema: EntitySchema, _ bytes: consuming [UInt8], name: String) throws -> Int {
        let (count, appender) = try CSV.scan(bytes, source: name) { scanner in
            var cells: [String] = []
            guard try scanner.record(into: &cells) != nil else { throw RampartError.parse("\(name) is empty; it needs a header row") }
            let header = try columns(cells, schema, name: name)
            let encoder = try RecordEncoder(session: session, schema: schema, fields: header)
            let writer = try RecordWriter(session: session, encoder: encoder) { "\(name) line \($0)" }
            let lines = bytes.count { $0 == UInt8(ascii: "\n") }
            let appender = try SnapshotAppender(session: session, encoder: encoder, records: lines)
            // Progress counts records against the file's lines, which also hold the header (and
            // any line breaks inside quoted cells), at every `progressRecords`. It ends once the
            // indexes are built again.
            let progress = { (records: Int) throws -> Void in
                if records % ImportExport.progressRecords == 0 { try session.reportProgress(min(records, lines - 1), of: lines) }
            }
            let count = try session.db.bulkInsert(into: schema.table, rows: lines) {
                if encoder.isIndependentOfStore && lines >= RecordPipeline.minimumLines && System.activeProcessorCount > 1 {
                    return try RecordPipeline(scanner: scanner, encoder: encoder, appender: appender, interrupted: session.interruptFlag)
                        .run(writer, progress: progress)
                }
                return try insertAll(&scanner, encoder, writer, appender: appender, progress: progress)
            }
            session.progressHandler?(lines, lines)
            return (count, appender)
        }
        // The snapshot grows once the file's bytes and the encoder's tables are gone. Threats
        // and vulnerabilities leave it as it was.
        bytes = []
        session.carriedSnapshot = try appender?.snapshot(session) ?? (SnapshotAppender.covers(schema.kind) ? nil : session.currentSnapshot)
        session.noteChange("\(count) \(schema.plural) imported from \(name)", count: count)
        return count
    }

    /// The fields a CSV header row names, every required one present.
    func columns(_ cells: [String], _ schema: EntitySchema, name: String) throws -> [Field] {
        // A spreadsheet saved with another separator gives one column holding the whole header.
        if cells.count == 1, let separator = [(";", "semicolons"), ("\t", "tabs")].first(where: { cells[0].contains($0.0) }) {
            throw RampartError.parse("\(name): the header '\(cells[0])' is one column: the file seems separated by \(separator.1); "
                + "Rampart reads comma-separated values (RFC 4180)")
        }
        let fields = try cells.map { h in
            guard let f = CellCodec.field(forHeader: h, in: schema) else {
                let names = ImportExport.csvFields(schema).map { CellCodec.header($0, in: schema) }
                throw RampartError.parse("\(name): unknown column '\(h)'\(Suggest.hint(h, in: names)); columns: \(names.joined(separator: ","))")
            }
            return f
        }
        let present = Set(fields.map(\.name))
        for f in schema.allFields where f.required && !present.contains(f.name) && f.defaultValue == nil {
            throw RampartError.parse("\(name): missing column \(CellCodec.header(f, in: schema))")
        }
        return fields
    }

    /// Inserts the records `scanner` has still to read, on this thread, telling `progress` how
    /// many are written at every 16,384; returns their number.
    func insertAll(_ scanner: inout CSV.Scanner, _ encoder: RecordEncoder, _ writer: RecordWriter, appender: SnapshotAppender?,
                   progress: (Int) throws -> Void) throws -> Int {
        let inserter = RecordInserter(encoder: encoder, writer: writer, appender: appender)
        var cells: [String] = []
        var count = 0
        while let line = try scanner.record(into: &cells) {
            try inserter.insert(cells, at: line)
            count += 1
            if count & 0x3FFF == 0 {
                try session.checkInterrupt()
                try progress(count)
            }
        }
        try inserter.finish()
        return count
    }

    /// Appends the entity's records as CSV to `out`, handing it to `flush` after each record;
    /// returns the number of records withheld by the max_tlp setting.
    func exportCSV(_ schema: EntitySchema, into out: inout String, flush: (inout String) throws -> Void) throws -> Int {
        let fields = ImportExport.csvFields(schema)
        CSV.append(fields.map { CellCodec.header($0, in: schema) }, to: &out)
        let records = RawRecords(schema: schema, fields: fields, maxTLP: try session.setting("max_tlp").string)
        try records.read(session) { cells in
            CSV.append(cells, to: &out)
            try flush(&out)
        }
        return try records.withheld(session)
    }

    /// The warning shown when an export leaves records out.
    static func withheldWarning(_ n: Int, _ session: Session) throws -> [String] {
        guard n > 0 else { return [] }
        let max = try session.setting("max_tlp").string ?? ""
        return ["withheld \(counted(n, "record")) marked above the max_tlp setting (\(max)); raise max_tlp to export them"]
    }

    // MARK: - Files

    /// Whether `bytes` are valid UTF-8, checked a megabyte at a time, so that a large document
    /// is not copied whole to be checked. A piece never ends inside a character: it runs on over
    /// continuation bytes (more than three in a row make the piece invalid anyway).
    static func isUTF8(_ bytes: [UInt8]) -> Bool {
        var start = 0
        while start < bytes.count {
            var end = min(bytes.count, start + (1 << 20))
            while end < bytes.count, bytes[end] & 0xC0 == 0x80 { end += 1 }
            guard String(validating: bytes[start..<end], as: UTF8.self) != nil else { return false }
            start = end
        }
        return true
    }

    static func readFile(_ path: String, safe: Bool) throws -> [UInt8] {
        guard !safe else { throw RampartError(.denied, "safe mode: reading \(path) is not allowed") }
        if RegularFile.other(path) == .directory { throw RampartError(.io, "cannot read \(path): it is a directory") }
        guard let f = fopen(path, "rb") else { throw RampartError(.io, "cannot open \(path): \(String(cString: strerror(errno)))") }
        defer { fclose(f) }
        // Read straight into an array of the file's size; a file that grows meanwhile is read on.
        var info = stat()
        let size = fstat(fileno(f), &info) == 0 ? max(Int(info.st_size), 0) : 0
        var bytes = [UInt8](unsafeUninitializedCapacity: size) { buffer, count in
            count = size == 0 ? 0 : fread(buffer.baseAddress!, 1, size, f)
        }
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while feof(f) == 0 && ferror(f) == 0 {
            let n = fread(&chunk, 1, chunk.count, f)
            bytes.append(contentsOf: chunk[0..<n])
        }
        if ferror(f) != 0 { throw RampartError(.io, "error reading \(path)") }
        return bytes
    }
}

/// Reads every record of an entity as text cells in stored units. With `maxTLP`, records marked
/// more restrictively are left out and counted in `withheld`.
struct RawRecords {
    let schema: EntitySchema
    let fields: [Field]
    var maxTLP: String?

    init(schema: EntitySchema, fields: [Field], maxTLP: String? = nil) {
        self.schema = schema
        self.fields = fields
        self.maxTLP = maxTLP
    }

    /// How many records of the entity are marked above `maxTLP`.
    func withheld(_ session: Session) throws -> Int {
        guard let (sql, params) = tlpFilter(negated: true) else { return 0 }
        return Int(try session.db.scalar("SELECT count(*) FROM \(Columns.quote(schema.table)) t WHERE \(sql)", params)?.integerValue ?? 0)
    }

    /// `t.tlp IN (…)` for the markings allowed by `maxTLP`.
    func tlpFilter(negated: Bool = false) -> (String, [Value])? {
        guard let max = maxTLP, let rank = Vocabulary.tlp.firstIndex(of: max) else { return nil }
        let allowed = Vocabulary.tlp[...rank].map { Value.text($0) }
        return ("t.tlp \(negated ? "NOT IN" : "IN") (\(Array(repeating: "?", count: allowed.count).joined(separator: ", ")))", allowed)
    }

    func read(_ session: Session, _ each: ([String]) throws -> Void) throws {
        // Reading every record: references are resolved from one scan of what they point at.
        let ids = try ReferenceIDs.plan(fields, table: schema.table, rows: nil, session.db)
        let exprs: [[String]] = zip(fields, ids).map { f, ids in
            switch f.type {
            case .distribution: ["t." + Columns.quote(f.name), "t." + Columns.quote(f.name + "_dist")]
            case .subject: ["t." + Columns.quote(f.name + "_kind"), Columns.readExpression(f)]
            default: [ids == nil ? Columns.readExpression(f) : "t." + Columns.quote(f.name)]
            }
        }
        var sql = "SELECT \(exprs.flatMap { $0 }.joined(separator: ", ")) FROM \(Columns.quote(schema.table)) t"
        let filter = tlpFilter()
        if let (f, _) = filter { sql += " WHERE " + f }
        sql += " ORDER BY t.rid"
        // Where each field's columns start among the selected ones.
        var starts = [0]
        for e in exprs { starts.append(starts[starts.count - 1] + e.count) }
        var values: [Value] = []
        var cells: [String] = []
        try session.db.query(sql, filter?.1 ?? []) { row in
            values.removeAll(keepingCapacity: true)
            for c in 0..<row.count { values.append(row.value(c)) }
            for (i, ids) in ids.enumerated() { if let ids { values[starts[i]] = ids.id(values[starts[i]]) } }
            cells.removeAll(keepingCapacity: true)
            for i in fields.indices { cells.append(CellCodec.cell(fields[i], values[starts[i]..<starts[i + 1]])) }
            try each(cells)
        }
    }
}
