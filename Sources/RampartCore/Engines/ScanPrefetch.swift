import RampartCPrefetch

/// Asks for memory ahead of a breadth-first scan through a queue of assets whose arcs are packed
/// by provider (`Requirements.arcOffsets`), as both cascade kernels do: with the scan about to
/// take `queue[next]`, the offsets of the asset 32 places on, then both ends of the arcs of the
/// one 16 places on, whose offsets were asked for 16 steps earlier (an asset's four or five arcs
/// often straddle two cache lines). On a graph of a million assets nearly every such read misses
/// the cache, and a scan that waited for each in turn would run at memory latency; asking for
/// an asset's offsets when it is reached is too early, since a large scan gets to it long after
/// they have left the cache. (Distances of 16 and 8 with one line left the Monte Carlo
/// simulation on the L graph about 20% slower; 48 and 24 gained nothing more.)
@inline(__always)
func prefetchAhead<Arc>(of queue: UnsafeMutablePointer<Int32>, next: Int, count: Int,
                        offsets: UnsafeBufferPointer<Int32>, arcs: UnsafeBufferPointer<Arc>) {
    if next + 32 < count { rampart_prefetch(offsets.baseAddress! + Int(queue[next + 32])) }
    if next + 16 < count, let first = arcs.baseAddress {
        let u = Int(queue[next + 16])
        rampart_prefetch(first + Int(offsets[u]))
        rampart_prefetch(first + Int(offsets[u + 1]) - 1)
    }
}
