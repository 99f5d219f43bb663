/// Finding records by their identifiers.
extension Session {
    /// The codec for this session, resolving references against the assessment.
    var codec: FieldCodec {
        FieldCodec(resolve: { [unowned self] kind, token in try self.rowID(kind, token) },
                   resolveSubject: { [unowned self] token in try self.subjectID(token) })
    }

    /// The row id of the record of `kind` whose own identifier is `token`; not-found errors suggest the nearest id.
    public func rowID(_ kind: EntityKind, _ token: Token) throws -> Int64 {
        let table = Columns.quote(kind.schema.table)
        if let v = try db.scalar("SELECT rid FROM \(table) WHERE id = ?", [.text(token.text)]), case .integer(let rid) = v {
            return rid
        }
        throw RampartError.notFound("no \(kind.noun) \(token.quoted)\(try nearestID(kind, token.text))")
    }

    /// Whether a record of `kind` with identifier `id` exists.
    func exists(_ kind: EntityKind, _ id: String) throws -> Bool {
        try db.scalar("SELECT 1 FROM \(Columns.quote(kind.schema.table)) WHERE id = ?", [.text(id)]) != nil
    }

    /// " (did you mean 'x'?)" over the ids of `kind`.
    func nearestID(_ kind: EntityKind, _ id: String) throws -> String {
        var ids: [String] = []
        try db.query("SELECT id FROM \(Columns.quote(kind.schema.table)) LIMIT 50000", []) { row in
            if let s = row.text(0) { ids.append(s) }
        }
        return Suggest.hint(id, in: ids)
    }

    /// Resolves a stakeholder role's subject: an asset or a measure, optionally prefixed `asset:` / `measure:`.
    func subjectID(_ token: Token) throws -> (String, Int64) {
        let text = token.text
        for kind in [EntityKind.asset, .measure] where text.hasPrefix(kind.noun + ":") {
            let bare = Token(kind: token.kind, text: String(text.dropFirst(kind.noun.count + 1)), line: token.line, offset: token.offset)
            return (kind.noun, try rowID(kind, bare))
        }
        let asAsset = try exists(.asset, text), asMeasure = try exists(.measure, text)
        if asAsset && asMeasure {
            throw RampartError.parse("\(token.quoted) is both an asset and a measure; write asset:\(text) or measure:\(text)")
        }
        if asAsset { return ("asset", try rowID(.asset, token)) }
        if asMeasure { return ("measure", try rowID(.measure, token)) }
        throw RampartError.notFound("no asset or measure \(token.quoted)")
    }
}
