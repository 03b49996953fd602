import Testing
import VisionModel

@Suite("Streaming: chunks back into one reply")
struct StreamAccumulatorTests {
    /// A llama.cpp stream of a content reply: the role first with `content: null`, text pieces, the finish
    /// reason, then (asked for with `stream_options.include_usage`) usage with no choices, then `[DONE]`.
    static let contentStream = [
        #"{"choices":[{"finish_reason":null,"index":0,"delta":{"role":"assistant","content":null}}],"created":1,"id":"chatcmpl-a","model":"qwen3-vl","object":"chat.completion.chunk"}"#,
        #"{"choices":[{"finish_reason":null,"index":0,"delta":{"content":"Action: Click Save.\n<tool"}}],"created":1,"id":"chatcmpl-a","model":"qwen3-vl","object":"chat.completion.chunk"}"#,
        #"{"choices":[{"finish_reason":null,"index":0,"delta":{"content":"_call>\n{\"name\": \"computer_use\", \"arguments\": {\"action\": \"left_"}}],"id":"chatcmpl-a","object":"chat.completion.chunk"}"#,
        #"{"choices":[{"finish_reason":null,"index":0,"delta":{"content":"click\", \"coordinate\": [900, 40]}}\n</tool_call>"}}],"id":"chatcmpl-a","object":"chat.completion.chunk"}"#,
        #"{"choices":[{"finish_reason":"stop","index":0,"delta":{}}],"id":"chatcmpl-a","object":"chat.completion.chunk"}"#,
        #"{"choices":[],"id":"chatcmpl-a","object":"chat.completion.chunk","usage":{"completion_tokens":38,"prompt_tokens":1290,"total_tokens":1328},"timings":{}}"#,
        "[DONE]",
    ]

    @Test("A content reply reassembles exactly, with finish reason and usage")
    func contentReply() throws {
        var accumulator = ChatStreamAccumulator()
        for event in Self.contentStream {
            #expect(!accumulator.isFinished)
            try accumulator.append(eventData: event)
        }
        #expect(accumulator.isFinished)
        let completion = accumulator.completion
        #expect(completion.id == "chatcmpl-a" && completion.model == "qwen3-vl" && completion.created == 1)
        #expect(completion.message?.content == "Action: Click Save.\n<tool_call>\n{\"name\": \"computer_use\", \"arguments\": {\"action\": \"left_click\", \"coordinate\": [900, 40]}}\n</tool_call>")
        #expect(completion.message?.toolCalls == [])
        #expect(completion.choices[0].finishReason == .stop)
        #expect(completion.usage == TokenUsage(promptTokens: 1290, completionTokens: 38))
        let reply = try Profiles.qwen3VL.read(try #require(completion.message))
        #expect(reply.calls == [ParsedToolCall(name: "computer_use", arguments: ["action": "left_click", "coordinate": [900, 40]])])
    }

    /// A vLLM stream with `--tool-call-parser hermes`: text before the call as content, then the call's id,
    /// type and name with empty arguments, then the arguments in pieces.
    static let toolCallStream = [
        #"{"id":"chatcmpl-b","object":"chat.completion.chunk","created":2,"model":"Qwen/Qwen3-VL-8B-Instruct","choices":[{"index":0,"delta":{"role":"assistant","content":""},"logprobs":null,"finish_reason":null}]}"#,
        #"{"id":"chatcmpl-b","object":"chat.completion.chunk","created":2,"model":"Qwen/Qwen3-VL-8B-Instruct","choices":[{"index":0,"delta":{"content":"Action: type the name.\n"},"finish_reason":null}]}"#,
        #"{"id":"chatcmpl-b","object":"chat.completion.chunk","created":2,"model":"Qwen/Qwen3-VL-8B-Instruct","choices":[{"index":0,"delta":{"tool_calls":[{"id":"chatcmpl-tool-1","type":"function","index":0,"function":{"name":"computer_use","arguments":""}}]},"finish_reason":null}]}"#,
        #"{"id":"chatcmpl-b","object":"chat.completion.chunk","created":2,"model":"Qwen/Qwen3-VL-8B-Instruct","choices":[{"index":0,"delta":{"tool_calls":[{"index":0,"function":{"arguments":"{\"action\": \"ty"}}]},"finish_reason":null}]}"#,
        #"{"id":"chatcmpl-b","object":"chat.completion.chunk","created":2,"model":"Qwen/Qwen3-VL-8B-Instruct","choices":[{"index":0,"delta":{"tool_calls":[{"index":0,"function":{"arguments":"pe\", \"text\": \"Ada \\u00e9"}}]},"finish_reason":null}]}"#,
        #"{"id":"chatcmpl-b","object":"chat.completion.chunk","created":2,"model":"Qwen/Qwen3-VL-8B-Instruct","choices":[{"index":0,"delta":{"tool_calls":[{"index":0,"function":{"arguments":"\\n\"}"}}]},"finish_reason":null}]}"#,
        #"{"id":"chatcmpl-b","object":"chat.completion.chunk","created":2,"model":"Qwen/Qwen3-VL-8B-Instruct","choices":[{"index":0,"delta":{"content":""},"finish_reason":"tool_calls"}]}"#,
        #"{"id":"chatcmpl-b","object":"chat.completion.chunk","created":2,"model":"Qwen/Qwen3-VL-8B-Instruct","choices":[],"usage":{"prompt_tokens":1400,"total_tokens":1431,"completion_tokens":31}}"#,
        "[DONE]",
    ]

    @Test("A tool_calls reply: arguments split across chunks join into the exact JSON string")
    func toolCallReply() throws {
        var accumulator = ChatStreamAccumulator()
        for event in Self.toolCallStream { try accumulator.append(eventData: event) }
        let message = try #require(accumulator.completion.message)
        #expect(message.content == "Action: type the name.\n")
        #expect(message.toolCalls.count == 1)
        #expect(message.toolCalls[0].id == "chatcmpl-tool-1" && message.toolCalls[0].function.name == "computer_use")
        #expect(message.toolCalls[0].function.arguments == .string(#"{"action": "type", "text": "Ada \u00e9\n"}"#))
        #expect(accumulator.completion.choices[0].finishReason == .toolCalls)
        #expect(accumulator.completion.usage?.totalTokens == 1431)
        let reply = try Profiles.qwen3VL.read(message)
        #expect(reply.calls == [ParsedToolCall(name: "computer_use", arguments: ["action": "type", "text": "Ada é\n"])])
        #expect(reply.text == "Action: type the name.")
    }

    @Test("Interleaved calls by index, whole calls without an index, object arguments")
    func severalCalls() {
        var accumulator = ChatStreamAccumulator()
        func call(_ index: Int?, id: String? = nil, name: String? = nil, _ arguments: String?) -> ChatCompletionChunk {
            ChatCompletionChunk(choices: [.init(delta: .init(toolCalls: [.init(index: index, id: id, function: .init(name: name, arguments: arguments))]))])
        }
        accumulator.append(call(0, id: "a", name: "computer_use", "{\"action\": "))
        accumulator.append(call(1, id: "b", name: "open_app", "{\"name\""))
        accumulator.append(call(0, "\"wait\", \"time\": 1}"))
        accumulator.append(call(1, ": \"Files\"}"))
        let calls = accumulator.completion.message?.toolCalls ?? []
        #expect(calls.map(\.function.name) == ["computer_use", "open_app"])
        #expect(calls.map(\.function.arguments) == [.string(#"{"action": "wait", "time": 1}"#), .string(#"{"name": "Files"}"#)])

        var whole = ChatStreamAccumulator()
        whole.append(call(nil, id: "x", name: "computer_use", #"{"action": "wait", "time": 1}"#))
        whole.append(call(nil, id: "y", name: "computer_use", #"{"action": "terminate", "status": "success"}"#))
        #expect(whole.completion.message?.toolCalls.map(\.id) == ["x", "y"])
    }

    @Test("Arguments sent as an object in a delta, and a second choice, are kept")
    func objectArgumentsAndChoices() throws {
        var accumulator = ChatStreamAccumulator()
        try accumulator.append(eventData: #"{"choices":[{"index":0,"delta":{"tool_calls":[{"index":0,"function":{"name":"computer_use","arguments":{"time":1,"action":"wait"}}}]}}]}"#)
        try accumulator.append(eventData: #"{"choices":[{"index":1,"delta":{"content":"second"}}]}"#)
        try accumulator.append(eventData: "   ")
        let completion = accumulator.completion
        #expect(completion.choices.map(\.index) == [0, 1])
        // JSONDecoder loses the order of object keys; the text lists them sorted, the same on every run.
        #expect(completion.choices[0].message.toolCalls[0].function.arguments == .string(#"{"action": "wait", "time": 1}"#))
        let parsed = try ToolCallParser().parse(completion.choices[0].message)
        #expect(parsed.calls == [ParsedToolCall(name: "computer_use", arguments: ["action": "wait", "time": 1])])
        #expect(completion.choices[1].message.content == "second")
        #expect(!accumulator.isFinished)
    }

    @Test("An error event and a non-chunk are typed errors")
    func errors() {
        var accumulator = ChatStreamAccumulator()
        #expect(throws: ChatStreamError.serverError(message: "qwen tool call parsing failed")) {
            try accumulator.append(eventData: #"{"error":{"message":"qwen tool call parsing failed","type":"server_error"}}"#)
        }
        #expect(throws: ChatStreamError.serverError(message: "context overflow")) { try accumulator.append(eventData: #"{"error":"context overflow"}"#) }
        let error = #expect(throws: ChatStreamError.self) { try accumulator.append(eventData: "<html>502 Bad Gateway</html>") }
        guard case .invalidChunk(let data, _)? = error else { Issue.record("expected invalidChunk"); return }
        #expect(data == "<html>502 Bad Gateway</html>")
        #expect(error?.description.contains("OpenAI-compatible") == true)
    }
}
