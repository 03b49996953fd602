import Deskpilot
import DeskpilotTesting
import Foundation
import Testing

@Suite("Keyboard input through XTest")
struct KeyboardTests {
    /// The text the issue names: Latin-1, dashes, the euro sign, arrows, CJK, a check mark, and shifted ASCII.
    static let unicodeText = "Hello, wörld — € → 日本語 ✓ <>"

    @Test("key combos arrive with the right modifiers", arguments: [
        "ctrl+shift+t", "alt+F4", "Return", "ctrl+s", "super+e", "shift+Tab", "esc", "pagedown", "ctrl+alt+Delete", "f5",
    ])
    func combos(text: String) async throws {
        try await withVirtualDesktop { display, desktop in
            let app = try await FixtureApp.launch(scene: "keys", display: display.name)
            let combo = try KeyCombo(parsing: text)
            try await desktop.key(combo)
            let event = try await app.waitForEvent("key \(combo)") { $0.event == "key" }
            #expect(event.combo == combo.description)
            #expect(app.events().filter { $0.event == "key" }.count == 1)
        }
    }

    @Test("Unicode text arrives exactly in the fixture's text field")
    func typeIntoFixture() async throws {
        try await withVirtualDesktop { display, desktop in
            let app = try await FixtureApp.launch(scene: "form", display: display.name)
            try await desktop.click(at: try app.center(of: "Name"))
            try await desktop.type(Self.unicodeText)
            try await app.waitForText(Self.unicodeText, in: "Name")
            // Tab moves to the next field and typing continues there.
            try await desktop.type("\tAda")
            try await app.waitForText("Ada", in: "Email")
        }
    }

    @Test("more distinct missing characters than spare keycodes are batched and all arrive")
    func manyDistinctCharacters() async throws {
        // 48 Greek and Cyrillic letters (more than Xvfb's spare keycodes), upper and lower case.
        let text = "ΑΒΓΔΕΖΗΘΙΚΛΜαβγδεζηθικλμ БВГДЖЗИЙКЛМН бвгджзийклмн"
        try await withVirtualDesktop { display, desktop in
            let app = try await FixtureApp.launch(scene: "form", display: display.name)
            try await desktop.click(at: try app.center(of: "Name"))
            try await desktop.type(text)
            try await app.waitForText(text, in: "Name", timeout: .seconds(10))
        }
    }

    @Test("ASCII with shifted characters, newlines as Return")
    func asciiAndReturn() async throws {
        try await withVirtualDesktop { display, desktop in
            let app = try await FixtureApp.launch(scene: "form", display: display.name)
            try await desktop.click(at: try app.center(of: "Name"))
            let ascii = "The quick brown fox: {jumps} over ~13 \"lazy\" dogs! <a@b.c> 100% & $5 | ^_^ `x` [y]"
            try await desktop.type(ascii + "\n")
            let submit = try await app.waitForEvent { $0.event == "submit" }
            #expect(submit.values?["Name"] == ascii)
        }
    }

    @Test("Unicode text arrives exactly in Debian's xterm running cat")
    func typeIntoXterm() async throws {
        let output = FileManager.default.temporaryDirectory.appendingPathComponent("deskpilot-xterm-\(UUID().uuidString).txt").path
        defer { try? FileManager.default.removeItem(atPath: output) }
        try await withVirtualDesktop { display, desktop in
            let xterm = try ChildProcess(
                ["xterm", "-u8", "-title", "deskpilot-cat", "-geometry", "80x10+0+0", "-e", "sh", "-c", "cat > '\(output)'"],
                display: display.name, environment: ["LC_ALL": "C.UTF-8"])
            defer { xterm.stop() }
            let window = try await desktop.waitForWindow(matching: "deskpilot-cat")
            #expect(window.pid == Int(xterm.pid))
            try await desktop.focus(window)
            try await desktop.move(to: window.frame.center)
            try await desktop.type(Self.unicodeText + "\n")
            let deadline = ContinuousClock.now + .seconds(30)
            var content = ""
            while ContinuousClock.now < deadline {
                content = (try? String(contentsOfFile: output, encoding: .utf8)) ?? ""
                if content == Self.unicodeText + "\n" { break }
                try await Task.sleep(for: .milliseconds(10))
            }
            #expect(content == Self.unicodeText + "\n")
        }
    }
}
