/// Up to 64 trials of a Monte Carlo reach simulation (`simulate cascade … method=reach`) run
/// together, one bit per trial in a 64-bit word per asset. Each trial is `ReachKernel`'s
/// search with its own draws: dependency k carries the loss in the trial keyed `key` when
/// `CounterRandom.carries(cascade: key, edge: k, strength:)` holds.
///
/// A trial that runs into the giant component of a national graph visits nearly every asset,
/// and one search per trial spends most of its time waiting for memory, since each asset's
/// arcs sit somewhere else. Here the trials of a batch share the walks through memory instead.
/// First the draws of every trial for every dependency are packed into one mask per dependency
/// (bit j set when it carries in trial j). Then the lost sets grow by sweeps over the assets in
/// index order, each asset asking of its requirements, read front to back, which trials have
/// lost them: a requirement of one dependency is lost in the trials where its provider is lost
/// and the dependency carries, a redundancy group in the trials where all its members are. A
/// sweep takes up whatever the earlier assets of the same sweep lost, and the sweeps stop when
/// one changes nothing: the least fixed point of the requirements, every trial's lost set. On
/// the generator's L graph that takes about 45 sweeps, and a trial costs about 40% less than
/// its own search; on small cascades the sweeps cost far more than the searches, so the
/// simulation gives a batch only the trials that grow past `CascadeSimulation.batchThreshold`.
///
/// One batch serves one thread at a time.
final class ReachBatch {
    /// Trials a batch runs at once.
    static let lanes = 64

    let snapshot: Snapshot
    private let pull: Requirements.PullLayout

    /// Per asset: bit j set when trial j has lost it.
    private let lost: UnsafeMutablePointer<UInt64>
    /// Per entry of `pull`: bit j set when the dependency carries in trial j.
    private let carries: UnsafeMutablePointer<UInt64>
    private var trials = 0

    init(_ s: Snapshot, _ req: Requirements) {
        snapshot = s
        pull = req.pullLayout(s)
        lost = .allocate(capacity: max(1, s.assetCount))
        carries = .allocate(capacity: max(1, pull.entries.count))
    }

    deinit { lost.deallocate(); carries.deallocate() }

    /// Runs trial j, which loses `sources[j]`, with the draws keyed `keys[j]`, for up to `lanes`
    /// trials. Returns false, with the results meaningless, when `interrupted` stopped it
    /// between sweeps.
    func run(sources: [[Int32]], keys: [UInt64], interrupted: () -> Bool = { false }) -> Bool {
        precondition(sources.count == keys.count && sources.count <= Self.lanes)
        trials = sources.count
        lost.update(repeating: 0, count: snapshot.assetCount)
        for (j, list) in sources.enumerated() {
            for a in list { lost[Int(a)] |= 1 &<< UInt64(j) }
        }
        drawAll(keys)
        return pull.offsets.withUnsafeBufferPointer { offsets in
            pull.entries.withUnsafeBufferPointer { entries in
                var changed = true
                while changed {
                    if interrupted() { return false }
                    changed = sweep(offsets: offsets, entries: entries)
                }
                return true
            }
        }
    }

    /// Packs every trial's draw for every dependency into `carries`.
    private func drawAll(_ keys: [UInt64]) {
        pull.arcs.withUnsafeBufferPointer { arcs in
            pull.strength.withUnsafeBufferPointer { strength in
                keys.withUnsafeBufferPointer { keys in
                    for i in 0..<arcs.count {
                        guard arcs[i] >= 0 else { carries[i] = 0; continue }
                        let edge = UInt64(arcs[i]), bound = CounterRandom.drawBound(strength: strength[i])
                        var mask: UInt64 = 0
                        // Without a branch on the draw, which no processor can predict.
                        for j in 0..<keys.count {
                            let bit: UInt64 = CounterRandom.carries(cascade: keys[j], edge: edge, below: bound) ? 1 : 0
                            mask |= bit &<< UInt64(j)
                        }
                        carries[i] = mask
                    }
                }
            }
        }
    }

    /// One pass over the assets in index order; true when some asset's lost set grew.
    @inline(__always)
    private func sweep(offsets: UnsafeBufferPointer<Int32>, entries: UnsafeBufferPointer<Int32>) -> Bool {
        let lost = lost, carries = carries
        var changed = false
        for d in 0..<snapshot.assetCount {
            let before = lost[d]
            var now = before
            var i = Int(offsets[d])
            let end = Int(offsets[d + 1])
            while i < end {
                let p = entries[i]
                if p >= 0 {
                    now |= lost[Int(p)] & carries[i]
                    i += 1
                    continue
                }
                // A redundancy group of -p members: lost in the trials where every member is.
                var group = UInt64.max
                for k in i + 1...i + Int(-p) { group &= lost[Int(entries[k])] & carries[k] }
                now |= group
                i += 1 + Int(-p)
            }
            if now != before { lost[d] = now; changed = true }
        }
        return changed
    }

    /// Per trial of the last run: the assets it lost and the people they serve (summed in
    /// index order); adds to `hits[i]` the number of trials that lost asset i.
    func outcomes(hits: UnsafeMutablePointer<Int32>?) -> [(affected: Int32, population: Double)] {
        var out = [(affected: Int32, population: Double)](repeating: (0, 0), count: trials)
        snapshot.population.withUnsafeBufferPointer { people in
            for i in 0..<snapshot.assetCount {
                var bits = lost[i]
                if let hits { hits[i] &+= Int32(bits.nonzeroBitCount) }
                while bits != 0 {
                    let j = bits.trailingZeroBitCount
                    bits &= bits &- 1
                    out[j].affected += 1
                    out[j].population += people[i]
                }
            }
        }
        return out
    }
}
