/// Text in the form the store keeps it.
///
/// Swift compares strings by canonical equivalence: `"café"` written with a precomposed `é`
/// and written as `e` plus a combining acute accent are equal, and a dictionary holds them as
/// one key. SQLite compares bytes, so it holds them as two. Were both spellings stored as ids,
/// a lookup in Swift could silently return the other record. The store therefore keeps every
/// text in Unicode normalization form C (NFC) and every text bound into SQL is composed the
/// same way, so the two comparisons agree: ids that differ only in composition are one id.
extension String {
    /// This text in Unicode normalization form C. ASCII text, the usual case, is returned as it
    /// is, without copying.
    public var composed: String {
        guard utf8.contains(where: { $0 >= 0x80 }) else { return self }
        // The standard library's own normalizer, the one its string comparison uses; Rampart
        // does not link Foundation, whose `precomposedStringWithCanonicalMapping` wraps it.
        let bytes = _nfcCodeUnits
        if bytes.elementsEqual(utf8) { return self }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Whether the text holds a control character (C0, DEL or C1), which no one-line text, an
    /// identifier or a setting such as the actor, may hold. Bytes outside 0x20..<0x7F send the
    /// text to the scalar check, which little text needs.
    var hasControlCharacters: Bool {
        utf8.contains { $0 < 0x20 || $0 >= 0x7F } && unicodeScalars.contains { $0.properties.generalCategory == .control }
    }
}

extension RampartError {
    /// Two stored records of one kind whose ids are the same text composed two ways, which only
    /// another program writing the file can produce; Rampart would take one for the other.
    static func sameID(_ kind: EntityKind, _ id: String) -> RampartError {
        RampartError(.corrupt, "the assessment file is inconsistent: two \(kind.schema.plural) have the id '\(id.composed)' in two Unicode "
                     + "forms (another program wrote one of them); Rampart keeps ids composed (NFC) and cannot tell them apart. "
                     + "Rename or remove one with that program")
    }
}
