#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The inoperability input–output model (DESIGN §5.7), static and dynamic.
public enum Inoperability {
    /// Static solutions.
    public enum Mode: String, Sendable, CaseIterable {
        /// q = clip((I − A*)⁻¹ c*, 0, 1): the published convention.
        case linear
        /// The least fixed point of q = min(1, A* q + c*): inoperability saturates at 1 as it spreads.
        case saturating
    }

    /// Solves the static model. `linear` solves (I − A*) q = c* and clips q to [0, 1];
    /// `saturating` caps every update at 1, which converges to the least fixed point from q = 0.
    ///
    /// Only systems downstream of a perturbed one can become inoperable, so the solve visits those
    /// alone, one strongly connected component at a time in dependency order, each after every
    /// component it depends on is final: a system outside any cycle takes one update, a cycle is
    /// solved by Gauss–Seidel sweeps until no value moves by more than `tolerance` (they
    /// converge for a stable A*).
    public static func solve(_ a: InterdependencyMatrix, c: [Double], mode: Mode, tolerance: Double = 1e-13) -> [Double] {
        let n = a.count
        var q = [Double](repeating: 0, count: n)
        let saturate = mode == .saturating
        let (offsets, rows) = a.dependents()
        let perturbed = (0..<n).filter { c[$0] != 0 }.map { Int32($0) }
        let (component, count) = offsets.withUnsafeBufferPointer { o in
            StronglyConnected.components(count: n, offsets: o, roots: perturbed) { rows[$0] }
        }
        // The members of each reached component, grouped by the snapshot's counting sort.
        let reached = component.indices.filter { component[$0] >= 0 }
        let (start, order) = Snapshot.bucket(reached.map { component[$0] }, into: count)
        let members = order.map { reached[Int($0)] }
        q.withUnsafeMutableBufferPointer { q in
            /// Updates q[i] from its row; returns how far it moved.
            func update(_ i: Int) -> Double {
                var sum = c[i]
                for k in a.rowOffsets[i]..<a.rowOffsets[i + 1] { sum += a.values[k] * q[Int(a.columns[k])] }
                if saturate { sum = min(1, sum) }
                defer { q[i] = sum }
                return abs(sum - q[i])
            }
            // Every edge leads to a component completed earlier: solve from the last completed.
            for k in stride(from: count - 1, through: 0, by: -1) {
                let group = members[Int(start[k])..<Int(start[k + 1])]
                let i = group[group.startIndex]
                let selfLoop = a.columns[a.rowOffsets[i]..<a.rowOffsets[i + 1]].contains(Int32(i))
                if group.count == 1 && !selfLoop { _ = update(i); continue }
                for _ in 0..<1_000_000 {
                    var change = 0.0
                    for i in group { change = max(change, update(i)) }
                    if change <= tolerance { break }
                }
            }
        }
        return q.map { min(1, max(0, $0)) }
    }

    /// The dynamic model (DIIM): q_k = clip(q_{k−1} + K (A* q_{k−1} + c*(k) − q_{k−1}), 0, 1) for
    /// k = 1 … T−1, with c*(k) = c* when `window` contains k (inclusive) and 0 otherwise.
    /// Returns the path q_0 … q_{T−1}.
    public static func dynamic(_ a: InterdependencyMatrix, c: [Double], k: [Double], steps: Int, window: ClosedRange<Int>,
                               q0: [Double]) -> [[Double]] {
        var path = [q0]
        var q = q0, aq = q0
        for step in 1..<max(1, steps) {
            a.apply(q, into: &aq)
            let on = window.contains(step)
            var next = q
            for i in 0..<a.count {
                next[i] = min(1, max(0, q[i] + k[i] * (aq[i] + (on ? c[i] : 0) - q[i])))
            }
            q = next
            path.append(q)
        }
        return path
    }

    /// The trapezoidal integral of each system's inoperability over a path q_0 … q_{T−1} (unit steps).
    public static func impact(_ path: [[Double]]) -> [Double] {
        guard let first = path.first else { return [] }
        var total = [Double](repeating: 0, count: first.count)
        for (t, q) in path.enumerated() {
            let w = (t == 0 || t == path.count - 1) ? 0.5 : 1
            for i in 0..<q.count { total[i] += w * q[i] }
        }
        return path.count == 1 ? [Double](repeating: 0, count: first.count) : total
    }

    /// Recovery: q(t) = exp(−K (I − A*) t) q0, by the matrix exponential (dense; for sector-sized models).
    public static func recovery(_ a: InterdependencyMatrix, k: [Double], q0: [Double], t: Double) -> [Double] {
        let n = a.count
        var m = a.dense
        for i in 0..<n {
            for j in 0..<n { m[i * n + j] = -k[i] * ((i == j ? 1 : 0) - m[i * n + j]) * t }
        }
        let e = DenseMatrix.exponential(m, n)
        return (0..<n).map { i in min(1, max(0, (0..<n).reduce(0) { $0 + e[i * n + $1] * q0[$1] })) }
    }

    /// A*ⁿ (dense), the n-th order interdependencies.
    public static func power(_ a: InterdependencyMatrix, _ order: Int) -> [Double] {
        let n = a.count
        var result = DenseMatrix.identity(n)
        let base = a.dense
        for _ in 0..<max(0, order) { result = DenseMatrix.multiply(result, base, n) }
        return result
    }

    /// The Leontief-type inverse (I − A*)⁻¹ (dense).
    public static func inverse(_ a: InterdependencyMatrix) throws -> [Double] {
        let n = a.count
        var m = a.dense
        for i in 0..<n { for j in 0..<n { m[i * n + j] = (i == j ? 1 : 0) - m[i * n + j] } }
        return try DenseMatrix.inverse(m, n)
    }

    /// Dependency and influence indices from L = (I − A*)⁻¹, normalised so each averages 1:
    /// dependency_i = (Σ_j L_ij) / mean row sum (how strongly system i is pulled down by
    /// disruptions anywhere), influence_j = (Σ_i L_ij) / mean column sum (how far a disruption of
    /// j spreads). These are the backward and forward linkages of input–output analysis
    /// (Rasmussen 1956) applied to inoperability.
    public static func indices(_ a: InterdependencyMatrix) throws -> (dependency: [Double], influence: [Double]) {
        let n = a.count
        let l = try inverse(a)
        let rows = (0..<n).map { i in (0..<n).reduce(0) { $0 + l[i * n + $1] } }
        let cols = (0..<n).map { j in (0..<n).reduce(0) { $0 + l[$1 * n + j] } }
        let rMean = rows.reduce(0, +) / Double(max(n, 1)), cMean = cols.reduce(0, +) / Double(max(n, 1))
        return (rows.map { $0 / rMean }, cols.map { $0 / cMean })
    }
}

/// Small dense matrix routines, row-major.
enum DenseMatrix {
    static func identity(_ n: Int) -> [Double] {
        var m = [Double](repeating: 0, count: n * n)
        for i in 0..<n { m[i * n + i] = 1 }
        return m
    }

    static func multiply(_ a: [Double], _ b: [Double], _ n: Int) -> [Double] {
        var c = [Double](repeating: 0, count: n * n)
        for i in 0..<n {
            for k in 0..<n where a[i * n + k] != 0 {
                let aik = a[i * n + k]
                for j in 0..<n { c[i * n + j] += aik * b[k * n + j] }
            }
        }
        return c
    }

    /// Gauss–Jordan inversion with partial pivoting.
    static func inverse(_ m: [Double], _ n: Int) throws -> [Double] {
        var a = m, inv = identity(n)
        for col in 0..<n {
            var pivot = col
            for r in col..<n where abs(a[r * n + col]) > abs(a[pivot * n + col]) { pivot = r }
            guard abs(a[pivot * n + col]) > 1e-14 else { throw RampartError.range("I − A* is singular") }
            if pivot != col {
                for j in 0..<n { a.swapAt(col * n + j, pivot * n + j); inv.swapAt(col * n + j, pivot * n + j) }
            }
            let p = a[col * n + col]
            for j in 0..<n { a[col * n + j] /= p; inv[col * n + j] /= p }
            for r in 0..<n where r != col && a[r * n + col] != 0 {
                let f = a[r * n + col]
                for j in 0..<n { a[r * n + j] -= f * a[col * n + j]; inv[r * n + j] -= f * inv[col * n + j] }
            }
        }
        return inv
    }

    /// exp(M) by scaling and squaring with a Taylor series (adequate for the small, well-scaled
    /// matrices of sector models).
    static func exponential(_ m: [Double], _ n: Int) -> [Double] {
        let norm = (0..<n).map { i in (0..<n).reduce(0) { $0 + abs(m[i * n + $1]) } }.max() ?? 0
        var squarings = 0
        var scale = 1.0
        while norm * scale > 0.5 { scale /= 2; squarings += 1 }
        let a = m.map { $0 * scale }
        var result = identity(n), term = identity(n)
        for k in 1...20 {
            term = multiply(term, a, n).map { $0 / Double(k) }
            for i in 0..<(n * n) { result[i] += term[i] }
        }
        for _ in 0..<squarings { result = multiply(result, result, n) }
        return result
    }
}
