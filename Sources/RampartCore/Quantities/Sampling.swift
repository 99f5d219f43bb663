#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// SplitMix64: a small, fast generator for one stream of draws (a simulated year of one pair).
public struct SplitMix: RandomNumberGenerator {
    var state: UInt64
    public init(seed: UInt64) { state = seed }
    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A uniform double in [0, 1).
    public mutating func uniform() -> Double { Double(next() >> 11) * (1.0 / 9_007_199_254_740_992.0) }

    /// A standard normal draw (Box–Muller).
    public mutating func normal() -> Double {
        let u1 = max(uniform(), 1e-300), u2 = uniform()
        return (-2 * log(u1)).squareRoot() * cos(2 * Double.pi * u2)
    }

    /// A Gamma(shape, 1) draw by Marsaglia and Tsang's method (shape ≥ 1; boosted below 1).
    public mutating func gamma(_ shape: Double) -> Double {
        if shape < 1 { return gamma(shape + 1) * pow(max(uniform(), 1e-300), 1 / shape) }
        let d = shape - 1.0 / 3, c = 1 / (9 * d).squareRoot()
        while true {
            var x = 0.0, v = 0.0
            repeat { x = normal(); v = 1 + c * x } while v <= 0
            v = v * v * v
            let u = uniform()
            if u < 1 - 0.0331 * x * x * x * x || log(max(u, 1e-300)) < 0.5 * x * x + d * (1 - v + log(v)) { return d * v }
        }
    }

    /// A Poisson(λ) count: inversion, adequate for the small rates of attack scenarios; counts
    /// beyond `Int.max` (an infinite λ, say) saturate there.
    public mutating func poisson(_ lambda: Double) -> Int {
        guard lambda > 0 else { return 0 }
        if lambda > 30 {
            // Normal approximation with continuity correction for large rates.
            let x = (lambda + lambda.squareRoot() * normal() + 0.5).rounded(.down)
            return x < 9.2e18 ? max(0, Int(x)) : Int.max
        }
        let limit = exp(-lambda)
        var k = 0, p = uniform()
        while p > limit { k += 1; p *= uniform() }
        return k
    }
}

extension Distribution {
    /// A draw from the distribution. PERT is the Beta-PERT with shape λ = 4 (α = 1 + 4(m − a)/(b − a),
    /// β = 1 + 4(b − m)/(b − a)); the lognormal is given by its 5th and 95th percentiles.
    public func sample(_ rng: inout SplitMix) -> Double {
        switch self {
        case .fixed(let v): return v
        case .uniform(let a, let b): return a + (b - a) * rng.uniform()
        case .triangular(let a, let m, let b):
            let u = rng.uniform(), f = (m - a) / (b - a)
            return u < f ? a + ((b - a) * (m - a) * u).squareRoot() : b - ((b - a) * (b - m) * (1 - u)).squareRoot()
        case .pert(let a, let m, let b):
            let alpha = 1 + 4 * (m - a) / (b - a), beta = 1 + 4 * (b - m) / (b - a)
            let x = rng.gamma(alpha), y = rng.gamma(beta)
            return a + (b - a) * x / (x + y)
        case .lognormal(let p5, let p95):
            let (mu, sigma) = Distribution.lognormalParameters(p5: p5, p95: p95)
            return exp(mu + sigma * rng.normal())
        }
    }
}
