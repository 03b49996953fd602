import Imaging
import Testing
import VisionModel

@Suite("Step messages: OSWorld's layout, and dropping screenshots in chunks")
struct ConversationLayoutTests {
    let profile = Profiles.qwen3VL
    let sliding = ConversationLayout.slidingWindow

    static func instruction(_ task: String, previous: String) -> String {
        "Please generate the next move according to the UI screenshot, instruction and previous actions.\n\n"
            + "Instruction: \(task)\n\nPrevious actions:\n\(previous)"
    }

    static func history(_ count: Int) -> [HistoryTurn] {
        (0..<count).map { HistoryTurn(screenshot: TestScreenshots.step($0), reply: "reply \($0)", summary: "did thing \($0 + 1)") }
    }

    static func images(_ messages: [ChatMessage]) -> [EncodedImage] {
        messages.flatMap { message -> [EncodedImage] in
            guard case .parts(let parts) = message.content else { return [] }
            return parts.compactMap { if case .image(let image) = $0 { image } else { nil } }
        }
    }

    @Test("The first step: system prompt, then the screenshot followed by the instruction")
    func firstStep() {
        let shot = TestScreenshots.step(0)
        let messages = sliding.messages(systemPrompt: "SYSTEM", context: ConversationContext(instruction: "Open the File menu", screenshot: shot))
        #expect(messages == [.system("SYSTEM"), .user([.image(shot), .text(Self.instruction("Open the File menu", previous: "None"))])])
        #expect(shot.dataURL == "data:image/png;base64,c3RlcC0w")  // base64 of "step-0"
    }

    @Test("Within the window every past step is a screenshot turn and its verbatim reply")
    func withinWindow() {
        let history = Self.history(2)
        let current = TestScreenshots.step(2)
        let messages = sliding.messages(systemPrompt: "S", context: ConversationContext(instruction: "Task", screenshot: current, history: history))
        #expect(messages == [
            .system("S"),
            .user([.image(history[0].screenshot!), .text(Self.instruction("Task", previous: "None"))]),
            .assistant("reply 0"),
            .user([.image(history[1].screenshot!)]),
            .assistant("reply 1"),
            .user([.image(current)]),
        ])
    }

    @Test("Sliding window of 4: older steps become 'Step i: …' lines; at most 5 images are sent")
    func beyondWindow() {
        let history = Self.history(7)
        let current = TestScreenshots.step(7)
        let messages = sliding.messages(systemPrompt: "S", context: ConversationContext(instruction: "Task", screenshot: current, history: history))
        let previous = "Step 1: did thing 1\nStep 2: did thing 2\nStep 3: did thing 3"
        #expect(messages == [
            .system("S"),
            .user([.image(history[3].screenshot!), .text(Self.instruction("Task", previous: previous))]), .assistant("reply 3"),
            .user([.image(history[4].screenshot!)]), .assistant("reply 4"),
            .user([.image(history[5].screenshot!)]), .assistant("reply 5"),
            .user([.image(history[6].screenshot!)]), .assistant("reply 6"),
            .user([.image(current)]),
        ])
    }

    @Test("Chunks: between drops each request is the previous one plus the new turns", arguments: [2, 4, 6])
    func chunks(chunk: Int) {
        let layout = ConversationLayout(window: 4, chunk: chunk)
        var previous: [ChatMessage] = []
        var drops = 0
        for count in 0..<30 {
            let messages = layout.messages(systemPrompt: "S", context: ConversationContext(instruction: "T", screenshot: TestScreenshots.step(count),
                                                                                         history: Self.history(count)))
            // Screenshots kept: the window, plus up to chunk - 1 more; dropped `chunk` at a time.
            let kept = Self.images(messages).count - 1
            #expect((min(count, 4)...(4 + chunk - 1)).contains(kept), "history \(count): \(kept) kept")
            #expect(layout.droppedCount(history: count) % chunk == 0)
            if messages.starts(with: previous) {
                #expect(messages.count == previous.count + 2)  // the last reply and the new screenshot
            } else {
                drops += 1
                #expect(layout.droppedCount(history: count) > layout.droppedCount(history: count - 1))
            }
            previous = messages
        }
        // A new prefix only where a chunk was dropped: at 4 + chunk earlier steps, 4 + 2·chunk, …
        #expect(drops == (30 - 1 - 4) / chunk)
    }

    @Test("A window of 0 sends only the current screenshot, all steps as text")
    func noWindow() {
        let layout = ConversationLayout(window: 0, chunk: 1)
        let history = Self.history(2)
        let current = TestScreenshots.step(2)
        let messages = layout.messages(systemPrompt: "S", context: ConversationContext(instruction: "T", screenshot: current, history: history))
        #expect(messages == [.system("S"), .user([.image(current), .text(Self.instruction("T", previous: "Step 1: did thing 1\nStep 2: did thing 2"))])])
    }

    @Test("Feedback follows the screenshot: a correction after the bad reply, a tool's text and image, a note")
    func feedback() {
        let current = TestScreenshots.step(1)
        let image = TestScreenshots.step(9)
        let context = ConversationContext(instruction: "T", screenshot: current, feedback: [
            .correction(reply: "bad", message: "fix it"), .toolResult(name: "lookup", text: "42", image: image), .note("be quick"),
        ])
        let messages = sliding.messages(systemPrompt: "S", context: context)
        #expect(Array(messages.suffix(4)) == [
            .assistant("bad"), .user("fix it"), .user([.text("Result of lookup: 42"), .image(image)]), .user("be quick"),
        ])
    }

    @Test("A reply's summary is its Action line, else its last line of text, else the call")
    func summaries() throws {
        func read(_ text: String) throws -> ParsedReply { try profile.read(AssistantMessage(content: text)) }
        let action = try read("Thought: the menu is closed.\nAction: Open the File menu.\n<tool_call>{\"name\": \"computer_use\", \"arguments\": {\"action\": \"left_click\"}}</tool_call>")
        #expect(action.summary == "Open the File menu.")
        let thought = try read("I will press Enter.\n<tool_call>{\"name\": \"computer_use\", \"arguments\": {\"action\": \"key\", \"keys\": [\"enter\"]}}</tool_call>")
        #expect(thought.summary == "I will press Enter.")
        let bare = try read("<tool_call>{\"name\": \"computer_use\", \"arguments\": {\"action\": \"wait\", \"time\": 2}}</tool_call>")
        #expect(bare.summary == #"{"name": "computer_use", "arguments": {"action": "wait", "time": 2}}"#)
    }

    @Test("encode resizes by the profile's rule and keeps the PNG typed: bytes, size, hash")
    func encode() throws {
        let capture = Image(width: 1366, height: 768, filledWith: RGBA(r: 30, g: 120, b: 200))
        let shot = try profile.encode(capture)
        #expect(shot.size == Size(width: 1376, height: 768))
        let decoded = try Image(pngData: shot.png)
        #expect(decoded.size == shot.size)
        #expect(decoded[700, 400] == RGBA(r: 30, g: 120, b: 200))
        #expect(shot.perceptualHash == decoded.perceptualHash)
        #expect(shot.dataURL.hasPrefix("data:image/png;base64,iVBORw0K"))
        let thin = Image(width: 402, height: 2, filledWith: RGBA(r: 0, g: 0, b: 0))
        #expect(throws: ScreenshotError.aspectRatioTooLarge(Size(width: 402, height: 2), limit: 200)) { try profile.encode(thin) }
    }
}
