import ChildProcesses
import Deskpilot
import Foundation
public import Imaging
public import TextRecognition

/// The OCR corpus: screens of real toolkits — Tk widgets in seeded themes, fonts and reliefs, Xaw dialogs
/// (xmessage), xedit, xterm, and the fixture app — each with a ground truth that comes from the toolkit
/// itself (Tk's widget geometry, the X server's window tree, xterm's character cells, the fixture's
/// layout), never from OCR. The generators are in `Tools/ocr-corpus/`; the test suite and the benchmark
/// show the screens on a private display and ask the recognizer for every label.
public enum OCRCorpus {
    /// One screen of the corpus.
    public enum Screen: Sendable, Hashable, CustomStringConvertible {
        /// Tk widgets from `tk-screen.py --seed`.
        case tk(seed: Int)
        /// A Tk calculator keypad of symbol labels (`*`, `=`, `+/-`, `x!`, `x²` …), fonts and theme from the seed.
        case tkSymbols(seed: Int)
        /// An xmessage dialog from `xaw-dialog.py --seed`.
        case xaw(seed: Int)
        /// Plain xmessage (its default font and colours) with these buttons, left to right, and message.
        case xmessage(buttons: [String], message: String)
        /// xedit from `xedit-screen.py --seed`.
        case xedit(seed: Int)
        /// xterm in its default bitmap font, with words printed at known cells.
        case xterm(seed: Int)
        /// The fixture app's `scene`.
        case fixture(scene: String)

        /// The toolkit, as the corpus's figures are grouped: `tk`, `xaw`, `xedit`, `xterm`, `fixture`.
        public var toolkit: String {
            switch self {
            case .tk: "tk"
            case .tkSymbols: "tk-symbols"
            case .xaw, .xmessage: "xaw"
            case .xedit: "xedit"
            case .xterm: "xterm"
            case .fixture: "fixture"
            }
        }

        /// `tk 3`, `fixture form`.
        public var description: String {
            switch self {
            case .tk(let seed), .tkSymbols(let seed), .xaw(let seed), .xedit(let seed), .xterm(let seed): "\(toolkit) \(seed)"
            case .fixture(let scene): "fixture \(scene)"
            case .xmessage(let buttons, _): "xmessage \(buttons.joined(separator: ","))"
            }
        }
    }

    /// A text on a corpus screen and the box (screen pixels) of the widget that shows it.
    public struct Label: Sendable, Hashable, Decodable {
        public var toolkit: String
        public var kind: String
        public var text: String
        public var box: Rect

        public init(toolkit: String, kind: String, text: String, box: Rect) {
            self.toolkit = toolkit
            self.kind = kind
            self.text = text
            self.box = box
        }

        private enum CodingKeys: String, CodingKey { case toolkit, kind, text, box }

        public init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            toolkit = try container.decode(String.self, forKey: .toolkit)
            kind = try container.decode(String.self, forKey: .kind)
            text = try container.decode(String.self, forKey: .text)
            let numbers = try container.decode([Int].self, forKey: .box)
            guard numbers.count == 4 else {
                throw DecodingError.dataCorruptedError(forKey: .box, in: container, debugDescription: "a box is [x, y, width, height]")
            }
            box = Rect(x: numbers[0], y: numbers[1], width: numbers[2], height: numbers[3])
        }
    }

    /// A screen on show: its labels, and what to stop when done.
    public final class Shown: Sendable {
        public let screen: Screen
        public let labels: [Label]
        private let stopping: @Sendable () -> Void

        init(screen: Screen, labels: [Label], stop: @escaping @Sendable () -> Void) {
            self.screen = screen
            self.labels = labels
            stopping = stop
        }

        /// Stops the screen's programs.
        public func stop() {
            stopping()
        }

        deinit { stop() }
    }

    /// The repository's root (the corpus scripts live in `Tools/ocr-corpus/`).
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// Shows `screen` on `display` (whose screen is `size`) at its top-left corner and returns it once it
    /// is drawn, with its labels.
    ///
    /// - Throws: ``FixtureError`` when a generator fails, prints no ground truth or is not ready in 60 s.
    public static func show(_ screen: Screen, on display: String, size: Size) async throws -> Shown {
        switch screen {
        case .tk(let seed):
            return try await script("tk-screen.py", ["--seed", "\(seed)", "--width", "\(min(size.width, 1280))", "--height", "\(min(size.height, 800))"],
                                    screen: screen, display: display)
        case .tkSymbols(let seed):
            return try await script("tk-screen.py", ["--seed", "\(seed)", "--symbols", "--width", "\(min(size.width, 1280))", "--height", "\(min(size.height, 800))"],
                                    screen: screen, display: display)
        case .xaw(let seed):
            return try await script("xaw-dialog.py", ["--seed", "\(seed)"], screen: screen, display: display)
        case .xmessage(let buttons, let message):
            return try await script("xaw-dialog.py", ["--buttons", buttons.joined(separator: ","), "--message", message], screen: screen, display: display)
        case .xedit(let seed):
            return try await script("xedit-screen.py", ["--seed", "\(seed)"], screen: screen, display: display)
        case .xterm(let seed):
            return try await xterm(seed: seed, display: display, screen: screen)
        case .fixture(let scene):
            let app = try await FixtureApp.launch(scene: scene, display: display, arguments: ["--x", "0", "--y", "0"])
            let labels = app.layout.widgets.compactMap { widget -> Label? in
                let text: String
                switch (widget.kind, widget.name) {
                case ("button", let name): text = name
                case ("label", let name) where name.hasSuffix("Label"): text = String(name.dropLast("Label".count))
                default: return nil
                }
                let frame = try? app.rect(of: widget.name)
                return frame.map { Label(toolkit: "fixture", kind: widget.kind, text: text, box: $0) }
            }
            return Shown(screen: screen, labels: labels) { app.stop() }
        }
    }

    /// Runs a generator script and reads its ground truth up to `{"ready": true}`.
    private static func script(_ name: String, _ arguments: [String], screen: Screen, display: String) async throws -> Shown {
        let path = root.appendingPathComponent("Tools/ocr-corpus/\(name)").path
        let output = FileManager.default.temporaryDirectory.appendingPathComponent("deskpilot-corpus-\(UUID().uuidString).jsonl")
        let errors = output.appendingPathExtension("err")
        let process = try ChildProcess(["/usr/bin/python3", path] + arguments, display: display, standardOutput: output.path, standardError: errors.path)
        // A second or less on its own; much more when the whole test suite shares two cores.
        let deadline = ContinuousClock.now + .seconds(60)
        while ContinuousClock.now < deadline {
            let text = (try? String(contentsOf: output, encoding: .utf8)) ?? ""
            if text.contains(#""ready": true"#) || text.contains(#""ready":true"#) {
                let labels = try text.split(separator: "\n").filter { !$0.contains(#""ready""#) }.map {
                    try JSONDecoder().decode(Label.self, from: Data($0.utf8))
                }
                return Shown(screen: screen, labels: labels) {
                    process.stop()
                    try? FileManager.default.removeItem(at: output)
                    try? FileManager.default.removeItem(at: errors)
                }
            }
            guard process.isRunning else {
                throw FixtureError("\(name) \(arguments.joined(separator: " ")) exited: \((try? String(contentsOf: errors, encoding: .utf8)) ?? "")")
            }
            try await Task.sleep(for: .milliseconds(20))
        }
        process.stop()
        let said = ((try? String(contentsOf: errors, encoding: .utf8)) ?? "") + ((try? String(contentsOf: output, encoding: .utf8)) ?? "")
        throw FixtureError("\(name) \(arguments.joined(separator: " ")) was not ready within 60 s" + (said.isEmpty ? " and printed nothing" : ": \(said)"))
    }

    /// xterm in its default font (6×13 cells, 2 px inner border, no window border) at the top-left
    /// corner, with seeded words printed at seeded cells; the truth is each word's cells.
    private static func xterm(seed: Int, display: String, screen: Screen) async throws -> Shown {
        var random = SeededRandom(seed: UInt64(seed))
        let words = ["hello-42", "make", "build.log", "README.md", "Makefile", "sudo", "grep", "ssh", "v1.4.2", "error:", "passed",
                     "src/main.c", "42%", "OK", "done", "/usr/bin", "deskpilot", "Tests", "0x1F", "apt-get", "install", "python3",
                     "warning", "total", "drwxr-xr-x", "root", "12:45", "2026-12-07", "Swift", "xterm"]
        let columns = 100, rows = 30
        var placed: [(row: Int, column: Int, word: String)] = []
        var used = Set<String>()
        while placed.count < 14 {
            let word = words[Int(random.next() % UInt64(words.count))]
            guard !used.contains(word) else { continue }
            let row = 1 + Int(random.next() % UInt64(rows - 2)), column = Int(random.next() % UInt64(columns - word.count))
            // Apart from every word placed: a blank row between, or 4 cells on the same row.
            guard placed.allSatisfy({ abs($0.row - row) >= 2 || column >= $0.column + $0.word.count + 4 || column + word.count + 4 <= $0.column }) else { continue }
            used.insert(word)
            placed.append((row, column, word))
        }
        let script = placed.map { "printf '\\033[\($0.row + 1);\($0.column + 1)H%s' '\($0.word)'" }.joined(separator: "; ")
        let marker = FileManager.default.temporaryDirectory.appendingPathComponent("deskpilot-corpus-xterm-\(UUID().uuidString)")
        let process = try ChildProcess(
            ["xterm", "-geometry", "\(columns)x\(rows)+0+0", "-bw", "0", "-b", "2", "-fn", "6x13", "-e", "sh", "-c",
             "clear; \(script); printf '\\033[\(rows);1H'; touch \(marker.path); sleep 100000"],
            display: display)
        let deadline = ContinuousClock.now + .seconds(20)
        while !FileManager.default.fileExists(atPath: marker.path) {
            guard process.isRunning, ContinuousClock.now < deadline else {
                process.stop()
                throw FixtureError("xterm did not draw the corpus words within 20 s")
            }
            try await Task.sleep(for: .milliseconds(20))
        }
        // The last printf reaches the screen a moment after the marker: wait until the screen holds still.
        let desktop = try X11Desktop(display: display)
        var last = try await desktop.screenshot()
        var still = 0
        while still < 3 {
            guard ContinuousClock.now < deadline else {
                process.stop()
                throw FixtureError("xterm's screen did not hold still within 20 s")
            }
            try await Task.sleep(for: .milliseconds(30))
            let now = try await desktop.screenshot()
            still = now.pixels == last.pixels ? still + 1 : 0
            last = now
        }
        let labels = placed.map { entry in
            Label(toolkit: "xterm", kind: "text", text: entry.word, box: Rect(x: 2 + entry.column * 6, y: 2 + entry.row * 13, width: entry.word.count * 6, height: 13))
        }
        return Shown(screen: screen, labels: labels) {
            process.stop()
            try? FileManager.default.removeItem(at: marker)
        }
    }

    /// How the recognizer did on one screen.
    public struct Score: Sendable {
        /// Labels found where they are, behind no match elsewhere.
        public var found: [Label] = []
        /// Labels with no match on them (a match elsewhere may lead, on another label with the same text).
        public var missed: [Label] = []
        /// Labels whose first match lies on no label with that text (the phrase inside a longer label, say,
        /// or a misreading), with that match.
        public var wrongFirst: [(label: Label, match: TextMatch)] = []

        public init() {}

        public var total: Int { found.count + missed.count + wrongFirst.count }
    }

    /// Asks `locate` for every label of `shown` (exact phrases) and judges the matches. A match lies on a
    /// label when its centre is inside the label's box (2 pixels of slack). The first match must lie on a
    /// label with the same text (a screen may show the same text twice: then either is right first), and
    /// some match must lie on this label.
    public static func score(_ shown: Shown, locate: (String) throws -> [TextMatch]) rethrows -> Score {
        var matches: [String: [TextMatch]] = [:]
        for label in shown.labels where matches[label.text] == nil { matches[label.text] = try locate(label.text) }
        return judge(shown, matches)
    }

    /// ``score(_:locate:)`` for async code: `locate` should be the recognizer's async `locate`, which
    /// reads off Swift's cooperative threads (a whole corpus read there starves every other task).
    public static func score(_ shown: Shown, locate: (String) async throws -> [TextMatch]) async rethrows -> Score {
        var matches: [String: [TextMatch]] = [:]
        for label in shown.labels where matches[label.text] == nil { matches[label.text] = try await locate(label.text) }
        return judge(shown, matches)
    }

    /// Judges each label by the matches found for its text.
    private static func judge(_ shown: Shown, _ found: [String: [TextMatch]]) -> Score {
        func lies(_ match: TextMatch, on label: Label) -> Bool {
            let box = label.box
            return Rect(x: box.x - 2, y: box.y - 2, width: box.width + 4, height: box.height + 4).contains(match.box.center)
        }
        var score = Score()
        for label in shown.labels {
            let matches = found[label.text] ?? []
            guard let first = matches.first else {
                score.missed.append(label)
                continue
            }
            let twins = shown.labels.filter { $0.text.lowercased() == label.text.lowercased() }
            if !twins.contains(where: { lies(first, on: $0) }) {
                score.wrongFirst.append((label, first))
            } else if matches.contains(where: { lies($0, on: label) }) {
                score.found.append(label)
            } else {
                score.missed.append(label)
            }
        }
        return score
    }
}

/// A small deterministic generator (SplitMix64): the same seed gives the same screen on every machine.
struct SeededRandom {
    private var state: UInt64

    init(seed: UInt64) { state = seed &+ 0x9E37_79B9_7F4A_7C15 }

    mutating func next() -> UInt64 {
        state = state &+ 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
