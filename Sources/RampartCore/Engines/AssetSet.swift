/// A set of asset indices as one bit per asset.
struct AssetSet: Sendable {
    private var words: [UInt64]

    /// An empty set of assets 0..<count.
    init(count: Int) { words = [UInt64](repeating: 0, count: (count + 63) / 64) }

    /// Whether asset `i` is in the set.
    @inline(__always)
    func contains(_ i: Int) -> Bool { words.withUnsafeBufferPointer { $0[i >> 6] & (1 << UInt64(i & 63)) != 0 } }

    /// The assets whose flag is 1 among `count` flags that are 0 or 1.
    init(flags: UnsafePointer<UInt8>, count: Int) {
        self.init(count: count)
        let raw = UnsafeRawPointer(flags)
        words.withUnsafeMutableBufferPointer { words in
            for w in 0..<words.count {
                var word: UInt64 = 0
                if w * 64 + 64 <= count {
                    // Eight flags at a time: the multiplication gathers the low bit of each byte
                    // into the top byte, flag j at bit j.
                    for b in 0..<8 {
                        let bytes = UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: w * 64 + b * 8, as: UInt64.self))
                        word |= ((bytes &* 0x0102_0408_1020_4080) >> 56) << UInt64(b * 8)
                    }
                } else {
                    for j in 0..<(count - w * 64) where flags[w * 64 + j] != 0 { word |= 1 << UInt64(j) }
                }
                words[w] = word
            }
        }
    }

    /// The set of `members` among assets 0..<count.
    init(_ members: some Sequence<Int32>, count: Int) {
        self.init(count: count)
        words.withUnsafeMutableBufferPointer { words in
            for i in members { words[Int(i) >> 6] |= 1 << UInt64(i & 63) }
        }
    }

    /// How many assets the set holds.
    var count: Int { words.reduce(0) { $0 + $1.nonzeroBitCount } }

    /// Adds asset `i`.
    mutating func insert(_ i: Int) { words[i >> 6] |= 1 << UInt64(i & 63) }
}
