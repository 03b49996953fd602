import DesktopKit
import Foundation
import Imaging
import Testing
import VisionModel

@Suite("Qwen3.5's tool calls, both ways")
struct Qwen35FormatTests {
    let profile = try! ModelProfiles.named("qwen3.5")
    static let tools = [ToolDefinition.computerUse(displayWidth: 1000, displayHeight: 1000),
                        ToolDefinition(name: "note", description: "Keep a note.", parameters: [
                            "type": "object", "properties": ["text": ["type": "string"], "count": ["type": "integer"], "urgent": ["type": "boolean"]],
                        ])]

    @Test("the system turn is the template's: the tools block first, one JSON line a tool, the instructions, then the caller's text")
    func systemPrompt() {
        let prompt = profile.systemPrompt(tools: Self.tools)
        let lines = Self.tools.map(\.jsonValue.description).joined(separator: "\n")
        #expect(prompt.hasPrefix("# Tools\n\nYou have access to the following functions:\n\n<tools>\n" + lines + "\n</tools>\n\nIf you choose to call a function ONLY reply in the following format with NO suffix:\n\n<tool_call>\n<function=example_function_name>\n<parameter=example_parameter_1>\nvalue_1\n</parameter>\n"))
        #expect(prompt.contains("- Required parameters MUST be specified\n"))
        #expect(prompt.hasSuffix("</IMPORTANT>\n\nYou are a helpful assistant."))
    }

    @Test("every request says whether to think: off by default")
    func thinkingFlag() {
        let screenshot = EncodedImage(png: [1], size: Size(width: 32, height: 32), perceptualHash: 0)
        var qwen35 = profile
        let request = qwen35.request(model: "m", context: ConversationContext(instruction: "t", screenshot: screenshot), tools: Self.tools)
        #expect(request.chatTemplateArguments == ["enable_thinking": false])
        qwen35.thinking = true
        #expect(qwen35.request(model: "m", context: ConversationContext(instruction: "t", screenshot: screenshot), tools: Self.tools)
            .chatTemplateArguments == ["enable_thinking": true])
        // Families without the switch send nothing.
        #expect(Profiles.qwen3VL.request(model: "m", context: ConversationContext(instruction: "t", screenshot: screenshot), tools: Self.tools)
            .chatTemplateArguments == nil)
    }

    @Test("values lose one newline on each side and are typed by the schema; text keeps its own whitespace")
    func typedValues() throws {
        let reply = """
            Action: Type the name.
            <tool_call>
            <function=computer_use>
            <parameter=action>
            type
            </parameter>
            <parameter=text>
              Ada
            Lovelace\u{20}
            </parameter>
            </function>
            </tool_call>
            <tool_call>
            <function=note>
            <parameter=text>
            42
            </parameter>
            <parameter=count>
            3
            </parameter>
            <parameter=urgent>
            True
            </parameter>
            </function>
            </tool_call>
            """
        let parsed = try profile.read(AssistantMessage(content: reply, reasoning: "I should type."), tools: Self.tools)
        #expect(parsed.calls == [
            ParsedToolCall(name: "computer_use", arguments: ["action": "type", "text": "  Ada\nLovelace "]),
            ParsedToolCall(name: "note", arguments: ["text": "42", "count": 3, "urgent": true]),
        ])
        #expect(parsed.reasoning == "I should type." && parsed.text == "Action: Type the name.")
        let click = try profile.read(AssistantMessage(content: "<tool_call>\n<function=computer_use>\n<parameter=action>\nkey\n</parameter>\n<parameter=keys>\n[\"ctrl\", \"s\"]\n</parameter>\n</function>\n</tool_call>"),
                                     tools: Self.tools)
        #expect(try profile.computerUseCall(arguments: click.calls[0].arguments, imageSize: Size(width: 1504, height: 832))
            == .act(.key(try KeyCombo(parsing: "ctrl+s"))))
    }

    @Test("the JSON form and a server's parsed tool_calls are read too")
    func otherForms() throws {
        let json = try profile.read(AssistantMessage(content: #"<tool_call>{"name": "computer_use", "arguments": {"action": "wait", "time": 1}}</tool_call>"#), tools: Self.tools)
        #expect(json.calls == [ParsedToolCall(name: "computer_use", arguments: ["action": "wait", "time": 1])])
        let parsed = try profile.read(AssistantMessage(content: nil, toolCalls: [ToolCall(id: "c", function: .init(name: "computer_use", arguments: .string(#"{"action": "wait", "time": "2"}"#)))]),
                                      tools: Self.tools)
        #expect(parsed.calls == [ParsedToolCall(name: "computer_use", arguments: ["action": "wait", "time": 2])])
    }

    @Test("broken XML is a correction in Qwen3.5's own words")
    func brokenXML() throws {
        let broken = try profile.read(AssistantMessage(content: "<tool_call>\n<function=computer_use>\n<parameter=action>\nleft_click\n</parameter>\n<parameter=coordinate>\n[500,\n</parameter>\n</function>\n</tool_call>"),
                                      tools: Self.tools)
        #expect(throws: ComputerUseError.invalidCoordinate(action: "left_click", argument: "coordinate", value: #""[500,""#)) {
            try profile.computerUseCall(arguments: broken.calls[0].arguments, imageSize: Size(width: 1504, height: 832))
        }
        let nameless = profile.correction(for: #expect(throws: ToolCallParseError.self) {
            try profile.read(AssistantMessage(content: "<tool_call>\n<function=>\n</function>\n</tool_call>"), tools: Self.tools)
        } ?? ToolCallParseError.noToolCall)
        #expect(nameless.contains("no \"name\"") && nameless.contains("<function=NAME>"))
    }
}

@Suite("OpenAI: images by the tile rule, tools in the request, old finish_details")
struct OpenAIFormatTests {
    @Test("visual tokens: 85 at low detail; 85 + 170 a 512-pixel tile at high, after fitting 2048 and a 768 short side",
          arguments: [("high", 1920, 1080, 1365, 768, 1105), ("high", 1024, 1024, 768, 768, 765), ("high", 1280, 800, 1229, 768, 1105),
                      ("low", 1920, 1080, 512, 288, 85), ("auto", 3840, 2160, 1365, 768, 1105)])
    func tiles(detail: String, width: Int, height: Int, sentWidth: Int, sentHeight: Int, tokens: Int) throws {
        let encoding = OpenAIImageTiles(detail: detail)
        let sent = try encoding.imageSize(forScreen: Size(width: width, height: height))
        #expect(sent == Size(width: sentWidth, height: sentHeight))
        #expect(encoding.visualTokens(imageSize: sent) == tokens)
        #expect(encoding.detail == detail)
    }

    @Test("the image goes with its detail; tools go in the request; the prompt states the screenshot's size")
    func request() throws {
        let profile = try ModelProfiles.named("openai-tools")
        let image = Image(width: 1920, height: 1080, filledWith: RGBA(r: 9, g: 9, b: 9))
        let screenshot = try profile.encode(image)
        #expect(screenshot.size == Size(width: 1365, height: 768) && screenshot.detail == "high")
        let tools = [profile.computerUseTool(imageSize: screenshot.size)]
        let request = profile.request(model: "gpt-4o", context: ConversationContext(instruction: "Click OK", screenshot: screenshot), tools: tools)
        #expect(request.tools?.map(\.name) == ["computer_use"])
        #expect(request.tools?.first?.description.contains("The screen's resolution is 1365x768.") == true)
        let body = String(decoding: try JSONEncoder().encode(request), as: UTF8.self)
        #expect(body.contains(#""detail":"high""#))
    }

    @Test("a call replays as the assistant's tool_calls answered by a tool message; a correction answers the call it refuses")
    func functionCallingTurns() {
        let layout = ConversationLayout(window: 4, chunk: 6, style: .functionCalling)
        let shot = EncodedImage(png: [1], size: Size(width: 4, height: 4), perceptualHash: 1)
        let call = ToolCall(id: "call_7", function: .init(name: "computer_use", arguments: .string("{}")))
        let turn = HistoryTurn(screenshot: shot, answer: .assistant("Clicking.", calls: [call]), summary: "clicked")
        let bad = ToolCall(id: "call_8", function: .init(name: "computer_use", arguments: .string("{broken")))
        let messages = layout.messages(systemPrompt: "S", context: ConversationContext(instruction: "T", screenshot: shot, history: [turn],
                                                                                   feedback: [.correction(answer: .assistant("", calls: [bad]), message: "fix")]))
        #expect(messages.map(\.role) == [.system, .user, .user, .assistant, .tool, .user, .assistant, .tool])
        #expect(messages[4].toolCallID == "call_7" && messages[7].toolCallID == "call_8" && messages[7].content.text == "fix")
    }

    @Test("GPT-4 Vision's finish_details reads as a finish reason")
    func finishDetails() throws {
        let old = #"{"choices":[{"index":0,"message":{"role":"assistant","content":"{}"},"finish_details":{"type":"max_tokens"}}]}"#
        let completion = try JSONDecoder().decode(ChatCompletion.self, from: Data(old.utf8))
        #expect(completion.choices[0].finishReason == .length)
        let stop = #"{"choices":[{"message":{"role":"assistant","content":"x"},"finish_details":{"type":"stop"}}]}"#
        #expect(try JSONDecoder().decode(ChatCompletion.self, from: Data(stop.utf8)).choices[0].finishReason == .stop)
    }
}
