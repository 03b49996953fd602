import Testing
import VisionModel

@Suite("Qwen3-VL coordinates: 0–1000 → screen pixels")
struct CoordinateMappingTests {
    static let screens = [
        PixelSize(width: 800, height: 600), PixelSize(width: 1366, height: 768),
        PixelSize(width: 1920, height: 1080), PixelSize(width: 2560, height: 1440),
    ]

    let profile = Qwen3VLProfile()

    private func map(_ x: Double, _ y: Double, on screen: PixelSize) throws -> ScreenPoint {
        let sent = try profile.imageSize(forScreen: screen)
        return profile.screenPoint(for: ModelPoint(x: x, y: y), screen: screen, imageSize: sent)
    }

    @Test("Corners, centre and out-of-range values", arguments: screens)
    func corners(screen: PixelSize) throws {
        let (w, h) = (screen.width, screen.height)
        #expect(try map(0, 0, on: screen) == ScreenPoint(x: 0, y: 0))
        #expect(try map(1000, 1000, on: screen) == ScreenPoint(x: w - 1, y: h - 1))
        #expect(try map(500, 500, on: screen) == ScreenPoint(x: w / 2, y: h / 2))
        #expect(try map(1000, 0, on: screen) == ScreenPoint(x: w - 1, y: 0))
        // Out of range clamps: below 0 to the first pixel, above 1000 to the last.
        #expect(try map(-20, 1200, on: screen) == ScreenPoint(x: 0, y: h - 1))
        #expect(try map(1e9, -1e9, on: screen) == ScreenPoint(x: w - 1, y: 0))
        #expect(try map(.infinity, -.infinity, on: screen) == ScreenPoint(x: w - 1, y: 0))
        #expect(try map(.nan, 250, on: screen) == ScreenPoint(x: 0, y: h / 4))
    }

    @Test("The mapping ignores the sent image's size: the space is normalized")
    func independentOfImage() {
        let screen = PixelSize(width: 1920, height: 1080)
        let point = ModelPoint(x: 512, y: 337)
        let native = profile.screenPoint(for: point, screen: screen, imageSize: PixelSize(width: 1920, height: 1088))
        let capped = profile.screenPoint(for: point, screen: screen, imageSize: PixelSize(width: 1504, height: 832))
        #expect(native == capped)
    }

    @Test("The spec's worked example (§2.1): [512, 337] on 1920×1080 clicks (983, 364)")
    func workedExample() throws {
        let reply = """
            Action: Click the "Reload cache" button.
            <tool_call>
            {"name": "computer_use", "arguments": {"action": "left_click", "coordinate": [512, 337]}}
            </tool_call>
            """
        let screen = PixelSize(width: 1920, height: 1080)
        let sent = try profile.imageSize(forScreen: screen)
        let parsed = try profile.parseReply(reply)
        let action = try profile.action(from: parsed.calls[0], imageSize: sent)
        #expect(action == .leftClick(coordinate: ModelPoint(x: 512, y: 337)))
        #expect(profile.screenAction(for: action, screen: screen, imageSize: sent) == .leftClick(coordinate: ScreenPoint(x: 983, y: 364)))
    }

    @Test("Every point of an action is mapped; actions without points pass through")
    func screenActions() {
        let screen = PixelSize(width: 1366, height: 768)
        let sent = PixelSize(width: 1376, height: 768)
        let point = ModelPoint(x: 250, y: 750)
        let mapped = ScreenPoint(x: 342, y: 576)  // 250·1366/1000 = 341.5 → 342; 750·768/1000 = 576
        let cases: [(ComputerAction, ScreenAction)] = [
            (.mouseMove(coordinate: point), .mouseMove(coordinate: mapped)),
            (.leftClickDrag(coordinate: point), .leftClickDrag(coordinate: mapped)),
            (.doubleClick(coordinate: point), .doubleClick(coordinate: mapped)),
            (.rightClick(coordinate: nil), .rightClick(coordinate: nil)),
            (.scroll(pixels: -5, coordinate: point), .scroll(pixels: -5, coordinate: mapped)),
            (.hscroll(pixels: 3, coordinate: nil), .hscroll(pixels: 3, coordinate: nil)),
            (.key(keys: ["ctrl", "s"]), .key(keys: ["ctrl", "s"])),
            (.type(text: "héllo\n"), .type(text: "héllo\n")),
            (.wait(time: 1.5), .wait(time: 1.5)),
            (.terminate(status: .failure), .terminate(status: .failure)),
            (.answer(text: "42"), .answer(text: "42")),
        ]
        for (action, expected) in cases {
            let result = profile.screenAction(for: action, screen: screen, imageSize: sent)
            #expect(result == expected)
            #expect(result.name == action.name)
        }
        let screenshot = PreparedScreenshot(screenSize: screen, sentSize: sent, png: [])
        #expect(profile.screenAction(for: .tripleClick(coordinate: point), on: screenshot) == .tripleClick(coordinate: mapped))
        #expect(ScreenAction.leftClick(coordinate: mapped).description == "left_click (342, 576)")
    }
}
