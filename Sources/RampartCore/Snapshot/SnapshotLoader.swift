/// Builds the snapshot from the database and caches it until the assessment changes.
extension Session {
    /// The snapshot of the current assessment, rebuilt when a command has changed it since.
    public func snapshot() throws -> Snapshot {
        if let current = currentSnapshot { return current }
        let s = try loadSnapshot()
        cachedSnapshot = (generation, s)
        return s
    }

    /// The cached snapshot when no command has changed the assessment since it was built.
    var currentSnapshot: Snapshot? {
        guard let c = cachedSnapshot, c.generation == generation else { return nil }
        return c.snapshot
    }

    func loadSnapshot() throws -> Snapshot {
        try loadSnapshotInParallel() ?? loadSnapshotOnOneConnection()
    }

    /// The snapshot, read through the session's own connection.
    func loadSnapshotOnOneConnection() throws -> Snapshot {
        let (a, index) = try Session.readAssets(db)
        try checkInterrupt()
        var d = DependencyColumns()
        d.reserve(Int(try db.scalar("SELECT count(*) FROM dep")?.integerValue ?? 0))
        // The asset index of a reference, which a file that another program changed may lack.
        func asset(_ r: Row, _ column: Int, _ name: String) throws -> Int32 {
            let rid = r.int(column)
            guard let i = index[rid] else { throw Session.dangling("dep", r.int(6), name, rid, "asset") }
            return i
        }
        try db.query("SELECT provider, dependent, strength, delay, kind, \"group\", rid FROM dep", []) { r in
            let dependent = try asset(r, 1, "dependent")
            d.append(provider: try asset(r, 0, "provider"), dependent: dependent, strength: r.double(2), delay: r.double(3),
                     kind: DependencyColumns.kindCode(r.text(4)), group: r.text(5))
        }
        try checkInterrupt()
        return Snapshot(assets: a, dependencies: d)
    }

    /// The sectors and assets, in row id order, and the assets' indices by row id.
    static func readAssets(_ db: Database) throws -> (AssetColumns, RowIndex) {
        var a = AssetColumns()
        try db.query("SELECT id FROM sector ORDER BY rid", []) { a.sectorIDs.append($0.text(0) ?? "") }
        let sectorIndex = try sectorIndices(db)
        let count = Int(try db.scalar("SELECT count(*) FROM asset")?.integerValue ?? 0)
        var index = RowIndex(maxRid: try db.scalar("SELECT ifnull(max(rid), 0) FROM asset")?.integerValue ?? 0, count: count)
        a.reserve(count)
        try db.query("SELECT rid, id, sector, population, occupancy, economic_value, replacement_cost, recovery FROM asset ORDER BY rid", []) { r in
            let rid = r.int(0)
            guard let sector = sectorIndex[r.int(2)] else { throw Session.dangling("asset", rid, "sector", r.int(2), "sector") }
            index[rid] = Int32(a.ids.count)
            a.rowIDs.append(rid)
            a.append(id: r.text(1) ?? "", sector: sector, population: r.double(3), occupancy: r.double(4), economicValue: r.double(5),
                     replacementCost: r.double(6), recovery: r.double(7))
        }
        return (a, index)
    }

    /// Assessments with at least this many dependencies load on several threads.
    static let parallelLoadMinimum = 100_000

    /// The snapshot of a large assessment file, read on every core: the assets on one
    /// connection while others read the dependencies in ranges of row ids, and put together
    /// in row id order, as the one-connection load does. Nil when the file cannot be read so
    /// (see `readInParallel`), or holds a reference to a missing asset, which the
    /// one-connection load then reports.
    func loadSnapshotInParallel(minimum: Int = Session.parallelLoadMinimum, threads: Int = System.activeProcessorCount) throws -> Snapshot? {
        guard threads > 1, db.path != nil else { return nil }
        // The span of row ids; Rampart numbers rows densely, and another program's far-flung ones
        // load on one connection. (min and max in separate subqueries: together in one, SQLite
        // scans the whole table instead of looking at both ends of it.)
        var span: (first: Int64, last: Int64)?
        try db.query("SELECT (SELECT min(rid) FROM dep), (SELECT max(rid) FROM dep)", []) { if !$0.isNull(0) { span = ($0.int(0), $0.int(1)) } }
        guard let span, span.first >= 0, span.last < Int64.max / 2, span.last - span.first + 1 >= Int64(minimum) else { return nil }
        // Ranges small enough that the workers finish together.
        let ranges = 4 * threads, width = (span.last - span.first) / Int64(ranges) + 1, first = span.first
        guard let parts = try readInParallel(tasks: ranges + 1, threads: threads, { task, reader -> SnapshotPart in
            if task == 0 {
                let (a, index) = try Session.readAssets(reader)
                return .assets(a, index)
            }
            let low = first + Int64(task - 1) * width
            return .dependencies(try DependencyRows(reader, rids: low...(low + width - 1)))
        }), case .assets(let a, let index) = parts[0] else { return nil }
        // Endpoints to asset indices, range by range on the workers; then the ranges in order.
        let rows = parts.dropFirst().compactMap { part -> DependencyRows? in if case .dependencies(let r) = part { r } else { nil } }
        let endpoints = Parallel.map(count: rows.count, block: 1, threads: threads, placeholder: [Int32]?.none, state: {}) { _, k in
            rows[k].endpoints(index)
        }
        var d = DependencyColumns()
        d.reserve(rows.reduce(0) { $0 + $1.count })
        for (r, ends) in zip(rows, endpoints) {
            guard let ends else { return nil }
            d.append(r, endpoints: ends)
        }
        return Snapshot(assets: a, dependencies: d)
    }

    /// Sector row ids → the snapshot's sector indices (sectors in row id order).
    static func sectorIndices(_ db: Database) throws -> [Int64: Int32] {
        var index: [Int64: Int32] = [:]
        try db.query("SELECT rid FROM sector ORDER BY rid", []) { index[$0.int(0)] = Int32(index.count) }
        return index
    }

    /// The error of a row whose reference names no record. Rampart keeps its files consistent,
    /// so the file was changed by a program that did not enforce their foreign keys (the
    /// `sqlite3` shell does not by default); such records list the reference as empty.
    static func dangling(_ table: String, _ rid: Int64, _ column: String, _ value: Int64, _ target: String) -> RampartError {
        let repair = table == "dep" ? "`dep remove where dependent is null or provider is null` removes them"
                                    : "`\(table) set where \(column) is null \(column)=…` mends them"
        return RampartError(.corrupt, "the assessment file is inconsistent: \(table) row \(rid) has \(column) = \(value), but no \(target) has that row id "
            + "(a program that did not enforce the file's foreign keys changed it). Such records show \(column) empty; \(repair)")
    }
}

/// Asset row ids → snapshot indices: an array over the ids when they are dense, as Rampart
/// writes them; a dictionary when another program left them sparse or negative.
struct RowIndex {
    /// Empty when the ids are sparse.
    private var dense: [Int32]
    private var sparse: [Int64: Int32] = [:]
    private var isDense: Bool { !dense.isEmpty }

    init(maxRid: Int64, count: Int) {
        dense = [Int32](repeating: -1, count: maxRid <= Int64(4 * count + 1024) ? Int(max(0, maxRid)) + 1 : 0)
    }

    subscript(rid: Int64) -> Int32? {
        get {
            guard isDense, rid >= 0 else { return sparse[rid] }
            return rid < dense.count && dense[Int(rid)] >= 0 ? dense[Int(rid)] : nil
        }
        set {
            if isDense, rid >= 0 { dense[Int(rid)] = newValue ?? -1 } else { sparse[rid] = newValue }
        }
    }
}

/// What one reader of a parallel load brings back.
enum SnapshotPart: Sendable {
    case assets(AssetColumns, RowIndex)
    case dependencies(DependencyRows)
}

/// Dependencies as one range of row ids holds them, in row id order, with their endpoints still
/// as asset row ids.
struct DependencyRows: Sendable {
    var provider: [Int64] = []
    var dependent: [Int64] = []
    var strength: [Float] = []
    var delay: [Double] = []
    var kind: [UInt8] = []
    /// The rows that name a redundancy group, by position, ascending.
    var groups: [(position: Int, name: String)] = []

    var count: Int { provider.count }

    /// The providers' asset indices followed by the dependents'; nil when an endpoint names no asset.
    func endpoints(_ index: RowIndex) -> [Int32]? {
        var out = [Int32]()
        out.reserveCapacity(2 * count)
        for rid in provider { guard let i = index[rid] else { return nil }; out.append(i) }
        for rid in dependent { guard let i = index[rid] else { return nil }; out.append(i) }
        return out
    }

    /// Reads the dependencies whose row ids lie in `rids`.
    init(_ db: Database, rids: ClosedRange<Int64>) throws {
        try db.query("SELECT provider, dependent, strength, delay, kind, \"group\" FROM dep WHERE rid BETWEEN ? AND ? ORDER BY rid",
                     [.integer(rids.lowerBound), .integer(rids.upperBound)]) { r in
            if let g = r.text(5), !g.isEmpty { groups.append((provider.count, g)) }
            provider.append(r.int(0))
            dependent.append(r.int(1))
            strength.append(Float(r.double(2)))
            delay.append(r.double(3))
            kind.append(DependencyColumns.kindCode(r.text(4)))
        }
    }
}
