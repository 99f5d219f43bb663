/// The storage class of a result column.
public enum ColumnType: Int32, Sendable {
    case integer = 1
    case real = 2
    case text = 3
}

/// A column of a result: its name, storage class and unit (`h`, `currency`, `fraction`, `/yr`, or empty).
public struct ResultColumn: Sendable, Equatable {
    public let name: String
    public let type: ColumnType
    public let unit: String
    /// How numbers of this column print in text modes; nil prints them plainly.
    public let quantity: QuantityKind?
    /// Whether the column holds computed figures, shown rounded to four significant digits.
    public let computed: Bool

    public init(_ name: String, _ type: ColumnType, unit: String = "", quantity: QuantityKind? = nil, computed: Bool = false) {
        self.name = name
        self.type = type
        self.unit = unit
        self.quantity = quantity
        self.computed = computed
    }

    /// A column carrying a quantity, typed real (counts: integer).
    public static func quantity(_ name: String, _ kind: QuantityKind) -> ResultColumn {
        ResultColumn(name, kind == .count ? .integer : .real, unit: kind.unit, quantity: kind)
    }

    /// A column of computed figures of a quantity, typed real and shown rounded.
    public static func computed(_ name: String, _ kind: QuantityKind) -> ResultColumn {
        ResultColumn(name, .real, unit: kind.unit, quantity: kind, computed: true)
    }
}

/// A typed table: raw values for programs and display text for people. Display text is made
/// when asked for, cell by cell, so a program that reads a million rows as numbers never pays
/// for formatting them.
public struct ResultTable: Sendable {
    public let columns: [ResultColumn]
    /// Raw values, row-major; `append` adds rows and `keepFirst` drops them.
    public private(set) var rows: [[Value]]
    /// Display text given with each row (per column, nil where the column's format applies),
    /// up to the last row that had some; most tables have none.
    private var givenText: [[String?]?] = []
    /// Per column, the unit a duration column prints in; nil for other columns.
    private var durationUnits: [DurationColumnUnit?]

    public init(columns: [ResultColumn]) {
        self.columns = columns
        self.rows = []
        self.durationUnits = []
        remeasure()
    }

    /// Takes the cells of row `values` into account in the units of the duration columns,
    /// except those shown by text given with the row.
    private mutating func measure(_ values: [Value], given text: [String?]?) {
        for j in durationUnits.indices where durationUnits[j] != nil && text?[j] == nil { durationUnits[j]!.add(values[j]) }
    }

    /// Chooses the units of the duration columns afresh from the rows there are (after rows
    /// were dropped, the rest may allow a larger unit).
    private mutating func remeasure() {
        durationUnits = columns.map { $0.quantity == .duration ? DurationColumnUnit(computed: $0.computed) : nil }
        for i in rows.indices { measure(rows[i], given: i < givenText.count ? givenText[i] : nil) }
    }

    /// Appends a row; display text defaults to the column's quantity format.
    public mutating func append(_ values: [Value], display text: [String?]? = nil) {
        if let text, text.contains(where: { $0 != nil }) {
            givenText += [[String?]?](repeating: nil, count: rows.count - givenText.count)
            givenText.append(text)
        }
        measure(values, given: text)
        rows.append(values)
    }

    /// Keeps the first `n` rows (a limit).
    public mutating func keepFirst(_ n: Int) {
        guard rows.count > n else { return }
        rows.removeLast(rows.count - n)
        if givenText.count > n { givenText.removeLast(givenText.count - n) }
        remeasure()
    }

    /// Orders the rows by column `j`, stably: numbers by value, then text; empty cells (and NaN)
    /// last in either direction. With `limit`, keeps the first `limit` rows of that order.
    public mutating func order(byColumn j: Int, descending: Bool, limit: Int?) {
        // Numbers, text, empty (NaN, which has no place among numbers, too): the ranks of the
        // kinds of value.
        func kind(_ v: Value) -> Int {
            if let d = v.double { return d.isNaN ? 2 : 0 }
            return v.isNull ? 2 : 1
        }
        func before(_ a: Int, _ b: Int) -> Bool {
            let x = rows[a][j], y = rows[b][j], kx = kind(x), ky = kind(y)
            if kx != ky { return kx < ky }
            switch (x, y) {
            case _ where kx == 0 && x.double! != y.double!: return descending ? x.double! > y.double! : x.double! < y.double!
            case (.text(let s), .text(let t)) where s != t: return descending ? s > t : s < t
            default: return a < b
            }
        }
        let order = Array(rows.indices).sortedPrefix(limit, by: before)
        let text = givenText
        let unordered = rows.count
        rows = order.map { rows[$0] }
        givenText = text.isEmpty ? [] : order.map { $0 < text.count ? text[$0] : nil }
        if rows.count < unordered { remeasure() }
    }

    /// The display text of cell (i, j): as given with its row, or the column's format (a
    /// duration in the unit its column shares).
    public func text(_ i: Int, _ j: Int) -> String {
        if i >= givenText.count || givenText[i]?[j] == nil,
           let unit = durationUnits[j], let d = rows[i][j].double, let shown = unit.format(d) { return shown }
        return quoted(i, j)
    }

    /// The display text of cell (i, j) on its own, as a sentence quotes it: like `text` but a
    /// duration in its own unit (`30d`) rather than its column's (`720h`).
    public func quoted(_ i: Int, _ j: Int) -> String {
        if i < givenText.count, let t = givenText[i]?[j] { return t }
        let v = rows[i][j], column = columns[j]
        if column.computed, let d = v.double, let k = column.quantity { return Quantity.formatRounded(d, as: k) }
        return ResultTable.format(v, column.quantity)
    }

    /// The display text of every cell, row-major.
    public var display: [[String]] { rows.indices.map { i in columns.indices.map { text(i, $0) } } }

    /// The default display of a value.
    public static func format(_ v: Value, _ quantity: QuantityKind?) -> String {
        switch v {
        case .null: ""
        case .text(let s): s
        case .integer(let i): quantity.map { Quantity.format(Double(i), as: $0) } ?? String(i)
        case .real(let d): quantity.map { Quantity.format(d, as: $0) } ?? Number.format(d, maxDecimals: 6)
        }
    }
}

/// What one command produced: an optional table, text output, confirmations, warnings and the
/// number of records changed.
public struct CommandResult: Sendable {
    public var table: ResultTable?
    /// Output the user asked for (help text, exported CSV); always shown.
    public var messages: [String]
    /// Confirmations such as "added asset x": shown interactively, quiet in scripts.
    public var notes: [String]
    /// Things the user should know although the command succeeded.
    public var warnings: [String]
    public var changes: Int

    public init(table: ResultTable? = nil, messages: [String] = [], notes: [String] = [], warnings: [String] = [], changes: Int = 0) {
        self.table = table
        self.messages = messages
        self.notes = notes
        self.warnings = warnings
        self.changes = changes
    }

    /// A confirmation.
    public static func note(_ text: String, changes: Int = 0, warnings: [String] = []) -> CommandResult {
        CommandResult(notes: [text], warnings: warnings, changes: changes)
    }

    /// A result with one message.
    public static func message(_ text: String, changes: Int = 0) -> CommandResult {
        CommandResult(messages: [text], changes: changes)
    }
}
