import Deskpilot
import DeskpilotTesting
import Testing

@Suite("Screen capture")
struct CaptureTests {
    /// Parses `#RRGGBB`.
    static func color(_ hex: String) throws -> RGBA {
        let value = try #require(UInt32(hex.dropFirst(), radix: 16))
        return RGBA(r: UInt8(value >> 16), g: UInt8((value >> 8) & 0xFF), b: UInt8(value & 0xFF))
    }

    @Test("full-screen and region captures are pixel-exact, with and without shared memory", arguments: [true, false])
    func pixelExact(sharedMemory: Bool) async throws {
        try await withVirtualDesktop(width: 800, height: 600) { display, _ in
            let desktop = try X11Desktop(display: display.name, useSharedMemory: sharedMemory)
            #expect(try await desktop.usesSharedMemory == sharedMemory)
            let app = try await FixtureApp.launch(scene: "colors", display: display.name)
            let patches = app.layout.widgets.filter { $0.color != nil }
            #expect(patches.count == 8)
            let screen = try await desktop.screenshot()
            #expect(screen.width == 800 && screen.height == 600)
            for patch in patches {
                let expected = try Self.color(patch.color!)
                let rect = try app.rect(of: patch.name)
                // Every pixel of the patch, in the full-screen capture and in a region capture.
                let region = try await desktop.screenshot(region: rect)
                #expect(region.width == rect.width && region.height == rect.height)
                var wrong = 0
                for y in 0..<rect.height {
                    for x in 0..<rect.width {
                        if screen[rect.x + x, rect.y + y] != expected { wrong += 1 }
                        if region[x, y] != expected { wrong += 1 }
                    }
                }
                #expect(wrong == 0, "patch \(patch.name) \(patch.color!) has \(wrong) wrong pixels")
            }
        }
    }

    @Test("a region off the screen is a clear error")
    func regionOffScreen() async throws {
        try await withVirtualDesktop(width: 320, height: 240) { _, desktop in
            await #expect(throws: X11Error.regionOffScreen(region: "100x100+300+200", screen: "320x240")) {
                try await desktop.screenshot(region: Rect(x: 300, y: 200, width: 100, height: 100))
            }
        }
    }
}
