/// How many providers of each redundancy group a cascade search has lost so far (a group is lost
/// with its last provider), and which groups the search touched, so that clearing costs what
/// the search touched rather than the number of groups. Both cascade kernels keep one; a kernel
/// copies it into a local for its inner loop, where it compiles to the bare pointer arithmetic.
struct GroupTally {
    private let count: UnsafeMutablePointer<Int32>
    private let touched: UnsafeMutablePointer<Int32>
    private var touchedCount = 0

    /// A tally of `groups` groups, all at zero; `deallocate()` frees it.
    init(groups: Int) {
        count = .allocate(capacity: max(1, groups))
        count.initialize(repeating: 0, count: groups)
        touched = .allocate(capacity: max(1, groups))
    }

    func deallocate() {
        count.deallocate()
        touched.deallocate()
    }

    /// Records one more lost provider of group `q`, which has `size` providers; true when that
    /// was the last of them.
    @inline(__always)
    mutating func loseProvider(of q: Int, size: Int32) -> Bool {
        if count[q] == 0 { touched[touchedCount] = Int32(q); touchedCount += 1 }
        count[q] += 1
        return count[q] == size
    }

    /// The groups touched since the last `clear()`, with how many providers each has lost.
    var touchedCounts: [(group: Int32, lost: Int32)] {
        (0..<touchedCount).map { (touched[$0], count[Int(touched[$0])]) }
    }

    /// The groups touched since the last `clear()`.
    var touchedGroups: UnsafeBufferPointer<Int32> { UnsafeBufferPointer(start: touched, count: touchedCount) }

    /// Starts group `q`, untouched so far, at `lost` providers (a saved state).
    mutating func start(_ q: Int32, lost: Int32) {
        count[Int(q)] = lost
        touched[touchedCount] = q
        touchedCount += 1
    }

    /// Sets every touched group back to zero.
    mutating func clear() {
        for q in touchedGroups { count[Int(q)] = 0 }
        touchedCount = 0
    }
}
