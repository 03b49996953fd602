internal import CX11
import ChildProcesses
import Foundation
import Glibc
import Synchronization

/// A private Xvfb server, started on a free display number and always stopped: by `stop()`, when the value is
/// released, and even when this process dies (Xvfb runs under a small shell guard that kills it as soon as
/// the guard's lifeline pipe from this process closes).
///
/// ```swift
/// let display = try VirtualDisplay(width: 1280, height: 800)
/// defer { display.stop() }
/// let desktop = try X11Desktop(display: display.name)
/// ```
public final class VirtualDisplay: Sendable {
    /// The display name, e.g. `:3`, for `DISPLAY` or `X11Desktop(display:)`.
    public let name: String
    /// The screen width in pixels.
    public let width: Int
    /// The screen height in pixels.
    public let height: Int
    /// The process id of the guard process; Xvfb runs in its process group.
    public let guardPID: Int32

    private let lifeline = Mutex<Int32>(-1)

    /// Starts `Xvfb :N -screen 0 WxHxD -noreset -nolisten tcp -displayfd …` on the first free display number
    /// (Xvfb itself picks it, skipping numbers locked by live servers and clearing stale locks), and waits
    /// until it accepts connections.
    ///
    /// - Throws: `VirtualDisplayError.xvfbNotFound` when no `Xvfb` is on `PATH`, `.startFailed` with Xvfb's
    ///   own message when it exits, `.timedOut` when it is not ready within `timeout`.
    ///
    /// With `shownOn`, the private server is a Xephyr window on that display instead (`deskpilot test
    /// --headed`): the same private display, watched live. `title` names the window.
    public init(width: Int = 1280, height: Int = 800, depth: Int = 24, timeout: Duration = .seconds(15),
                xvfbPath: String? = nil, shownOn: String? = nil, title: String = "Deskpilot") throws(VirtualDisplayError) {
        guard width > 0, height > 0, [8, 16, 24, 32].contains(depth) else {
            throw .invalidGeometry("\(width)x\(height)x\(depth)")
        }
        let serverName = shownOn == nil ? "Xvfb" : "Xephyr"
        guard let xvfb = shownOn == nil ? xvfbPath ?? Self.findExecutable("Xvfb") : Self.findExecutable("Xephyr"),
              FileManager.default.isExecutableFile(atPath: xvfb) else {
            throw shownOn == nil ? .xvfbNotFound : .xephyrNotFound
        }
        self.width = width
        self.height = height

        let readyPipe = try Self.makePipe()  // Xvfb writes its display number here (-displayfd 3)
        let lifelinePipe = try Self.makePipe()  // the guard's stdin; EOF means "stop Xvfb"
        let errorLog = FileManager.default.temporaryDirectory.appendingPathComponent("deskpilot-xvfb-\(getpid())-\(UUID().uuidString.prefix(8)).log").path
        // The guard: run Xvfb, wait for a line or EOF on stdin, then stop Xvfb and wait for it. (If Xvfb
        // ignores SIGTERM, `stop()` kills the whole process group after a deadline.)
        let script = """
            "$0" "$@" </dev/null 2>"$XVFB_LOG" & x=$!
            read -r _ignored
            kill -TERM $x 2>/dev/null
            wait $x
            """
        let screen = shownOn == nil ? ["-screen", "0", "\(width)x\(height)x\(depth)"] : ["-screen", "\(width)x\(height)x\(depth)", "-title", title]
        let arguments = ["/bin/sh", "-c", script, xvfb] + screen + ["-noreset", "-nolisten", "tcp", "-displayfd", "3"]
        var environment = ProcessInfo.processInfo.environment
        environment["XVFB_LOG"] = errorLog
        if let shownOn { environment["DISPLAY"] = shownOn }
        let pid: pid_t
        do {
            pid = try Spawn.start(arguments, environment: environment,
                                  redirections: [0: .descriptor(lifelinePipe.read), 3: .descriptor(readyPipe.write)],
                                  newProcessGroup: true)
        } catch {
            close(readyPipe.read); close(readyPipe.write); close(lifelinePipe.read); close(lifelinePipe.write)
            throw .startFailed(error.description)
        }
        close(readyPipe.write)
        close(lifelinePipe.read)
        let number = Self.readLine(from: readyPipe.read, timeout: timeout)
        close(readyPipe.read)
        guard let number, let displayNumber = Int(number) else {
            let message = (try? String(contentsOfFile: errorLog, encoding: .utf8))?
                .split(separator: "\n").filter { !$0.isEmpty }.suffix(3).joined(separator: " | ") ?? ""
            Self.stopGuard(pid: pid, lifeline: lifelinePipe.write)
            try? FileManager.default.removeItem(atPath: errorLog)
            if number == nil && message.isEmpty { throw .timedOut(timeout) }
            throw .startFailed(message.isEmpty ? "\(serverName) exited without naming a display" : "\(serverName): \(message)")
        }
        try? FileManager.default.removeItem(atPath: errorLog)
        name = ":\(displayNumber)"
        guardPID = pid
        lifeline.withLock { $0 = lifelinePipe.write }
    }

    deinit {
        stopGuard()
    }

    /// Stops Xvfb and waits for it to exit. Safe to call more than once.
    public func stop() {
        stopGuard()
    }

    /// Whether the server is still running.
    public var isRunning: Bool {
        lifeline.withLock { $0 >= 0 } && kill(guardPID, 0) == 0
    }

    private func stopGuard() {
        let fd = lifeline.withLock { fd -> Int32 in
            defer { fd = -1 }
            return fd
        }
        guard fd >= 0 else { return }
        Self.stopGuard(pid: guardPID, lifeline: fd)
    }

    /// Closes the lifeline (the guard reads EOF, stops Xvfb and exits) and reaps the guard; kills the whole
    /// process group if that takes more than five seconds.
    private static func stopGuard(pid: Int32, lifeline: Int32) {
        close(lifeline)
        if Spawn.wait(pid, timeout: .seconds(5)) == nil {
            kill(-pid, SIGKILL)
            _ = Spawn.wait(pid, timeout: .seconds(5))
        }
    }

    // MARK: Process plumbing

    private static func findExecutable(_ name: String) -> String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin"
        return path.split(separator: ":").map { "\($0)/\(name)" }.first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    private static func makePipe() throws(VirtualDisplayError) -> (read: Int32, write: Int32) {
        var fds: [Int32] = [0, 0]
        guard CX11_PipeCloseOnExec(&fds) == 0 else { throw .startFailed("pipe2: \(String(cString: strerror(errno)))") }
        return (fds[0], fds[1])
    }

    /// Reads one line from `fd`, or nil on EOF or when `timeout` passes first.
    private static func readLine(from fd: Int32, timeout: Duration) -> String? {
        var collected: [UInt8] = []
        let deadline = ContinuousClock.now + timeout
        while true {
            let remaining = deadline - ContinuousClock.now
            guard remaining > .zero else { return nil }
            var poller = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            let milliseconds = Int32(min(remaining.components.seconds * 1000 + 1, 1000))
            let ready = poll(&poller, 1, milliseconds)
            if ready < 0 && errno == EINTR { continue }
            if ready <= 0 { continue }
            var byte: UInt8 = 0
            let count = read(fd, &byte, 1)
            if count <= 0 { return collected.isEmpty ? nil : String(decoding: collected, as: UTF8.self) }
            if byte == UInt8(ascii: "\n") { return String(decoding: collected, as: UTF8.self) }
            collected.append(byte)
        }
    }
}

/// Why a private Xvfb could not be started.
public enum VirtualDisplayError: Error, Sendable, Equatable, CustomStringConvertible {
    /// No `Xvfb` executable on `PATH`.
    case xvfbNotFound
    /// No `Xephyr` (for a private display shown in a window) on `PATH`.
    case xephyrNotFound
    /// Width, height or depth are not usable.
    case invalidGeometry(String)
    /// Xvfb exited or could not be spawned; carries its message.
    case startFailed(String)
    /// Xvfb did not report a display in time.
    case timedOut(Duration)

    public var description: String {
        switch self {
        case .xvfbNotFound:
            "Cannot start a virtual display: Xvfb is not installed (not found on PATH). Install it with 'apt-get install xvfb' or run Tools/bootstrap."
        case .xephyrNotFound:
            "Cannot show a private display in a window: Xephyr is not installed. Install it with 'apt-get install xserver-xephyr' or run Tools/bootstrap."
        case .invalidGeometry(let geometry):
            "Invalid virtual display geometry \(geometry) — give a positive width and height and a depth of 8, 16, 24 or 32."
        case .startFailed(let message):
            "The private X server failed to start: \(message)"
        case .timedOut(let timeout):
            "Xvfb did not become ready within \(timeout) — the machine may be overloaded; retry or raise the timeout."
        }
    }
}
