import Deskpilot
import DeskpilotTesting
import Foundation
import ScenarioKit
import Testing

/// What `deskpilot record` writes for input the end-to-end recording tests do not make: drags, double
/// clicks, the wheel at one place, combinations with Shift, edits of typed text. The events are given as
/// XRecord hands them on; the screen is a blank one (so every place is a point).
@Suite("Hand recording: steps from raw input")
struct HandRecordingTests {
    static func input(_ kind: RecordedInput.Kind, button: Int = 0, key: String? = nil, character: Character? = nil,
                      at point: Point = Point(x: 0, y: 0), modifiers: Set<String> = [], time: UInt) -> RecordedInput {
        RecordedInput(kind: kind, button: button, keysym: key, character: character, point: point, modifiers: modifiers, time: time)
    }

    @Test("a press moved before its release is a drag; two quick clicks a double click; notches at one place add up; keys and edits")
    func steps() async throws {
        let recording = HandRecording(desktop: FakeDesktop(), recognizer: try TextRecognizer())
        let a = Point(x: 100, y: 100), b = Point(x: 300, y: 200)
        for event in [
            Self.input(.buttonPress, button: 1, at: a, time: 1000), Self.input(.motion, at: b, time: 1100),
            Self.input(.buttonRelease, button: 1, at: b, time: 1200),
            Self.input(.buttonPress, button: 1, at: b, time: 1500), Self.input(.buttonRelease, button: 1, at: b, time: 1550),
            Self.input(.buttonPress, button: 1, at: b, time: 1700), Self.input(.buttonRelease, button: 1, at: b, time: 1750),
            Self.input(.buttonPress, button: 5, at: a, time: 1800), Self.input(.buttonPress, button: 5, at: a, time: 1850),
            Self.input(.keyPress, key: "Shift_L", time: 1900), Self.input(.keyPress, key: "H", character: "H", modifiers: ["shift"], time: 1910),
            Self.input(.keyPress, key: "i", character: "i", time: 1920), Self.input(.keyPress, key: "x", character: "x", time: 1930),
            Self.input(.keyPress, key: "BackSpace", time: 1940),
            Self.input(.keyPress, key: "T", modifiers: ["ctrl", "shift"], time: 1950),
            Self.input(.keyPress, key: "Escape", time: 1960),
        ] {
            try await recording.handle(event)
        }
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("deskpilot-hand-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("raw.yaml")
        let written = try await recording.write(to: file, name: "raw", display: Size(width: 640, height: 480))
        #expect(written.needles.isEmpty)
        let yaml = try String(contentsOf: file, encoding: .utf8)
        #expect(yaml.hasSuffix("""
            steps:
              - drag: { from: { x: 100, y: 100 }, to: { x: 300, y: 200 } }
              - double_click: { x: 300, y: 200 }
              - scroll: { dy: 2, at: { x: 100, y: 100 } }
              - type: "Hi"
              - key: "ctrl+shift+t"
              - key: "Escape"

            """), "\(yaml)")
        // What it wrote is a scenario the runner reads.
        #expect(try ScenarioParser().parse(contentsOf: file.path).steps.count == 6)
    }
}
