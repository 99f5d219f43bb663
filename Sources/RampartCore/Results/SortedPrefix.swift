extension Array {
    /// The first `k` elements of the array sorted by `areInIncreasingOrder`, which must be a
    /// strict total order (break ties, by index say); the whole array sorted when `k` is nil or
    /// not below the count. A ranking that shows its top few of a million rows keeps them in a
    /// bounded heap, in O(n log k), instead of sorting everything.
    func sortedPrefix(_ k: Int?, by areInIncreasingOrder: (Element, Element) -> Bool) -> [Element] {
        guard let k, k < count else { return sorted(by: areInIncreasingOrder) }
        guard k > 0 else { return [] }
        // A heap whose root is the last of the k best so far.
        var heap: [Element] = []
        heap.reserveCapacity(k)
        func siftDown(_ start: Int) {
            var i = start
            while true {
                let l = 2 * i + 1, r = l + 1
                var last = i
                if l < heap.count, areInIncreasingOrder(heap[last], heap[l]) { last = l }
                if r < heap.count, areInIncreasingOrder(heap[last], heap[r]) { last = r }
                if last == i { return }
                heap.swapAt(i, last)
                i = last
            }
        }
        for e in self {
            if heap.count < k {
                heap.append(e)
                var i = heap.count - 1
                while i > 0, areInIncreasingOrder(heap[(i - 1) / 2], heap[i]) {
                    heap.swapAt(i, (i - 1) / 2)
                    i = (i - 1) / 2
                }
            } else if areInIncreasingOrder(e, heap[0]) {
                heap[0] = e
                siftDown(0)
            }
        }
        return heap.sorted(by: areInIncreasingOrder)
    }
}
