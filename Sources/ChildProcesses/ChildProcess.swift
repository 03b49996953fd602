import Foundation
import Glibc
import Synchronization

/// A program started on an X display (an application under test, an xterm), in its own process group, and
/// stopped — with everything it started — by `stop()` or when the value is released.
///
/// ```swift
/// let xterm = try ChildProcess(["xterm", "-e", "sh"], display: display.name)
/// defer { xterm.stop() }
/// ```
public final class ChildProcess: Sendable {
    /// The process id; also the id of its process group.
    public let pid: Int32
    /// The command line it was started with.
    public let arguments: [String]
    private let exitStatus = Mutex<Int32?>(nil)

    /// Starts `arguments` (the program is looked up on PATH) with `DISPLAY` set to `display` when given,
    /// `environment` entries added, and standard output and error appended to the given files (default:
    /// /dev/null).
    public init(_ arguments: [String], display: String? = nil, environment: [String: String] = [:],
                standardOutput: String = "/dev/null", standardError: String = "/dev/null") throws(SpawnError) {
        precondition(!arguments.isEmpty, "ChildProcess needs a program")
        var merged = ProcessInfo.processInfo.environment
        if let display { merged["DISPLAY"] = display }
        merged.merge(environment) { $1 }
        pid = try Spawn.start(
            arguments, environment: merged,
            redirections: [0: .file("/dev/null"), 1: .file(standardOutput), 2: .file(standardError)],
            newProcessGroup: true)
        self.arguments = arguments
    }

    deinit {
        stop()
    }

    /// Whether the process is still running.
    public var isRunning: Bool {
        exitStatus.withLock { status in
            if status != nil { return false }
            var raw: Int32 = 0
            if waitpid(pid, &raw, WNOHANG) == pid {
                status = raw
                return false
            }
            return true
        }
    }

    /// Waits up to `timeout` for the process to exit by itself; returns its exit code (or 128 + signal),
    /// nil when it is still running. Blocks the calling thread: from async code, use the async overload.
    public func waitForExit(timeout: Duration) -> Int32? {
        reap(waitingUpTo: timeout)
    }

    /// Waits up to `timeout` for the process to exit by itself, polling every 10 ms without holding a
    /// thread (a blocked thread of Swift's small cooperative pool stalls every other task of the process);
    /// returns its exit code (or 128 + signal), nil when it is still running or the task was cancelled.
    public func waitForExit(timeout: Duration) async -> Int32? {
        let deadline = ContinuousClock.now + timeout
        while isRunning, ContinuousClock.now < deadline, !Task.isCancelled {
            try? await Task.sleep(for: .milliseconds(10))
        }
        return reap(waitingUpTo: .zero)
    }

    private func reap(waitingUpTo timeout: Duration) -> Int32? {
        let status = exitStatus.withLock { status -> Int32? in
            if status == nil { status = Spawn.wait(pid, timeout: timeout) }
            return status
        }
        guard let status else { return nil }
        let signal = status & 0x7F
        return signal == 0 ? (status >> 8) & 0xFF : 128 + signal
    }

    /// Sends SIGTERM to the process group, waits up to `grace`, then SIGKILLs the group. Idempotent.
    @discardableResult
    public func stop(grace: Duration = .seconds(3)) -> Int32? {
        if isRunning {
            kill(-pid, SIGTERM)
            if reap(waitingUpTo: grace) == nil {
                kill(-pid, SIGKILL)
                _ = reap(waitingUpTo: .seconds(5))
            }
        }
        // Whatever the process started in its group goes too.
        kill(-pid, SIGKILL)
        return reap(waitingUpTo: .zero)
    }
}
