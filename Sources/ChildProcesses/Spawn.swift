import Foundation
import Glibc

/// Why a child process could not be started.
public struct SpawnError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The program that failed to start.
    public let program: String
    /// The system's reason.
    public let reason: String

    public var description: String {
        "Cannot start '\(program)': \(reason)" + (reason.contains("No such file") ? " — is it installed and on PATH?" : "")
    }
}

/// The one place Deskpilot starts processes (`posix_spawnp`); `package`, so that `VirtualDisplay` starts
/// its Xvfb the same way.
///
/// Children get an empty signal mask and default signal actions. This matters: Swift's concurrency and
/// Dispatch worker threads block most signals, a spawned child inherits the spawning thread's mask, and
/// Foundation's `Process` does not reset it — so a child started from async code ignores SIGTERM and never
/// stops when asked.
package enum Spawn {
    /// What to do with a child's file descriptor.
    package enum Redirection {
        /// Duplicate this descriptor of the parent.
        case descriptor(Int32)
        /// Open this file (for writing, appending; or /dev/null).
        case file(String)
    }

    /// Starts `arguments` (the first looked up on PATH), optionally leading a new process group.
    package static func start(_ arguments: [String], environment: [String: String], redirections: [Int32: Redirection],
                      newProcessGroup: Bool) throws(SpawnError) -> Int32 {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        var copies: [Int32] = []
        defer { copies.forEach { close($0) } }
        for (child, redirection) in redirections.sorted(by: { $0.key < $1.key }) {
            switch redirection {
            case .descriptor(let parent):
                // dup2 onto the same number keeps close-on-exec set; duplicate it elsewhere first.
                var source = parent
                if parent == child {
                    source = fcntl(parent, F_DUPFD_CLOEXEC, 10)
                    copies.append(source)
                }
                posix_spawn_file_actions_adddup2(&actions, source, child)
            case .file(let path):
                posix_spawn_file_actions_addopen(&actions, child, path, O_WRONLY | O_CREAT | O_APPEND, 0o644)
            }
        }
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var flags = POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF
        if newProcessGroup { flags |= POSIX_SPAWN_SETPGROUP }
        posix_spawnattr_setflags(&attributes, Int16(flags))
        posix_spawnattr_setpgroup(&attributes, 0)
        var noSignals = sigset_t(), allSignals = sigset_t()
        sigemptyset(&noSignals)
        sigfillset(&allSignals)
        posix_spawnattr_setsigmask(&attributes, &noSignals)
        posix_spawnattr_setsigdefault(&attributes, &allSignals)
        let argv = arguments.map { strdup($0) } + [nil]
        let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { (argv + envp).forEach { free($0) } }
        var pid: pid_t = 0
        let status = posix_spawnp(&pid, arguments[0], &actions, &attributes, argv, envp)
        guard status == 0 else { throw SpawnError(program: arguments[0], reason: String(cString: strerror(status))) }
        return pid
    }

    /// Waits up to `timeout` for `pid` to exit and returns its wait status, or nil if it is still running.
    package static func wait(_ pid: Int32, timeout: Duration) -> Int32? {
        var status: Int32 = 0
        let deadline = ContinuousClock.now + timeout
        while true {
            let result = waitpid(pid, &status, WNOHANG)
            if result == pid || (result < 0 && errno == ECHILD) { return status }
            if ContinuousClock.now >= deadline { return nil }
            usleep(1_000)
        }
    }
}
