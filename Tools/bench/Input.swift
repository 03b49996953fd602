import Deskpilot
import DeskpilotTesting
import Foundation

/// Click and typing speed, with delivery checked in the fixture's event log.
enum Input {
    /// 200 ASCII characters of ordinary prose, with shifted characters.
    static let ascii: String = {
        let prose = "The Quick brown fox, 42 (jumps) over the lazy dog; THEN: runs! "
        return String(String(repeating: prose, count: 4).prefix(200))
    }()

    /// 200 characters of which a quarter are outside the US keymap.
    static let mixed: String = {
        let unusual = Array("éüß€→✓日本語ñçø")
        let plain = Array("Mixed text with sym ")
        return String((0..<200).map { $0 % 4 == 3 ? unusual[($0 / 4) % unusual.count] : plain[$0 % plain.count] })
    }()

    static func measure(_ desktop: X11Desktop, form: FixtureApp, samples: Int) async throws -> [Measurement] {
        var results: [Measurement] = []
        // A passive spot (the status line): the app logs the click but does not redraw, so the figure is the
        // input path alone, not the application's reaction.
        let target = try form.center(of: "Status")
        let field = try form.center(of: "City")
        try await desktop.click(at: field)
        try await form.waitForEvent { $0.event == "focus" && $0.field == "City" }

        let clicks = try await sample(samples * 10) {
            try await desktop.click(at: target, button: .left, count: 1)
        }
        results.append(Measurement(group: "click", name: "click (move + press + release + sync)", samples_ms: clicks))

        try await desktop.click(at: field)
        let clear = try KeyCombo(parsing: "ctrl+u")
        for (name, text) in [("type 200 ASCII characters", ascii), ("type 200 characters, 1/4 outside the keymap", mixed)] {
            var calls: [Double] = []
            var delivered: [Double] = []
            for _ in 0..<max(5, samples / 2) {
                // Untimed: an empty field, and the keymap as it was, so every sample pays for its own remapping.
                let cleared = form.events().count
                try await desktop.key(clear)
                try await form.waitForEvent(since: cleared) { $0.event == "text" && $0.field == "City" && $0.value == "" }
                let mark = form.events().count
                await desktop.restoreKeymap()
                let start = ContinuousClock.now
                try await desktop.type(text)
                calls.append(milliseconds(ContinuousClock.now - start))
                do {
                    try await form.waitForEvent(since: mark, timeout: .seconds(10)) {
                        $0.event == "text" && $0.field == "City" && $0.value == text
                    }
                } catch {
                    let last = form.events().last { $0.event == "text" }
                    throw FixtureError("typed text was not delivered exactly; the field shows \(last?.value?.debugDescription ?? "nothing") in \(last?.field ?? "no field")")
                }
                delivered.append(milliseconds(ContinuousClock.now - start))
            }
            results.append(Measurement(group: "type", name: name, samples_ms: calls, chars: text.count))
            results.append(Measurement(group: "type", name: name + ", until delivered", samples_ms: delivered, chars: text.count))
        }
        return results
    }
}
