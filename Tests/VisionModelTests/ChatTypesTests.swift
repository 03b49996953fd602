import Foundation
import Testing
import VisionModel

@Suite("OpenAI chat types")
struct ChatTypesTests {
    static func json(_ value: some Encodable) throws -> [String: Any] {
        let data = try JSONEncoder().encode(value)
        return try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    }

    @Test("A request encodes OpenAI's field names, parts and sampling; nil fields are left out")
    func requestEncoding() throws {
        let request = ChatRequest(
            model: "Qwen/Qwen3-VL-8B-Instruct",
            messages: [
                .system("prompt"),
                .user([.imageURL("data:image/png;base64,iVBORw0K"), .text("Please generate the next move")]),
                .assistant("<tool_call>{}</tool_call>"),
            ],
            maxTokens: 512
        )
        let object = try Self.json(request)
        #expect(object["model"] as? String == "Qwen/Qwen3-VL-8B-Instruct")
        #expect(object["temperature"] as? Double == 0 && object["top_p"] as? Double == 0.9 && object["max_tokens"] as? Int == 512)
        #expect(object["stream"] as? Bool == false)
        #expect(object["tools"] == nil && object["stream_options"] == nil)
        let messages = try #require(object["messages"] as? [[String: Any]])
        #expect(messages.map { $0["role"] as? String } == ["system", "user", "assistant"])
        #expect(messages[0]["content"] as? String == "prompt")
        let parts = try #require(messages[1]["content"] as? [[String: Any]])
        #expect(parts[0]["type"] as? String == "image_url")
        #expect((parts[0]["image_url"] as? [String: Any])?["url"] as? String == "data:image/png;base64,iVBORw0K")
        #expect(parts[1]["type"] as? String == "text" && parts[1]["text"] as? String == "Please generate the next move")
        // It decodes back to itself (a test server reads it this way).
        let decoded = try JSONDecoder().decode(ChatRequest.self, from: JSONEncoder().encode(request))
        #expect(decoded == request)
    }

    @Test("A streaming request with tools asks for usage and lists tools in OpenAI's shape")
    func streamingWithTools() throws {
        let tool = ToolDefinition(name: "open_app", description: "Open an app.", parameters: ["type": "object", "properties": ["name": ["type": "string"]]])
        let request = ChatRequest(model: "m", messages: [.user("hi")], temperature: nil, topP: nil, maxTokens: nil, stream: true, tools: [tool])
        let object = try Self.json(request)
        #expect(object["stream"] as? Bool == true)
        #expect((object["stream_options"] as? [String: Any])?["include_usage"] as? Bool == true)
        #expect(object["temperature"] == nil && object["top_p"] == nil && object["max_tokens"] == nil)
        let tools = try #require(object["tools"] as? [[String: Any]])
        #expect(tools[0]["type"] as? String == "function")
        let function = try #require(tools[0]["function"] as? [String: Any])
        #expect(function["name"] as? String == "open_app" && function["description"] as? String == "Open an app.")
        #expect(try JSONDecoder().decode(ChatRequest.self, from: JSONEncoder().encode(request)) == request)
    }

    @Test("Replies decode from each server's shape: content text, null, or parts; usage present or not")
    func responses() throws {
        let llamaCpp = #"""
            {"choices":[{"finish_reason":"stop","index":0,"message":{"role":"assistant","content":"<tool_call>\n{}\n</tool_call>"}}],
             "created":1760000000,"model":"qwen3-vl","object":"chat.completion","id":"chatcmpl-x",
             "usage":{"completion_tokens":20,"prompt_tokens":1300,"total_tokens":1320},"timings":{"prompt_n":1300}}
            """#
        let completion = try JSONDecoder().decode(ChatCompletion.self, from: Data(llamaCpp.utf8))
        #expect(completion.message == AssistantMessage(content: "<tool_call>\n{}\n</tool_call>"))
        #expect(completion.choices[0].finishReason == .stop && completion.id == "chatcmpl-x" && completion.created == 1_760_000_000)
        #expect(completion.usage == TokenUsage(promptTokens: 1300, completionTokens: 20, totalTokens: 1320))

        let nullContent = #"{"choices":[{"message":{"role":"assistant","content":null,"tool_calls":null},"finish_reason":"length"}]}"#
        let empty = try JSONDecoder().decode(ChatCompletion.self, from: Data(nullContent.utf8))
        #expect(empty.message == AssistantMessage(content: nil) && empty.usage == nil && empty.choices[0].finishReason == .length)

        let parts = #"{"choices":[{"message":{"role":"assistant","content":[{"type":"text","text":"a"},{"type":"text","text":"b"}]}}],"usage":{"prompt_tokens":5,"completion_tokens":2}}"#
        let joined = try JSONDecoder().decode(ChatCompletion.self, from: Data(parts.utf8))
        #expect(joined.message?.content == "ab")
        #expect(joined.usage?.totalTokens == 7)  // a missing total is the sum
        #expect(FinishReason(rawValue: "eos").description == "eos")
    }

    @Test("Tool-call arguments decode as a string (vLLM, OpenAI) or as an object (Ollama), and re-encode as sent")
    func toolCallArguments() throws {
        let asString = #"{"id":"c1","type":"function","function":{"name":"computer_use","arguments":"{\"action\": \"wait\", \"time\": 1}"}}"#
        let asObject = #"{"function":{"name":"computer_use","arguments":{"action":"wait","time":1}}}"#
        let stringCall = try JSONDecoder().decode(ToolCall.self, from: Data(asString.utf8))
        let objectCall = try JSONDecoder().decode(ToolCall.self, from: Data(asObject.utf8))
        #expect(stringCall.id == "c1" && stringCall.function.arguments == .string(#"{"action": "wait", "time": 1}"#))
        #expect(objectCall.id == nil && objectCall.function.arguments == ["action": "wait", "time": 1])
        for call in [stringCall, objectCall] {
            #expect(try JSONDecoder().decode(ToolCall.self, from: JSONEncoder().encode(call)) == call)
            #expect(try ToolCallParser().parse(content: nil, toolCalls: [call]).calls == [ParsedToolCall(name: "computer_use", arguments: ["action": "wait", "time": 1])])
        }
        let message = AssistantMessage(content: nil, toolCalls: [stringCall])
        #expect(try JSONDecoder().decode(AssistantMessage.self, from: JSONEncoder().encode(message)) == message)
    }

    @Test("An unknown content part type is a decoding error")
    func unknownPart() throws {
        #expect(throws: DecodingError.self) {
            try JSONDecoder().decode(ContentPart.self, from: Data(#"{"type":"input_audio","input_audio":{}}"#.utf8))
        }
        #expect(try JSONDecoder().decode(ContentPart.self, from: Data(#"{"type":"image_url","image_url":"data:,x"}"#.utf8)) == .imageURL("data:,x"))
    }
}
