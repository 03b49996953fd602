import Deskpilot
import DeskpilotTesting
import Foundation

/// `deskpilot-bench`: capture, observation, click and typing speed on a real X server.
@main
struct Bench {
    static func main() async {
        let arguments = CommandLine.arguments.dropFirst()
        if arguments.contains("--help") || arguments.contains("-h") {
            print("""
                USAGE: deskpilot-bench [--json] [--samples N] [--display NAME]

                Measures screen capture, the observation a model step needs (capture, resize to 1504x832, PNG,
                base64), one click, and typing 200 ASCII and 200 mixed (a quarter outside the keymap) characters.
                Runs on --display or $DISPLAY when set, otherwise on its own Xvfb at 1920x1080x24. Either way it
                opens a busy screen there (a full-screen photo-like picture, six xterms full of text, and the
                fixture's form, which receives the clicks and the typing) and closes it at the end.
                Build it in release mode: swift build -c release --product deskpilot-bench (and deskpilot-fixture).

                  --json        print one JSON object per line and nothing else
                  --samples N   samples per measurement (default 30)
                  --only GROUP  only this group: capture (with png), input (click, type), match (finding a
                                needle image), ocr (reading and locating text on the busy screen and a lighter one, then the
                                corpus), corpus (only the OCR corpus: per toolkit, labels found, wrong first
                                matches, first-look time, a fresh `deskpilot locate` process, against the
                                tesseract command; --toolkit tk|xaw|xedit|xterm|fixture, --verbose lists the
                                misses, --dump DIR saves the screens), agent (per model family, the
                                agent's overhead per step with instant stand-ins, the observation alone, request
                                bytes and visual tokens; the settle time), prefix (the share
                                of each request a server's prefix cache can reuse over a 30-step run, for the
                                sliding window and for screenshots dropped in chunks) or scenario (the
                                runner's cost per step; the project's suite on 1 and 2 jobs) or mcp (click and
                                screenshot round trips from the official MCP Python SDK over stdio and HTTP,
                                against a deskpilot click process; the safety policy's cost per decision with
                                50 rules, without and with an OCR rule)
                  --no-peers    skip the peers (Anthropic's demo pipeline, mss + Pillow, C XShm + libpng,
                                xdotool, python-xlib, the tesseract command, OpenCV), which otherwise run in the
                                same run for ratios
                """)
            return
        }
        let json = arguments.contains("--json")
        let samples = value(after: "--samples", in: arguments).flatMap(Int.init) ?? 30
        do {
            try await run(json: json, samples: samples, display: value(after: "--display", in: arguments),
                          only: value(after: "--only", in: arguments), withPeers: !arguments.contains("--no-peers"), arguments: arguments,
                          toolkitFilter: value(after: "--toolkit", in: arguments))
        } catch {
            FileHandle.standardError.write(Data("deskpilot-bench: \(error)\n".utf8))
            exit(1)
        }
    }

    static func value(after flag: String, in arguments: ArraySlice<String>) -> String? {
        guard let index = arguments.firstIndex(of: flag), arguments.index(after: index) < arguments.endIndex else { return nil }
        return arguments[arguments.index(after: index)]
    }

    static func run(json: Bool, samples: Int, display requested: String?, only: String?, withPeers: Bool, arguments: ArraySlice<String> = [],
                    toolkitFilter: String? = nil) async throws {
        let log: (String) -> Void = { if !json { FileHandle.standardError.write(Data(($0 + "\n").utf8)) } }
        var virtual: VirtualDisplay?
        let displayName: String
        if let name = requested ?? ProcessInfo.processInfo.environment["DISPLAY"], !name.isEmpty {
            displayName = name
        } else {
            log("Starting Xvfb 1920x1080x24 with a busy screen…")
            virtual = try VirtualDisplay(width: 1920, height: 1080)
            displayName = virtual!.name
        }
        defer { virtual?.stop() }
        if only == "corpus" {
            // The corpus brings its own display: its screens need an empty one.
            for measurement in try await CorpusBench.measure(log: log, verbose: arguments.contains("--verbose"), withPeers: withPeers,
                                                             only: toolkitFilter, dump: value(after: "--dump", in: arguments)) {
                print(json ? measurement.jsonLine : measurement.tableRow)
            }
            return
        }
        let desktop = try X11Desktop(display: displayName)
        let size = try await desktop.screenSize()
        let screen = try await BusyScreen(display: displayName, size: size)
        defer { screen.stop() }

        var ours: [Measurement] = []
        let emit: (Measurement) -> Void = {
            ours.append($0)
            print(json ? $0.jsonLine : $0.tableRow)
        }
        if !json { print("deskpilot-bench on \(displayName) (\(size)), shared memory: \(try await desktop.usesSharedMemory)") }

        if only == nil || only == "capture" {
            for measurement in try await Observation.measure(desktop, samples: samples) { emit(measurement) }
        }
        if only == nil || only == "input" {
            for measurement in try await Input.measure(desktop, form: screen.form, samples: samples) { emit(measurement) }
        }
        if only == nil || only == "match" {
            for measurement in try await MatchBench.measure(desktop, form: screen.form, samples: samples, withPeers: withPeers) { emit(measurement) }
        }
        if only == nil || only == "ocr" {
            for measurement in try await OCRBench.measure(desktop, samples: samples, withPeers: withPeers) { emit(measurement) }
            // Then the corpus of toolkit screens, per toolkit (on a display of its own).
            for measurement in try await CorpusBench.measure(log: log, verbose: false, withPeers: withPeers) { emit(measurement) }
        }
        if only == nil || only == "scenario" {
            for measurement in try await ScenarioBench.measure(samples: samples) { emit(measurement) }
        }
        if only == nil || only == "agent" {
            for measurement in try await AgentStep.measure(desktop, form: screen.form, samples: samples, log: log) { emit(measurement) }
        }
        if only == nil || only == "prefix" {
            for measurement in try await PrefixReuse.measure(desktop, form: screen.form) { emit(measurement) }
        }
        if only == nil || only == "mcp" {
            for measurement in try await MCPBench.measure(desktop, form: screen.form, samples: samples, log: log) { emit(measurement) }
        }
        guard withPeers, !["agent", "prefix"].contains(only ?? "") else { return }
        if !json { print("\nPeers, on the same screen in the same run:") }
        // Peers click the same spot and type into the same field.
        // (The OCR and match groups measure their peers, the tesseract command and OpenCV, themselves; the
        // agent group has none.)
        let peers = ["ocr", "agent", "match", "scenario", "prefix", "mcp"].contains(only ?? "") ? [] : Peers.measure(
            display: displayName, samples: samples, only: only,
            click: try screen.form.center(of: "Status"), focus: try screen.form.center(of: "City"))
        for peer in peers { print(json ? peer.jsonLine : peer.tableRow) }
        if !json { print("") }
        for ratio in Peers.ratios(ours: ours, peers: peers + ours.filter { $0.name.hasPrefix("peer: ") }) { print(json ? ratio.jsonLine : ratio.tableRow) }
    }
}
