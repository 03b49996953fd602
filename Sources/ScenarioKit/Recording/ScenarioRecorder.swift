public import AgentCore
import DesktopKit
public import Foundation
public import Imaging
import Synchronization
import TextRecognition
import VisionModel

/// Turns an agent run into a scenario file: every click keeps its screen point, a needle cut around the
/// target, the target's OCR text when it has any, and the model's own description of the step; typing,
/// keys, scrolls and waits become the same steps. On replay the runner checks the needle at the recorded
/// place, then anywhere, then the text, and only then asks a model (see ``Locator/recorded(point:needle:text:target:)``).
///
/// ```swift
/// let recorder = ScenarioRecorder()
/// let agent = Agent(desktop: desktop, policy: policy, observe: recorder.observe)
/// _ = await agent.run(task)
/// try recorder.write(to: URL(fileURLWithPath: "Scenarios/recorded.yaml"), name: "recorded", task: task, display: size)
/// ```
public final class ScenarioRecorder: Sendable {
    private let actions = Mutex<[ObservedAction]>([])
    /// The side of the square needle cut around each click.
    public let needleSide: Int

    /// A recorder cutting `needleSide`-pixel needles.
    public init(needleSide: Int = 64) {
        self.needleSide = needleSide
    }

    /// Keeps one action (pass this as the agent's `observe`).
    public var observe: @Sendable (ObservedAction) -> Void {
        { [self] action in self.actions.withLock { $0.append(action) } }
    }

    /// How many actions were kept.
    public var count: Int { actions.withLock { $0.count } }

    /// Writes the scenario to `url` and its needles to `needles/` beside it; returns the needle files.
    ///
    /// - Parameters:
    ///   - launch: the command the run started on its display, if any (it becomes the scenario's launch).
    @discardableResult
    public func write(to url: URL, name: String, task: String, display: Size, launch: [String]? = nil,
                      waitForWindow: String? = nil) throws -> [URL] {
        let folder = url.deletingLastPathComponent()
        let needles = folder.appendingPathComponent("needles")
        try FileManager.default.createDirectory(at: needles, withIntermediateDirectories: true)
        let recognizer = try TextRecognizer()
        var written: [URL] = []
        var yaml = "name: \(name)\n"
        yaml += "description: \(Self.quoted("Recorded from the agent run: \(task)"))\n"
        yaml += "tags: [recorded]\n"
        yaml += "display: { width: \(display.width), height: \(display.height) }\n"
        if let launch {
            yaml += "launch:\n  - run: [\(launch.map(Self.quoted).joined(separator: ", "))]\n"
            if let waitForWindow { yaml += "    wait_for: { window: \(Self.quoted(waitForWindow)), timeout: 10 }\n" }
        }
        yaml += "steps:\n"
        for (index, observed) in actions.withLock({ $0 }).enumerated() {
            func place(_ point: Point) throws -> String {
                var fields = ["x: \(point.x)", "y: \(point.y)"]
                let side = min(needleSide, observed.screen.width, observed.screen.height)
                let left = min(max(0, point.x - side / 2), observed.screen.width - side)
                let top = min(max(0, point.y - side / 2), observed.screen.height - side)
                // The needle is centred on the point unless the screen's edge is near: then the point keeps its
                // offset by recording the centre of the cut instead.
                let cut = try observed.screen.cropped(x: left, y: top, width: side, height: side)
                if let first = cut.pixels.first, cut.pixels.contains(where: { $0 != first }) {
                    let file = needles.appendingPathComponent("\(name)-step-\(index + 1).png")
                    try cut.writePNG(to: file.path)
                    written.append(file)
                    fields = ["x: \(left + side / 2)", "y: \(top + side / 2)", "needle: needles/\(file.lastPathComponent)"]
                }
                if let word = try Self.word(at: point, on: observed.screen, recognizer: recognizer) { fields.append("text: \(Self.quoted(word))") }
                if !observed.thought.isEmpty { fields.append("target: \(Self.quoted(observed.thought))") }
                return "{ " + fields.joined(separator: ", ") + " }"
            }
            if let line = Self.step(try observed.action.map(place)) {
                yaml += "  # \(observed.thought.replacingOccurrences(of: "\n", with: " "))\n  - \(line)\n"
            }
        }
        try Data(yaml.utf8).write(to: url, options: .atomic)
        return written
    }

    /// The scenario step of an action whose places are written as YAML locators; nil for what a scenario
    /// cannot replay (clicks where the pointer happened to be, a press or release alone).
    static func step(_ action: DesktopAction<String>) -> String? {
        switch action {
        case .click(let place?, let button, let count):
            let kind = count == 2 ? "double_click" : count == 3 ? "triple_click" : button == .left ? "click" : "\(button)_click"
            return "\(kind): \(place)"
        case .move(let place): return "move: \(place)"
        case .drag(let path, .left) where path.count == 2: return "drag: { from: \(path[0]), to: \(path[1]) }"
        case .scroll(let dx, let dy, let place):
            let amounts = [dx != 0 ? "dx: \(dx)" : nil, dy != 0 ? "dy: \(dy)" : nil, place.map { "at: \($0)" }].compactMap { $0 }
            return "scroll: { " + amounts.joined(separator: ", ") + " }"
        case .key(let combo): return "key: \(quoted(combo.description))"
        case .type(let text): return "type: \(quoted(text))"
        case .wait(let seconds): return "wait: \(seconds)"
        case .click(nil, _, _), .drag, .press, .release: return nil
        }
    }

    /// The OCR word under `point`, read in a band around it.
    static func word(at point: Point, on screen: Image, recognizer: TextRecognizer) throws -> String? {
        let left = max(0, point.x - 200), top = max(0, point.y - 30)
        let band = Rect(x: left, y: top, width: min(400, screen.width - left), height: min(60, screen.height - top))
        let lines = try recognizer.recognize(screen, region: band)
        for line in lines {
            for word in line.words where word.box.x <= point.x && point.x < word.box.maxX && word.box.y - 4 <= point.y && point.y < word.box.maxY + 4 {
                let letters = word.text.filter { $0.isLetter || $0.isNumber }
                if letters.count >= 2 { return word.text }
            }
        }
        return nil
    }

    /// `text` as a YAML double-quoted scalar (JSON's string syntax is valid YAML).
    static func quoted(_ text: String) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .withoutEscapingSlashes
        return String(decoding: (try? encoder.encode(text)) ?? Data("\"\"".utf8), as: UTF8.self)
    }
}
