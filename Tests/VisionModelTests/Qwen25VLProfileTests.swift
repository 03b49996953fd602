import Testing
import VisionModel

@Suite("Qwen2.5-VL profile: absolute pixels of the resized image")
struct Qwen25VLProfileTests {
    let profile = Qwen25VLProfile()
    let screen = PixelSize(width: 1920, height: 1080)

    @Test("Pixels of the 1932×1092 image map back onto the 1920×1080 screen (spec §2.1)")
    func mapping() throws {
        let sent = try profile.imageSize(forScreen: screen)
        #expect(sent == PixelSize(width: 1932, height: 1092))
        func map(_ x: Double, _ y: Double) -> ScreenPoint {
            profile.screenPoint(for: ModelPoint(x: x, y: y), screen: screen, imageSize: sent)
        }
        #expect(map(989, 397) == ScreenPoint(x: 983, y: 393))  // 989·1920/1932 = 982.9, 397·1080/1092 = 392.6
        #expect(map(0, 0) == ScreenPoint(x: 0, y: 0))
        #expect(map(966, 546) == ScreenPoint(x: 960, y: 540))  // the centre
        #expect(map(1932, 1092) == ScreenPoint(x: 1919, y: 1079))
        #expect(map(2500, -4) == ScreenPoint(x: 1919, y: 0))
        // The same numbers read as Qwen3-VL's 0–1000 land elsewhere: the conventions differ.
        let qwen3 = Qwen3VLProfile().screenPoint(for: ModelPoint(x: 989, y: 397), screen: screen, imageSize: sent)
        #expect(qwen3 == ScreenPoint(x: 1899, y: 429))
    }

    @Test("The prompt states the sent image's resolution; coordinates are checked against it")
    func promptAndValidation() throws {
        let sent = try profile.imageSize(forScreen: screen)
        let prompt = profile.systemPrompt(tools: [], imageSize: sent)
        #expect(prompt.contains("* The screen's resolution is 1932x1092.\\n"))
        #expect(!prompt.contains("1000x1000"))
        let inside = ParsedToolCall(name: "computer_use", arguments: ["action": "left_click", "coordinate": [1900, 1000]])
        #expect(try profile.action(from: inside, imageSize: sent) == .leftClick(coordinate: ModelPoint(x: 1900, y: 1000)))
        // Qwen3-VL would reject the same call: 1900 is far outside 0–1000.
        #expect(throws: ComputerActionError.self) { try Qwen3VLProfile().action(from: inside, imageSize: sent) }
        let outside = ParsedToolCall(name: "computer_use", arguments: ["action": "left_click", "coordinate": [2100, 10]])
        #expect(throws: ComputerActionError.coordinateOutOfRange(action: "left_click", x: 2100, y: 10, space: sent)) {
            try profile.action(from: outside, imageSize: sent)
        }
    }

    @Test("Messages follow the same layout as Qwen3-VL's, with this profile's prompt")
    func messages() throws {
        let shot = PreparedScreenshot(screenSize: screen, sentSize: PixelSize(width: 1932, height: 1092), png: [1, 2, 3])
        let messages = profile.messages(for: StepContext(instruction: "Open Files", screenshot: shot))
        #expect(messages.count == 2)
        #expect(messages[0] == .system(profile.systemPrompt(tools: [], imageSize: shot.sentSize)))
        #expect(profile.name == "qwen2.5-vl" && Qwen3VLProfile().name == "qwen3-vl")
    }
}
