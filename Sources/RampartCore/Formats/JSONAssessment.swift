/// The whole assessment as one JSON document (format `rampart-assessment`, schema version 1):
///
///     { "format": "rampart-assessment", "version": 1,
///       "settings": { "name": "…", "vsl": 3000000, … },
///       "sectors": [ { "id": "energy", "name": "Energy", "tlp": "CLEAR" }, … ],
///       "assets": [ … ], "dependencies": [ … ], … }
///
/// Each record is an object of its fields (absent when empty) in stored units: hours,
/// fractions, events per year, currency. A distribution is a string such as `pert(1,2,5)`, a
/// list an array of strings, a flag a boolean, a reference the referenced id, and a role's
/// subject `asset:ID` or `measure:ID`. The audit log is not part of the document, and records
/// marked above the `max_tlp` setting are withheld.
struct JSONAssessment {
    let session: Session
    static let format = "rampart-assessment"
    static let version = 1

    /// Appends the document, indented by two spaces, record by record, handing `out` to `flush`
    /// after each one: the text is what `JSON.serialized(indent: 2)` makes of it, without the
    /// document ever held as a tree (a national assessment's would take gigabytes). Returns the
    /// number of records withheld by the max_tlp setting.
    func write(into out: inout String, flush: (inout String) throws -> Void) throws -> Int {
        let maxTLP = try session.setting("max_tlp").string
        var withheld = 0
        out += "{\n  \"format\": "
        JSON.quote(Self.format, into: &out)
        out += ",\n  \"version\": \(Self.version),\n  \"settings\": "
        JSON.object(try settings()).write(&out, indent: 2, level: 1)
        for schema in EntitySchema.all {
            out += ",\n  "
            JSON.quote(schema.plural, into: &out)
            out += ": ["
            let fields = schema.allFields
            let reader = RawRecords(schema: schema, fields: fields, maxTLP: maxTLP)
            withheld += try reader.withheld(session)
            var count = 0
            try reader.read(session) { cells in
                var record: [(String, JSON)] = []
                for i in cells.indices where !cells[i].isEmpty {
                    record.append((fields[i].name, Self.json(fields[i], cells[i])))
                }
                out += count == 0 ? "\n    " : ",\n    "
                JSON.object(record).write(&out, indent: 2, level: 2)
                try flush(&out)
                count += 1
            }
            out += count == 0 ? "]" : "\n  ]"
        }
        out += "\n}"
        return withheld
    }

    /// The settings that have a value, as JSON members.
    func settings() throws -> [(String, JSON)] {
        var settings: [(String, JSON)] = []
        for f in SettingsCatalog.fields {
            switch try session.setting(f.name) {
            case .null: continue
            case .text(let s): settings.append((f.name, .string(s)))
            case .integer(let i): settings.append((f.name, .number(Double(i))))
            case .real(let d): settings.append((f.name, .number(d)))
            }
        }
        return settings
    }

    /// A cell as JSON: numbers for quantities, booleans for flags, arrays for lists.
    static func json(_ f: Field, _ cell: String) -> JSON {
        switch f.type {
        case .quantity, .distribution:
            if let d = Double(cell) { return .number(d) }
            return .string(cell)
        case .flag: return .bool(cell == "yes")
        case .list: return .array(cell.split(separator: ",").map { .string(String($0)) })
        default: return .string(cell)
        }
    }

    /// A JSON member as a cell for the cell codec.
    static func cell(_ v: JSON, field f: Field) throws -> String {
        let field = f.name
        switch v {
        case .null: return ""
        case .bool(let b): return b ? "yes" : "no"
        case .number(let d): return JSON.number(d)
        case .string(let s): return s
        case .array(let items):
            guard case .list = f.type else { throw RampartError.parse("\(field) takes one value, not a list") }
            return try items.map { item in
                guard case .string(let s) = item else { throw RampartError.parse("\(field): list items must be strings") }
                return s
            }.joined(separator: ",")
        case .object: throw RampartError.parse("\(field): unexpected object")
        }
    }

    /// Replaces the assessment's settings and records with those of the document in `bytes`
    /// (UTF-8). Returns the record count.
    ///
    /// The document is read twice and never held as a tree: a first pass checks all of it and
    /// notes where each kind of record starts, before anything changes; the second reads the
    /// records one at a time, kind after kind in the order their references need (sectors before
    /// assets, assets before dependencies), whatever their order in the document.
    func load(_ bytes: [UInt8]) throws -> Int {
        var p = JSONParser(document: bytes)
        guard p.i < bytes.count, bytes[p.i] == UInt8(ascii: "{") else {
            _ = try p.value(depth: 0, build: false)
            try p.end()
            throw RampartError.parse("the JSON document must be an object")
        }
        // First pass: the small members whole, each kind of record checked and counted.
        var members: [String: JSON] = [:]
        var records: [String: (start: Int, count: Int)] = [:]
        let plurals = Set(EntitySchema.all.map(\.plural))
        var order: [String] = []
        try p.members { key, p in
            order.append(key)
            if plurals.contains(key), p.i < p.bytes.count, p.bytes[p.i] == UInt8(ascii: "[") {
                let start = p.i
                var count = 0
                try p.elements { p in _ = try p.value(depth: 2, build: false); count += 1 }
                records[key] = (start, count)
            } else {
                members[key] = try p.value(depth: 1)
            }
        }
        try p.end()
        guard members["format"] == .string(Self.format) else {
            throw RampartError.parse("not a Rampart assessment document (\"format\" must be \"\(Self.format)\")")
        }
        guard case .number(let v)? = members["version"], v >= 1 else { throw RampartError.parse("\"version\" is missing") }
        guard Int(v) <= Self.version else {
            throw RampartError(.tooNew, "the document has format version \(Int(v)); this build reads up to \(Self.version)")
        }
        let known = Set(["format", "version", "settings"]).union(plurals)
        for k in order where !known.contains(k) {
            throw RampartError.parse("unknown member \"\(k)\"\(Suggest.hint(k, in: Array(known)))")
        }
        for schema in EntitySchema.all where members[schema.plural] != nil {
            throw RampartError.parse("\"\(schema.plural)\" must be an array")
        }
        let db = session.db
        for schema in EntitySchema.all.reversed() { try db.execute("DELETE FROM \(Columns.quote(schema.table))") }
        try db.execute("DELETE FROM setting")
        if case .object(let settings)? = members["settings"] {
            for (k, value) in settings {
                guard let f = SettingsCatalog.field(k) else {
                    throw RampartError.parse("settings: unknown setting \"\(k)\"\(Suggest.hint(k, in: SettingsCatalog.fields.map(\.name)))")
                }
                var codec = CellCodec(session: session)
                guard let v = try codec.encode(f, try Self.cell(value, field: f))?.first else { continue }
                try BandTables.validate(setting: f.name, v)
                try db.execute("INSERT INTO setting(key, value) VALUES (?, ?)", [.text(f.name), v])
            }
        }
        // Second pass. Progress counts the records inserted against all the document holds, at
        // every `ImportExport.progressRecords`.
        let expected = records.values.reduce(0) { $0 + $1.count }
        var total = 0
        for schema in EntitySchema.all {
            guard let (start, count) = records[schema.plural] else { continue }
            // Like a CSV import, with the table's secondary indexes built once at the end.
            try session.db.bulkInsert(into: schema.table, rows: count) {
                try insert(schema, from: &p, at: start, total: &total, of: expected)
            }
        }
        session.progressHandler?(expected, expected)
        session.noteChange("assessment replaced from JSON (\(counted(total, "record")))", count: total)
        return total
    }

    /// Inserts the records of the array at byte `start`, counting them in `total` and reporting
    /// progress against `expected`.
    private func insert(_ schema: EntitySchema, from p: inout JSONParser, at start: Int, total: inout Int, of expected: Int) throws {
        let fields = schema.allFields
        let inserter = try RecordInserter(session: session, schema: schema, fields: fields) { "\(schema.plural)[\($0)]" }
        let column = Dictionary(uniqueKeysWithValues: fields.enumerated().map { ($1.name, $0) })
        var cells = [String](repeating: "", count: fields.count)
        var i = 0
        p.i = start
        try p.elements { p in
            guard case .object(let obj) = try p.value(depth: 2) else { throw RampartError.parse("\(schema.plural)[\(i)] must be an object") }
            for c in cells.indices { cells[c] = "" }
            for (k, value) in obj {
                guard let c = column[k] ?? column[k.lowercased()] else {
                    throw RampartError.parse("\(schema.plural)[\(i)]: unknown field \"\(k)\"\(Suggest.hint(k, in: fields.map(\.name)))")
                }
                do {
                    cells[c] = try Self.cell(value, field: fields[c])
                } catch let e as RampartError {
                    throw RampartError(e.kind, "\(schema.plural)[\(i)]: \(e.message)")
                }
            }
            try inserter.insert(cells, at: i)
            i += 1
            total += 1
            if total % ImportExport.progressRecords == 0 { try session.reportProgress(total, of: expected) }
        }
        try inserter.finish()
    }
}
