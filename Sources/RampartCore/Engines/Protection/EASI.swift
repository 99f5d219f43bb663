#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A protection layer as EASI sees it: detection probability, delay (mean, sd) in hours, and
/// where in the task detection happens.
public struct ProtectionLayer: Sendable, Equatable {
    public let id: String
    public let order: Int
    public let name: String
    public let pd: Double
    public let delay: Double
    public let delaySD: Double
    /// B, M or E.
    public let location: String
    /// Access level that passes the layer (0: nobody).
    public let bypass: Int
    /// Whether the layer also detects insiders who have access (two-person rule, logging, searches).
    public let insiderControl: Bool

    /// Share of the task's delay still ahead of the adversary when detection happens: B 1, M 0.5, E 0.
    public var weight: Double { location == "B" ? 1 : (location == "E" ? 0 : 0.5) }
}

/// The response force of a site.
public struct ResponseForce: Sendable, Equatable {
    public let rft: Double
    public let rftSD: Double
    public let pComm: Double
    public let pNeutralise: Double
}

/// Estimate of Adversary Sequence Interruption (EASI), after Bennett (1977) and Garcia, *The
/// Design and Evaluation of Physical Protection Systems* (2nd ed., 2008), in the form of DESIGN
/// §5.8: P_I = P_C Σ_i P_D,i Π_{j<i} (1 − P_D,j) Φ((E[T_i] − E[RFT]) / √(Var T_i + Var RFT)),
/// with T_i = w_i t_i + Σ_{k>i} t_k the delay still ahead after detection at task i.
public enum EASI {
    /// One task's part in P_I.
    public struct Step: Sendable, Equatable {
        public let layer: ProtectionLayer
        /// Probability the adversary reaches this task undetected.
        public let undetectedBefore: Double
        public let remainingMean: Double
        public let remainingVariance: Double
        /// Φ(z): the chance the response arrives in time when detection happens here.
        public let timely: Double
        /// P_C × P_D × undetected before × Φ(z).
        public let contribution: Double
    }

    /// The evaluation of one path.
    public struct Evaluation: Sendable, Equatable {
        public let steps: [Step]
        public let pI: Double
        /// 1 − P_I × P_N.
        public let vulnerability: Double
        /// The last task at which detection still beats the mean response time, if any.
        public let criticalDetectionPoint: Int?
    }

    /// Standard normal distribution function.
    public static func phi(_ z: Double) -> Double { 0.5 * erfc(-z / 2.0.squareRoot()) }

    /// Evaluates one path (layers in the adversary's order).
    public static func evaluate(_ path: [ProtectionLayer], response r: ResponseForce) -> Evaluation {
        var steps: [Step] = []
        var undetected = 1.0, total = 0.0
        var cdp: Int?
        for (i, layer) in path.enumerated() {
            var mean = layer.weight * layer.delay
            var variance = layer.weight * layer.weight * layer.delaySD * layer.delaySD
            for later in path[(i + 1)...] {
                mean += later.delay
                variance += later.delaySD * later.delaySD
            }
            let spread = (variance + r.rftSD * r.rftSD).squareRoot()
            let timely: Double = spread > 0 ? phi((mean - r.rft) / spread) : (mean > r.rft ? 1 : (mean == r.rft ? 0.5 : 0))
            let contribution = r.pComm * layer.pd * undetected * timely
            if mean >= r.rft { cdp = i }
            steps.append(Step(layer: layer, undetectedBefore: undetected, remainingMean: mean, remainingVariance: variance,
                              timely: timely, contribution: contribution))
            total += contribution
            undetected *= 1 - layer.pd
        }
        return Evaluation(steps: steps, pI: total, vulnerability: 1 - total * r.pNeutralise, criticalDetectionPoint: cdp)
    }

    /// The adversary's choice: among the alternatives at each order (layers sharing an order),
    /// the combination with the least P_I. Returns it evaluated. Layers an insider's access
    /// covers are passed undetected and undelayed unless they are insider controls.
    public static func weakestPath(_ layers: [ProtectionLayer], response: ResponseForce, insiderAccess: Int? = nil) -> Evaluation {
        var effective = layers
        if let access = insiderAccess {
            effective = layers.compactMap { l in
                (l.bypass > 0 && access >= l.bypass && !l.insiderControl) ? nil : l
            }
        }
        let orders = Array(Set(effective.map(\.order))).sorted()
        let choices = orders.map { o in effective.filter { $0.order == o }.sorted { $0.id < $1.id } }
        var best: Evaluation?
        var pick = [Int](repeating: 0, count: choices.count)
        let combinations = choices.reduce(1) { $0 * max(1, $1.count) }
        for _ in 0..<min(combinations, 1 << 20) {
            let path = zip(choices, pick).map { $0[$1] }
            let e = evaluate(path, response: response)
            if best == nil || e.pI < best!.pI { best = e }
            // Next combination (odometer).
            var k = choices.count - 1
            while k >= 0 {
                pick[k] += 1
                if pick[k] < choices[k].count { break }
                pick[k] = 0
                k -= 1
            }
        }
        return best ?? evaluate([], response: response)
    }
}
