/// Builds the snapshot from the database and caches it until the assessment changes.
extension Session {
    /// The snapshot of the current assessment, rebuilt when a command has changed it since.
    public func snapshot() throws -> Snapshot {
        if let c = cachedSnapshot, c.generation == generation { return c.snapshot }
        let s = try loadSnapshot()
        cachedSnapshot = (generation, s)
        return s
    }

    func loadSnapshot() throws -> Snapshot {
        var a = AssetColumns()
        try db.query("SELECT id FROM sector ORDER BY rid", []) { a.sectorIDs.append($0.text(0) ?? "") }
        var sectorIndex: [Int64: Int32] = [:]
        try db.query("SELECT rid FROM sector ORDER BY rid", []) { sectorIndex[$0.int(0)] = Int32(sectorIndex.count) }
        let maxRid = Int(try db.scalar("SELECT ifnull(max(rid), 0) FROM asset")?.integerValue ?? 0)
        var index = [Int32](repeating: -1, count: maxRid + 1)
        a.reserve(Int(try db.scalar("SELECT count(*) FROM asset")?.integerValue ?? 0))
        try db.query("SELECT rid, id, sector, population, occupancy, economic_value, replacement_cost, recovery FROM asset ORDER BY rid", []) { r in
            let rid = r.int(0)
            index[Int(rid)] = Int32(a.ids.count)
            a.rowIDs.append(rid)
            a.ids.append(r.text(1) ?? "")
            a.sector.append(sectorIndex[r.int(2)] ?? -1)
            a.population.append(r.double(3))
            a.occupancy.append(r.double(4))
            a.economicValue.append(r.double(5))
            a.replacementCost.append(r.double(6))
            a.recovery.append(r.double(7))
        }
        try checkInterrupt()
        var d = DependencyColumns()
        d.reserve(Int(try db.scalar("SELECT count(*) FROM dep")?.integerValue ?? 0))
        var groups: [String: Int32] = [:]
        let kinds = Vocabulary.dependencyKinds
        try db.query("SELECT provider, dependent, strength, delay, kind, \"group\" FROM dep", []) { r in
            let dep = index[Int(r.int(1))]
            d.provider.append(index[Int(r.int(0))])
            d.dependent.append(dep)
            d.strength.append(Float(r.double(2)))
            d.delay.append(r.double(3))
            d.kind.append(UInt8(kinds.firstIndex(of: r.text(4) ?? "") ?? 0))
            if let g = r.text(5), !g.isEmpty {
                let key = "\(dep)\u{1F}\(g)"
                if let id = groups[key] { d.group.append(id) } else {
                    let id = Int32(groups.count)
                    groups[key] = id
                    d.group.append(id)
                    d.groupNames.append(g)
                }
            } else {
                d.group.append(-1)
            }
        }
        try checkInterrupt()
        return Snapshot(assets: a, dependencies: d)
    }
}
