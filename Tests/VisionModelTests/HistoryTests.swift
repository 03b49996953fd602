import Imaging
import Testing
import VisionModel

@Suite("Step messages and OSWorld-style history")
struct HistoryTests {
    let profile = Qwen3VLProfile()

    static func instruction(_ task: String, previous: String) -> String {
        "Please generate the next move according to the UI screenshot, instruction and previous actions.\n\n"
            + "Instruction: \(task)\n\nPrevious actions:\n\(previous)"
    }

    @Test("The first step: system prompt, then the screenshot followed by the instruction")
    func firstStep() {
        let shot = TestScreenshots.step(0)
        let messages = profile.messages(for: StepContext(instruction: "Open the File menu", screenshot: shot))
        #expect(
            messages == [
                .system(profile.systemPrompt(tools: [], imageSize: shot.sentSize)),
                .user([.imageURL(shot.dataURL), .text(Self.instruction("Open the File menu", previous: "None"))]),
            ]
        )
        #expect(shot.dataURL == "data:image/png;base64,c3RlcC0w")  // base64 of "step-0"
    }

    @Test("Within the window every past step is a screenshot turn and its verbatim reply")
    func withinWindow() {
        let history = (0..<2).map { HistoryStep(screenshot: TestScreenshots.step($0), reply: "<tool_call>\n\($0)\n</tool_call>", summary: "s\($0)") }
        let current = TestScreenshots.step(2)
        let messages = profile.messages(for: StepContext(instruction: "Task", screenshot: current, history: history))
        #expect(messages.count == 6)
        #expect(messages[1] == .user([.imageURL(history[0].screenshot.dataURL), .text(Self.instruction("Task", previous: "None"))]))
        #expect(messages[2] == .assistant("<tool_call>\n0\n</tool_call>"))
        #expect(messages[3] == .user([.imageURL(history[1].screenshot.dataURL)]))
        #expect(messages[4] == .assistant("<tool_call>\n1\n</tool_call>"))
        #expect(messages[5] == .user([.imageURL(current.dataURL)]))
    }

    @Test("Past the window of 4, older steps become 'Step i: …' lines; at most 5 images are sent")
    func beyondWindow() {
        let history = (0..<7).map { HistoryStep(screenshot: TestScreenshots.step($0), reply: "reply \($0)", summary: "did thing \($0 + 1)") }
        let current = TestScreenshots.step(7)
        let messages = profile.messages(for: StepContext(instruction: "Task", screenshot: current, history: history))
        // system + 4 × (user, assistant) + current user
        #expect(messages.count == 10)
        let previous = "Step 1: did thing 1\nStep 2: did thing 2\nStep 3: did thing 3"
        #expect(messages[1] == .user([.imageURL(history[3].screenshot.dataURL), .text(Self.instruction("Task", previous: previous))]))
        #expect(messages[2] == .assistant("reply 3"))
        #expect(messages[7] == .user([.imageURL(history[6].screenshot.dataURL)]))
        #expect(messages[8] == .assistant("reply 6"))
        #expect(messages[9] == .user([.imageURL(current.dataURL)]))
        let images = messages.flatMap { message -> [ContentPart] in
            if case .parts(let parts) = message.content { parts } else { [] }
        }.filter { if case .imageURL = $0 { true } else { false } }
        #expect(images.count == 5)
        #expect(messages.map(\.role) == [.system] + Array(repeating: [.user, .assistant], count: 4).flatMap { $0 } + [.user])
    }

    @Test("A window of 0 sends only the current screenshot, all steps as text")
    func noWindow() {
        let profile = Qwen3VLProfile(historyWindow: 0)
        let history = (0..<2).map { HistoryStep(screenshot: TestScreenshots.step($0), reply: "r", summary: "s\($0)") }
        let current = TestScreenshots.step(2)
        let messages = profile.messages(for: StepContext(instruction: "T", screenshot: current, history: history))
        #expect(messages.count == 2)
        #expect(messages[1] == .user([.imageURL(current.dataURL), .text(Self.instruction("T", previous: "Step 1: s0\nStep 2: s1"))]))
    }

    @Test("A reply's summary is its Action line, else its last line of text, else the call")
    func summaries() throws {
        let action = try profile.parseReply("Thought: the menu is closed.\nAction: Open the File menu.\n<tool_call>{\"name\": \"computer_use\", \"arguments\": {\"action\": \"left_click\"}}</tool_call>")
        #expect(action.summary == "Open the File menu.")
        let thought = try profile.parseReply("I will press Enter.\n<tool_call>{\"name\": \"computer_use\", \"arguments\": {\"action\": \"key\", \"keys\": [\"enter\"]}}</tool_call>")
        #expect(thought.summary == "I will press Enter.")
        let bare = try profile.parseReply("<tool_call>{\"name\": \"computer_use\", \"arguments\": {\"action\": \"wait\", \"time\": 2}}</tool_call>")
        #expect(bare.summary == #"{"name": "computer_use", "arguments": {"action": "wait", "time": 2}}"#)
    }

    @Test("prepareScreenshot resizes by the profile's rule and encodes a PNG of that size")
    func prepare() throws {
        let capture = Image(width: 1366, height: 768, filledWith: RGBA(r: 30, g: 120, b: 200))
        let shot = try profile.prepareScreenshot(capture)
        #expect(shot.screenSize == PixelSize(width: 1366, height: 768))
        #expect(shot.sentSize == PixelSize(width: 1376, height: 768))
        let decoded = try Image(pngData: shot.png)
        #expect(decoded.width == 1376 && decoded.height == 768)
        #expect(decoded[700, 400] == RGBA(r: 30, g: 120, b: 200))
        #expect(shot.dataURL.hasPrefix("data:image/png;base64,iVBORw0K"))
        let thin = Image(width: 402, height: 2, filledWith: RGBA(r: 0, g: 0, b: 0))
        #expect(throws: ScreenshotError.aspectRatioTooLarge(PixelSize(width: 402, height: 2), limit: 200)) { try profile.prepareScreenshot(thin) }
    }
}
