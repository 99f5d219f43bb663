/// Counter-based random numbers: the value for (seed, stream, index) is a pure function of the
/// three, so simulations give the same numbers whatever the thread count or the split of trials
/// across processes (DESIGN §5.6).
public enum CounterRandom {
    /// SplitMix64's finaliser: a bijective 64-bit mix.
    @inline(__always)
    public static func mix(_ x: UInt64) -> UInt64 {
        var z = x &+ 0x9E37_79B9_7F4A_7C15
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// 64 random bits for (seed, stream, index).
    @inline(__always)
    public static func bits(_ seed: UInt64, _ stream: UInt64, _ index: UInt64) -> UInt64 {
        mix(mix(seed ^ 0x5241_4D50_4152_5421) ^ mix(stream &* 0xD6E8_FEB8_6659_FD93 ^ index))
    }

    /// A uniform double in [0, 1) for (seed, stream, index).
    @inline(__always)
    public static func uniform(_ seed: UInt64, _ stream: UInt64, _ index: UInt64) -> Double {
        Double(bits(seed, stream, index) >> 11) * (1.0 / 9_007_199_254_740_992.0)
    }

    /// The seed's part of `bits`, computed once per run: `uniform(keyed: key(seed), …)` equals
    /// `uniform(seed, …)`.
    @inline(__always)
    public static func key(_ seed: UInt64) -> UInt64 { mix(seed ^ 0x5241_4D50_4152_5421) }

    /// The key of one cascade's dependency draws (a Monte Carlo trial, an attack): a hash of the
    /// seed's key and the cascade's number.
    @inline(__always)
    public static func cascadeKey(_ seedKey: UInt64, _ cascade: UInt64) -> UInt64 {
        mix(seedKey ^ mix(cascade &* 0xD6E8_FEB8_6659_FD93))
    }

    /// The uniform in [0, 1) that decides whether dependency `edge` carries the loss in the cascade
    /// keyed `key`: output number edge + 1 of SplitMix64 started from `key`, one mix per draw.
    @inline(__always)
    public static func uniform(cascade key: UInt64, edge: UInt64) -> Double {
        Double(drawBits(cascade: key, edge: edge)) * (1.0 / 9_007_199_254_740_992.0)
    }

    /// The 53 bits behind `uniform(cascade:edge:)`: m, with the uniform m/2^53.
    @inline(__always)
    static func drawBits(cascade key: UInt64, edge: UInt64) -> UInt64 {
        mix(key &+ edge &* 0x9E37_79B9_7F4A_7C15) >> 11
    }

    /// Whether dependency `edge`, of the given strength, carries the loss in the cascade keyed
    /// `key`: its uniform is below the strength.
    @inline(__always)
    public static func carries(cascade key: UInt64, edge: UInt64, strength: Float) -> Bool {
        uniform(cascade: key, edge: edge) < Double(strength)
    }

    /// The integer form of a strength for `carries(cascade:edge:below:)`: the uniform u = m/2^53
    /// of 53-bit integer m is below s exactly when m < ⌈s·2^53⌉ (s·2^53 is exact).
    @inline(__always)
    static func drawBound(strength: Float) -> UInt64 {
        UInt64((Double(strength) * 9_007_199_254_740_992.0).rounded(.up))
    }

    /// `carries(cascade:edge:strength:)` with the strength as `drawBound(strength:)`: the same
    /// answer, without converting the draw to a double.
    @inline(__always)
    static func carries(cascade key: UInt64, edge: UInt64, below bound: UInt64) -> Bool {
        drawBits(cascade: key, edge: edge) < bound
    }

    /// `uniform(seed, stream, index)` with the seed's part precomputed by `key(seed)`.
    @inline(__always)
    public static func uniform(keyed: UInt64, _ stream: UInt64, _ index: UInt64) -> Double {
        Double(mix(keyed ^ mix(stream &* 0xD6E8_FEB8_6659_FD93 ^ index)) >> 11) * (1.0 / 9_007_199_254_740_992.0)
    }
}
