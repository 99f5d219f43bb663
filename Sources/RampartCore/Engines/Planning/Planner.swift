/// Budget-constrained choice of measure applications (DESIGN §5.11): maximise the drop in total
/// expected annual loss against the current scenario, within a budget, with interactions
/// between measures counted (risk is re-evaluated for every combination, not summed).
struct Planner {
    /// One application that may enter the plan.
    struct Candidate {
        let application: Int
        let cost: Double
        /// The pairs whose risk it can change: those on its asset and those whose cascade reaches it.
        let influence: Set<Int>
    }

    /// The chosen applications, the risk reduction of the whole set, and the bound that
    /// certifies it (equal to the reduction when the search was exact).
    struct Plan {
        let chosen: [Int]
        let reduction: Double
        let upperBound: Double
        let exact: Bool
        let evaluations: Int
    }

    let engine: RiskEngine
    let base: [PairRisk]
    let current: [Bool]
    var evaluations = 0

    init(engine: RiskEngine) {
        self.engine = engine
        current = engine.active(.current)
        base = engine.evaluate(current, recordReach: true)
    }

    /// The candidates among applications, with the pairs each can influence.
    func candidates(eligible: (RiskInputs.Application) -> Bool, cost: (RiskInputs.Application) -> Double) -> [Candidate] {
        var reachedBy: [Int: [Int]] = [:]
        for (k, p) in base.enumerated() {
            reachedBy[p.asset, default: []].append(k)
            for a in p.reach { reachedBy[Int(a), default: []].append(k) }
        }
        return engine.inputs.applications.enumerated().compactMap { k, app in
            guard !current[k], app.status != "rejected", eligible(app) else { return nil }
            return Candidate(application: k, cost: cost(app), influence: Set(reachedBy[app.asset] ?? []))
        }
    }

    /// Risk reduction of adding `set` (indices into `cands`) to the current scenario.
    mutating func reduction(_ set: [Int], _ cands: [Candidate]) -> Double {
        guard !set.isEmpty else { return 0 }
        evaluations += 1
        var active = current
        var touched = Set<Int>()
        for i in set { active[cands[i].application] = true; touched.formUnion(cands[i].influence) }
        let pairs = touched.sorted()
        let after = engine.evaluate(active, only: pairs, threads: 1)
        var drop = 0.0
        for (k, p) in zip(pairs, after) { drop += base[k].eal - p.eal }
        return drop
    }

    /// Branch and bound over the candidates: exact. The bound of a node is the reduction of
    /// adding every remaining candidate that still fits the budget on its own, valid because
    /// adding measures never raises risk.
    mutating func exact(_ cands: [Candidate], budget: Double, required: [Int]) -> Plan {
        let requiredCost = required.reduce(0) { $0 + cands[$1].cost }
        let optional = cands.indices.filter { !required.contains($0) }
        var single: [Int: Double] = [:]
        for i in optional { single[i] = reduction(required + [i], cands) }
        let order = optional.sorted { (single[$0]! / max(cands[$0].cost, 1e-9), -$0) > (single[$1]! / max(cands[$1].cost, 1e-9), -$1) }
        var best = (set: required, value: reduction(required, cands))
        var chosen = required
        func search(_ position: Int, _ used: Double, _ value: Double) {
            if value > best.value + 1e-9 { best = (chosen, value) }
            guard position < order.count else { return }
            let fitting = order[position...].filter { used + cands[$0].cost <= budget + 1e-9 }
            guard !fitting.isEmpty else { return }
            let bound = reduction(chosen + fitting, cands)
            guard bound > best.value + 1e-9 else { return }
            let c = order[position]
            if used + cands[c].cost <= budget + 1e-9 {
                chosen.append(c)
                search(position + 1, used + cands[c].cost, reduction(chosen, cands))
                chosen.removeLast()
            }
            search(position + 1, used, value)
        }
        search(0, requiredCost, best.value)
        return Plan(chosen: best.set, reduction: best.value, upperBound: best.value, exact: true, evaluations: evaluations)
    }

    /// Greedy by marginal reduction per unit cost, re-evaluated with interactions as it goes
    /// (lazily: a candidate's last known gain is an optimistic estimate, refreshed only when it
    /// reaches the top). `chosen` comes out in the order of picking. The gap to the optimum is
    /// bounded by the reduction of every candidate that fits the budget on its own (a superset of
    /// any feasible plan).
    mutating func greedy(_ cands: [Candidate], budget: Double, required: [Int]) -> Plan {
        var chosen = required
        var used = required.reduce(0) { $0 + cands[$1].cost }
        var value = reduction(chosen, cands)
        var gain: [Int: Double] = [:]
        for i in cands.indices where !required.contains(i) { gain[i] = reduction(chosen + [i], cands) - value }
        var fresh = Set(gain.keys)
        while true {
            let affordable = gain.keys.filter { used + cands[$0].cost <= budget + 1e-9 }
            guard let top = affordable.max(by: { (gain[$0]! / max(cands[$0].cost, 1e-9), -$0) < (gain[$1]! / max(cands[$1].cost, 1e-9), -$1) }),
                  gain[top]! > 1e-9 else { break }
            if !fresh.contains(top) {
                gain[top] = reduction(chosen + [top], cands) - value
                fresh.insert(top)
                continue
            }
            chosen.append(top)
            used += cands[top].cost
            value += gain[top]!
            gain[top] = nil
            fresh = []
        }
        let fitting = cands.indices.filter { required.contains($0) || required.reduce(0, { $0 + cands[$1].cost }) + cands[$0].cost <= budget + 1e-9 }
        let bound = max(value, reduction(fitting, cands))
        return Plan(chosen: chosen, reduction: reduction(chosen, cands), upperBound: bound, exact: false, evaluations: evaluations)
    }
}
