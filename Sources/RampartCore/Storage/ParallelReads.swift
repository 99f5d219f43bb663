extension Session {
    /// Runs `body(task, reader)` for every task in 0..<tasks on up to `threads` workers, each
    /// reading through a read-only connection of its own to the assessment's file, and returns
    /// the results by task. Nil when the readers could not be sure to see what the session's
    /// connection sees (an in-memory assessment, a transaction open on it, or another connection
    /// committing while they read) or could not open the file; the error of the first task that
    /// failed; `interrupted` when the session was interrupted, which stops the workers between tasks.
    func readInParallel<T: Sendable>(tasks: Int, threads: Int, _ body: @escaping @Sendable (Int, Database) throws -> T) throws -> [T]? {
        guard tasks > 0, let open = db.readerOpener, let mark = try db.commitMark() else { return nil }
        let flag = interruptFlag
        let results = Parallel.map(count: tasks, block: 1, threads: threads, placeholder: Result<T, any Error>?.none,
                                   interrupted: { flag.isSet }, state: { try? open() }) { reader, task in
            guard let reader else { return nil }
            return Result { try body(task, reader) }
        }
        try checkInterrupt()
        guard try db.commitMark() == mark else { return nil }
        var out: [T] = []
        out.reserveCapacity(tasks)
        for result in results {
            guard let result else { return nil }
            out.append(try result.get())
        }
        return out
    }
}
