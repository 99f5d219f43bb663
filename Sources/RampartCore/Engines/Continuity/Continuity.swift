/// Business continuity (DESIGN §5.9, after ISO 22301): the achievable recovery time of each
/// asset once its dependencies are counted (eRTC), against its recovery time objective (RTO)
/// and maximum tolerable period of disruption (MTPD).
public enum Continuity {
    /// eRTC of every asset and what drives it.
    public struct Result: Sendable {
        /// Achievable recovery time, hours.
        public var ertc: [Double]
        /// The requirement that sets eRTC above the asset's own recovery, or -1.
        public var cause: [Int32]
    }

    /// The least fixed point of eRTC(d) = max(recovery(d), max over requirements r of eRTC(r)),
    /// where a requirement's eRTC is the least over its providers of their eRTC, a provider
    /// counting only when its eRTC exceeds the dependency's buffer (otherwise 0).
    public static func achievable(_ s: Snapshot, _ req: Requirements) -> Result {
        var e = s.recovery
        var cause = [Int32](repeating: -1, count: s.assetCount)
        var changed = true
        while changed {
            changed = false
            for d in 0..<s.assetCount {
                for q in Int(req.requirementOffsets[d])..<Int(req.requirementOffsets[d + 1]) {
                    let v = requirementTime(s, req, q, e)
                    if v > e[d] {
                        e[d] = v
                        cause[d] = Int32(q)
                        changed = true
                    }
                }
            }
        }
        return Result(ertc: e, cause: cause)
    }

    /// A requirement's eRTC and the edge that decides it (the provider that recovers first in a
    /// group; the only one otherwise).
    static func requirementTime(_ s: Snapshot, _ req: Requirements, _ q: Int, _ e: [Double]) -> Double {
        decidingEdge(s, req, q, e).time
    }

    static func decidingEdge(_ s: Snapshot, _ req: Requirements, _ q: Int, _ e: [Double]) -> (time: Double, edge: Int) {
        var best = Double.infinity, edge = -1
        for k in Int(req.memberOffsets[q])..<Int(req.memberOffsets[q + 1]) {
            let m = Int(req.memberEdges[k])
            let p = Int(s.provider(of: Int32(m)))
            let t = e[p] > s.delay[m] ? e[p] : 0
            if t < best { best = t; edge = m }
        }
        return (best == .infinity ? 0 : best, edge)
    }

    /// The chain of assets behind an asset's eRTC: the asset, the provider that sets it, and so on
    /// to the asset whose own recovery time is the cause.
    public static func chain(_ s: Snapshot, _ req: Requirements, _ r: Result, from start: Int) -> [Int] {
        var out = [start]
        var seen: Set<Int> = [start]
        var d = start
        while r.cause[d] >= 0 {
            let (_, edge) = decidingEdge(s, req, Int(r.cause[d]), r.ertc)
            guard edge >= 0 else { break }
            let p = Int(s.provider(of: Int32(edge)))
            guard seen.insert(p).inserted else { break }
            out.append(p)
            d = p
        }
        return out
    }
}
