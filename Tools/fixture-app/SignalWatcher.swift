import Glibc

/// The write end of the self-pipe. Set once, before the handlers are installed, and only read after.
nonisolated(unsafe) private var signalPipeWriteEnd: Int32 = -1

/// Turns SIGTERM and SIGINT into a readable file descriptor (the self-pipe trick), so the event loop
/// can `poll` it next to the X connection and exit cleanly from its own code, not from a handler.
/// SIGPIPE is ignored so a closed event pipe shows up as EPIPE instead of killing the process.
final class SignalWatcher {
    /// Becomes readable once SIGTERM or SIGINT has arrived.
    let fd: Int32

    /// Creates the pipe and installs the handlers; nil if the pipe cannot be created, in which case
    /// the signals keep their default action (terminate).
    init?() {
        signal(SIGPIPE, SIG_IGN)
        var ends: [Int32] = [-1, -1]
        guard pipe(&ends) == 0 else { return nil }
        for end in ends {
            _ = fcntl(end, F_SETFD, FD_CLOEXEC)
            _ = fcntl(end, F_SETFL, fcntl(end, F_GETFL) | O_NONBLOCK)
        }
        fd = ends[0]
        signalPipeWriteEnd = ends[1]
        // The handler only calls write(2), which is async-signal-safe, and preserves errno.
        let handler: @convention(c) (Int32) -> Void = { _ in
            let savedErrno = errno
            var byte: UInt8 = 1
            _ = write(signalPipeWriteEnd, &byte, 1)
            errno = savedErrno
        }
        signal(SIGTERM, handler)
        signal(SIGINT, handler)
    }
}
