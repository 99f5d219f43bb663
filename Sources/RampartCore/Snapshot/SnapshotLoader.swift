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
        var a = AssetColumns()
        try db.query("SELECT id FROM sector ORDER BY rid", []) { a.sectorIDs.append($0.text(0) ?? "") }
        let sectorIndex = try sectorIndices()
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
            d.append(provider: try asset(r, 0, "provider"), dependent: dependent, strength: r.double(2), delay: r.double(3), kind: r.text(4), group: r.text(5))
        }
        try checkInterrupt()
        return Snapshot(assets: a, dependencies: d)
    }

    /// Sector row ids → the snapshot's sector indices (sectors in row id order).
    func sectorIndices() throws -> [Int64: Int32] {
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
