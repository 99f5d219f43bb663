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

    /// The document and the number of records withheld by the max_tlp setting.
    func dump() throws -> (JSON, Int) {
        let maxTLP = try session.setting("max_tlp").string
        var withheld = 0
        var members: [(String, JSON)] = [("format", .string(Self.format)), ("version", .number(Double(Self.version)))]
        var settings: [(String, JSON)] = []
        for f in SettingsCatalog.fields {
            let v = try session.setting(f.name)
            switch v {
            case .null: continue
            case .text(let s): settings.append((f.name, .string(s)))
            case .integer(let i): settings.append((f.name, .number(Double(i))))
            case .real(let d): settings.append((f.name, .number(d)))
            }
        }
        members.append(("settings", .object(settings)))
        for schema in EntitySchema.all {
            var records: [JSON] = []
            let reader = RawRecords(schema: schema, fields: schema.allFields, maxTLP: maxTLP)
            withheld += try reader.withheld(session)
            try reader.read(session) { cells in
                var obj: [(String, JSON)] = []
                for (f, cell) in zip(schema.allFields, cells) where !cell.isEmpty {
                    obj.append((f.name, Self.json(f, cell)))
                }
                records.append(.object(obj))
            }
            members.append((schema.plural, .array(records)))
        }
        return (.object(members), withheld)
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

    /// Replaces the assessment's settings and records with the document's. Returns the record count.
    func load(_ doc: JSON) throws -> Int {
        guard case .object(let members) = doc else { throw RampartError.parse("the JSON document must be an object") }
        guard doc["format"] == .string(Self.format) else {
            throw RampartError.parse("not a Rampart assessment document (\"format\" must be \"\(Self.format)\")")
        }
        guard case .number(let v)? = doc["version"], v >= 1 else { throw RampartError.parse("\"version\" is missing") }
        guard Int(v) <= Self.version else {
            throw RampartError(.tooNew, "the document has format version \(Int(v)); this build reads up to \(Self.version)")
        }
        let known = Set(["format", "version", "settings"] + EntitySchema.all.map(\.plural))
        for (k, _) in members where !known.contains(k) {
            throw RampartError.parse("unknown member \"\(k)\"\(Suggest.hint(k, in: Array(known)))")
        }
        let db = session.db
        for schema in EntitySchema.all.reversed() { try db.execute("DELETE FROM \(Columns.quote(schema.table))") }
        try db.execute("DELETE FROM setting")
        if case .object(let settings)? = doc["settings"] {
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
        // Progress counts the records inserted against all the document holds, at every
        // `ImportExport.progressRecords`.
        let expected = EntitySchema.all.reduce(0) { n, schema in
            guard case .array(let list)? = doc[schema.plural] else { return n }
            return n + list.count
        }
        var total = 0
        for schema in EntitySchema.all {
            guard let list = doc[schema.plural] else { continue }
            guard case .array(let records) = list else { throw RampartError.parse("\"\(schema.plural)\" must be an array") }
            let fields = schema.allFields
            let inserter = try RecordInserter(session: session, schema: schema, fields: fields) { "\(schema.plural)[\($0)]" }
            let column = Dictionary(uniqueKeysWithValues: fields.enumerated().map { ($1.name, $0) })
            var cells = [String](repeating: "", count: fields.count)
            for (i, r) in records.enumerated() {
                guard case .object(let obj) = r else { throw RampartError.parse("\(schema.plural)[\(i)] must be an object") }
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
                total += 1
                if total % ImportExport.progressRecords == 0 { try session.reportProgress(total, of: expected) }
            }
            try inserter.finish()
        }
        session.progressHandler?(expected, expected)
        session.noteChange("assessment replaced from JSON (\(total) records)", count: total)
        return total
    }
}
