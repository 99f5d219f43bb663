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
    /// What the cascade kernel reads of one dependency, packed so that one memory access brings it.
    public struct Link: Sendable {
        /// The dependent asset.
        public var dependent: Int32
        /// `notCritical`, `alone` (the dependency is a requirement by itself) or the number of
        /// the redundancy group it belongs to (an index into `groupSize`).
        public var group: Int32
        /// The dependency's strength (the chance it carries the loss in simulations).
        public var strength: Float
    }
    /// A `Link` per edge of the snapshot, in its order (by provider).
    public let links: [Link]
    /// The number of providers of each redundancy group (a requirement of more than one
    /// dependency), numbered in requirement order.
    public let groupSize: [Int32]
    /// `Link.group` of an edge below the threshold.
    public static let notCritical: Int32 = -2
    /// `Link.group` of an edge that is a requirement on its own.
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
        var links = (0..<s.dependencyCount).map { e in Link(dependent: s.dependent[e], group: Self.notCritical, strength: s.strength[e]) }
        var groupSize: [Int32] = []
        for r in 0..<owner.count {
            let lo = Int(memberOffsets[r]), hi = Int(memberOffsets[r + 1])
            var group = Self.alone
            if hi - lo > 1 { group = Int32(groupSize.count); groupSize.append(Int32(hi - lo)) }
            for k in lo..<hi { links[Int(members[k])].group = group }
        }
        self.groupSize = groupSize
        self.links = links
    }
}
