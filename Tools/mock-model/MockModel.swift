import DeskpilotTesting
import Foundation
import Imaging
import Synchronization
import TextRecognition
import VisionModel

/// How the stand-in shapes its answers, like one of the servers Deskpilot meets (for the Qwen families).
enum ReplyMode: String, CaseIterable {
    /// The call as text in `content` (vLLM and llama.cpp without a tool parser; the cookbook).
    case content
    /// `tool_calls` with `arguments` as a JSON string and `content` null (vLLM with a tool parser).
    case vllm
    /// `tool_calls` with `arguments` as a JSON string, an id, and `content` "" (llama.cpp with `--jinja`).
    case llamacpp
    /// `tool_calls` with `arguments` as a JSON object (Ollama).
    case ollama
}

/// Which model family the stand-in speaks as.
enum Family: String, CaseIterable {
    /// Qwen3-VL: Hermes `<tool_call>{json}</tool_call>`, 0–1000 coordinates.
    case qwen3VL = "qwen3-vl"
    /// Qwen3.5: `<tool_call><function=…><parameter=…>` XML, 0–1000, a `reasoning` field; insists on
    /// `chat_template_kwargs.enable_thinking` being sent.
    case qwen35 = "qwen3.5"
    /// Qwen3 thinking as a planner: text-only requests (an image is an error), element numbers or
    /// descriptions read from the element list in the prompt, reasoning ending in a lone `</think>`.
    case planner
    /// A Qwen3-VL grounder: answers "Click on X." with a click at X found by OCR, whatever the plan.
    case grounder
    /// GPT-4 Vision Preview: JSON with mark numbers read from the element list in the prompt, the old
    /// `finish_details`; refuses `tools`, `response_format`, a message `name`, and a missing `max_tokens`.
    case openAISoM = "openai-som"
    /// OpenAI function calling: `tool_calls` with ids and pixel coordinates of the sent image; refuses a
    /// request without `tools` or with a call left unanswered by a `tool` message.
    case openAITools = "openai-tools"
}

/// How one answer is sent: streamed or whole, and the prompt tokens its `usage` reports.
struct AnswerStyle {
    var stream: Bool
    var promptTokens: Int
}

/// A fault injected at a chosen request.
enum Fault: String, CaseIterable {
    case http429 = "429", http500 = "500", hang, drop, garbage, malformed
}

/// What the stand-in says for one step: its text, its call (tool name and arguments as JSON text), and its
/// reasoning when it sends it apart.
struct Utterance {
    var content: String
    var call: (name: String, arguments: String)?
    var reasoning: String?
}

/// Answers chat-completion requests from a plan, finding each named target in what the request carries —
/// by OCR in its screenshot, or in its element list — and answering in the chosen family's format.
final class MockModel: Sendable {
    let plan: Plan
    let mode: ReplyMode
    let family: Family
    let faults: [Int: Fault]
    let recognizer: TextRecognizer
    let logPath: String?
    /// Whether answers leave `usage` out, as some servers do.
    let omitsUsage: Bool
    /// The pause between streamed chunks (a model's decoding pace).
    let chunkPause: Duration
    private let cursor = Mutex(0)

    init(plan: Plan, mode: ReplyMode, family: Family = .qwen3VL, faults: [Int: Fault], logPath: String?, omitsUsage: Bool = false,
         chunkPause: Duration = .milliseconds(5)) throws {
        self.omitsUsage = omitsUsage
        self.chunkPause = chunkPause
        self.plan = plan
        self.mode = mode
        self.family = family
        self.faults = faults
        self.logPath = logPath
        recognizer = try TextRecognizer()
    }

    /// The reply to one request.
    func reply(to request: ScriptedHTTPServer.Request) -> ScriptedHTTPServer.Reply {
        if request.method == "GET" { return models(request) }
        switch faults[request.number] {
        case .http429: return .respond(status: 429, body: #"{"error":"rate limited"}"#, headers: ["Retry-After": "1"])
        case .http500: return .respond(status: 500, body: #"{"error":"injected server error"}"#)
        case .hang: return .hang
        case .drop: return .drop
        case .garbage: return .respond(status: 200, body: "<html>this is not JSON", headers: ["Content-Type": "application/json"])
        case .malformed:
            return answer(Utterance(content: #"<tool_call>{"name": "computer_use", "arguments": {"action": "left_click", "coordinate": [1,}</tool_call>"#),
                          style: AnswerStyle(stream: false, promptTokens: 0))
        case nil: break
        }
        guard let chat = try? JSONDecoder().decode(ChatRequest.self, from: request.body) else {
            return .respond(status: 400, body: #"{"error":"the body is not an OpenAI chat request"}"#)
        }
        if let refusal = refusal(of: chat, body: request.body) {
            return .respond(status: 400, body: #"{"error":{"message":\#(Self.json(refusal))}}"#)
        }
        let profile = (try? ModelProfiles.named(family == .planner || family == .grounder ? "qwen3-vl" : family.rawValue)) ?? ModelProfiles.forModel("")
        let style = AnswerStyle(stream: chat.stream, promptTokens: TokenEstimate.promptTokens(chat.messages, encoding: family == .planner ? nil : profile.image))
        let image = Self.lastImage(in: chat)
        log(request: request.number, chat: chat, image: image)
        if family == .grounder { return answer(ground(chat, image: image), style: style) }
        let index = cursor.withLock { index -> Int in
            defer { index += 1 }
            return index
        }
        let step = index < plan.steps.count ? plan.steps[index] : .terminate("failure")
        return answer(speak(step, to: chat, image: image), style: style)
    }

    /// `GET /v1/models`: the one model this stand-in is.
    private func models(_ request: ScriptedHTTPServer.Request) -> ScriptedHTTPServer.Reply {
        guard request.uri.hasSuffix("/models") else { return .respond(status: 404, body: #"{"error":"not found"}"#) }
        return .json(#"{"object":"list","data":[{"id":"stand-in","object":"model","owned_by":"deskpilot"}]}"#)
    }

    /// Why a real server of this family would refuse `chat`, if it would.
    private func refusal(of chat: ChatRequest, body: Data) -> String? {
        let raw = (try? JSONDecoder().decode(JSONValue.self, from: body)) ?? .null
        let images = chat.messages.flatMap { message -> [ContentPart] in
            if case .parts(let parts) = message.content { parts.filter { $0.imageURL != nil } } else { [] }
        }
        switch family {
        case .qwen35:
            if chat.chatTemplateArguments?["enable_thinking"]?.boolValue == nil {
                return "chat_template_kwargs.enable_thinking was not sent: this stand-in, like Qwen3.5's template, must be told"
            }
        case .planner:
            if !images.isEmpty { return "this model is text only: the request carries \(images.count) image(s)" }
        case .openAISoM:
            if raw["tools"] != nil { return "Invalid parameter: 'tools' is not supported with this model." }
            if raw["response_format"] != nil { return "Invalid parameter: 'response_format' is not supported with this model." }
            if raw["max_tokens"] == nil { return "max_tokens must be set: this model's default is 16" }
            let named = raw["messages"]?.arrayValue?.contains { $0["name"] != nil } ?? false
            if named { return "Invalid parameter: messages[].name is not supported with this model." }
            let details = raw["messages"]?.arrayValue?.flatMap { $0["content"]?.arrayValue ?? [] }.compactMap { $0["image_url"] } ?? []
            if details.contains(where: { $0["detail"] == nil }) { return "every image_url must say its detail in this conformance test" }
        case .openAITools:
            if chat.tools?.isEmpty ?? true { return "this stand-in speaks function calling: the request must carry tools" }
            for (index, message) in chat.messages.enumerated() {
                let ids = (message.toolCalls ?? []).compactMap(\.id)
                let answered = chat.messages.dropFirst(index + 1).prefix { $0.role == .tool }.compactMap(\.toolCallID)
                if !ids.isEmpty, Set(ids) != Set(answered) {
                    return "An assistant message with 'tool_calls' must be followed by tool messages responding to each 'tool_call_id'. The following tool_call_ids did not have response messages: \(Set(ids).subtracting(answered).sorted())"
                }
            }
        case .qwen3VL, .grounder:
            break
        }
        return nil
    }

    /// The grounder's answer: a click at what "Click on X." names, found by OCR.
    private func ground(_ chat: ChatRequest, image: Image?) -> Utterance {
        let text = chat.messages.last { $0.role == .user }?.content.text ?? ""
        guard let start = text.range(of: "Click on "), let end = text[start.upperBound...].firstIndex(of: ".") else {
            return QwenSpeaker.computerUse(#"{"action": "terminate", "status": "failure"}"#, thought: "There is nothing to ground.")
        }
        let target = String(text[start.upperBound..<end])
        guard let point = Locator(recognizer: recognizer).normalized(target, in: image) else {
            return QwenSpeaker.computerUse(#"{"action": "terminate", "status": "failure"}"#, thought: "I cannot find \"\(target)\".")
        }
        return QwenSpeaker.computerUse(#"{"action": "left_click", "coordinate": [\#(point.x), \#(point.y)]}"#, thought: "It is here.")
    }

    /// One plan step, in this family's words.
    private func speak(_ step: Plan.Step, to chat: ChatRequest, image: Image?) -> Utterance {
        let locator = Locator(recognizer: recognizer)
        switch family {
        case .qwen3VL, .grounder: return QwenSpeaker(locator: locator, xml: false).say(step, image: image)
        case .qwen35: return QwenSpeaker(locator: locator, xml: true).say(step, image: image)
        case .planner: return PlannerSpeaker().say(step, listing: chat.messages.last { $0.role == .user }?.content.text ?? "")
        case .openAISoM: return MarkSpeaker().say(step, listing: chat.messages.first { $0.role == .user }?.content.text ?? "")
        case .openAITools: return ToolSpeaker(locator: locator).say(step, image: image)
        }
    }

    /// The reply in the chosen server's shape, whole or as a server-sent event stream.
    private func answer(_ utterance: Utterance, style: AnswerStyle) -> ScriptedHTTPServer.Reply {
        let content = utterance.content
        let completionTokens = TokenEstimate.textTokens(content + (utterance.reasoning ?? ""))
        let usage = omitsUsage ? "null"
            : #"{"prompt_tokens": \#(style.promptTokens), "completion_tokens": \#(completionTokens), "total_tokens": \#(style.promptTokens + completionTokens)}"#
        let thought = content.components(separatedBy: "<tool_call>").first?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
        let reasoning = utterance.reasoning.map { #", "reasoning": \#(Self.json($0))"# } ?? ""
        let callID = "call_\(cursor.withLock { $0 })"
        let mode = family == .openAITools ? .vllm : (family == .qwen3VL ? self.mode : .content)
        let message: String
        switch (mode, utterance.call) {
        case (.content, _), (_, nil):
            message = #"{"role": "assistant", "content": \#(Self.json(content))\#(reasoning)}"#
        case (.vllm, let call?):
            let text = family == .openAITools && !thought.isEmpty ? Self.json(thought) : "null"
            message = #"{"role": "assistant", "content": \#(text), "tool_calls": [{"id": "\#(callID)", "type": "function", "function": {"name": "\#(call.name)", "arguments": \#(Self.json(call.arguments))}}]\#(reasoning)}"#
        case (.llamacpp, let call?):
            message = #"{"role": "assistant", "content": \#(Self.json(thought)), "tool_calls": [{"id": "\#(callID)", "type": "function", "function": {"name": "\#(call.name)", "arguments": \#(Self.json(call.arguments))}}]}"#
        case (.ollama, let call?):
            message = #"{"role": "assistant", "content": \#(Self.json(thought)), "tool_calls": [{"function": {"name": "\#(call.name)", "arguments": \#(call.arguments)}}]}"#
        }
        let finish = family == .openAISoM ? #""finish_details": {"type": "stop"}"# : #""finish_reason": "stop""#
        guard style.stream else {
            return .json(#"{"id": "mock", "object": "chat.completion", "model": "deskpilot-mock-model", "choices": [{"index": 0, "message": \#(message), \#(finish)}], "usage": \#(usage)}"#)
        }
        // Streaming: reasoning and content in pieces (or the call as one tool_calls delta), then usage.
        var chunks: [String] = []
        func pieces(_ text: String, key: String) {
            let characters = Array(text)
            let third = max(1, characters.count / 3)
            for start in stride(from: 0, to: characters.count, by: third) {
                let piece = String(characters[start..<min(characters.count, start + third)])
                chunks.append(#"{"choices": [{"index": 0, "delta": {"\#(key)": \#(Self.json(piece))}}]}"#)
            }
        }
        if let reasoning = utterance.reasoning { pieces(reasoning, key: "reasoning") }
        if mode == .content || utterance.call == nil {
            pieces(content, key: "content")
        } else if let call = utterance.call {
            if family == .openAITools, !thought.isEmpty { pieces(thought, key: "content") }
            chunks.append(#"{"choices": [{"index": 0, "delta": {"tool_calls": [{"index": 0, "id": "\#(callID)", "type": "function", "function": {"name": "\#(call.name)", "arguments": ""}}]}}]}"#)
            let characters = Array(call.arguments)
            let half = max(1, characters.count / 2)
            for start in stride(from: 0, to: characters.count, by: half) {
                let piece = String(characters[start..<min(characters.count, start + half)])
                chunks.append(#"{"choices": [{"index": 0, "delta": {"tool_calls": [{"index": 0, "function": {"arguments": \#(Self.json(piece))}}]}}]}"#)
            }
        }
        chunks.append(#"{"choices": [{"index": 0, "delta": {}, "finish_reason": "stop"}], "usage": \#(usage)}"#)
        return .stream(payloads: chunks, pause: chunkPause)
    }

    /// The last image of the request's messages, decoded from its data URL.
    static func lastImage(in request: ChatRequest) -> Image? {
        for message in request.messages.reversed() {
            guard case .parts(let parts) = message.content else { continue }
            for part in parts.reversed() {
                guard let url = part.imageURL, let comma = url.firstIndex(of: ","),
                    let data = Data(base64Encoded: String(url[url.index(after: comma)...]))
                else { continue }
                return try? Image(pngData: data)
            }
        }
        return nil
    }

    /// One JSON line per request: what a test wants to check about what the client sent.
    private func log(request number: Int, chat: ChatRequest, image: Image?) {
        guard let logPath else { return }
        let system = chat.messages.first { $0.role == .system }?.content.text ?? ""
        let declared = chat.tools?.map(\.name) ?? system.components(separatedBy: "\"name\": \"").dropFirst().compactMap {
            $0.split(separator: "\"").first.map(String.init)
        }
        let entry: [String: Any] = [
            "request": number, "model": chat.model, "messages": chat.messages.count, "stream": chat.stream,
            "imageWidth": image?.width ?? 0, "imageHeight": image?.height ?? 0, "tools": declared,
            "systemPrompt": system, "lastUserText": chat.messages.last { $0.role == .user }?.content.text ?? "",
            "thinking": chat.chatTemplateArguments?["enable_thinking"]?.boolValue as Any,
        ]
        guard var line = try? JSONSerialization.data(withJSONObject: entry, options: [.sortedKeys]) else { return }
        line.append(UInt8(ascii: "\n"))
        if !FileManager.default.fileExists(atPath: logPath) {
            _ = FileManager.default.createFile(atPath: logPath, contents: nil)
        }
        if let handle = FileHandle(forWritingAtPath: logPath) {
            handle.seekToEndOfFile()
            handle.write(line)
            try? handle.close()
        }
    }

    /// `text` as a JSON string literal.
    static func json(_ text: String) -> String {
        String(decoding: (try? JSONEncoder().encode(text)) ?? Data("\"\"".utf8), as: UTF8.self)
    }
}
