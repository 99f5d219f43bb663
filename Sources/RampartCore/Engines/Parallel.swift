import Dispatch
import Synchronization

/// Runs work on several threads while the calling thread stays free to report progress and
/// notice interruption.
enum Parallel {
    /// Runs `body(worker)` for workers 0..<workers on background threads and waits for them,
    /// calling `poll` on the calling thread about every `interval` seconds meanwhile.
    static func run(workers: Int, interval: Double = 0.2, poll: () -> Void, _ body: @escaping @Sendable (Int) -> Void) {
        let group = DispatchGroup()
        for w in 0..<max(1, workers) {
            DispatchQueue.global().async(group: group) { body(w) }
        }
        while group.wait(timeout: .now() + interval) == .timedOut { poll() }
        poll()
    }
}

/// A counter that hands out consecutive blocks of work to threads and counts what is done.
final class WorkCounter: Sendable {
    private let next = Atomic<Int>(0)
    private let finished = Atomic<Int>(0)
    /// The start of the next block of `size`.
    func take(_ size: Int) -> Int { next.wrappingAdd(size, ordering: .relaxed).oldValue }
    /// Records `n` items done.
    func complete(_ n: Int) { finished.wrappingAdd(n, ordering: .relaxed) }
    /// Items done so far.
    var done: Int { finished.load(ordering: .relaxed) }
}

/// A buffer written at disjoint indices from several threads.
struct SendableBuffer<T>: @unchecked Sendable {
    let buffer: UnsafeMutableBufferPointer<T>
    init(_ buffer: UnsafeMutableBufferPointer<T>) { self.buffer = buffer }
}
