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

extension Parallel {
    /// `body(state, i)` for every i in 0..<count, on up to `threads` workers taking blocks of
    /// `block` indices; each worker makes its own `state` (a cascade workspace, say) with
    /// `makeState`. Returns the results by index, `placeholder` where `interrupted` stopped the
    /// work first. `progress` hears (done, count) on the calling thread.
    static func map<State, Result: Sendable>(count: Int, block: Int, threads: Int, placeholder: Result,
                                             interrupted: @escaping @Sendable () -> Bool = { false },
                                             progress: (Int, Int) -> Void = { _, _ in },
                                             state makeState: @escaping @Sendable () -> State,
                                             _ body: @escaping @Sendable (State, Int) -> Result) -> [Result] {
        let results = UnsafeMutableBufferPointer<Result>.allocate(capacity: count)
        results.initialize(repeating: placeholder)
        defer { results.deinitialize(); results.deallocate() }
        let output = SendableBuffer(results)
        let next = WorkCounter()
        run(workers: max(1, min(threads, count)), poll: { progress(next.done, count) }) { _ in
            let state = makeState()
            while true {
                let lo = next.take(block)
                guard lo < count, !interrupted() else { return }
                let hi = min(count, lo + block)
                for k in lo..<hi { output.buffer[k] = body(state, k) }
                next.complete(hi - lo)
            }
        }
        return Array(results)
    }
}

extension Parallel {
    /// `body(range)` for consecutive ranges of `block` indices that cover 0..<count, on up to
    /// `threads` workers: for light work on many items, where a call per item would cost more
    /// than the item.
    static func forEachBlock(count: Int, block: Int, threads: Int, _ body: @escaping @Sendable (Range<Int>) -> Void) {
        let next = WorkCounter()
        run(workers: max(1, min(threads, (count + block - 1) / block)), poll: {}) { _ in
            while true {
                let lo = next.take(block)
                guard lo < count else { return }
                body(lo..<min(count, lo + block))
            }
        }
    }
}

extension Parallel {
    /// `body(worker)` for workers 0..<workers, worker 0 on the calling thread and the others on
    /// background threads; returns when all are done. For short work that shares its state, where
    /// the calling thread should start at once rather than wait for a background thread to wake.
    static func together(workers: Int, _ body: @escaping @Sendable (Int) -> Void) {
        let group = DispatchGroup()
        for w in 1..<max(1, workers) {
            DispatchQueue.global().async(group: group) { body(w) }
        }
        body(0)
        group.wait()
    }
}

extension Parallel {
    /// `first()` on a worker while the calling thread runs `second()`, when `threads` allows two
    /// (one after the other otherwise); returns both results.
    static func pair<A: Sendable, B>(threads: Int, _ first: @escaping @Sendable () -> A, _ second: () -> B) -> (A, B) {
        guard threads > 1 else { return (first(), second()) }
        // The worker initializes the slot; the result moves out of it, which leaves it empty.
        let slot = UnsafeMutablePointer<A>.allocate(capacity: 1)
        defer { slot.deallocate() }
        let output = SendableBuffer(UnsafeMutableBufferPointer(start: slot, count: 1))
        let group = DispatchGroup()
        DispatchQueue.global().async(group: group) { output.buffer.baseAddress!.initialize(to: first()) }
        let b = second()
        group.wait()
        return (slot.move(), b)
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
