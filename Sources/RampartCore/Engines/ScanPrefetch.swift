import RampartCPrefetch

/// Asks for memory ahead of a breadth-first scan through a queue of assets whose arcs are packed
/// by provider (`Requirements.arcOffsets`), as both cascade kernels do: with the scan about to
/// take `queue[next]`, the offsets of the asset 16 places on, then the arcs of the one 8 places
/// on, whose offsets were asked for 8 steps earlier. On a graph of a million assets nearly
/// every such read misses the cache, and a scan that waited for each in turn would run at
/// memory latency; asking for an asset's offsets when it is reached is too early, since a large
/// scan gets to it long after they have left the cache.
@inline(__always)
func prefetchAhead<Arc>(of queue: UnsafeMutablePointer<Int32>, next: Int, count: Int,
                        offsets: UnsafeBufferPointer<Int32>, arcs: UnsafeBufferPointer<Arc>) {
    if next + 16 < count { rampart_prefetch(offsets.baseAddress! + Int(queue[next + 16])) }
    if next + 8 < count { rampart_prefetch(arcs.baseAddress! + Int(offsets[Int(queue[next + 8])])) }
}
