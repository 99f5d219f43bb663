/// Strongly connected components by Tarjan's algorithm (1972, "Depth-first search and linear
/// graph algorithms", SIAM J. Computing 1(2)), iterative so that deep graphs cannot overflow
/// the stack.
enum StronglyConnected {
    /// The components of the graph whose edges leaving node v are `offsets[v]..<offsets[v+1]`,
    /// each leading to `target(edge)` (nil: the edge is ignored), explored from `roots`.
    /// Returns a component number per node (-1 for nodes no root reaches) and the number of
    /// components. Components are numbered in the order they are completed, so every edge leads
    /// to a component with the same or a smaller number (reverse topological order).
    @inline(__always)
    static func components(count n: Int, offsets: UnsafeBufferPointer<Int32>, roots: [Int32],
                           target: (Int) -> Int32?) -> (component: [Int32], count: Int) {
        var component = [Int32](repeating: -1, count: n)
        // Per node: its visit number (-1 before the visit) and the smallest visit number it reaches.
        let index = UnsafeMutablePointer<Int32>.allocate(capacity: max(1, n))
        let low = UnsafeMutablePointer<Int32>.allocate(capacity: max(1, n))
        let onStack = UnsafeMutablePointer<Bool>.allocate(capacity: max(1, n))
        // The component stack, and the depth-first path with each node's next edge to try.
        let stack = UnsafeMutablePointer<Int32>.allocate(capacity: max(1, n))
        let pathNode = UnsafeMutablePointer<Int32>.allocate(capacity: max(1, n))
        let pathEdge = UnsafeMutablePointer<Int32>.allocate(capacity: max(1, n))
        index.initialize(repeating: -1, count: n)
        onStack.initialize(repeating: false, count: n)
        defer { for p in [index, low, stack, pathNode, pathEdge] { p.deallocate() }; onStack.deallocate() }
        var counter: Int32 = 0, components: Int32 = 0, stackCount = 0, depth = 0
        component.withUnsafeMutableBufferPointer { component in
            for root in roots where index[Int(root)] < 0 {
                var next = Int(root)
                while true {
                    if next >= 0 {
                        // Enter `next`.
                        index[next] = counter; low[next] = counter; counter += 1
                        stack[stackCount] = Int32(next); stackCount += 1
                        onStack[next] = true
                        pathNode[depth] = Int32(next); pathEdge[depth] = offsets[next]; depth += 1
                        next = -1
                    }
                    guard depth > 0 else { break }
                    let v = Int(pathNode[depth - 1]), e = Int(pathEdge[depth - 1])
                    if e < Int(offsets[v + 1]) {
                        pathEdge[depth - 1] += 1
                        guard let w32 = target(e) else { continue }
                        let w = Int(w32)
                        if index[w] < 0 { next = w } else if onStack[w] { low[v] = min(low[v], index[w]) }
                        continue
                    }
                    // Leave v: pass its low link up, and close its component if it is the root.
                    depth -= 1
                    if depth > 0 { let parent = Int(pathNode[depth - 1]); low[parent] = min(low[parent], low[v]) }
                    guard low[v] == index[v] else { continue }
                    while true {
                        stackCount -= 1
                        let w = Int(stack[stackCount])
                        onStack[w] = false
                        component[w] = components
                        if w == v { break }
                    }
                    components += 1
                }
            }
        }
        return (component, Int(components))
    }
}
