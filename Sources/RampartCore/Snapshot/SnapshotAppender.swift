/// Keeps the snapshot in step with a CSV import of assets or dependencies: it collects the
/// records the import appends, as they are encoded, and builds from the snapshot before the
/// import and those records the snapshot a reload of the store would give, so that an analysis
/// after a large import does not read the store again.
///
/// Appended records follow the old ones in the snapshot's order: new assets take row ids above
/// every old one, and a provider's new dependencies come after its old ones, as in the store's
/// row order. A record whose values the store would read back otherwise (a number in a text
/// column, say) gives up on the collection, and the snapshot is then reloaded as before.
final class SnapshotAppender: @unchecked Sendable {
    private let base: Snapshot
    private let kind: EntityKind
    /// Where each column the snapshot reads sits among a record's encoded values.
    private let positions: [Int?]
    private let width: Int
    /// The new assets (asset imports), without their row ids; the old and new dependencies
    /// (dependency imports).
    private var assets = AssetColumns()
    private var dependencies = DependencyColumns()
    /// Sector row id → index (asset imports); asset row id → index (dependency imports).
    private var sectorIndex: [Int64: Int32] = [:]
    private var assetIndex = RowIndex(maxRid: 0, count: 0)
    private var failed = false

    /// Whether the snapshot holds records of `kind` that an import appends (sectors are not imported).
    static func covers(_ kind: EntityKind) -> Bool { kind == .asset || kind == .dep }

    /// Columns the snapshot reads, by entity.
    private static let assetColumns = ["id", "sector", "population", "occupancy", "economic_value", "replacement_cost", "recovery"]
    private static let dependencyColumns = ["provider", "dependent", "strength", "delay", "kind", "group"]
    /// An assessment with at most this many assets, or dependencies, loads its snapshot before an
    /// import at little cost; a larger one only keeps a snapshot it already has.
    static let smallAssessment = 10_000

    /// Starts collecting for an import of about `records` records that `encoder` encodes; nil when the import is not
    /// of assets or dependencies, or when the session has no snapshot in step with the assessment
    /// and the assessment is too large to load one for an import that may not be analysed.
    init?(session: Session, encoder: RecordEncoder, records: Int) throws {
        let kind = encoder.schema.kind
        guard Self.covers(kind) else { return nil }
        if let current = session.currentSnapshot {
            base = current
        } else {
            let small = ["asset", "dep"].map { "(SELECT count(*) FROM (SELECT 1 FROM \($0) LIMIT \(Self.smallAssessment + 1))) <= \(Self.smallAssessment)" }
            guard try session.db.scalar("SELECT " + small.joined(separator: " AND "))?.integerValue == 1 else { return nil }
            base = try session.snapshot()
        }
        self.kind = kind
        width = encoder.columnNames.count
        positions = (kind == .asset ? Self.assetColumns : Self.dependencyColumns).map { encoder.columnNames.firstIndex(of: $0) }
        if kind == .asset {
            sectorIndex = try Session.sectorIndices(session.db)
            assets.reserve(records)
        } else {
            dependencies = DependencyColumns(base)
            dependencies.reserve(base.dependencyCount + records)
            assetIndex = RowIndex(maxRid: base.assetRowIDs.last ?? 0, count: base.assetCount)
            for (i, rid) in base.assetRowIDs.enumerated() { assetIndex[rid] = Int32(i) }
        }
    }

    /// Collects the records of `batch`.
    func add(_ batch: RecordBatch) {
        guard !failed else { return }
        batch.values.withUnsafeBufferPointer { values in
            for r in 0..<batch.count {
                let record = UnsafeBufferPointer(rebasing: values[r * width..<(r + 1) * width])
                func value(_ k: Int) -> Value { positions[k].map { record[$0] } ?? .null }
                if kind == .asset {
                    guard case .text(let id) = value(0), let sector = value(1).integerValue.flatMap({ sectorIndex[$0] }),
                          let population = Self.stored(value(2)), let occupancy = Self.stored(value(3)), let economic = Self.stored(value(4)),
                          let replacement = Self.stored(value(5)), let recovery = Self.stored(value(6)) else { failed = true; return }
                    assets.append(id: id, sector: sector, population: population, occupancy: occupancy, economicValue: economic,
                                  replacementCost: replacement, recovery: recovery)
                } else {
                    let kind = value(4), group = value(5)
                    guard let provider = value(0).integerValue.flatMap({ assetIndex[$0] }),
                          let dependent = value(1).integerValue.flatMap({ assetIndex[$0] }),
                          let strength = Self.stored(value(2)), let delay = Self.stored(value(3)),
                          kind.isNull || kind.string != nil, group.isNull || group.string != nil else { failed = true; return }
                    dependencies.append(provider: provider, dependent: dependent, strength: strength, delay: delay, kind: DependencyColumns.kindCode(kind.string), group: group.string)
                }
            }
        }
    }

    /// The number the store reads back for a value bound to a numeric column: 0 when empty.
    private static func stored(_ v: Value) -> Double? { v.isNull ? 0 : v.double }

    /// The snapshot after the import, once every record is written; nil when the collection gave up.
    func snapshot(_ session: Session) throws -> Snapshot? {
        guard !failed else { return nil }
        if kind == .dep { return Snapshot(assets: AssetColumns(base), dependencies: dependencies) }
        // The new assets' row ids: above every old one, in the order of their records.
        var rowIDs: [Int64] = []
        rowIDs.reserveCapacity(assets.ids.count)
        try session.db.query("SELECT rid FROM asset WHERE rid > ? ORDER BY rid", [.integer(base.assetRowIDs.last ?? Int64.min)]) { rowIDs.append($0.int(0)) }
        guard rowIDs.count == assets.ids.count else { return nil }
        var a = AssetColumns(base)
        a.reserve(base.assetCount + rowIDs.count)
        a.rowIDs += rowIDs
        a.append(contentsOf: assets)
        return Snapshot(assets: a, dependencies: DependencyColumns(base))
    }
}
