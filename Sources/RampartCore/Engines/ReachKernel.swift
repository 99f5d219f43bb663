/// The cascade of DESIGN §5.4 with time out of play: which assets are lost in the end when every
/// buffer is spent and the outage outlasts them all (`criticality method=reach`,
/// `simulate cascade … method=reach`). With no times to order, the search is breadth-first and
/// keeps no outage starts, no causes and no heap; a redundancy group is lost once all its
/// providers are.
///
/// A cascade's lost set is the least set that holds its sources and is closed under the
/// requirements, so a run can start on top of a `ReachBase`, the final state of an earlier run
/// from sources B: a run from v over it yields the lost set of B ∪ {v} and visits only the
/// assets the base did not lose. When v's own cascade loses an asset whose cascade contains
/// B's (any asset of B's strongly connected component, say), that is v's lost set, found at the
/// cost of the part outside the base. A run can also halt as soon as it loses an asset of a
/// given set, to learn cheaply whether it meets such an asset.
///
/// Scratch lives in memory the kernel owns and is cleared where a run touched it. One kernel
/// serves one thread at a time.
final class ReachKernel {
    let snapshot: Snapshot
    let requirements: Requirements
    /// `requirements.reachArcs`, fetched once.
    private let arcs: [Requirements.ReachArc]

    /// Per asset: 1 while lost in the current run.
    private let lost: UnsafeMutablePointer<UInt8>
    /// The assets lost by the last run, in the order they were lost (the search queue).
    private let list: UnsafeMutablePointer<Int32>
    private var count = 0
    /// Per redundancy group: its providers lost so far.
    private var groups: GroupTally

    init(_ s: Snapshot, _ req: Requirements) {
        snapshot = s
        requirements = req
        arcs = req.reachArcs
        lost = .allocate(capacity: max(1, s.assetCount))
        lost.initialize(repeating: 0, count: s.assetCount)
        list = .allocate(capacity: max(1, s.assetCount))
        groups = GroupTally(groups: req.groupSize.count)
    }

    deinit {
        lost.deallocate(); list.deallocate(); groups.deallocate()
    }

    /// The assets the last run lost beyond its base, in the order it lost them; valid until the next run.
    var affected: UnsafeBufferPointer<Int32> { UnsafeBufferPointer(start: list, count: count) }

    /// Whether the last run lost many assets (more than an eighth of them): then a pass over
    /// every asset's flag, in memory order, costs less than visiting the lost ones at random.
    private var lostMany: Bool { count * 8 > snapshot.assetCount }

    /// Adds 1 to `hits[i]` for every asset i the last run lost beyond its base: a scan of the
    /// flags in order when the run lost many assets, the list otherwise.
    func countLost(into hits: UnsafeMutablePointer<Int32>) {
        let n = snapshot.assetCount
        if lostMany {
            // Sixteen flags at a time (the flags are 0 or 1).
            var i = 0
            while i + 16 <= n {
                let flags = UnsafeRawPointer(lost + i).loadUnaligned(as: SIMD16<UInt8>.self)
                let sums = UnsafeRawPointer(hits + i).loadUnaligned(as: SIMD16<Int32>.self) &+ SIMD16<Int32>(truncatingIfNeeded: flags)
                UnsafeMutableRawPointer(hits + i).storeBytes(of: sums, as: SIMD16<Int32>.self)
                i += 16
            }
            while i < n { hits[i] &+= Int32(lost[i]); i += 1 }
        } else {
            for i in affected { hits[Int(i)] += 1 }
        }
    }

    /// The people served by `affected`, summed in index order when the run lost many assets.
    func population() -> Double {
        snapshot.population.withUnsafeBufferPointer { people in
            guard !lostMany else { return ReachKernel.population(of: people, flags: lost) }
            var total = 0.0
            for i in affected { total += people[Int(i)] }
            return total
        }
    }

    /// The people served by the assets whose flag is 1 (flags are 0 or 1), summed in index order
    /// with four running sums, so that the additions do not wait for each other.
    static func population(of people: UnsafeBufferPointer<Double>, flags: UnsafePointer<UInt8>) -> Double {
        var sums = SIMD4<Double>()
        var i = 0
        while i + 4 <= people.count {
            let f = SIMD4<Double>(Double(flags[i]), Double(flags[i + 1]), Double(flags[i + 2]), Double(flags[i + 3]))
            sums += SIMD4(people[i], people[i + 1], people[i + 2], people[i + 3]) * f
            i += 4
        }
        while i < people.count { sums[0] += people[i] * Double(flags[i]); i += 1 }
        return sums.sum()
    }

    /// Loses `sources` and everything their loss takes down over the dependencies for which
    /// `carries(arc, strength)` holds (arc: the position in `requirements.arcs`; by default every
    /// dependency carries), on top of `base` when given (its assets count as lost already and
    /// are not listed again). Returns false, with the run cut short, as soon as it loses an asset
    /// of `haltAt`, or once it has lost more than `limit` assets and scanned the arcs of one.
    @inline(__always)
    @discardableResult
    func run(sources: [Int32], carries: (_ arc: Int, _ strength: Float) -> Bool = { _, _ in true }, over base: ReachBase? = nil,
             haltAt halt: AssetSet? = nil, limit: Int = .max) -> Bool {
        reset()
        var groups = groups
        for g in base?.groups ?? [] { groups.start(g.group, lost: g.lost) }
        let lost = lost, list = list
        var count = 0
        defer { self.count = count; self.groups = groups }
        for src in sources where lost[Int(src)] == 0 && !(base?.lost.contains(Int(src)) ?? false) {
            lost[Int(src)] = 1
            list[count] = src
            count += 1
            if let halt, halt.contains(Int(src)) { return false }
        }
        return requirements.arcOffsets.withUnsafeBufferPointer { offsets in
            arcs.withUnsafeBufferPointer { arcs in
                requirements.arcGroup.withUnsafeBufferPointer { arcGroup in
                    requirements.groupSize.withUnsafeBufferPointer { groupSize in
                        var head = 0
                        while head < count {
                            let u = Int(list[head])
                            prefetchAhead(of: list, next: head, count: count, offsets: offsets, arcs: arcs)
                            head += 1
                            for k in Int(offsets[u])..<Int(offsets[u + 1]) {
                                let arc = arcs[k]
                                if !arc.grouped {
                                    let d = Int(arc.target)
                                    // Without branches on whether d is lost already or the draw
                                    // succeeds (neither is predictable): the draw is a pure function
                                    // of the dependency, so making it for a lost d changes nothing,
                                    // and the processor overlaps the work of successive arcs.
                                    var take = lost[d] ^ 1
                                    if let base { take &= base.lost.contains(d) ? 0 : 1 }
                                    take &= carries(k, arc.strength) ? 1 : 0
                                    lost[d] |= take
                                    list[count] = Int32(d)
                                    count += Int(take)
                                    if let halt, take != 0, halt.contains(d) { return false }
                                    continue
                                }
                                let d = Int(arc.dependent)
                                if lost[d] != 0 { continue }
                                if let base, base.lost.contains(d) { continue }
                                guard carries(k, arc.strength) else { continue }
                                // A redundancy group is lost when its last provider is.
                                let q = Int(arcGroup[k])
                                guard groups.loseProvider(of: q, size: groupSize[q]) else { continue }
                                lost[d] = 1
                                list[count] = Int32(d)
                                count += 1
                                if let halt, halt.contains(d) { return false }
                            }
                            if count > limit { return false }
                        }
                        return true
                    }
                }
            }
        }
    }

    /// The final state of the last run, to start later runs from; only meaningful after a run
    /// that was neither halted nor itself on a base. It reads the flags of every asset for the
    /// set only when the run lost many, but always sums the population by `blockPopulation`, as
    /// `SharedReach` does, so that a state does not depend on how many workers computed it.
    func base() -> ReachBase {
        let n = snapshot.assetCount
        let set = lostMany ? AssetSet(flags: lost, count: n) : AssetSet(affected, count: n)
        let people = ReachKernel.blockPopulation(snapshot, flags: lost, threads: 1)
        return ReachBase(lost: set, groups: groups.touchedCounts, count: count, population: people)
    }

    /// Assets per block of `blockPopulation`.
    static let populationBlock = 1 << 16

    /// The people served by the assets whose flag is 1 (flags are 0 or 1), summed by
    /// `population(of:flags:)` in blocks of `populationBlock` assets on up to `threads` workers,
    /// and the block sums added in block order: the same total whatever the thread count.
    static func blockPopulation(_ s: Snapshot, flags: UnsafePointer<UInt8>, threads: Int) -> Double {
        let n = s.assetCount, blocks = (n + populationBlock - 1) / populationBlock
        let sums = UnsafeMutableBufferPointer<Double>.allocate(capacity: max(1, blocks))
        defer { sums.deallocate() }
        s.population.withUnsafeBufferPointer { people in
            let output = SendableBuffer(sums), input = SendableBuffer(UnsafeMutableBufferPointer(mutating: people))
            let bytes = SendableBuffer(UnsafeMutableBufferPointer(start: UnsafeMutablePointer(mutating: flags), count: n))
            let sumBlocks: @Sendable (Range<Int>) -> Void = { range in
                for b in range {
                    let lo = b * populationBlock, hi = min(n, lo + populationBlock)
                    output.buffer[b] = population(of: UnsafeBufferPointer(rebasing: input.buffer[lo..<hi]), flags: bytes.buffer.baseAddress! + lo)
                }
            }
            if threads > 1 && blocks > 1 {
                Parallel.forEachBlock(count: blocks, block: 1, threads: threads, sumBlocks)
            } else {
                sumBlocks(0..<blocks)
            }
        }
        return UnsafeMutableBufferPointer(rebasing: sums[0..<blocks]).reduce(0.0, +)
    }

    /// Clears what the last run touched.
    private func reset() {
        if lostMany {
            lost.update(repeating: 0, count: snapshot.assetCount)
        } else {
            for i in affected { lost[Int(i)] = 0 }
        }
        groups.clear()
        count = 0
    }
}
