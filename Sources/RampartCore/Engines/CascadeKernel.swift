/// The shared-window cascade search (DESIGN §5.4): when every initiating asset is lost over the
/// same window, every outage ends with it and the outage starts are a shortest-path problem over
/// the buffers, bounded by the duration, in which a redundancy group is reached when its last
/// provider is (Knuth's 1977 generalisation of Dijkstra's algorithm to such "superior"
/// functions). A kernel is a reusable workspace for running many such cascades quickly
/// (`cascade`, criticality, Monte Carlo, risk), with scratch memory reset only where a run
/// touched it, and an edge filter so that a simulation can decide per trial which dependencies
/// carry the loss.
///
/// Three things make it fast. Scratch lives in memory the kernel owns, so the inner loop runs
/// without bounds or exclusivity checks. A dependency without a buffer passes the loss on
/// at the very time its provider went down, which is the smallest time still open: such
/// dependents are settled at once, breadth-first, and only buffered arrivals go through the
/// heap, a radix heap since the search never goes back in time. Most dependencies have no
/// buffer, so most of a cascade is a plain graph search. And memory is asked for before it is
/// needed: an asset's offsets and arcs some places before the breadth-first scan reaches it
/// (`prefetchAhead`).
///
/// One kernel serves one thread at a time.
final class CascadeKernel {
    let snapshot: Snapshot
    let requirements: Requirements
    /// The critical dependencies with their buffers: the snapshot's, or a scenario's (measures
    /// adding buffers), laid out as `requirements.arcs`.
    let arcs: [Requirements.Arc]
    /// Whether the last run stopped at its budget before the cascade was complete.
    private(set) var truncated = false

    /// Outage start of each asset in the last run; +∞ for assets it did not reach.
    private let downTimes: UnsafeMutablePointer<Double>
    /// Per asset: the arc whose arrival set its outage start (valid for lost assets).
    private let via: UnsafeMutablePointer<Int32>
    /// Per asset: `sourceFlag` and `settledFlag`.
    private let state: UnsafeMutablePointer<UInt8>
    /// Per redundancy group: providers lost so far, and the latest of their arrivals.
    private var groups: GroupTally
    private let latest: UnsafeMutablePointer<Double>
    /// Assets settled by the last run, in order of outage start.
    private let settledList: UnsafeMutablePointer<Int32>
    private var settledCount = 0

    /// The heap of buffered arrivals, kept between runs.
    private let heap = RadixHeap()

    private static let sourceFlag: UInt8 = 1
    private static let settledFlag: UInt8 = 2

    /// A workspace over `req`; `arcs` replaces `req.arcs` (`req.arcs(delays:)`, built once and
    /// shared by the kernels of a run).
    init(_ s: Snapshot, _ req: Requirements, arcs: [Requirements.Arc]? = nil) {
        snapshot = s
        requirements = req
        self.arcs = arcs ?? req.arcs
        downTimes = .allocate(capacity: max(1, s.assetCount))
        downTimes.initialize(repeating: .infinity, count: s.assetCount)
        via = .allocate(capacity: max(1, s.assetCount))
        state = .allocate(capacity: max(1, s.assetCount))
        state.initialize(repeating: 0, count: s.assetCount)
        settledList = .allocate(capacity: max(1, s.assetCount))
        groups = GroupTally(groups: req.groupSize.count)
        latest = .allocate(capacity: max(1, req.groupSize.count))
        latest.initialize(repeating: -.infinity, count: req.groupSize.count)
    }

    deinit {
        downTimes.deallocate(); via.deallocate(); state.deallocate(); settledList.deallocate()
        groups.deallocate(); latest.deallocate()
    }

    /// The assets lost in the last run, in order of their outage start; valid until the next run.
    var affected: UnsafeBufferPointer<Int32> { UnsafeBufferPointer(start: settledList, count: settledCount) }

    /// Calls `body(asset, down)` for every asset lost in the last run, in index order: a scan
    /// of the flags when the run lost many assets (memory read in order, not by outage start),
    /// the sorted list otherwise.
    func forEachLost(_ body: (Int, Double) -> Void) {
        if settledCount * 16 < snapshot.assetCount {
            for i in affected.sorted() { body(Int(i), downTimes[Int(i)]) }
        } else {
            for i in 0..<snapshot.assetCount where state[i] & Self.settledFlag != 0 { body(i, downTimes[i]) }
        }
    }

    /// When asset `i` went down in the last run (+∞ if it did not).
    func down(_ i: Int) -> Double { downTimes[i] }

    /// The requirement whose loss brought asset `i` down in the last run; -1 for a source.
    func cause(_ i: Int) -> Int32 {
        state[i] & Self.sourceFlag != 0 ? -1 : requirements.edgeRequirement[Int(requirements.arcEdge[Int(via[i])])]
    }

    /// Runs a cascade in which `sources` are lost over [0, duration); a dependency carries the
    /// loss when it belongs to a requirement and `carries(arc, strength)` says so; `delayOf(arc)`
    /// can replace the buffers (sampled delays). Both name the dependency by its position in
    /// `requirements.arcs`, which for threshold 0 is its snapshot index. At most `budget` assets are settled; past that the run is
    /// cut and `truncated` set. Afterwards `affected` lists the assets lost, each from
    /// `down(i)` until `duration`.
    @inline(__always)
    func run(sources: [Int32], duration: Double, carries: (_ arc: Int, _ strength: Float) -> Bool, delayOf: ((Int) -> Double)? = nil, budget: Int = .max) {
        reset()
        truncated = false
        guard duration > 0 else { return }
        let req = requirements
        heap.removeAll()
        req.arcOffsets.withUnsafeBufferPointer { offsets in
            arcs.withUnsafeBufferPointer { arcs in
                req.arcGroup.withUnsafeBufferPointer { arcGroup in
                    req.groupSize.withUnsafeBufferPointer { groupSize in
                        search(sources: sources, duration: duration, budget: budget, offsets: offsets, arcs: arcs,
                               arcGroup: arcGroup, groupSize: groupSize) { k, arc in
                            carries(k, arc.strength) ? (delayOf?(k) ?? arc.delay) : nil
                        }
                    }
                }
            }
        }
    }

    /// The search itself; `transmit(k, arc)` is the delay after which arc k passes the loss on,
    /// or nil when it does not carry it.
    @inline(__always)
    private func search(sources: [Int32], duration: Double, budget: Int, offsets: UnsafeBufferPointer<Int32>,
                        arcs: UnsafeBufferPointer<Requirements.Arc>, arcGroup: UnsafeBufferPointer<Int32>,
                        groupSize: UnsafeBufferPointer<Int32>, transmit: (Int, Requirements.Arc) -> Double?) {
        let down = downTimes, via = via, state = state, latest = latest, list = settledList, heap = heap
        for src in sources where state[Int(src)] & Self.sourceFlag == 0 {
            state[Int(src)] = Self.sourceFlag
            down[Int(src)] = 0
            heap.push(0, src)
        }
        var count = 0, scanned = 0, groups = groups
        defer { settledCount = count; self.groups = groups }
        while let (t, node) = heap.pop() {
            let p = Int(node)
            if state[p] & Self.settledFlag != 0 || t > down[p] { continue }
            if count >= budget { truncate(candidate: p); return }
            state[p] |= Self.settledFlag
            list[count] = node
            count += 1
            // Everything settled from here on goes down at t: scan it breadth-first.
            while scanned < count {
                let u = Int(list[scanned])
                prefetchAhead(of: list, next: scanned, count: count, offsets: offsets, arcs: arcs)
                scanned += 1
                for k in Int(offsets[u])..<Int(offsets[u + 1]) {
                    let arc = arcs[k]
                    let d = Int(arc.dependent)
                    if state[d] != 0 { continue }
                    guard let wait = transmit(k, arc) else { continue }
                    // A dependency without a buffer, outside any group, passes the loss on at t,
                    // the earliest time still open: nothing can bring d down sooner, so its
                    // tentative start (a cache miss on a large graph) need not be read. In a tie
                    // with a buffered arrival at t still in the heap, this dependency is the cause.
                    let atOnce = wait == 0 && !arc.grouped
                    var arrive = t + wait
                    if arc.grouped {
                        // A redundancy group is lost when its last provider is.
                        let q = Int(arcGroup[k])
                        let last = groups.loseProvider(of: q, size: groupSize[q])
                        latest[q] = max(latest[q], arrive)
                        guard last else { continue }
                        arrive = latest[q]
                    }
                    guard atOnce || (arrive < duration && arrive < down[d]) else { continue }
                    down[d] = arrive
                    via[d] = Int32(k)
                    if arrive > t {
                        heap.push(arrive, Int32(d))
                    } else {
                        if count >= budget { truncate(candidate: d); return }
                        state[d] = Self.settledFlag
                        list[count] = Int32(d)
                        count += 1
                    }
                }
            }
        }
    }

    /// Cuts a run at its budget: `candidate` and every asset still waiting in the heap are
    /// returned to their unaffected state.
    private func truncate(candidate: Int) {
        truncated = true
        downTimes[candidate] = .infinity
        state[candidate] = 0
        while let (_, rest) = heap.pop() {
            let r = Int(rest)
            if state[r] & Self.settledFlag != 0 { continue }
            downTimes[r] = .infinity
            state[r] = 0
        }
    }

    /// What the last run cost when every lost asset stays down until `duration` (DESIGN §5.1):
    /// the people its assets serve, the person-hours of lost service and the disruption
    /// (population × hours × `personHourValue` + economic value × hours / 24).
    func loss(duration: Double, personHourValue: Double) -> (population: Double, personHours: Double, disruption: Double) {
        var population = 0.0, hours = 0.0, disruption = 0.0
        snapshot.population.withUnsafeBufferPointer { people in
            snapshot.economicValue.withUnsafeBufferPointer { value in
                for i in affected {
                    let a = Int(i)
                    let h = duration - downTimes[a]
                    population += people[a]
                    hours += people[a] * h
                    disruption += people[a] * h * personHourValue + value[a] * h / 24
                }
            }
        }
        return (population, hours, disruption)
    }

    /// Clears what the last run touched (every asset given a finite outage start is settled
    /// before the heap runs dry, or cleared by `truncate`).
    private func reset() {
        let n = snapshot.assetCount
        if settledCount * 8 > n {
            // Most assets were lost: rewriting both arrays in order beats visiting them at random.
            downTimes.update(repeating: .infinity, count: n)
            state.update(repeating: 0, count: n)
        } else {
            for i in affected { downTimes[Int(i)] = .infinity; state[Int(i)] = 0 }
        }
        for q in groups.touchedGroups { latest[Int(q)] = -.infinity }
        groups.clear()
        settledCount = 0
    }
}
