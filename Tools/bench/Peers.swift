import Deskpilot
import Foundation
import Imaging

/// The peers the issue names, measured in the same run by `Tools/bench/peers/peers.py` on the same display,
/// and the ratios of Deskpilot's medians against theirs.
enum Peers {
    /// Runs the peer script and returns its measurements; on any failure, says why on stderr and returns none.
    static func measure(display: String, samples: Int, only: String?, click: Point, focus: Point) -> [Measurement] {
        let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("peers/peers.py").path
        guard FileManager.default.fileExists(atPath: script) else {
            FileHandle.standardError.write(Data("deskpilot-bench: peer script \(script) not found; skipping peers\n".utf8))
            return []
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", script, "--display", display, "--samples", "\(samples)", "--click", "\(click.x),\(click.y)",
                             "--focus", "\(focus.x),\(focus.y)"]
            + (only.map { ["--only", $0] } ?? [])
        let output = Pipe()
        process.standardOutput = output
        do {
            try process.run()
        } catch {
            FileHandle.standardError.write(Data("deskpilot-bench: cannot run the peers (\(error)); skipping them\n".utf8))
            return []
        }
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let decoder = JSONDecoder()
        return data.split(separator: UInt8(ascii: "\n")).compactMap { try? decoder.decode(Measurement.self, from: Data($0)) }
    }

    /// Pairs of (ours, peer) by name prefix (an exact peer name wins), and how many times faster ours is at the median
    /// (for typing: characters per second, ours over theirs).
    static func ratios(ours: [Measurement], peers: [Measurement]) -> [Ratio] {
        let pairs: [(String, String)] = [
            ("screenshot full screen", "peer: mss grab"),
            ("screenshot full screen", "peer: C XShmGetImage"),
            ("observation", "peer: Anthropic demo pipeline"),
            ("observation", "peer: Python in-process"),
            ("observation", "peer: C XShmGetImage + libpng"),
            ("click", "peer: xdotool mousemove --sync"),
            ("click", "peer: xdotool --delay 0"),
            ("click", "peer: python-xlib XTest click"),
            ("type 200 ASCII characters", "peer: xdotool type --delay 12"),
            ("type 200 ASCII characters", "peer: xdotool type --delay 0"),
            ("type 200 ASCII characters", "peer: python-xlib XTest type"),
            ("find a 64x64 needle anywhere", "peer: OpenCV matchTemplate TM_CCOEFF_NORMED, grey"),
            ("find a 64x64 needle near", "peer: OpenCV matchTemplate TM_CCOEFF_NORMED, grey"),
            ("locate \"Submit\", first look", "peer: tesseract command, busy screen"),
            ("locate \"Submit\", first look, lighter screen", "peer: tesseract command, lighter screen"),
            ("MCP click round trip, Python SDK over stdio", "peer: deskpilot click process (CLI)"),
            ("MCP click round trip, Python SDK over HTTP", "peer: deskpilot click process (CLI)"),
        ]
        return pairs.compactMap { oursPrefix, peerPrefix in
            guard let mine = ours.first(where: { $0.name.hasPrefix(oursPrefix) }),
                let theirs = peers.first(where: { $0.name == peerPrefix }) ?? peers.first(where: { $0.name.hasPrefix(peerPrefix) })
            else { return nil }
            let speedup: Double
            if let myRate = mine.charsPerSecond, let theirRate = theirs.charsPerSecond {
                speedup = myRate / theirRate
            } else {
                speedup = theirs.median / mine.median
            }
            return Ratio(name: "\(mine.name) vs \(theirs.name)", ratio: (speedup * 100).rounded() / 100)
        }
    }

    /// How many times faster Deskpilot is than a peer.
    struct Ratio: Encodable {
        var group = "ratio"
        var name: String
        var ratio: Double

        var jsonLine: String {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys]
            return String(decoding: (try? encoder.encode(self)) ?? Data(), as: UTF8.self)
        }

        var tableRow: String {
            String(format: "ratio     %@  %.2fx", name.padding(toLength: 110, withPad: " ", startingAt: 0), ratio)
        }
    }
}
