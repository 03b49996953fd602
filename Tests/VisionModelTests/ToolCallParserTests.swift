import Foundation
import DesktopKit
import Imaging
import Testing
import VisionModel

@Suite("Tolerant tool-call parsing")
struct ToolCallParserTests {
    let parser = ToolCallParser()
    static let click = ParsedToolCall(name: "computer_use", arguments: ["action": "left_click", "coordinate": [512, 337]])

    // MARK: - Accepted forms

    @Test("The model's own format: thoughts, then a <tool_call> block")
    func hermesBlock() throws {
        let reply = try parser.parse(content: """
            Thought: The cache settings are open.
            Action: Click the "Reload cache" button.
            <tool_call>
            {"name": "computer_use", "arguments": {"action": "left_click", "coordinate": [512, 337]}}
            </tool_call>
            """)
        #expect(reply.calls == [Self.click])
        #expect(reply.text == "Thought: The cache settings are open.\nAction: Click the \"Reload cache\" button.")
        #expect(reply.summary == "Click the \"Reload cache\" button.")
    }

    @Test("The cookbook's mobile example with a different tool name")
    func mobileExample() throws {
        let reply = try parser.parse(content: """
            Thought: To search for Musk in X, I need to click on the search bar.
            Action: "I tapped on the search bar"
            <tool_call>
            {"name": "mobile_use", "arguments": {"action": "click", "coordinate": [447, 81]}}
            </tool_call>
            """)
        #expect(reply.calls == [ParsedToolCall(name: "mobile_use", arguments: ["action": "click", "coordinate": [447, 81]])])
    }

    @Test("vLLM's hermes parser: content null or the text before the call, arguments a JSON string")
    func vLLMToolCalls() throws {
        let body = #"""
            {"id": "chatcmpl-1", "object": "chat.completion", "model": "Qwen/Qwen3-VL-8B-Instruct",
             "choices": [{"index": 0, "finish_reason": "tool_calls", "message": {"role": "assistant",
               "content": "Action: Click the button.\n",
               "tool_calls": [{"id": "chatcmpl-tool-9", "type": "function",
                 "function": {"name": "computer_use", "arguments": "{\"action\": \"left_click\", \"coordinate\": [512, 337]}"}}]}}],
             "usage": {"prompt_tokens": 1400, "completion_tokens": 31, "total_tokens": 1431}}
            """#
        let completion = try JSONDecoder().decode(ChatCompletion.self, from: Data(body.utf8))
        #expect(completion.choices[0].finishReason == .toolCalls)
        let message = try #require(completion.message)
        #expect(message.toolCalls[0].function.arguments == .string(#"{"action": "left_click", "coordinate": [512, 337]}"#))
        let reply = try parser.parse(message)
        #expect(reply.calls == [Self.click])
        #expect(reply.text == "Action: Click the button.")
        let nullContent = try parser.parse(content: nil, toolCalls: message.toolCalls)
        #expect(nullContent.calls == [Self.click] && nullContent.text == "")
    }

    @Test("Ollama's native shape: arguments a JSON object, no id or type")
    func ollamaObjectArguments() throws {
        let body = #"""
            {"choices": [{"message": {"role": "assistant", "content": "",
              "tool_calls": [{"function": {"name": "computer_use", "arguments": {"action": "left_click", "coordinate": [512, 337]}}}]}}]}
            """#
        let completion = try JSONDecoder().decode(ChatCompletion.self, from: Data(body.utf8))
        #expect(completion.usage == nil && completion.choices[0].finishReason == nil)
        let reply = try parser.parse(try #require(completion.message))
        #expect(reply.calls == [Self.click])
    }

    @Test("A call in tool_calls and again in content is not doubled")
    func mergedNotDoubled() throws {
        let content = #"<tool_call>{"name": "computer_use", "arguments": {"action": "left_click", "coordinate": [512, 337]}}</tool_call>"#
        let toolCall = ToolCall(function: .init(name: "computer_use", arguments: ["action": "left_click", "coordinate": [512, 337]]))
        #expect(try parser.parse(content: content, toolCalls: [toolCall]).calls == [Self.click])
    }

    @Test("JSON fenced in ```json, inside a block or on its own")
    func fenced() throws {
        let inBlock = "<tool_call>\n```json\n{\"name\": \"computer_use\", \"arguments\": {\"action\": \"left_click\", \"coordinate\": [512, 337]}}\n```\n</tool_call>"
        #expect(try parser.parse(content: inBlock).calls == [Self.click])
        let alone = "I'll click it.\n```json\n{\"name\": \"computer_use\", \"arguments\": {\"action\": \"left_click\", \"coordinate\": [512, 337]}}\n```"
        let reply = try parser.parse(content: alone)
        #expect(reply.calls == [Self.click])
        #expect(reply.text == "I'll click it.\n```json")
    }

    @Test("A block without its closing tag runs to the end (vLLM's regex), stray text after the JSON ignored")
    func missingClosingTag() throws {
        let reply = try parser.parse(content: "Action: click\n<tool_call>\n{\"name\": \"computer_use\", \"arguments\": {\"action\": \"left_click\", \"coordinate\": [512, 337]}}\nI hope this works")
        #expect(reply.calls == [Self.click])
        #expect(reply.text == "Action: click")
    }

    @Test("Two calls, in order; the second block unterminated")
    func twoCalls() throws {
        let reply = try parser.parse(content: """
            <tool_call>
            {"name": "computer_use", "arguments": {"action": "left_click", "coordinate": [512, 337]}}
            </tool_call>
            <tool_call>
            {"name": "computer_use", "arguments": {"action": "type", "text": "hello"}}
            """)
        #expect(reply.calls == [Self.click, ParsedToolCall(name: "computer_use", arguments: ["action": "type", "text": "hello"])])
        // A broken second block keeps the first call: only the first is executed anyway.
        let broken = try parser.parse(content: "<tool_call>{\"name\": \"computer_use\", \"arguments\": {\"action\": \"left_click\", \"coordinate\": [512, 337]}}</tool_call><tool_call>{\"name\": ")
        #expect(broken.calls == [Self.click])
    }

    @Test("The tag named in prose before the real block is skipped")
    func tagInProse() throws {
        let reply = try parser.parse(content: "I will answer with a <tool_call> block.\n<tool_call>\n{\"name\": \"computer_use\", \"arguments\": {\"action\": \"left_click\", \"coordinate\": [512, 337]}}\n</tool_call>")
        #expect(reply.calls == [Self.click])
        #expect(reply.text == "I will answer with a <tool_call> block.")
        // A broken call before a good one still fails: the model's first intent is unknown.
        #expect(throws: ToolCallParseError.self) {
            try parser.parse(content: "<tool_call>{\"name\": \"computer_use\", \"arguments\": {\"action\": }}</tool_call><tool_call>{\"action\": \"left_click\"}</tool_call>")
        }
    }

    @Test("Bare JSON: a {name, arguments} line, or a bare {action} object meaning computer_use; the last one counts")
    func bareJSON() throws {
        let line = try parser.parse(content: "Action: click it\n{\"name\": \"computer_use\", \"arguments\": {\"action\": \"left_click\", \"coordinate\": [512, 337]}}")
        #expect(line.calls == [Self.click] && line.text == "Action: click it")
        let action = try parser.parse(content: "{\"action\": \"left_click\", \"coordinate\": [512, 337]}")
        #expect(action.calls == [Self.click])
        // Prose with braces that are no call is skipped.
        let prose = try parser.parse(content: "The set {a, b} is small. {\"action\": \"left_click\", \"coordinate\": [512, 337]}")
        #expect(prose.calls == [Self.click])
        // Of several bare objects the last is the call (an earlier one may be an example in the thoughts).
        let example = try parser.parse(content: "A call looks like {\"action\": \"wait\", \"time\": 1}.\nAction: click\n{\"action\": \"left_click\", \"coordinate\": [512, 337]}")
        #expect(example.calls == [Self.click])
        #expect(example.summary == "click")
    }

    @Test("Lenient JSON: trailing commas, single quotes, Python literals, an extra closing brace")
    func lenientJSON() throws {
        let trailing = try parser.parse(content: "<tool_call>{\"name\": \"computer_use\", \"arguments\": {\"action\": \"left_click\", \"coordinate\": [512, 337,],},}</tool_call>")
        #expect(trailing.calls == [Self.click])
        let quotes = try parser.parse(content: "<tool_call>{'name': 'computer_use', 'arguments': {'action': 'type', 'text': 'it\\'s \"ok\"', 'clear': True, 'x': None, 'y': False}}</tool_call>")
        #expect(quotes.calls == [ParsedToolCall(name: "computer_use", arguments: ["action": "type", "text": "it's \"ok\"", "clear": true, "x": nil, "y": false])])
        let extraBrace = try parser.parse(content: "<tool_call>\n{\"name\": \"computer_use\", \"arguments\": {\"action\": \"left_click\", \"coordinate\": [512, 337]}}}\n</tool_call>")
        #expect(extraBrace.calls == [Self.click])
    }

    @Test("Arguments as a JSON string, 'parameters' for 'arguments', a flattened call, OpenAI's function wrapper")
    func argumentShapes() throws {
        let string = #"<tool_call>{"name": "computer_use", "arguments": "{\"action\": \"left_click\", \"coordinate\": [512, 337]}"}</tool_call>"#
        #expect(try parser.parse(content: string).calls == [Self.click])
        let parameters = #"<tool_call>{"name": "computer_use", "parameters": {"action": "left_click", "coordinate": [512, 337]}}</tool_call>"#
        #expect(try parser.parse(content: parameters).calls == [Self.click])
        let flat = #"<tool_call>{"name": "computer_use", "action": "left_click", "coordinate": [512, 337]}</tool_call>"#
        #expect(try parser.parse(content: flat).calls == [Self.click])
        let wrapped = #"<tool_call>{"type": "function", "function": {"name": "computer_use", "arguments": {"action": "left_click", "coordinate": [512, 337]}}}</tool_call>"#
        #expect(try parser.parse(content: wrapped).calls == [Self.click])
    }

    @Test("Qwen3.5's XML call form")
    func xmlForm() throws {
        let reply = try parser.parse(content: """
            Action: type the name
            <tool_call>
            <function=computer_use>
            <parameter=action>
            type
            </parameter>
            <parameter=text>
            Ada Lovelace
            </parameter>
            <parameter=coordinate>
            [512, 337]
            </parameter>
            </function>
            </tool_call>
            """)
        #expect(reply.calls == [ParsedToolCall(name: "computer_use", arguments: ["action": "type", "text": "Ada Lovelace", "coordinate": [512, 337]])])
        #expect(reply.text == "Action: type the name")
    }

    @Test("Coordinates as strings or as separate x and y arguments decode to the same point")
    func coordinateForms() throws {
        let expected = ComputerUseCall.act(.click(ModelPoint(x: 512, y: 337), button: .left, count: 1))
        for arguments in [
            #"{"action": "left_click", "coordinate": "[512, 337]"}"#,
            #"{"action": "left_click", "coordinate": "(512, 337)"}"#,
            #"{"action": "left_click", "coordinate": "512, 337"}"#,
            #"{"action": "left_click", "coordinate": ["512", "337.0"]}"#,
            #"{"action": "left_click", "coordinate": {"x": 512, "y": 337}}"#,
            #"{"action": "left_click", "x": 512, "y": 337}"#,
            #"{"action": " Left_Click ", "coordinate": [512.0, 337]}"#,
        ] {
            let reply = try parser.parse(content: "<tool_call>{\"name\": \"computer_use\", \"arguments\": \(arguments)}</tool_call>")
            #expect(try Profiles.qwen3VL.computerUseCall(arguments: reply.calls[0].arguments, imageSize: Size(width: 1504, height: 832)) == expected,
                    "\(arguments)")
        }
    }

    // MARK: - Malformed replies

    @Test("No call at all")
    func noCall() {
        for content in ["I will click the Save button.", "", "{}", "Set {a, b}", "<toolcall>nope</toolcall>"] {
            let error = #expect(throws: ToolCallParseError.self) { try parser.parse(content: content) }
            #expect(error == .noToolCall, "\(content)")
        }
        #expect(throws: ToolCallParseError.noToolCall) { try parser.parse(content: nil) }
        #expect(ToolCallParseError.noToolCall.description.contains("Respond with exactly one <tool_call> block"))
    }

    @Test("Broken JSON says where: line and column within the call, and the text around")
    func brokenJSON() {
        let content = "<tool_call>\n{\"name\": \"computer_use\", \"arguments\": {\"action\": \"left_click\" \"coordinate\": [1, 2]}}\n</tool_call>"
        let error = #expect(throws: ToolCallParseError.self) { try parser.parse(content: content) }
        guard case .malformedJSON(let reason, let line, let column, let near)? = error else {
            Issue.record("expected malformedJSON, got \(String(describing: error))")
            return
        }
        // python3: body.index('"coordinate"') + 1 == 63
        #expect(line == 1 && column == 63)
        #expect(reason.contains("expected ',' or '}' after the value of \"action\""))
        #expect(near.contains("\"coordinate\""))
        #expect(error!.description.contains("line 1, column 63"))

        let multiline = "<tool_call>\n{\n  \"name\": \"computer_use\",\n  \"arguments\": {\"action\": \"type\", \"text\": \"a\nb\"\n    \"x\": 1}\n}\n</tool_call>"
        guard case .malformedJSON(_, let line2, let column2, _)? = #expect(throws: ToolCallParseError.self, performing: { try parser.parse(content: multiline) })
        else { Issue.record("expected malformedJSON"); return }
        #expect(line2 == 5 && column2 == 5)

        let truncated = "{\"name\": \"computer_use\", \"arguments\": {\"action\": \"type\", \"text\": \"hel"
        guard case .malformedJSON(let reason3, _, _, _)? = #expect(throws: ToolCallParseError.self, performing: { try parser.parse(content: truncated) })
        else { Issue.record("expected malformedJSON for a cut-off bare call"); return }
        #expect(reason3.contains("unterminated string"))

        let arguments = ToolCall(function: .init(name: "computer_use", arguments: .string("{\"action\": left_click}")))
        guard case .malformedJSON(let reason4, 1, 12, _)? = #expect(throws: ToolCallParseError.self, performing: { try parser.parse(content: nil, toolCalls: [arguments]) })
        else { Issue.record("expected malformedJSON for broken tool_calls arguments"); return }
        #expect(reason4.contains("unexpected word 'left_click'"))
    }

    @Test("Not an object, no name, arguments not an object")
    func wrongShapes() {
        #expect(throws: ToolCallParseError.notAnObject(found: "an array")) { try parser.parse(content: "<tool_call>[512, 337]</tool_call>") }
        #expect(throws: ToolCallParseError.notAnObject(found: "a string")) { try parser.parse(content: "<tool_call>\"left_click\"</tool_call>") }
        #expect(throws: ToolCallParseError.missingName) { try parser.parse(content: "<tool_call>{\"arguments\": {\"x\": 1}}</tool_call>") }
        #expect(throws: ToolCallParseError.missingName) { try parser.parse(content: "<tool_call>{\"name\": 5, \"arguments\": {}}</tool_call>") }
        #expect(throws: ToolCallParseError.missingName) {
            try parser.parse(content: nil, toolCalls: [ToolCall(function: .init(name: " ", arguments: [:]))])
        }
        #expect(throws: ToolCallParseError.argumentsNotObject(tool: "computer_use", found: "a number")) {
            try parser.parse(content: "<tool_call>{\"name\": \"computer_use\", \"arguments\": 5}</tool_call>")
        }
        #expect(throws: ToolCallParseError.argumentsNotObject(tool: "computer_use", found: "an array")) {
            try parser.parse(content: nil, toolCalls: [ToolCall(function: .init(name: "computer_use", arguments: .string("[1]")))])
        }
        let empty = #expect(throws: ToolCallParseError.self) { try parser.parse(content: "<tool_call>\n</tool_call>") }
        #expect(empty?.description.contains("empty") == true)
        for error: ToolCallParseError in [.missingName, .notAnObject(found: "an array"), .argumentsNotObject(tool: "t", found: "a number")] {
            #expect(error.description.contains(#"{"name": <function-name>, "arguments": <args-json-object>}"#))
        }
    }

    @Test("Deep nesting and huge inputs end in an error, not a crash")
    func pathological() {
        let deep = "<tool_call>" + String(repeating: "[", count: 100_000)
        guard case .malformedJSON(let reason, _, _, _)? = #expect(throws: ToolCallParseError.self, performing: { try parser.parse(content: deep) })
        else { Issue.record("expected malformedJSON"); return }
        #expect(reason.contains("nested too deeply"))
        #expect(throws: ToolCallParseError.self) { try parser.parse(content: String(repeating: "{\"name\": ", count: 20_000)) }
        #expect(throws: ToolCallParseError.noToolCall) { try parser.parse(content: String(repeating: "{", count: 200_000)) }
    }
}
