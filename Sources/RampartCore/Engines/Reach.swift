/// Structural reach (DESIGN §5.5, `criticality method=reach`): the assets an asset's loss would
/// take down in the end, and the people they serve, when time plays no part (buffers are spent
/// and the outage outlasts them all). It is the cascade of §5.4 with every delay zero and no
/// horizon, so redundancy groups still hold while any of their providers works.
///
/// Assets that take each other down through dependencies that need nothing else (a critical
/// dependency outside any redundancy group) reach the same assets: losing one loses the others,
/// and a cascade is the least fixed point of its lost set. So candidates are grouped by the
/// strongly connected components of those dependencies and one cascade serves each component.
public enum Reach {
    /// The reach of one asset.
    public struct Score: Sendable, Equatable {
        public var asset: Int32
        /// Assets lost, the asset itself included.
        public var affected: Int32
        /// People served by the assets lost.
        public var population: Double
    }

    /// The reach of every candidate, computed on `threads` workers; the scores do not depend on
    /// the thread count.
    public static func scores(_ s: Snapshot, _ req: Requirements, candidates: [Int32], threads: Int = Criticality.defaultThreads,
                              interrupted: @escaping @Sendable () -> Bool = { false },
                              progress: (Int, Int) -> Void = { _, _ in }) -> [Score] {
        let component = components(s, req, roots: candidates)
        // One representative per component, in order of first appearance.
        var slot: [Int32: Int] = [:]
        var representatives: [Int32] = []
        for a in candidates where slot[component[Int(a)]] == nil {
            slot[component[Int(a)]] = representatives.count
            representatives.append(a)
        }
        let sources = representatives
        let results = UnsafeMutableBufferPointer<(Int32, Double)>.allocate(capacity: representatives.count)
        results.initialize(repeating: (0, 0))
        defer { results.deallocate() }
        let output = SendableBuffer(results)
        let next = WorkCounter()
        let block = 16, total = representatives.count
        Parallel.run(workers: max(1, min(threads, total)), poll: { progress(next.done, total) }) { _ in
            let kernel = CascadeKernel(s, req)
            while true {
                let lo = next.take(block)
                guard lo < total, !interrupted() else { return }
                for k in lo..<min(total, lo + block) {
                    kernel.run(sources: [sources[k]], duration: .infinity, carries: { _, _ in true }, delayOf: { _ in 0 })
                    output.buffer[k] = (Int32(kernel.affected.count), kernel.population())
                }
                next.complete(min(total, lo + block) - lo)
            }
        }
        return candidates.map { a in
            let (affected, people) = results[slot[component[Int(a)]]!]
            return Score(asset: a, affected: affected, population: people)
        }
    }

    /// Strongly connected components (Tarjan's algorithm, iterative) of the dependencies that
    /// carry loss on their own, explored from `roots`: a component number per asset, -1 for
    /// assets not reached from any root.
    static func components(_ s: Snapshot, _ req: Requirements, roots: [Int32]) -> [Int32] {
        let n = s.assetCount
        var component = [Int32](repeating: -1, count: n)
        // Per asset: its visit number (-1 before the visit) and the smallest visit number it reaches.
        let index = UnsafeMutablePointer<Int32>.allocate(capacity: max(1, n))
        let low = UnsafeMutablePointer<Int32>.allocate(capacity: max(1, n))
        let onStack = UnsafeMutablePointer<Bool>.allocate(capacity: max(1, n))
        // The component stack, and the depth-first path with each asset's next edge to try.
        let stack = UnsafeMutablePointer<Int32>.allocate(capacity: max(1, n))
        let pathAsset = UnsafeMutablePointer<Int32>.allocate(capacity: max(1, n))
        let pathEdge = UnsafeMutablePointer<Int32>.allocate(capacity: max(1, n))
        index.initialize(repeating: -1, count: n)
        onStack.initialize(repeating: false, count: n)
        defer { for p in [index, low, stack, pathAsset, pathEdge] { p.deallocate() }; onStack.deallocate() }
        var counter: Int32 = 0, components: Int32 = 0, stackCount = 0, depth = 0
        s.outOffsets.withUnsafeBufferPointer { outOffsets in
            req.links.withUnsafeBufferPointer { links in
                    component.withUnsafeMutableBufferPointer { component in
                        for root in roots where index[Int(root)] < 0 {
                            var next = Int(root)
                            while true {
                                if next >= 0 {
                                    // Enter `next`.
                                    index[next] = counter; low[next] = counter; counter += 1
                                    stack[stackCount] = Int32(next); stackCount += 1
                                    onStack[next] = true
                                    pathAsset[depth] = Int32(next); pathEdge[depth] = outOffsets[next]; depth += 1
                                    next = -1
                                }
                                guard depth > 0 else { break }
                                let v = Int(pathAsset[depth - 1]), e = Int(pathEdge[depth - 1])
                                if e < Int(outOffsets[v + 1]) {
                                    pathEdge[depth - 1] += 1
                                    guard links[e].group == Requirements.alone else { continue }
                                    let w = Int(links[e].dependent)
                                    if index[w] < 0 { next = w } else if onStack[w] { low[v] = min(low[v], index[w]) }
                                    continue
                                }
                                depth -= 1
                                if depth > 0 { let parent = Int(pathAsset[depth - 1]); low[parent] = min(low[parent], low[v]) }
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
                }
        }
        return component
    }
}
