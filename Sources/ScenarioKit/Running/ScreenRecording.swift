import ChildProcesses
import Foundation
import Glibc
import Imaging

/// Whether scenarios are filmed (`deskpilot test --video`).
public enum VideoMode: String, Sendable, CaseIterable {
    /// No recording.
    case off
    /// Every scenario's display is recorded.
    case on
    /// Recorded, but kept only when the scenario fails (or is flaky).
    case retainOnFailure = "retain-on-failure"

    /// Whether ffmpeg, which films, is installed.
    public static var isAvailable: Bool { ScreenRecording.ffmpeg != nil }
}

/// A film of a scenario's own display: Debian's ffmpeg reading the Xvfb with `x11grab`, 10 frames a second,
/// VP8 in WebM (what browsers play in the HTML report). Started with the scenario, stopped with it (SIGINT,
/// so ffmpeg writes a complete file), and killed with the scenario's other processes if it will not stop.
struct ScreenRecording {
    let process: ChildProcess
    let file: URL

    /// The ffmpeg that Deskpilot films with, or nil when it is not installed.
    static var ffmpeg: String? {
        ["/usr/bin/ffmpeg", "/usr/local/bin/ffmpeg"].first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    /// Starts filming `display` (of `size`) into `file`; its own messages go to `log`.
    static func start(display: String, size: Size, file: URL, log: String) throws -> ScreenRecording {
        guard let ffmpeg else { throw ScenarioFailure("--video needs ffmpeg: apt-get install ffmpeg") }
        // Even sizes: the encoder's 4:2:0 chroma needs them.
        let width = size.width & ~1, height = size.height & ~1
        let process = try ChildProcess(
            [ffmpeg, "-nostdin", "-hide_banner", "-loglevel", "error", "-f", "x11grab", "-draw_mouse", "1", "-framerate", "10",
             "-video_size", "\(width)x\(height)", "-i", display, "-c:v", "libvpx", "-deadline", "realtime", "-cpu-used", "8",
             "-b:v", "1500k", "-pix_fmt", "yuv420p", "-y", file.path],
            standardOutput: log, standardError: log)
        return ScreenRecording(process: process, file: file)
    }

    /// Stops filming and waits for the file to be complete (at most 10 s; then the process is killed).
    func stop() async {
        if process.isRunning { kill(process.pid, SIGINT) }
        if await process.waitForExit(timeout: .seconds(10)) == nil { process.stop(grace: .seconds(1)) }
    }
}
