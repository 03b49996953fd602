import Glibc

/// Writes JSON lines to standard output or appends them to a file.
///
/// Each line (including its `\n`) goes out in a single `write(2)` with no user-space buffering, so a
/// reader never sees half a line and nothing is left unflushed when the process exits. A file is
/// opened with `O_APPEND` (created with mode 0644 if missing), so several writers can share it.
final class EventLog {
    private let fd: Int32
    private let ownsDescriptor: Bool

    /// Events go to standard output.
    init() {
        fd = STDOUT_FILENO
        ownsDescriptor = false
    }

    /// Events are appended to the file at `path`.
    init(appendingTo path: String) throws(FixtureError) {
        let opened = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0o644)
        guard opened >= 0 else {
            throw FixtureError.cannotOpenEvents(path: path, reason: String(cString: strerror(errno)))
        }
        fd = opened
        ownsDescriptor = true
    }

    deinit {
        if ownsDescriptor { close(fd) }
    }

    /// Writes `event` as one line.
    func emit(_ event: FixtureEvent) {
        writeLine(event.json.encoded)
    }

    /// Writes `line` followed by `\n`.
    ///
    /// If the reader of a pipe has gone away (EPIPE), nobody is listening any more: the fixture exits
    /// with status 0 rather than running on invisibly.
    func writeLine(_ line: String) {
        var bytes = Array(line.utf8)
        bytes.append(0x0A)
        var offset = 0
        while offset < bytes.count {
            let written = bytes.withUnsafeBytes { buffer -> Int in
                guard let base = buffer.baseAddress else { return 0 }
                return write(fd, base + offset, buffer.count - offset)
            }
            if written >= 0 {
                offset += written
            } else if errno == EINTR {
                continue
            } else if errno == EPIPE {
                exit(0)
            } else {
                printError("cannot write event: \(String(cString: strerror(errno)))")
                return
            }
        }
    }
}

/// Writes `deskpilot-fixture: <message>` and a newline to standard error.
func printError(_ message: String) {
    let bytes = Array("deskpilot-fixture: \(message)\n".utf8)
    _ = bytes.withUnsafeBytes { write(STDERR_FILENO, $0.baseAddress, $0.count) }
}
