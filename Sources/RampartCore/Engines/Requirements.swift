import Synchronization

/// What each asset needs in order to work (DESIGN §5.4): its critical dependencies, with the
/// critical dependencies of one redundancy group folded into one requirement (any one provider
/// of the group suffices). Built once per snapshot and threshold.
public struct Requirements: Sendable {
    /// requirementOffsets[d]..<requirementOffsets[d+1] are the requirements of asset d.
    public let requirementOffsets: [Int32]
    /// memberOffsets[r]..<memberOffsets[r+1] index `memberEdges`: the dependencies of requirement r.
    public let memberOffsets: [Int32]
    /// Edge indices of the snapshot, grouped by requirement.
    public let memberEdges: [Int32]
    /// The requirement each edge belongs to, or -1 when the edge is not critical.
    public let edgeRequirement: [Int32]
    /// What a cascade search reads of one critical dependency (16 bytes): its dependent,
    /// strength and buffer. The rest is kept aside by arc position (`arcGroup`, `arcEdge`),
    /// since the searches rarely need it. In a simulation's draws the arc's position stands for
    /// the dependency: a simulation's requirements have threshold 0, and then every dependency is
    /// critical and arc k is snapshot dependency k.
    public struct Arc: Sendable, GroupFlagged {
        /// The dependent asset, with the sign bit set when the arc belongs to a redundancy group.
        var target: Int32
        /// The dependency's strength (the chance it carries the loss in simulations).
        public var strength: Float
        /// The buffer: hours between the provider's loss and the dependent's.
        public var delay: Double

        init(dependent: Int32, grouped: Bool, strength: Float, delay: Double) {
            target = grouped ? dependent | Int32.min : dependent
            self.strength = strength
            self.delay = delay
        }
    }
    /// What a search with time out of play reads of one critical dependency (8 bytes): an `Arc`
    /// without the buffer.
    public struct ReachArc: Sendable, GroupFlagged {
        /// As in `Arc`: the dependent, with the sign bit set for an arc of a redundancy group.
        var target: Int32
        /// The dependency's strength.
        public var strength: Float
    }
    /// The critical dependencies by provider: those of asset p are
    /// `arcs[arcOffsets[p]..<arcOffsets[p+1]]`, in snapshot order. Dependencies below the
    /// threshold carry no loss and are left out, so a search never reads them.
    public let arcOffsets: [Int32]
    /// The `Arc`s, with the snapshot's buffers (`arcs(delays:)` gives them with others).
    public let arcs: [Arc]
    /// Per arc: `alone` (the dependency is a requirement by itself) or the number of its
    /// redundancy group (an index into `groupSize`).
    public let arcGroup: [Int32]
    /// Per arc: the dependency's index in the snapshot.
    public let arcEdge: [Int32]
    /// The same dependencies as `ReachArc`s, for `ReachKernel`: built on first use (the timed
    /// searches of cascades, risk and the annual simulation never need them) and then kept.
    public var reachArcs: [ReachArc] {
        reachArcCache.value { arcs.map { ReachArc(target: $0.target, strength: $0.strength) } }
    }
    private let reachArcCache = Memo<[ReachArc]>()
    /// The most critical dependencies that one asset provides, counted on first use.
    var mostArcsOfOneProvider: Int {
        mostArcsCache.value { zip(arcOffsets.dropFirst(), arcOffsets).reduce(0) { max($0, Int($1.0 - $1.1)) } }
    }
    private let mostArcsCache = Memo<Int>()

    /// The requirements by dependent, for searches that ask of each asset which of its
    /// requirements are lost (`ReachBatch`): asset d's entries are
    /// `entries[offsets[d]..<offsets[d+1]]`, each the provider of a requirement of one
    /// dependency, or -m heading a redundancy group whose m providers follow.
    struct PullLayout: Sendable {
        let offsets: [Int32]
        let entries: [Int32]
        /// Per entry: the dependency's arc position (which names it in a simulation's draws),
        /// -1 for a group's heading.
        let arcs: [Int32]
        /// Per entry: the dependency's strength (0 for a heading).
        let strength: [Float]
    }

    /// The `PullLayout` of these requirements over snapshot `s`, built on first use.
    func pullLayout(_ s: Snapshot) -> PullLayout {
        pullCache.value {
            var arcOf = [Int32](repeating: -1, count: s.dependencyCount)
            for (k, e) in arcEdge.enumerated() { arcOf[Int(e)] = Int32(k) }
            let providerOf = CascadeEngine.providers(s)
            var offsets = [Int32](repeating: 0, count: s.assetCount + 1)
            var entries: [Int32] = [], arcs: [Int32] = [], strength: [Float] = []
            entries.reserveCapacity(memberEdges.count); arcs.reserveCapacity(memberEdges.count); strength.reserveCapacity(memberEdges.count)
            for d in 0..<s.assetCount {
                for r in Int(requirementOffsets[d])..<Int(requirementOffsets[d + 1]) {
                    let lo = Int(memberOffsets[r]), hi = Int(memberOffsets[r + 1])
                    if hi - lo > 1 { entries.append(Int32(lo - hi)); arcs.append(-1); strength.append(0) }
                    for e in memberEdges[lo..<hi].map(Int.init) {
                        entries.append(providerOf[e])
                        arcs.append(arcOf[e])
                        strength.append(self.arcs[Int(arcOf[e])].strength)
                    }
                }
                offsets[d + 1] = Int32(entries.count)
            }
            return PullLayout(offsets: offsets, entries: entries, arcs: arcs, strength: strength)
        }
    }
    private let pullCache = Memo<PullLayout>()
    /// The number of providers of each redundancy group (a requirement of more than one
    /// dependency), numbered in requirement order.
    public let groupSize: [Int32]
    /// `Arc.group` of a dependency that is a requirement on its own.
    public static let alone: Int32 = -1
    /// The dependent of each requirement.
    public let requirementOwner: [Int32]
    /// The threshold the requirements were built with.
    public let threshold: Double

    /// Number of requirements.
    public var count: Int { requirementOwner.count }

    /// Folds the critical in-edges of every asset into requirements.
    public init(_ s: Snapshot, threshold: Double) {
        self.threshold = threshold
        let n = s.assetCount
        var reqOffsets = [Int32](repeating: 0, count: n + 1)
        var memberOffsets: [Int32] = [0]
        var members: [Int32] = []
        var owner: [Int32] = []
        var edgeReq = [Int32](repeating: -1, count: s.dependencyCount)
        members.reserveCapacity(s.dependencyCount)
        var groupSlot: [Int32: Int] = [:]
        for d in 0..<n {
            groupSlot.removeAll(keepingCapacity: true)
            var pending: [[Int32]] = []
            for k in Int(s.inOffsets[d])..<Int(s.inOffsets[d + 1]) {
                let e = s.inEdges[k]
                // Strengths are stored as 32-bit floats: compare in that precision, so that a
                // strength written 0.7 meets a threshold written 70%.
                guard s.strength[Int(e)] >= Float(threshold) else { continue }
                let g = s.group[Int(e)]
                if g >= 0, let slot = groupSlot[g] {
                    pending[slot].append(e)
                } else {
                    if g >= 0 { groupSlot[g] = pending.count }
                    pending.append([e])
                }
            }
            for req in pending {
                let r = Int32(owner.count)
                owner.append(Int32(d))
                for e in req { edgeReq[Int(e)] = r; members.append(e) }
                memberOffsets.append(Int32(members.count))
            }
            reqOffsets[d + 1] = Int32(owner.count)
        }
        requirementOffsets = reqOffsets
        self.memberOffsets = memberOffsets
        memberEdges = members
        edgeRequirement = edgeReq
        requirementOwner = owner
        // The group of every critical edge, then the critical edges packed by provider.
        var edgeGroup = [Int32](repeating: Self.alone, count: s.dependencyCount)
        var groupSize: [Int32] = []
        for r in 0..<owner.count {
            let lo = Int(memberOffsets[r]), hi = Int(memberOffsets[r + 1])
            guard hi - lo > 1 else { continue }
            for k in lo..<hi { edgeGroup[Int(members[k])] = Int32(groupSize.count) }
            groupSize.append(Int32(hi - lo))
        }
        self.groupSize = groupSize
        var arcOffsets = [Int32](repeating: 0, count: n + 1)
        var arcs: [Arc] = [], arcGroup: [Int32] = [], arcEdge: [Int32] = []
        arcs.reserveCapacity(members.count); arcGroup.reserveCapacity(members.count); arcEdge.reserveCapacity(members.count)
        for p in 0..<n {
            for e in Int(s.outOffsets[p])..<Int(s.outOffsets[p + 1]) where edgeReq[e] >= 0 {
                arcs.append(Arc(dependent: s.dependent[e], grouped: edgeGroup[e] != Self.alone, strength: s.strength[e], delay: s.delay[e]))
                arcGroup.append(edgeGroup[e])
                arcEdge.append(Int32(e))
            }
            arcOffsets[p + 1] = Int32(arcs.count)
        }
        self.arcOffsets = arcOffsets
        self.arcs = arcs
        self.arcGroup = arcGroup
        self.arcEdge = arcEdge
    }

    /// The `arcs` with other buffers (`delay[e]` for snapshot edge e): a scenario's, say. Build
    /// them once and hand them to every kernel of a run. Where no buffer differs, this is
    /// `arcs` itself, shared rather than copied.
    public func arcs(delays delay: [Double]) -> [Arc] {
        if arcs.indices.allSatisfy({ arcs[$0].delay == delay[Int(arcEdge[$0])] }) { return arcs }
        return arcs.indices.map { k in var b = arcs[k]; b.delay = delay[Int(arcEdge[k])]; return b }
    }
}

/// A value computed on first use and shared by every copy of the struct that holds it, safely
/// from any thread.
final class Memo<Value: Sendable>: Sendable {
    private let stored = Mutex<Value?>(nil)

    /// The value, made by `make` on the first call.
    func value(_ make: () -> Value) -> Value {
        stored.withLock { stored in
            if let v = stored { return v }
            let v = make()
            stored = v
            return v
        }
    }
}

/// An arc record whose `target` is its dependent with the sign bit set when the arc belongs to a
/// redundancy group (`Requirements.Arc`, `Requirements.ReachArc`; `arcGroup` says which group).
protocol GroupFlagged {
    var target: Int32 { get }
}

extension GroupFlagged {
    /// The dependent asset.
    var dependent: Int32 { target & Int32.max }
    /// Whether the arc belongs to a redundancy group.
    var grouped: Bool { target < 0 }
}
