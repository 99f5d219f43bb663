/// "Did you mean" suggestions by edit distance.
public enum Suggest {
    /// The candidate closest to `word` (case-insensitive), when it is close enough to be a plausible typo.
    public static func nearest(_ word: String, in candidates: [String]) -> String? {
        let w = Array(word.lowercased().unicodeScalars)
        var best: (String, Int)?
        for c in candidates {
            let s = Array(c.lowercased().unicodeScalars)
            // A suggestion keeps part of what was typed: 'z' is no hint for 'a'.
            let d = distance(w, s)
            guard d < min(w.count, s.count) else { continue }
            if best == nil || d < best!.1 { best = (c, d) }
        }
        let limit = max(1, min(3, (w.count + 1) / 3))
        if let (candidate, d) = best, d <= limit { return candidate }
        // A prefix of a candidate is also a good hint ("pop" -> "population").
        if w.count >= 2, let p = candidates.first(where: { $0.lowercased().hasPrefix(word.lowercased()) }) { return p }
        return nil
    }

    /// " (did you mean 'X'?)" or the empty string, to follow the word it corrects.
    public static func hint(_ word: String, in candidates: [String]) -> String {
        guard let n = nearest(word, in: candidates) else { return "" }
        return " (did you mean '\(n)'?)"
    }

    /// Damerau–Levenshtein distance (optimal string alignment) between two scalar arrays.
    static func distance(_ a: [Unicode.Scalar], _ b: [Unicode.Scalar]) -> Int {
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var prev2 = [Int](repeating: 0, count: b.count + 1)
        var prev = Array(0...b.count)
        var cur = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            cur[0] = i
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                var v = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost)
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] { v = min(v, prev2[j - 2] + 1) }
                cur[j] = v
            }
            (prev2, prev, cur) = (prev, cur, prev2)
        }
        return prev[b.count]
    }
}
