import Deskpilot
import DeskpilotTesting
import Foundation
import Testing

@Suite("VirtualDisplay")
struct VirtualDisplayTests {
    /// Pids of the processes in `group` (the guard and its Xvfb), read from /proc.
    static func processes(inGroup group: Int32) -> [Int32] {
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        return entries.compactMap(Int32.init).filter { pid in
            guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
                let close = stat.lastIndex(of: ")")
            else { return false }
            let fields = stat[stat.index(after: close)...].split(separator: " ")
            // Fields after the command: state, ppid, pgrp; zombies do not count.
            return fields.count > 2 && fields[0] != "Z" && Int32(fields[2]) == group
        }
    }

    @Test("starts on a free display, answers, and leaves no process behind after stop")
    func startAndStop() async throws {
        let display = try VirtualDisplay(width: 640, height: 480)
        #expect(display.name.hasPrefix(":"))
        #expect(Self.processes(inGroup: display.guardPID).count == 2)  // the guard and Xvfb
        let desktop = try X11Desktop(display: display.name)
        #expect(try await desktop.screenSize() == Size(width: 640, height: 480))
        display.stop()
        #expect(Self.processes(inGroup: display.guardPID).isEmpty)
        #expect(!display.isRunning)
        // The server is gone: the open connection breaks. (Opening the name again is no proof: a test running
        // in parallel may already have started a new server on the freed number.)
        await #expect(throws: X11Error.connectionLost(display.name)) { try await desktop.screenshot() }
        display.stop()  // idempotent
    }

    @Test("releasing the last reference stops the server")
    func stopsOnDeinit() throws {
        var display: VirtualDisplay? = try VirtualDisplay(width: 320, height: 240)
        let group = try #require(display?.guardPID)
        #expect(!Self.processes(inGroup: group).isEmpty)
        display = nil
        #expect(Self.processes(inGroup: group).isEmpty)
    }

    @Test("a stale lock file from a crashed server does not break the next start")
    func staleLock() throws {
        let first = try VirtualDisplay(width: 320, height: 240)
        let number = String(first.name.dropFirst())
        first.stop()
        // What a crashed Xvfb leaves: a lock file naming a dead process, and its socket.
        // Created exclusively, so a server another test started on that number meanwhile is left alone.
        let lock = "/tmp/.X\(number)-lock"
        let fd = open(lock, O_CREAT | O_EXCL | O_WRONLY, 0o444)
        if fd >= 0 {
            _ = "      999999\n".withCString { write(fd, $0, 11) }
            close(fd)
        }
        defer {
            // Remove the stale lock only if no server replaced it.
            if fd >= 0, (try? String(contentsOfFile: lock, encoding: .ascii))?.contains("999999") == true {
                try? FileManager.default.removeItem(atPath: lock)
            }
        }
        let second = try VirtualDisplay(width: 320, height: 240)
        defer { second.stop() }
        #expect(second.isRunning)
        #expect(try X11Desktop(display: second.name).size == Size(width: 320, height: 240))
    }

    @Test("a missing Xvfb binary is a clear error")
    func missingXvfb() {
        #expect(throws: VirtualDisplayError.xvfbNotFound) { try VirtualDisplay(xvfbPath: "/nonexistent/Xvfb") }
        #expect(String(describing: VirtualDisplayError.xvfbNotFound).contains("apt-get install xvfb"))
    }

    @Test("invalid geometry is rejected before anything starts")
    func invalidGeometry() {
        #expect(throws: VirtualDisplayError.self) { try VirtualDisplay(width: 0, height: 100) }
    }
}
