/// The cascade engines of DESIGN §5.4: the least fixed point of outage windows over critical
/// dependencies, with buffers (delays), redundancy groups and cycles.
///
/// - `reference`: the plain fixed-point iteration of the equations, the yardstick for tests.
/// - `sharedWindow`: when every initiating event has the same window [s, s+T), every outage
///   ends at s+T and the starts are a shortest-path problem over delays in which a redundancy
///   group arrives at the latest of its providers (Knuth's generalisation of Dijkstra to such
///   "superior" functions), bounded by T.
/// - `labelCorrecting`: the general case; a worklist re-evaluates an asset whenever one of its
///   providers' windows grew.
public enum CascadeEngine {
    /// Runs the fastest correct algorithm for the events; `kernel` (built over `s` and `req`)
    /// saves allocating a workspace when a caller keeps one.
    public static func run(_ s: Snapshot, _ req: Requirements, events: [InitiatingEvent]) -> CascadeResult {
        run(s, req, events: events, kernel: nil)
    }

    static func run(_ s: Snapshot, _ req: Requirements, events: [InitiatingEvent], kernel: CascadeKernel?) -> CascadeResult {
        guard !events.isEmpty else { return CascadeResult(count: s.assetCount) }
        return shareOneWindow(events) ? sharedWindow(s, req, events: events, kernel: kernel) : labelCorrecting(s, req, events: events)
    }

    /// Whether every event has the same start and duration (the shared-window search applies).
    static func shareOneWindow(_ events: [InitiatingEvent]) -> Bool {
        events.allSatisfy { $0.start == events[0].start && $0.duration == events[0].duration }
    }

    /// Runs events that share one window on `kernel` (or a new one), which then holds the
    /// cascade; nil when the window is empty and nothing is lost.
    static func runSharedWindow(_ s: Snapshot, _ req: Requirements, events: [InitiatingEvent], kernel given: CascadeKernel?) -> CascadeKernel? {
        guard let first = events.first, first.duration > 0 else { return nil }
        let kernel = given ?? CascadeKernel(s, req)
        kernel.run(sources: events.map(\.asset), duration: first.duration, carries: { _, _ in true })
        return kernel
    }

    /// Sets the windows of the initiating assets (several events on one asset merge into their hull).
    static func initiate(_ r: inout CascadeResult, _ events: [InitiatingEvent]) {
        for e in events where e.duration > 0 {
            let i = Int(e.asset)
            r.initiating[i] = true
            r.down[i] = min(r.down[i], e.start)
            r.up[i] = max(r.up[i], e.start + e.duration)
        }
    }

    /// The loss window of requirement `q` under the current windows: the intersection over its
    /// providers of [down + delay, up). Returns nil when it is empty.
    @inline(__always)
    static func lossWindow(_ s: Snapshot, _ req: Requirements, _ q: Int, _ r: CascadeResult, providers: [Int32],
                           carries: (Int) -> Bool = { _ in true }) -> (Double, Double)? {
        var start = -Double.infinity, end = Double.infinity
        for k in Int(req.memberOffsets[q])..<Int(req.memberOffsets[q + 1]) {
            let e = Int(req.memberEdges[k])
            // A dependency that does not carry the loss leaves its provider available.
            if !carries(e) { return nil }
            let p = Int(providers[e])
            start = max(start, r.down[p] + s.delay[e])
            end = min(end, r.up[p])
            if start >= end { return nil }
        }
        return (start, end)
    }

    /// The window of a non-initiating asset from its requirements: the hull of their non-empty
    /// loss windows, with the requirement that starts it.
    @inline(__always)
    static func window(of d: Int, _ s: Snapshot, _ req: Requirements, _ r: CascadeResult, providers: [Int32],
                       carries: (Int) -> Bool = { _ in true }) -> (Double, Double, Int32) {
        var down = Double.infinity, up = -Double.infinity, cause: Int32 = -1
        for q in Int(req.requirementOffsets[d])..<Int(req.requirementOffsets[d + 1]) {
            guard let (a, b) = lossWindow(s, req, q, r, providers: providers, carries: carries) else { continue }
            if a < down { down = a; cause = Int32(q) }
            up = max(up, b)
        }
        return (down, up, cause)
    }

    /// The provider of every edge, expanded from the CSR offsets.
    public static func providers(_ s: Snapshot) -> [Int32] {
        var out = [Int32](repeating: 0, count: s.dependencyCount)
        for p in 0..<s.assetCount {
            for e in Int(s.outOffsets[p])..<Int(s.outOffsets[p + 1]) { out[e] = Int32(p) }
        }
        return out
    }

    /// Plain fixed-point iteration: apply the equations to every asset until nothing changes.
    /// `carries` can block dependencies (a Monte Carlo trial's draw); a blocked one never carries loss.
    public static func reference(_ s: Snapshot, _ req: Requirements, events: [InitiatingEvent],
                                 carries: (Int) -> Bool = { _ in true }) -> CascadeResult {
        var r = CascadeResult(count: s.assetCount)
        initiate(&r, events)
        let providers = providers(s)
        var changed = true
        while changed {
            changed = false
            for d in 0..<s.assetCount where !r.initiating[d] {
                let (down, up, cause) = window(of: d, s, req, r, providers: providers, carries: carries)
                guard down < up else { continue }
                if down != r.down[d] || up != r.up[d] {
                    r.down[d] = down
                    r.up[d] = up
                    r.cause[d] = cause
                    changed = true
                }
            }
        }
        return r
    }

    /// General case: a worklist of assets whose window grew; their dependents are re-evaluated.
    public static func labelCorrecting(_ s: Snapshot, _ req: Requirements, events: [InitiatingEvent]) -> CascadeResult {
        var r = CascadeResult(count: s.assetCount)
        initiate(&r, events)
        let providers = providers(s)
        var queue: [Int32] = []
        var queued = [Bool](repeating: false, count: s.assetCount)
        for i in 0..<s.assetCount where r.initiating[i] { queue.append(Int32(i)); queued[i] = true }
        var head = 0
        while head < queue.count {
            let p = Int(queue[head])
            head += 1
            queued[p] = false
            for e in Int(s.outOffsets[p])..<Int(s.outOffsets[p + 1]) where req.edgeRequirement[e] >= 0 {
                let d = Int(s.dependent[e])
                if r.initiating[d] { continue }
                let (down, up, cause) = window(of: d, s, req, r, providers: providers)
                guard down < up, down < r.down[d] || up > r.up[d] else { continue }
                r.down[d] = min(down, r.down[d])
                r.up[d] = max(up, r.up[d])
                if down <= r.down[d] { r.cause[d] = cause }
                if !queued[d] { queued[d] = true; queue.append(Int32(d)) }
            }
            if head > 4096 && head * 2 > queue.count {
                queue.removeFirst(head)
                head = 0
            }
        }
        return r
    }

    /// All events share one window [s, s+T): every outage ends at s+T and the starts are a
    /// bounded shortest-path search from s, which `CascadeKernel` runs.
    public static func sharedWindow(_ s: Snapshot, _ req: Requirements, events: [InitiatingEvent]) -> CascadeResult {
        sharedWindow(s, req, events: events, kernel: nil)
    }

    /// Calls `body(asset, down, up)` for every asset the events take down, without building a
    /// `CascadeResult` when they share a window (the kernel's own state is read in place: on a
    /// graph of a million assets that saves filling four arrays of that length). Assets come in
    /// index order.
    static func forEachOutage(_ s: Snapshot, _ req: Requirements, events: [InitiatingEvent], kernel given: CascadeKernel?,
                              _ body: (Int, Double, Double) -> Void) {
        guard let first = events.first else { return }
        guard shareOneWindow(events) else {
            let r = labelCorrecting(s, req, events: events)
            for i in 0..<s.assetCount where r.isAffected(i) { body(i, r.down[i], r.up[i]) }
            return
        }
        guard let kernel = runSharedWindow(s, req, events: events, kernel: given) else { return }
        let end = first.start + first.duration
        kernel.forEachLost { i, down in body(i, first.start + down, end) }
    }

    static func sharedWindow(_ s: Snapshot, _ req: Requirements, events: [InitiatingEvent], kernel given: CascadeKernel?) -> CascadeResult {
        var r = CascadeResult(count: s.assetCount)
        guard let first = events.first, let kernel = runSharedWindow(s, req, events: events, kernel: given) else { return r }
        initiate(&r, events)
        let end = first.start + first.duration
        for i in kernel.affected.lazy.map(Int.init) where !r.initiating[i] {
            r.down[i] = first.start + kernel.down(i)
            r.up[i] = end
            r.cause[i] = kernel.cause(i)
        }
        return r
    }
}
