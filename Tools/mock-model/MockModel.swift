import DeskpilotTesting
import Foundation
import Imaging
import Synchronization
import TextRecognition
import VisionModel

/// How the stand-in shapes its answers, like one of the servers Deskpilot meets.
enum ReplyMode: String, CaseIterable {
    /// The call as `<tool_call>` text in `content` (vLLM and llama.cpp without a tool parser; the cookbook).
    case content
    /// `tool_calls` with `arguments` as a JSON string and `content` null (vLLM with `--tool-call-parser hermes`).
    case vllm
    /// `tool_calls` with `arguments` as a JSON string, an id, and `content` "" (llama.cpp with `--jinja`).
    case llamacpp
    /// `tool_calls` with `arguments` as a JSON object (Ollama).
    case ollama
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

/// Answers chat-completion requests from a plan, grounding each named target by OCR of the screenshot it
/// receives and answering in Qwen3-VL's format with 0–1000 coordinates.
final class MockModel: Sendable {
    let plan: Plan
    let mode: ReplyMode
    let faults: [Int: Fault]
    let recognizer: TextRecognizer
    let logPath: String?
    /// Whether answers leave `usage` out, as some servers do.
    let omitsUsage: Bool
    /// The pause between streamed chunks (a model's decoding pace).
    let chunkPause: Duration
    private let cursor = Mutex(0)

    init(plan: Plan, mode: ReplyMode, faults: [Int: Fault], logPath: String?, omitsUsage: Bool = false,
         chunkPause: Duration = .milliseconds(5)) throws {
        self.omitsUsage = omitsUsage
        self.chunkPause = chunkPause
        self.plan = plan
        self.mode = mode
        self.faults = faults
        self.logPath = logPath
        recognizer = try TextRecognizer()
    }

    /// The reply to one request.
    func reply(to request: ScriptedHTTPServer.Request) -> ScriptedHTTPServer.Reply {
        switch faults[request.number] {
        case .http429: return .respond(status: 429, body: #"{"error":"rate limited"}"#, headers: ["Retry-After": "1"])
        case .http500: return .respond(status: 500, body: #"{"error":"injected server error"}"#)
        case .hang: return .hang
        case .drop: return .drop
        case .garbage: return .respond(status: 200, body: "<html>this is not JSON", headers: ["Content-Type": "application/json"])
        case .malformed:
            return answer(#"<tool_call>{"name": "computer_use", "arguments": {"action": "left_click", "coordinate": [1,}</tool_call>"#,
                          call: nil, style: AnswerStyle(stream: false, promptTokens: 0))
        case nil: break
        }
        guard let chat = try? JSONDecoder().decode(ChatRequest.self, from: request.body) else {
            return .respond(status: 400, body: #"{"error":"the body is not an OpenAI chat request"}"#)
        }
        let style = AnswerStyle(stream: chat.stream, promptTokens: TokenEstimate.promptTokens(chat.messages, profile: ModelProfiles.forModel(chat.model)))
        let image = Self.lastImage(in: chat)
        log(request: request.number, chat: chat, image: image)
        let index = cursor.withLock { index -> Int in
            defer { index += 1 }
            return index
        }
        guard index < plan.steps.count else {
            return computerUse(#"{"action": "terminate", "status": "failure"}"#, thought: "The plan has no more steps.", style: style)
        }
        return perform(plan.steps[index], image: image, style: style)
    }

    private func perform(_ step: Plan.Step, image: Image?, style: AnswerStyle) -> ScriptedHTTPServer.Reply {
        switch step {
        case .pointer(let action, let target):
            guard let point = locate(target, in: image) else {
                return computerUse(#"{"action": "terminate", "status": "failure"}"#, thought: "I cannot find \"\(target)\" on the screen.", style: style)
            }
            return computerUse(#"{"action": "\#(action)", "coordinate": [\#(point.x), \#(point.y)]}"#, thought: "I will \(action.replacingOccurrences(of: "_", with: " ")) \"\(target)\".", style: style)
        case .type(let text):
            return computerUse(#"{"action": "type", "text": \#(Self.json(text))}"#, thought: "I will type the text.", style: style)
        case .key(let keys):
            return computerUse(#"{"action": "key", "keys": [\#(keys.map(Self.json).joined(separator: ", "))]}"#, thought: "I will press \(keys.joined(separator: "+")).", style: style)
        case .scroll(let notches, let target):
            var arguments = #"{"action": "scroll", "pixels": \#(notches)"#
            if let target, let point = locate(target, in: image) { arguments += #", "coordinate": [\#(point.x), \#(point.y)]"# }
            return computerUse(arguments + "}", thought: "I will scroll.", style: style)
        case .wait(let seconds):
            return computerUse(#"{"action": "wait", "time": \#(seconds)}"#, thought: "I will wait.", style: style)
        case .tool(let name, let arguments):
            return answer("I will call \(name).\n<tool_call>\n{\"name\": \"\(name)\", \"arguments\": \(arguments)}\n</tool_call>",
                          call: (name, arguments), style: style)
        case .say(let text):
            return answer(text, call: nil, style: style)
        case .answer(let text):
            return computerUse(#"{"action": "answer", "text": \#(Self.json(text))}"#, thought: "I have the answer.", style: style)
        case .terminate(let status):
            return computerUse(#"{"action": "terminate", "status": "\#(status)"}"#, thought: "The task is \(status == "success" ? "done" : "not possible").", style: style)
        }
    }

    /// Where `target` is in `image`, in 0–1000 coordinates.
    private func locate(_ target: String, in image: Image?) -> (x: Int, y: Int)? {
        guard let image, let match = (try? recognizer.locate(target, in: image))?.first else { return nil }
        let center = match.box.center
        return (Int((Double(center.x) * 1000 / Double(image.width)).rounded()),
                Int((Double(center.y) * 1000 / Double(image.height)).rounded()))
    }

    private func computerUse(_ arguments: String, thought: String, style: AnswerStyle) -> ScriptedHTTPServer.Reply {
        answer("\(thought)\n<tool_call>\n{\"name\": \"computer_use\", \"arguments\": \(arguments)}\n</tool_call>",
               call: ("computer_use", arguments), style: style)
    }

    /// The reply in the chosen server's shape, whole or as a server-sent event stream.
    private func answer(_ content: String, call: (name: String, arguments: String)?, style: AnswerStyle) -> ScriptedHTTPServer.Reply {
        // The prompt's tokens as Qwen3-VL counts them (visual tokens exactly, text roughly).
        let completionTokens = TokenEstimate.textTokens(content)
        let usage = omitsUsage ? "null"
            : #"{"prompt_tokens": \#(style.promptTokens), "completion_tokens": \#(completionTokens), "total_tokens": \#(style.promptTokens + completionTokens)}"#
        let thought = content.components(separatedBy: "<tool_call>").first?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
        let message: String
        switch (mode, call) {
        case (.content, _), (_, nil):
            message = #"{"role": "assistant", "content": \#(Self.json(content))}"#
        case (.vllm, let call?):
            message = #"{"role": "assistant", "content": null, "tool_calls": [{"id": "call_1", "type": "function", "function": {"name": "\#(call.name)", "arguments": \#(Self.json(call.arguments))}}]}"#
        case (.llamacpp, let call?):
            message = #"{"role": "assistant", "content": \#(Self.json(thought)), "tool_calls": [{"id": "call_1", "type": "function", "function": {"name": "\#(call.name)", "arguments": \#(Self.json(call.arguments))}}]}"#
        case (.ollama, let call?):
            message = #"{"role": "assistant", "content": \#(Self.json(thought)), "tool_calls": [{"function": {"name": "\#(call.name)", "arguments": \#(call.arguments)}}]}"#
        }
        guard style.stream else {
            return .json(#"{"id": "mock", "object": "chat.completion", "model": "deskpilot-mock-model", "choices": [{"index": 0, "message": \#(message), "finish_reason": "stop"}], "usage": \#(usage)}"#)
        }
        // Streaming: the content in three pieces (or the call as one tool_calls delta), then usage.
        var chunks: [String] = []
        if mode == .content || call == nil {
            let characters = Array(content)
            let third = max(1, characters.count / 3)
            for start in stride(from: 0, to: characters.count, by: third) {
                let piece = String(characters[start..<min(characters.count, start + third)])
                chunks.append(#"{"choices": [{"index": 0, "delta": {"content": \#(Self.json(piece))}}]}"#)
            }
        } else if let call {
            chunks.append(#"{"choices": [{"index": 0, "delta": {"tool_calls": [{"index": 0, "id": "call_1", "type": "function", "function": {"name": "\#(call.name)", "arguments": ""}}]}}]}"#)
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
                guard case .imageURL(let url) = part, let comma = url.firstIndex(of: ","),
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
        let tools = system.components(separatedBy: "\"name\": \"").dropFirst().compactMap { $0.split(separator: "\"").first.map(String.init) }
        let entry: [String: Any] = [
            "request": number, "model": chat.model, "messages": chat.messages.count, "stream": chat.stream,
            "imageWidth": image?.width ?? 0, "imageHeight": image?.height ?? 0, "tools": tools,
            "systemPrompt": system, "lastUserText": chat.messages.last { $0.role == .user }?.content.text ?? "",
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
