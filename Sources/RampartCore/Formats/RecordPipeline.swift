import Dispatch
import Synchronization

/// A large CSV import on two threads: a background thread scans and encodes records into one
/// batch while the calling thread writes the other, so parsing takes no time beside SQLite's.
/// Records, errors and their order are those of a one-thread import.
final class RecordPipeline: @unchecked Sendable {
    /// Records per batch handed from the encoding thread to the writing one.
    static let batchRecords = 4096
    /// Inputs with fewer lines are imported on one thread.
    static let minimumLines = 20_000

    // Only the encoding thread touches `scanner` and `encoder`; each batch belongs
    // to the side that last took it through the semaphores.
    private var scanner: CSV.Scanner
    private let encoder: RecordEncoder
    private let appender: SnapshotAppender?
    private let batches = [RecordBatch(), RecordBatch()]
    private let filled = DispatchSemaphore(value: 0)
    /// Counts the batches free to fill; it starts at zero and is signalled once per batch,
    /// because libdispatch refuses to free a semaphore that holds less than it started with.
    private let emptied = DispatchSemaphore(value: 0)
    private let finished = DispatchSemaphore(value: 0)
    private let stop = Atomic<Bool>(false)
    private let interrupted: InterruptFlag

    /// A pipeline over the records `scanner` has still to read; `appender`, when given, sees
    /// every batch on the encoding thread.
    init(scanner: CSV.Scanner, encoder: RecordEncoder, appender: SnapshotAppender?, interrupted: InterruptFlag) {
        self.scanner = scanner
        self.encoder = encoder
        self.appender = appender
        self.interrupted = interrupted
        for _ in batches { emptied.signal() }
    }

    /// Writes every record with `writer`, telling `progress` how many are written after each
    /// batch (a multiple of `batchRecords`), and returns their number; the first error stops
    /// both threads.
    func run(_ writer: RecordWriter, progress: (Int) throws -> Void) throws -> Int {
        DispatchQueue.global().async { self.encodeAll() }
        defer {
            // Release the encoding thread if it waits for a batch, and wait for it to end.
            stop.store(true, ordering: .relaxed)
            emptied.signal()
            finished.wait()
        }
        var count = 0
        for k in 0... {
            filled.wait()
            let batch = batches[k % 2]
            if interrupted.isSet { throw RampartError(.interrupted, "interrupted") }
            try writer.write(batch)
            count += batch.count
            if batch.isLast { break }
            try progress(count)
            emptied.signal()
        }
        return count
    }

    /// The encoding thread: fills batches until the input ends, an error or the writer stops it.
    private func encodeAll() {
        defer { finished.signal() }
        var cells: [String] = []
        for k in 0... {
            emptied.wait()
            if stop.load(ordering: .relaxed) { return }
            let batch = batches[k % 2]
            batch.clear()
            while batch.count < Self.batchRecords {
                let line: Int
                do {
                    guard let l = try scanner.record(into: &cells) else { batch.isLast = true; break }
                    line = l
                } catch {
                    batch.failure = (nil, error)
                    break
                }
                do {
                    try encoder.encode(cells, at: line, into: batch)
                } catch {
                    batch.failure = (line, error)
                    break
                }
            }
            let done = batch.isLast || batch.failure != nil
            appender?.add(batch)
            filled.signal()
            if done { return }
        }
    }
}
