import RampartCore

/// The SQL schema of an assessment file, derived from the core's entity catalog.
enum StoreSchema {
    /// `PRAGMA application_id` of every Rampart file: "RAMP".
    static let applicationID: Int32 = 0x5241_4D50
    /// The schema version this build writes (`PRAGMA user_version`).
    static let version: Int32 = 1

    /// DDL for one entity table and its indexes.
    static func table(_ s: EntitySchema) -> String {
        var cols = ["rid INTEGER PRIMARY KEY"]
        for f in s.allFields {
            let required = f.required || s.keys.contains { $0.name == f.name } || f.name == "tlp"
            cols += Columns.declarations(f, required: required)
        }
        let keyColumns = s.keys.flatMap(Columns.of).map(Columns.quote)
        cols.append("UNIQUE(\(keyColumns.joined(separator: ", ")))")
        var sql = "CREATE TABLE \(Columns.quote(s.table)) (\n  " + cols.joined(separator: ",\n  ") + "\n) STRICT;\n"
        // Index every reference that does not lead the unique key, so integrity checks and cascades stay fast.
        for (i, f) in s.allFields.enumerated() {
            switch f.type {
            case .reference, .subject:
                if i == 0 { continue }
                let c = Columns.of(f).map(Columns.quote).joined(separator: ", ")
                sql += "CREATE INDEX \(Columns.quote("\(s.table)_\(f.name)")) ON \(Columns.quote(s.table))(\(c));\n"
            default: continue
            }
        }
        return sql
    }

    /// The whole schema of version 1, with the default sectors.
    static var version1: String {
        var sql = """
        CREATE TABLE setting (key TEXT PRIMARY KEY, value ANY) STRICT;
        CREATE TABLE audit (rid INTEGER PRIMARY KEY, time TEXT NOT NULL, actor TEXT NOT NULL, command TEXT NOT NULL, changes TEXT NOT NULL) STRICT;

        """
        for s in EntitySchema.all { sql += table(s) }
        // Roles refer to assets or measures; remove them with their subject.
        for kind in ["asset", "measure"] {
            sql += """
            CREATE TRIGGER \(kind)_roles AFTER DELETE ON \(kind) BEGIN
              DELETE FROM role WHERE subject_kind = '\(kind)' AND subject = OLD.rid;
            END;

            """
        }
        for (id, name) in Vocabulary.defaultSectors {
            sql += "INSERT INTO sector(id, name, tlp) VALUES ('\(id)', '\(name)', 'CLEAR');\n"
        }
        return sql
    }

    /// Puts the built-in good-practice library into a new assessment.
    static func seedPractices(_ db: SQLiteDatabase) throws {
        for p in PracticeLibrary.all {
            try db.execute("INSERT INTO practice(id, title, category, description, source, effects, rights, tlp) VALUES (?, ?, ?, ?, ?, ?, ?, 'CLEAR')",
                           [.text(p.id), .text(p.title), .text(p.category), .text(p.description), .text(p.source), .text(p.effects),
                            p.rights.isEmpty ? .null : .text(p.rights.joined(separator: ","))])
        }
    }

    /// Forward migrations: entry i upgrades a file from version i+1 to i+2. Append only.
    static let migrations: [String] = []
}
