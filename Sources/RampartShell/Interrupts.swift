import RampartCHeader
#if canImport(Glibc)
import Glibc
#endif

/// ^C handling: the signal handler only writes a byte to a pipe (async-signal-safe); a watcher
/// thread reads it and interrupts the running command. A second ^C before the command ends, or
/// at an empty prompt, exits the shell. SIGHUP and SIGTERM stop the shell cleanly (`stopSignal`).
///
/// The watcher thread blocks every asynchronous signal, so their handlers always run on the main
/// thread. libedit requires this: while `readline` waits, it handles SIGINT, SIGHUP, SIGTERM,
/// SIGWINCH and others itself, and it clears its editor pointer when `readline` returns. A handler
/// running on another thread at that moment dereferences NULL and crashes the shell.
enum Interrupts {
    nonisolated(unsafe) static var pipeFDs: [Int32] = [-1, -1]
    nonisolated(unsafe) static var current: OpaquePointer?
    nonisolated(unsafe) static var running = false
    nonisolated(unsafe) static var pending = 0
    /// Incremented by the signal handler itself, so a reader can tell an interrupted read from end of input.
    nonisolated(unsafe) static var received: Int32 = 0
    /// The signal that asked the shell to stop (SIGHUP when its terminal goes away, SIGTERM), or
    /// 0. The running command is interrupted; the shell then closes the assessment and exits,
    /// rather than dying in the middle of a write and leaving the file to be recovered.
    nonisolated(unsafe) static var stopSignal: Int32 = 0
    /// What the handlers write to the pipe.
    private static let interruptByte: UInt8 = 1, stopByte: UInt8 = 2

    static func install() {
        var fds: [Int32] = [0, 0]
        guard pipe(&fds) == 0 else { return }
        pipeFDs = fds
        signal(SIGINT) { _ in
            Interrupts.received &+= 1
            var b = Interrupts.interruptByte
            _ = write(Interrupts.pipeFDs[1], &b, 1)
        }
        var stop = sigaction()
        stop.__sigaction_handler.sa_handler = { signo in
            Interrupts.stopSignal = signo
            var b = Interrupts.stopByte
            _ = write(Interrupts.pipeFDs[1], &b, 1)
        }
        sigemptyset(&stop.sa_mask)
        stop.sa_flags = 0  // no SA_RESTART: a read waiting for input returns, in piped use too
        sigaction(SIGHUP, &stop, nil)
        sigaction(SIGTERM, &stop, nil)
        // The new thread inherits the mask in force when it is created.
        var blocked = sigset_t(), previous = sigset_t()
        sigfillset(&blocked)
        for synchronous in [SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGTRAP, SIGABRT] {
            sigdelset(&blocked, synchronous)
        }
        pthread_sigmask(SIG_BLOCK, &blocked, &previous)
        defer { pthread_sigmask(SIG_SETMASK, &previous, nil) }
        var thread = pthread_t()
        pthread_create(&thread, nil, { _ in
            var b: UInt8 = 0
            while read(Interrupts.pipeFDs[0], &b, 1) == 1 {
                if b == Interrupts.stopByte {
                    if Interrupts.running { rampart_interrupt(Interrupts.current) }
                    continue
                }
                Interrupts.pending += 1
                if Interrupts.pending >= 2 {
                    _ = write(2, "\n", 1)
                    _exit(130)
                }
                if Interrupts.running { rampart_interrupt(Interrupts.current) }
            }
            return nil
        }, nil)
    }

    /// Marks the start of a command on `db`.
    static func begin(_ db: OpaquePointer?) {
        current = db
        pending = 0
        running = true
    }

    /// Marks the end of a command.
    static func end() {
        running = false
        pending = 0
    }
}
