import DeskpilotTesting
import Foundation
import Synchronization
import Testing
import VisionModel

@Suite("HTTPChatModel over real HTTP on 127.0.0.1")
struct HTTPChatModelTests {
    static let request = ChatRequest(model: "m", messages: [.user("hello")])
    static let fastRetries = RetryPolicy(maxAttempts: 3, baseDelay: .milliseconds(10), maxDelay: .milliseconds(50))
    /// A minimal chat completion whose message says `text`.
    static func completion(_ text: String) -> String {
        #"{"choices":[{"index":0,"message":{"role":"assistant","content":"\#(text)"},"finish_reason":"stop"}]}"#
    }
    static let ok = ScriptedHTTPServer.Reply.json(completion("ok"))

    static func transport(_ server: ScriptedHTTPServer, key: String? = nil, timeout: Duration = .seconds(5),
                          retry: RetryPolicy = fastRetries) -> HTTPChatModel {
        HTTPChatModel(endpoint: ModelEndpoint(baseURL: server.baseURL, model: "m", apiKey: key), timeout: timeout, retry: retry)
    }

    @Test("an answer is read as a chat completion; the request carries the JSON body, headers and the key")
    func complete() async throws {
        let server = try await ScriptedHTTPServer(replies: [Self.ok])
        let reply = try await Self.transport(server, key: "sk-secret").complete(Self.request)
        await server.shutdown()
        #expect(reply.message.content == "ok")
        #expect(reply.attempts == 1 && reply.timeToFirstByte <= reply.latency && !reply.replayed)
        let request = try #require(server.requests.first)
        #expect(request.method == "POST" && request.uri == "/v1/chat/completions")
        #expect(request.headers["authorization"] == "Bearer sk-secret")
        #expect(request.headers["content-type"] == "application/json")
        #expect(try JSONDecoder().decode(ChatRequest.self, from: request.body) == Self.request)
    }

    @Test("an answer that is not a chat completion is asked for again, within the same retry loop")
    func garbage() async throws {
        let server = try await ScriptedHTTPServer(replies: [.json("<html>not JSON"), .json(#"{"choices":[]}"#), Self.ok])
        let reply = try await Self.transport(server).complete(Self.request)
        #expect(reply.attempts == 3 && reply.message.content == "ok")
        await server.shutdown()
        let always = try await ScriptedHTTPServer(replies: [], fallback: .json("<html>not JSON"))
        await #expect {
            try await Self.transport(always).complete(Self.request)
        } throws: { error in
            guard case ModelTransportError.unreadableReply(_, let start, 3) = error else { return false }
            return start == "<html>not JSON" && String(describing: error).contains("not an OpenAI chat completion")
        }
        await always.shutdown()
    }

    @Test("429 is retried after the server's Retry-After")
    func retryAfter() async throws {
        let server = try await ScriptedHTTPServer(replies: [
            .respond(status: 429, body: "slow down", headers: ["Retry-After": "1"]), Self.ok,
        ])
        let start = ContinuousClock.now
        let patient = RetryPolicy(maxAttempts: 3, baseDelay: .milliseconds(10), maxDelay: .seconds(5))
        let reply = try await Self.transport(server, retry: patient).complete(Self.request)
        await server.shutdown()
        #expect(reply.attempts == 2)
        #expect(ContinuousClock.now - start >= .milliseconds(950))
    }

    @Test("5xx and a dropped connection are retried", arguments: [
        [ScriptedHTTPServer.Reply.respond(status: 500, body: "boom"), .respond(status: 503, body: "busy")],
        [.drop, .respond(status: 502, body: "bad gateway")],
    ])
    func retriesFaults(faults: [ScriptedHTTPServer.Reply]) async throws {
        let server = try await ScriptedHTTPServer(replies: faults + [Self.ok])
        let reply = try await Self.transport(server).complete(Self.request)
        await server.shutdown()
        #expect(reply.attempts == 3)
        #expect(server.requests.count == 3)
    }

    @Test("a fault that persists ends in a clear error after the last attempt")
    func persistentFault() async throws {
        let server = try await ScriptedHTTPServer(replies: [], fallback: .respond(status: 500, body: "model crashed"))
        await #expect {
            try await Self.transport(server).complete(Self.request)
        } throws: { error in
            guard case ModelTransportError.httpStatus(_, 500, let body, 3) = error else { return false }
            return body == "model crashed" && String(describing: error).contains("HTTP 500 after 3 attempts")
        }
        await server.shutdown()
        #expect(server.requests.count == 3)
    }

    @Test("a hang past the timeout is retried, then reported as a timeout")
    func hang() async throws {
        // The server never answers, so only the timeout can end this; the test's own bound is far above the
        // two 300 ms attempts, leaving room for a loaded machine.
        let server = try await ScriptedHTTPServer(replies: [], fallback: .hang)
        let start = ContinuousClock.now
        await #expect {
            try await Self.transport(server, timeout: .milliseconds(300), retry: RetryPolicy(maxAttempts: 2, baseDelay: .milliseconds(10))).complete(Self.request)
        } throws: { error in
            guard case ModelTransportError.timedOut(_, _, 2) = error else { return false }
            return String(describing: error).contains("did not answer within")
        }
        // Without the timeout this would never end; with it, 0.6 s plus however long a fully loaded machine
        // (the scenario suite runs alongside) keeps this task waiting.
        #expect(ContinuousClock.now - start < .seconds(60))
        #expect(server.requests.count == 2)
        await server.shutdown()
    }

    @Test("401 is not retried, and the key never appears in messages")
    func unauthorized() async throws {
        let server = try await ScriptedHTTPServer(replies: [.respond(status: 401, body: "bad key")])
        let transport = Self.transport(server, key: "sk-very-secret")
        await #expect {
            try await transport.complete(Self.request)
        } throws: { error in
            let text = String(describing: error)
            return text.contains("HTTP 401 after 1 attempt") && text.contains("API key") && !text.contains("sk-very-secret")
        }
        #expect(!transport.endpoint.description.contains("sk-very-secret"))
        await server.shutdown()
    }

    @Test("no server at all is a connection error naming the URL, fast")
    func refused() async throws {
        let closed = try ClosedPort()
        let transport = HTTPChatModel(endpoint: ModelEndpoint(baseURL: closed.baseURL, model: "m"), timeout: .seconds(100),
                                      retry: Self.fastRetries)
        let start = ContinuousClock.now
        // Three attempts of a 100 s timeout: retrying connection establishment until each deadline would take
        // 300 s; failing fast takes milliseconds. The slack is for the full suite, whose OCR tests keep both
        // cores and the cooperative pool busy for tens of seconds.
        defer { #expect(ContinuousClock.now - start < .seconds(60)) }
        await #expect {
            try await transport.complete(Self.request)
        } throws: { error in
            guard case ModelTransportError.connectionFailed(let url, _, 3) = error else { return false }
            return url == closed.baseURL + "/chat/completions" && String(describing: error).contains("is it running?")
        }
    }

    @Test("a streamed reply arrives piece by piece, with the time to its first token")
    func stream() async throws {
        let payloads = [#"{"choices":[{"delta":{"content":"Hel"}}]}"#, #"{"choices":[{"delta":{"content":"lo"}}]}"#,
                        #"{"choices":[{"delta":{},"finish_reason":"stop"}],"usage":{"prompt_tokens":5,"completion_tokens":2}}"#]
        let server = try await ScriptedHTTPServer(replies: [.stream(payloads: payloads, pause: .milliseconds(30))])
        let pieces = Texts()
        let reply = try await Self.transport(server).stream(Self.request) { pieces.append($0) }
        await server.shutdown()
        #expect(reply.message.content == "Hello")
        #expect(reply.completion.usage == TokenUsage(promptTokens: 5, completionTokens: 2))
        #expect(pieces.all == ["Hel", "lo"])
        // The server paces its events 30 ms apart; the first token is the first of them.
        let first = try #require(reply.timeToFirstToken)
        #expect(first < reply.latency && reply.latency >= .milliseconds(60))
        let sent = try JSONDecoder().decode(ChatRequest.self, from: try #require(server.requests.first).body)
        #expect(sent.stream)
    }

    @Test("a stream that breaks after its first events is an error, not a silent short reply")
    func brokenStream() async throws {
        let server = try await ScriptedHTTPServer(replies: [.streamThenDrop(payloads: [#"{"choices":[]}"#])])
        await #expect(throws: ModelTransportError.streamInterrupted(url: server.baseURL + "/chat/completions", events: 1)) {
            try await Self.transport(server).stream(Self.request) { _ in }
        }
        await server.shutdown()
        #expect(server.requests.count == 1)
    }

    @Test("cancelling the task ends a hanging request at once")
    func cancellation() async throws {
        let server = try await ScriptedHTTPServer(replies: [], fallback: .hang)
        // Without cancellation the request would end at its 180 s timeout. The bound below is far under it:
        // under the whole suite's load on 2 cores, resuming this task after the cancel has taken over 20 s.
        let transport = Self.transport(server, timeout: .seconds(180))
        let task = Task { try await transport.complete(Self.request) }
        let deadline = ContinuousClock.now + .seconds(20)
        while server.requests.isEmpty, ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(10)) }
        let start = ContinuousClock.now
        task.cancel()
        let result = await task.result
        #expect(ContinuousClock.now - start < .seconds(60))
        #expect(throws: ModelTransportError.cancelled) { try result.get() }
        await server.shutdown()
    }

    @Test("the endpoint comes from flags or the environment")
    func endpoint() {
        let environment = ["DESKPILOT_BASE_URL": "http://127.0.0.1:8000/v1/", "DESKPILOT_MODEL": "qwen", "OPENAI_API_KEY": "k"]
        let resolved = ModelEndpoint.resolve(environment: environment)
        #expect(resolved?.baseURL == "http://127.0.0.1:8000/v1" && resolved?.model == "qwen" && resolved?.apiKey == "k")
        #expect(ModelEndpoint.resolve(baseURL: "http://h/v1", environment: environment)?.baseURL == "http://h/v1")
        #expect(ModelEndpoint.resolve(environment: [:]) == nil)
        #expect(ModelEndpoint(baseURL: "http://h/v1/", model: "m").chatCompletionsURL == "http://h/v1/chat/completions")
    }

    @Test("an unusable base URL is reported before anything is sent")
    func invalidURL() async {
        let transport = HTTPChatModel(endpoint: ModelEndpoint(baseURL: "localhost:8000", model: "m"))
        await #expect(throws: ModelTransportError.invalidURL("localhost:8000")) { try await transport.complete(Self.request) }
    }
}

/// Texts handed to a callback, in order.
final class Texts: Sendable {
    private let texts = Mutex<[String]>([])
    func append(_ text: String) { texts.withLock { $0.append(text) } }
    var all: [String] { texts.withLock { $0 } }
}
