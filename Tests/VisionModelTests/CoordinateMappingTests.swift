import Imaging
import DesktopKit
import Testing
import VisionModel

@Suite("Qwen3-VL coordinates: 0–1000 → screen pixels")
struct CoordinateMappingTests {
    static let screens = [
        Size(width: 800, height: 600), Size(width: 1366, height: 768), Size(width: 1920, height: 1080), Size(width: 2560, height: 1440),
    ]

    let profile = Profiles.qwen3VL

    private func map(_ x: Double, _ y: Double, on screen: Size) throws -> Point {
        let sent = try profile.image.imageSize(forScreen: screen)
        return profile.coordinates.screenPoint(ModelPoint(x: x, y: y), imageSize: sent, screen: screen)
    }

    @Test("Corners, centre and out-of-range values", arguments: screens)
    func corners(screen: Size) throws {
        let (w, h) = (screen.width, screen.height)
        #expect(try map(0, 0, on: screen) == Point(x: 0, y: 0))
        #expect(try map(1000, 1000, on: screen) == Point(x: w - 1, y: h - 1))
        #expect(try map(500, 500, on: screen) == Point(x: w / 2, y: h / 2))
        #expect(try map(1000, 0, on: screen) == Point(x: w - 1, y: 0))
        // Out of range clamps: below 0 to the first pixel, above 1000 to the last.
        #expect(try map(-20, 1200, on: screen) == Point(x: 0, y: h - 1))
        #expect(try map(1e9, -1e9, on: screen) == Point(x: w - 1, y: 0))
        #expect(try map(.infinity, -.infinity, on: screen) == Point(x: w - 1, y: 0))
        #expect(try map(.nan, 250, on: screen) == Point(x: 0, y: h / 4))
    }

    @Test("The mapping ignores the sent image's size: the space is normalized")
    func independentOfImage() {
        let screen = Size(width: 1920, height: 1080)
        let point = ModelPoint(x: 512, y: 337)
        let native = profile.coordinates.screenPoint(point, imageSize: Size(width: 1920, height: 1088), screen: screen)
        let capped = profile.coordinates.screenPoint(point, imageSize: Size(width: 1504, height: 832), screen: screen)
        #expect(native == capped)
    }

    @Test("A worked example: [512, 337] on 1920×1080 clicks (983, 364)")
    func workedExample() throws {
        let reply = """
            Action: Click the "Reload cache" button.
            <tool_call>
            {"name": "computer_use", "arguments": {"action": "left_click", "coordinate": [512, 337]}}
            </tool_call>
            """
        let screen = Size(width: 1920, height: 1080)
        let sent = try profile.image.imageSize(forScreen: screen)
        let parsed = try profile.read(AssistantMessage(content: reply))
        let call = try profile.computerUseCall(arguments: parsed.calls[0].arguments, imageSize: sent)
        #expect(call == .act(.click(ModelPoint(x: 512, y: 337), button: .left, count: 1)))
        guard case .act(let action) = call else { return }
        #expect(profile.screenAction(action, imageSize: sent, screen: screen) == .click(Point(x: 983, y: 364), button: .left, count: 1))
    }

    @Test("Every point of an action is mapped by the one map; actions without points pass through")
    func screenActions() {
        let screen = Size(width: 1366, height: 768)
        let sent = Size(width: 1376, height: 768)
        let point = ModelPoint(x: 250, y: 750)
        let mapped = Point(x: 342, y: 576)  // 250·1366/1000 = 341.5 → 342; 750·768/1000 = 576
        let cases: [(DesktopAction<ModelPoint>, DesktopAction<Point>)] = [
            (.move(to: point), .move(to: mapped)),
            (.drag(along: [point, ModelPoint(x: 0, y: 0)]), .drag(along: [mapped, Point(x: 0, y: 0)])),
            (.click(point, button: .left, count: 2), .click(mapped, button: .left, count: 2)),
            (.click(nil, button: .right, count: 1), .click(nil, button: .right, count: 1)),
            (.scroll(dx: 0, dy: 5, at: point), .scroll(dx: 0, dy: 5, at: mapped)),
            (.scroll(dx: 3, dy: 0, at: nil), .scroll(dx: 3, dy: 0, at: nil)),
            (.type("héllo\n"), .type("héllo\n")),
            (.wait(seconds: 1.5), .wait(seconds: 1.5)),
        ]
        for (action, expected) in cases {
            let result = profile.screenAction(action, imageSize: sent, screen: screen)
            #expect(result == expected)
            #expect(result.name == action.name)
        }
        #expect(DesktopAction.click(mapped, button: .left, count: 1).description == "left_click (342, 576)")
        #expect(DesktopAction.scroll(dx: 0, dy: -3, at: mapped).description == "scroll up 3 at (342, 576)")
    }
}
