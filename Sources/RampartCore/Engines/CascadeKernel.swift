/// A reusable workspace for running many single-window cascades quickly (criticality, Monte
/// Carlo): the shared-window search of `CascadeEngine.sharedWindow`, with scratch arrays that
/// are reset only where a run touched them, and an edge filter so that a simulation can decide
/// per trial which dependencies carry the loss.
final class CascadeKernel {
    let snapshot: Snapshot
    let requirements: Requirements
    /// The buffer of each dependency: the snapshot's, or a scenario's (measures adding buffers).
    let delay: [Double]
    private(set) var down: [Double]
    private var settled: [Bool]
    private var arrivals: [Int32]
    private var latest: [Double]
    private var isSource: [Bool]
    /// Assets settled by the last run, in order of their outage start.
    private(set) var affected: [Int32] = []
    private var touchedRequirements: [Int32] = []
    private var heap = MinHeap()

    init(_ s: Snapshot, _ req: Requirements, delay: [Double]? = nil) {
        snapshot = s
        requirements = req
        self.delay = delay ?? s.delay
        down = [Double](repeating: .infinity, count: s.assetCount)
        settled = [Bool](repeating: false, count: s.assetCount)
        isSource = [Bool](repeating: false, count: s.assetCount)
        arrivals = [Int32](repeating: 0, count: req.count)
        latest = [Double](repeating: -.infinity, count: req.count)
    }

    /// Runs a cascade in which `sources` are lost over [0, duration); a dependency carries the
    /// loss when it belongs to a requirement and `carries(edge)` says so; `delayOf` can replace
    /// the buffers (sampled delays). Afterwards `affected`
    /// lists the assets lost, each from `down[i]` until `duration`.
    /// Whether the last run stopped at its budget before the cascade was complete.
    private(set) var truncated = false

    func run(sources: [Int32], duration: Double, carries: (Int) -> Bool, delayOf: ((Int) -> Double)? = nil, budget: Int = .max) {
        reset()
        truncated = false
        guard duration > 0 else { return }
        for src in sources where !isSource[Int(src)] {
            isSource[Int(src)] = true
            down[Int(src)] = 0
            heap.push(0, src)
        }
        let s = snapshot, req = requirements
        while let (t, node) = heap.pop() {
            let p = Int(node)
            if settled[p] || t > down[p] { continue }
            if affected.count >= budget {
                // Another asset would go down: the cascade is cut here. Clear what is pending.
                truncated = true
                down[p] = .infinity
                isSource[p] = false
                while let (_, rest) = heap.pop() {
                    if settled[Int(rest)] { continue }
                    down[Int(rest)] = .infinity
                    isSource[Int(rest)] = false
                }
                break
            }
            settled[p] = true
            affected.append(node)
            for e in Int(s.outOffsets[p])..<Int(s.outOffsets[p + 1]) {
                let q = Int(req.edgeRequirement[e])
                if q < 0 { continue }
                let d = Int(s.dependent[e])
                if settled[d] || isSource[d] || !carries(e) { continue }
                var arrive = t + (delayOf?(e) ?? delay[e])
                let size = Int(req.memberOffsets[q + 1] - req.memberOffsets[q])
                if size > 1 {
                    if arrivals[q] == 0 { touchedRequirements.append(Int32(q)) }
                    arrivals[q] += 1
                    latest[q] = max(latest[q], arrive)
                    guard Int(arrivals[q]) == size else { continue }
                    arrive = latest[q]
                }
                if arrive < duration && arrive < down[d] {
                    down[d] = arrive
                    heap.push(arrive, Int32(d))
                }
            }
        }
    }

    /// What the last run cost when every lost asset stays down until `duration` (DESIGN §5.1):
    /// the people its assets serve, the person-hours of lost service and the disruption
    /// (population × hours × `personHourValue` + economic value × hours / 24).
    func loss(duration: Double, personHourValue: Double) -> (population: Double, personHours: Double, disruption: Double) {
        var population = 0.0, hours = 0.0, disruption = 0.0
        for i in affected {
            let a = Int(i)
            let h = duration - down[a]
            population += snapshot.population[a]
            hours += snapshot.population[a] * h
            disruption += snapshot.population[a] * h * personHourValue + snapshot.economicValue[a] * h / 24
        }
        return (population, hours, disruption)
    }

    /// Clears what the last run touched (every asset given a finite `down` is settled before the
    /// heap runs dry, so the affected list covers them all).
    private func reset() {
        for i in affected { down[Int(i)] = .infinity; settled[Int(i)] = false; isSource[Int(i)] = false }
        for q in touchedRequirements { arrivals[Int(q)] = 0; latest[Int(q)] = -.infinity }
        affected.removeAll(keepingCapacity: true)
        touchedRequirements.removeAll(keepingCapacity: true)
    }
}
