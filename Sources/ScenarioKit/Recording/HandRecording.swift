public import DesktopKit
import EditDistance
public import Foundation
import ImageMatching
public import Imaging
public import TextRecognition
public import X11Desktop

/// Turns what a person does on a display (``RecordedInput``, from XRecord) into a scenario, the way they
/// would write it by hand: a click becomes a step whose place is the OCR text under the pointer when that
/// text is found only there, else a needle image cut around the point (saved beside the file) when it is
/// found only there, else the point; typed characters become one `type:` step, combinations with Ctrl, Alt
/// or Super a `key:` step, the wheel `scroll:`, a press moved away before its release a `drag:`, and a pause
/// longer than `pauseThreshold` a `wait_for:` on text that appeared meanwhile.
///
/// Feed it with ``handle(_:)`` in the order the events came, then ``write(to:name:display:launch:waitForWindow:)``.
public actor HandRecording {
    /// One step as recorded, its places still points on the screen they were seen on.
    enum Step {
        case click(Point, button: MouseButton, count: Int, screen: Image, time: UInt)
        case drag(from: Point, to: Point, screen: Image)
        case scroll(dx: Int, dy: Int, at: Point, time: UInt)
        case type(String)
        case key(String)
        case waitFor(String)
    }

    private let desktop: any Desktop
    private let recognizer: TextRecognizer
    /// Seconds without input after which what appeared becomes a `wait_for`.
    public let pauseThreshold: Double
    /// The side of the square needle cut around a click.
    public let needleSide: Int
    private var steps: [Step] = []
    private var text = ""
    private var press: (button: Int, point: Point, screen: Image)?
    private var lastTime: UInt?
    /// The screen half a second after the last input, and the task taking it.
    private var settled: Image?
    private var settling: Task<Void, any Error>?
    /// Needles written by the current ``write(to:name:display:launch:waitForWindow:)``.
    private var needlesWritten: [URL] = []

    /// Secrets to keep out of the file: typed text equal to a value is written as `{{secret:NAME}}`, and the
    /// scenario's `secrets:` says which environment variable holds it.
    public struct Secret: Sendable {
        public var name: String
        public var variable: String
        public var value: String
        public init(name: String, variable: String, value: String) {
            self.name = name
            self.variable = variable
            self.value = value
        }
    }
    private let secrets: [Secret]

    /// A recording of `desktop`'s input.
    public init(desktop: any Desktop, recognizer: TextRecognizer, pauseThreshold: Double = 2, needleSide: Int = 48, secrets: [Secret] = []) {
        self.desktop = desktop
        self.recognizer = recognizer
        self.pauseThreshold = pauseThreshold
        self.needleSide = needleSide
        self.secrets = secrets.filter { !$0.value.isEmpty }
    }

    /// How many steps so far (typing in progress counts as one).
    public var count: Int { steps.count + (text.isEmpty ? 0 : 1) }

    /// Takes one event into the recording.
    public func handle(_ input: RecordedInput) async throws {
        guard input.kind == .keyPress || input.kind == .buttonPress || input.kind == .buttonRelease else { return }
        if input.kind != .buttonRelease, let last = lastTime, Double(input.time &- last) / 1000 >= pauseThreshold {
            try await noteWhatAppeared()
        }
        if input.kind != .buttonRelease {
            lastTime = input.time
            settle()
        }
        switch input.kind {
        case .buttonPress where (1...3).contains(input.button):
            flushText()
            press = (input.button, input.point, try await desktop.screenshot())
        case .buttonRelease where (1...3).contains(input.button):
            guard let down = press, down.button == input.button else { return }
            press = nil
            let moved = abs(input.point.x - down.point.x) + abs(input.point.y - down.point.y)
            if moved > 8, down.button == 1 {
                steps.append(.drag(from: down.point, to: input.point, screen: down.screen))
            } else {
                click(at: down.point, button: [1: .left, 2: .middle, 3: .right][down.button] ?? .left, screen: down.screen, time: input.time)
            }
        case .buttonPress where (4...7).contains(input.button):
            flushText()
            let (dx, dy) = [4: (0, -1), 5: (0, 1), 6: (-1, 0), 7: (1, 0)][input.button] ?? (0, 0)
            if case .scroll(let oldX, let oldY, let at, let time)? = steps.last, at == input.point, input.time &- time < 1000,
               (oldX == 0) == (dx == 0) {
                steps[steps.count - 1] = .scroll(dx: oldX + dx, dy: oldY + dy, at: at, time: input.time)
            } else {
                steps.append(.scroll(dx: dx, dy: dy, at: input.point, time: input.time))
            }
        case .keyPress:
            key(input)
        default:
            break
        }
    }

    /// Ends typing in progress (call before writing).
    public func finish() {
        flushText()
    }

    /// Drops the Ctrl-C that ended the recording, when it was typed on the recorded display.
    private func dropEndingKey() {
        if case .key("ctrl+c")? = steps.last { steps.removeLast() }
    }

    private func click(at point: Point, button: MouseButton, screen: Image, time: UInt) {
        // A second (third) click at the same place soon after is a double (triple) click.
        if case .click(let old, let oldButton, let count, let oldScreen, let oldTime)? = steps.last, oldButton == button, count < 3,
           abs(old.x - point.x) + abs(old.y - point.y) <= 4, time &- oldTime <= 400 {
            steps[steps.count - 1] = .click(old, button: button, count: count + 1, screen: oldScreen, time: time)
            return
        }
        steps.append(.click(point, button: button, count: 1, screen: screen, time: time))
    }

    private static let modifierKeys: Set<String> = ["Shift_L", "Shift_R", "Control_L", "Control_R", "Alt_L", "Alt_R", "Meta_L", "Meta_R",
                                                    "Super_L", "Super_R", "Caps_Lock", "ISO_Level3_Shift", "Num_Lock"]

    private func key(_ input: RecordedInput) {
        guard let name = input.keysym, !Self.modifierKeys.contains(name) else { return }
        let held = ["ctrl", "alt", "super"].filter { input.modifiers.contains($0) }
        if held.isEmpty, let character = input.character {
            text.append(character)
            return
        }
        if held.isEmpty, name == "BackSpace", !text.isEmpty {
            text.removeLast()
            return
        }
        flushText()
        // A letter with Ctrl is written in lower case (ctrl+s, ctrl+shift+s).
        let shown = name.count == 1 ? name.lowercased() : name
        let shift = input.modifiers.contains("shift") && !held.isEmpty ? ["shift"] : []
        steps.append(.key((held + shift + [shown]).joined(separator: "+")))
    }

    private func flushText() {
        guard !text.isEmpty else { return }
        var written = text
        // Longest first: a secret containing another is replaced whole.
        for secret in secrets.sorted(by: { $0.value.count > $1.value.count }) {
            written = written.replacingOccurrences(of: secret.value, with: "{{secret:\(secret.name)}}")
        }
        steps.append(.type(written))
        text = ""
    }

    /// Half a second after each input, the screen as that input left it: what appears later, during a
    /// pause, is what the person waited for (what appears at once needs no wait: locators wait anyway).
    private func settle() {
        settling?.cancel()
        settled = nil
        let desktop = desktop
        settling = Task {
            try await Task.sleep(for: .milliseconds(500))
            let screen = try await desktop.screenshot()
            self.keepSettled(screen)
        }
    }

    private func keepSettled(_ screen: Image) {
        if !(settling?.isCancelled ?? true) { settled = screen }
    }

    /// After a pause: the first line of text on the screen now that was not there half a second after the
    /// last input.
    private func noteWhatAppeared() async throws {
        flushText()
        guard let before = settled else { return }
        let now = try await desktop.screenshot()
        let old = try await recognizer.recognize(before).map(\.text)
        // A line read a little differently now (a cursor moved over it) is not new.
        let appeared = try await recognizer.recognize(now).filter { line in
            line.text.filter(\.isLetter).count >= 3 && !old.contains { Self.similar($0, line.text) }
        }
        for line in appeared {
            let words = line.text.split(separator: " ").prefix(4).joined(separator: " ")
            // Only text found again as a whole: a wait that could not pass on replay helps nobody.
            guard let match = try await recognizer.locate(words, in: now).first, match.score == 1 else { continue }
            steps.append(.waitFor(words))
            return
        }
    }

    /// Whether two readings are of the same line: at most a quarter of their characters differ.
    static func similar(_ a: String, _ b: String) -> Bool {
        let a = a.lowercased(), b = b.lowercased()
        guard !a.isEmpty, !b.isEmpty else { return a.isEmpty && b.isEmpty }
        return editDistance(a, b) * 4 <= max(a.count, b.count)
    }

    // MARK: Writing

    /// Writes the scenario to `url` and the needles it needs to `needles/` beside it; returns how many
    /// steps it has and the needle files.
    public func write(to url: URL, name: String, display: Size, launch: [String]? = nil,
                      waitForWindow: String? = nil) async throws -> (steps: Int, needles: [URL]) {
        flushText()
        dropEndingKey()
        let needles = url.deletingLastPathComponent().appendingPathComponent("needles")
        needlesWritten = []
        var yaml = "name: \(name)\n"
        yaml += "description: \(ScenarioRecorder.quoted("Recorded by hand with deskpilot record"))\n"
        yaml += "tags: [recorded]\n"
        yaml += "display: { width: \(display.width), height: \(display.height) }\n"
        let used = secrets.filter { secret in steps.contains { if case .type(let text) = $0 { text.contains("{{secret:\(secret.name)}}") } else { false } } }
        if !used.isEmpty {
            yaml += "secrets:\n" + used.map { "  \($0.name): \(ScenarioRecorder.quoted($0.variable))\n" }.joined()
        }
        if let launch {
            yaml += "launch:\n  - run: [\(launch.map(ScenarioRecorder.quoted).joined(separator: ", "))]\n"
            if let waitForWindow { yaml += "    wait_for: { window: \(ScenarioRecorder.quoted(waitForWindow)), timeout: 10 }\n" }
        }
        yaml += "steps:\n"
        for (index, step) in steps.enumerated() {
            func place(_ point: Point, on screen: Image) async throws -> String {
                try await locator(for: point, on: screen, needle: needles.appendingPathComponent("\(name)-\(index + 1).png"))
            }
            let line: String?
            switch step {
            case .click(let point, let button, let count, let screen, _):
                line = ScenarioRecorder.step(.click(try await place(point, on: screen), button: button, count: count))
            case .drag(let from, let to, let screen):
                line = ScenarioRecorder.step(.drag(along: [try await place(from, on: screen), "{ x: \(to.x), y: \(to.y) }"], button: .left))
            case .scroll(let dx, let dy, let at, _):
                line = ScenarioRecorder.step(.scroll(dx: dx, dy: dy, at: "{ x: \(at.x), y: \(at.y) }"))
            case .type(let text): line = "type: \(ScenarioRecorder.quoted(text))"
            case .key(let combo): line = "key: \(ScenarioRecorder.quoted(combo))"
            case .waitFor(let text): line = "wait_for: { text: \(ScenarioRecorder.quoted(text)), timeout: 30 }"
            }
            if let line { yaml += "  - \(line)\n" }
        }
        try Data(yaml.utf8).write(to: url, options: .atomic)
        return (steps.count, needlesWritten)
    }

    /// `{ text: … }` when the text under the point is found there and nowhere else; else `{ image: … }`
    /// when a needle cut around the point is found only there; else `{ x, y }`.
    private func locator(for point: Point, on screen: Image, needle file: URL) async throws -> String {
        for candidate in try await texts(at: point, on: screen) {
            let matches = try await recognizer.locate(candidate, in: screen)
            let best = matches.filter { $0.score >= (matches.first?.score ?? 0) }
            if best.count == 1, best[0].score == 1, best[0].box.insetBy(-4).contains(point) {
                return "{ text: \(ScenarioRecorder.quoted(candidate)) }"
            }
        }
        let side = min(needleSide, screen.width, screen.height)
        let left = min(max(0, point.x - side / 2), screen.width - side), top = min(max(0, point.y - side / 2), screen.height - side)
        let cut = try screen.cropped(x: left, y: top, width: side, height: side)
        // A needle of one flat colour would match any flat area: the matcher refuses it, and the point is used.
        if let matches = try? TemplateMatcher().matches(of: cut, in: screen) {
            if let best = matches.first, best.rect.x == left, best.rect.y == top, matches.dropFirst().allSatisfy({ $0.score < best.score - 0.02 }) {
                try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
                try cut.writePNG(to: file.path)
                needlesWritten.append(file)
                let offset = (point.x - (left + side / 2), point.y - (top + side / 2))
                return "{ image: needles/\(file.lastPathComponent)" + (offset == (0, 0) ? "" : ", offset: [\(offset.0), \(offset.1)]") + " }"
            }
        }
        return "{ x: \(point.x), y: \(point.y) }"
    }

    /// The texts under `point` a person would name: the whole label (the words near each other on its
    /// line), then the single word.
    private func texts(at point: Point, on screen: Image) async throws -> [String] {
        let left = max(0, point.x - 300), top = max(0, point.y - 40)
        let band = Rect(x: left, y: top, width: min(600, screen.width - left), height: min(80, screen.height - top))
        let lines = try await recognizer.recognize(screen, region: band)
        for line in lines where line.box.y - 6 <= point.y && point.y < line.box.maxY + 6 {
            guard let index = line.words.firstIndex(where: { $0.box.x - 6 <= point.x && point.x < $0.box.maxX + 6 }) else { continue }
            // The label: neighbours closer than the text is tall.
            var first = index, last = index
            while first > 0, line.words[first].box.x - line.words[first - 1].box.maxX <= line.box.height { first -= 1 }
            while last < line.words.count - 1, line.words[last + 1].box.x - line.words[last].box.maxX <= line.box.height { last += 1 }
            let label = line.words[first...last].map(\.text).joined(separator: " ")
            let word = line.words[index].text
            return Array(Set([label, word])).sorted { $0.count > $1.count }.filter { $0.contains(where: { $0.isLetter || $0.isNumber }) }
        }
        return []
    }
}

extension Rect {
    /// The rectangle grown by `amount` on every side (shrunk for a negative amount).
    fileprivate func insetBy(_ amount: Int) -> Rect {
        Rect(x: x + amount, y: y + amount, width: width - 2 * amount, height: height - 2 * amount)
    }
}
