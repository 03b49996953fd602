import Deskpilot
import DeskpilotTesting
import Testing

@Suite("Text in terminals: small bitmap fonts, light on dark")
struct TerminalTextTests {
    /// Starts an xterm with `arguments` before `-e`, showing `text`, and waits until its window maps.
    static func xterm(_ arguments: [String], showing text: String, on display: VirtualDisplay,
                      desktop: X11Desktop) async throws -> (ChildProcess, Rect) {
        let process = try ChildProcess(["xterm"] + arguments + ["-e", "sh", "-c", "echo \(text); sleep 60"], display: display.name)
        do {
            return (process, try await desktop.waitForWindow(matching: "xterm").frame)
        } catch {
            process.stop()
            throw error
        }
    }

    @Test("xterm's default font is read in a region at scale 3, boxes mapped back to the screen")
    func smallFontInRegion() async throws {
        try await withVirtualDesktop { display, desktop in
            let (xterm, frame) = try await Self.xterm([], showing: "DESKPILOT-OCR-42", on: display, desktop: desktop)
            defer { xterm.stop() }
            // The first lines of the terminal.
            let region = Rect(x: frame.x, y: frame.y, width: min(frame.width, 400), height: min(frame.height, 60))
            let matches = try await eventually {
                try await sharedRecognizer.locate("DESKPILOT-OCR-42", in: try await desktop.screenshot(), region: region, scale: 3)
            }
            let match = try #require(matches.first, "the xterm's text was not read")
            #expect(match.text == "DESKPILOT-OCR-42")
            #expect(region.contains(match.box))
            // 16 characters of xterm's 6-pixel font.
            #expect((80...110).contains(match.box.width), "\(match.box)")
            #expect((6...16).contains(match.box.height), "\(match.box)")
        }
    }

    @Test("light text on a dark background is read on the full screen")
    func reverseVideo() async throws {
        try await withVirtualDesktop { display, desktop in
            let font = "-*-helvetica-bold-r-normal--24-*-*-*-*-*-iso10646-1"
            let (xterm, frame) = try await Self.xterm(["-rv", "-fn", font, "-geometry", "30x3+40+40"], showing: "Dark Theme Label",
                                                      on: display, desktop: desktop)
            defer { xterm.stop() }
            let matches = try await eventually {
                try await sharedRecognizer.locate("Dark Theme Label", in: try await desktop.screenshot())
            }
            let match = try #require(matches.first, "white-on-black text was not read")
            #expect(match.score == 1 && frame.contains(match.box))
        }
    }
}
