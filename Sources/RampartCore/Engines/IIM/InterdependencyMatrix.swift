#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The interdependency matrix A* of the inoperability input–output model (DESIGN §5.7): entry
/// (i, j) is the inoperability of system i caused by a unit inoperability of system j. Stored
/// sparse (CSR by row), so the same code serves eleven sectors and a million assets.
public struct InterdependencyMatrix: Sendable, Equatable {
    /// The systems (sectors or assets), in row order.
    public let labels: [String]
    public let rowOffsets: [Int]
    public let columns: [Int32]
    public let values: [Double]

    public var count: Int { labels.count }

    /// Builds a matrix from (row, column, value) entries; zero entries are dropped and duplicate
    /// positions summed. Every value must lie in [0, 1].
    public init(labels: [String], entries: [(Int, Int, Double)]) throws {
        let n = labels.count
        // Count, place and sort by row, then merge duplicate columns: linear apart from the sorts of short rows.
        var counts = [Int](repeating: 0, count: n + 1)
        for (i, j, v) in entries {
            guard i >= 0, i < n, j >= 0, j < n else { throw RampartError.range("matrix entry (\(i), \(j)) lies outside \(n)×\(n)") }
            guard v.isFinite, v >= 0, v <= 1 else {
                throw RampartError.range("A* entries must lie in [0, 1]; entry (\(labels[i]), \(labels[j])) is \(v)")
            }
            if v != 0 { counts[i + 1] += 1 }
        }
        for i in 0..<n { counts[i + 1] += counts[i] }
        var cursor = Array(counts[0..<n])
        var placed = [(Int32, Double)](repeating: (0, 0), count: counts[n])
        for (i, j, v) in entries where v != 0 {
            placed[cursor[i]] = (Int32(j), v)
            cursor[i] += 1
        }
        var offsets = [0], cols: [Int32] = [], vals: [Double] = []
        cols.reserveCapacity(placed.count)
        vals.reserveCapacity(placed.count)
        for i in 0..<n {
            var row = placed[counts[i]..<counts[i + 1]]
            if zip(row, row.dropFirst()).contains(where: { $0.0 > $1.0 }) { row.sort { $0.0 < $1.0 } }
            for (c, v) in row {
                if offsets.last! < cols.count, cols.last == c { vals[vals.count - 1] += v } else { cols.append(c); vals.append(v) }
            }
            offsets.append(cols.count)
        }
        self.labels = labels
        rowOffsets = offsets
        columns = cols
        values = vals
    }

    /// A dense row-major copy (for small matrices).
    public var dense: [Double] {
        var out = [Double](repeating: 0, count: count * count)
        for i in 0..<count { for k in rowOffsets[i]..<rowOffsets[i + 1] { out[i * count + Int(columns[k])] = values[k] } }
        return out
    }

    /// y = A x.
    @inline(__always)
    public func apply(_ x: [Double], into y: inout [Double]) {
        x.withUnsafeBufferPointer { xp in
            for i in 0..<count {
                var sum = 0.0
                for k in rowOffsets[i]..<rowOffsets[i + 1] { sum += values[k] * xp[Int(columns[k])] }
                y[i] = sum
            }
        }
    }

    /// For each system j, the systems i whose row has an entry in column j (those j's
    /// inoperability reaches directly): `rows[offsets[j]..<offsets[j+1]]`, the transposed pattern.
    public func dependents() -> (offsets: [Int32], rows: [Int32]) {
        var offsets = [Int32](repeating: 0, count: count + 1)
        for j in columns { offsets[Int(j) + 1] += 1 }
        for j in 0..<count { offsets[j + 1] += offsets[j] }
        var fill = offsets
        var rows = [Int32](repeating: 0, count: columns.count)
        for i in 0..<count {
            for k in rowOffsets[i]..<rowOffsets[i + 1] {
                let j = Int(columns[k])
                rows[Int(fill[j])] = Int32(i)
                fill[j] += 1
            }
        }
        return (offsets, rows)
    }

    /// Row sums.
    public var rowSums: [Double] { (0..<count).map { i in (rowOffsets[i]..<rowOffsets[i + 1]).reduce(0) { $0 + values[$1] } } }

    /// The spectral radius, by the power method on A + I with Collatz–Wielandt bounds (valid
    /// for non-negative matrices): returns the upper bound once the bounds agree to `tolerance`,
    /// or after `iterations`.
    public func spectralRadius(tolerance: Double = 1e-10, iterations: Int = 10_000) -> Double {
        guard count > 0 else { return 0 }
        var x = [Double](repeating: 1, count: count), y = x
        var upper = Double.infinity
        for _ in 0..<iterations {
            apply(x, into: &y)
            var lo = Double.infinity, hi = 0.0, norm = 0.0
            for i in 0..<count {
                y[i] += x[i]
                let ratio = y[i] / x[i]
                lo = min(lo, ratio)
                hi = max(hi, ratio)
                norm = max(norm, y[i])
            }
            upper = hi - 1
            if hi - lo <= tolerance * hi { break }
            for i in 0..<count { x[i] = max(y[i] / norm, 1e-300) }
        }
        return max(0, upper)
    }

    /// Throws when the spectral radius is 1 or more: the model then has no meaningful solution.
    /// Returns the spectral radius, or — for large matrices whose largest row sum is below 1,
    /// which bounds it — that row sum, with `isRowSumBound` saying which.
    public func checkStable() throws -> (radius: Double, isRowSumBound: Bool) {
        let maxRow = rowSums.max() ?? 0
        if count > 500 && maxRow < 1 { return (maxRow, true) }
        let rho = spectralRadius()
        guard rho < 1 - 1e-9 else {
            throw RampartError.range("A* has spectral radius \(Number.format(rho, maxDecimals: 6)) ≥ 1: inoperability would grow without bound; scale its rows down")
        }
        return (rho, false)
    }
}
