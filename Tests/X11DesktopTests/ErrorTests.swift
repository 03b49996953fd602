import Deskpilot
import DeskpilotTesting
import Foundation
import Testing

@Suite("Clear errors")
struct ErrorTests {
    @Test("a display with no server names the display and how to get one")
    func noServer() {
        #expect(throws: X11Error.cannotOpenDisplay(":4242")) { try X11Desktop(display: ":4242") }
        let message = String(describing: X11Error.cannotOpenDisplay(":4242"))
        #expect(message.contains(":4242") && message.contains("DISPLAY") && message.contains("Xvfb"))
    }

    @Test("no display at all says to set DISPLAY")
    func noDisplay() {
        #expect(throws: X11Error.noDisplaySpecified) { try X11Desktop(display: "") }
        #expect(String(describing: X11Error.noDisplaySpecified).contains("DISPLAY is not set"))
    }

    @Test("a killed X server becomes an error, not a crash")
    func serverDies() async throws {
        let display = try VirtualDisplay(width: 320, height: 240)
        let desktop = try X11Desktop(display: display.name)
        _ = try await desktop.screenshot()
        display.stop()
        await #expect(throws: X11Error.connectionLost(display.name)) {
            for _ in 0..<3 { _ = try await desktop.screenshot() }
        }
        await #expect(throws: X11Error.connectionLost(display.name)) { try await desktop.click(at: Point(x: 1, y: 1)) }
    }
}
