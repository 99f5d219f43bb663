import XCTest
@testable import RampartCore

/// The cascade engines' priority queue against a sorted list.
final class HeapTests: XCTestCase {
    /// Pushes never go below the last time popped, as in a search; ties, zero, -0.0 and large
    /// times included, over several runs of one heap.
    func testRadixHeapIsAMonotonePriorityQueue() {
        var rng = Generator(seed: 4)
        let heap = RadixHeap()
        for run in 0..<20 {
            heap.removeAll()
            var waiting: [Double] = [0, -0.0]
            heap.push(0, 0)
            heap.push(-0.0, 1)
            var last = 0.0, popped = 0
            while let (t, _) = heap.pop() {
                XCTAssertGreaterThanOrEqual(t, last, "run \(run)")
                let i = waiting.firstIndex(of: waiting.min()!)!
                XCTAssertEqual(t, waiting.remove(at: i), "run \(run)")
                last = t
                popped += 1
                guard popped < 400 else { continue }
                for _ in 0..<Int.random(in: 0...3, using: &rng) {
                    let step = [0, 0.5, 1, 24, 1e6, Double.random(in: 0...100, using: &rng)].randomElement(using: &rng)!
                    heap.push(t + step, Int32(popped))
                    waiting.append(t + step)
                }
            }
            XCTAssertTrue(waiting.isEmpty && heap.isEmpty, "run \(run)")
        }
    }
}
