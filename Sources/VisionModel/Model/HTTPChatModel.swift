internal import AsyncHTTPClient
internal import Foundation
internal import NIOCore
internal import NIOHTTP1

/// A model served over HTTP by an OpenAI-compatible server (vLLM, llama.cpp's server, Ollama, hosted APIs):
/// requests encoded once, sent with timeouts, and answers read as chat completions, whole or streamed.
///
/// This is the one retry loop of Deskpilot's model calls: connection errors, timeouts, 429 (after the
/// server's `Retry-After`), 5xx, and a 2xx whose body is not a chat completion (a proxy's error page, a cut
/// body) are tried again within ``retry``; everything else fails at once with a message that says what to
/// do. (URLSession is not used: on Linux it crashes under concurrent requests.)
public struct HTTPChatModel: ChatModel {
    /// The server and model.
    public let endpoint: ModelEndpoint
    /// The longest one attempt may take, from sending to the last byte.
    public let timeout: Duration
    /// How failed attempts are retried.
    public let retry: RetryPolicy
    /// Where a line per request and per answer goes (`--verbose`): method, URL, headers with the key shown as
    /// `[API key]`, the body with images cut to their size, then status, timing and size. Nil: nothing is logged.
    public var log: (@Sendable (String) -> Void)?

    /// A model at `endpoint`.
    public init(endpoint: ModelEndpoint, timeout: Duration = .seconds(120), retry: RetryPolicy = RetryPolicy()) {
        self.endpoint = endpoint
        self.timeout = timeout
        self.retry = retry
    }

    /// The endpoint's model name.
    public var modelName: String { endpoint.model }

    /// `MODEL at URL` (never the key).
    public var description: String { endpoint.description }

    /// The whole answer to `request` (sent with `"stream": false`).
    ///
    /// - Throws: ``ModelTransportError``.
    public func complete(_ request: ChatRequest) async throws -> ChatExchange {
        var request = request
        request.stream = false
        let body = try RequestEncoder.encode(request)
        return try await withRetries { attempt throws(AttemptFailure) in
            try await send(body, attempt: attempt) { response, start throws(AttemptFailure) in
                var collected = Data()
                var firstByte: Duration?
                do {
                    for try await buffer in response.body {
                        if firstByte == nil { firstByte = ContinuousClock.now - start }
                        collected.append(contentsOf: buffer.readableBytesView)
                    }
                } catch {
                    throw AttemptFailure(classify(error, attempt: attempt))
                }
                let latency = ContinuousClock.now - start
                let completion = try decodeCompletion(collected, attempt: attempt)
                return ChatExchange(completion: completion, message: completion.message!, timeToFirstByte: firstByte ?? latency,
                                    latency: latency, attempts: attempt)
            }
        }
    }

    /// The answer to `request` as server-sent events (sent with `"stream": true` and usage asked for). A
    /// server that answers with plain JSON is read all the same. A stream that breaks before its first event
    /// is retried; one that breaks later is an error, since its text was already handed out.
    ///
    /// - Throws: ``ModelTransportError``, ``ChatStreamError`` for events that are not chunks or that report
    ///   an error.
    public func stream(_ request: ChatRequest, onText: @escaping @Sendable (String) -> Void) async throws -> ChatExchange {
        var request = request
        request.stream = true
        let body = try RequestEncoder.encode(request)
        return try await withRetries { attempt throws(AttemptFailure) in
            try await send(body, attempt: attempt) { response, start throws(AttemptFailure) in
                try await readStream(response, start: start, attempt: attempt, onText: onText)
            }
        }
    }

    /// The models the server lists at `GET /models`, by id.
    ///
    /// - Throws: ``ModelTransportError`` when it cannot be reached or does not answer with a list.
    public func listModels() async throws -> [String] {
        let url = endpoint.baseURL + "/models"
        var request = HTTPClientRequest(url: url)
        request.method = .GET
        if let key = endpoint.apiKey { request.headers.add(name: "Authorization", value: "Bearer \(key)") }
        let response: HTTPClientResponse
        do {
            response = try await Self.client.execute(request, deadline: .now() + .seconds(10))
        } catch {
            throw classify(error, attempt: 1)
        }
        let body = (try? await response.body.collect(upTo: 1 << 20)).map { Data($0.readableBytesView) } ?? Data()
        guard (200..<300).contains(Int(response.status.code)) else {
            throw ModelTransportError.httpStatus(url: url, status: Int(response.status.code), body: serverText(String(decoding: body, as: UTF8.self)), attempts: 1)
        }
        struct List: Decodable {
            struct Model: Decodable { let id: String }
            let data: [Model]
        }
        guard let list = try? JSONDecoder().decode(List.self, from: body) else {
            throw ModelTransportError.unreadableReply(url: url, start: serverText(String(decoding: body.prefix(200), as: UTF8.self)), attempts: 1)
        }
        return list.data.map { $0.id }
    }

    // MARK: Internals

    /// The process's client for model requests. Unlike `HTTPClient.shared`, it does not retry connection
    /// establishment until the request's deadline: a refused connection fails at once, and ``retry`` decides
    /// what happens next (otherwise a dead server costs a whole timeout per attempt).
    private static let client: HTTPClient = {
        var configuration = HTTPClient.Configuration()
        configuration.connectionPool.retryConnectionEstablishment = false
        configuration.timeout.connect = .seconds(10)
        return HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup, configuration: configuration)
    }()

    /// One failed attempt: the error, whether another attempt may help, and the server's `Retry-After`.
    private struct AttemptFailure: Error {
        var error: any Error
        var retryable: Bool
        var retryAfter: Duration?

        init(_ error: ModelTransportError, retryAfter: Duration? = nil) {
            self.error = error
            retryable = error.isRetryable
            self.retryAfter = retryAfter
        }

        init(final error: any Error) {
            self.error = error
            retryable = false
        }
    }

    /// Runs `attempt` until it succeeds, fails for good, or the policy's attempts run out.
    private func withRetries<T>(_ attempt: (Int) async throws(AttemptFailure) -> T) async throws -> T {
        var number = 1
        while true {
            do {
                return try await attempt(number)
            } catch {
                guard error.retryable, number < retry.maxAttempts else { throw error.error }
                do {
                    try await Task.sleep(for: retry.delay(after: number, retryAfter: error.retryAfter))
                } catch {
                    throw ModelTransportError.cancelled
                }
                number += 1
            }
        }
    }

    /// Sends one attempt and hands a 2xx response to `read`; maps everything else to a transport error.
    private func send<T>(_ body: Data, attempt: Int,
                         read: (HTTPClientResponse, ContinuousClock.Instant) async throws(AttemptFailure) -> T) async throws(AttemptFailure) -> T {
        guard let url = URL(string: endpoint.chatCompletionsURL), let scheme = url.scheme, ["http", "https"].contains(scheme), url.host != nil else {
            throw AttemptFailure(.invalidURL(endpoint.baseURL))
        }
        if Task.isCancelled { throw AttemptFailure(.cancelled) }
        var request = HTTPClientRequest(url: endpoint.chatCompletionsURL)
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/json")
        request.headers.add(name: "Accept", value: "application/json, text/event-stream")
        if let key = endpoint.apiKey { request.headers.add(name: "Authorization", value: "Bearer \(key)") }
        request.body = .bytes(ByteBuffer(bytes: body))
        if let log {
            let headers = request.headers.map { "\($0.name): \($0.name.lowercased() == "authorization" ? "Bearer [API key]" : $0.value)" }
            log(endpoint.conceal("→ POST \(endpoint.chatCompletionsURL) (attempt \(attempt), \(body.count) bytes) \(headers.joined(separator: "; "))\n  "
                                 + RequestSummary.describe(body)))
        }
        let start = ContinuousClock.now
        let deadline = NIODeadline.now() + .nanoseconds(Int64(timeout.components.seconds) * 1_000_000_000 + timeout.components.attoseconds / 1_000_000_000)
        let response: HTTPClientResponse
        do {
            response = try await Self.client.execute(request, deadline: deadline)
        } catch {
            throw AttemptFailure(classify(error, attempt: attempt))
        }
        log?("← \(response.status.code) \(response.status.reasonPhrase) after \(RequestSummary.milliseconds(ContinuousClock.now - start)) ms"
             + (response.headers.first(name: "Content-Type").map { " (\($0))" } ?? ""))
        guard (200..<300).contains(Int(response.status.code)) else {
            let status = Int(response.status.code)
            let text = (try? await response.body.collect(upTo: 4096)).map { String(buffer: $0) } ?? ""
            throw AttemptFailure(
                .httpStatus(url: endpoint.chatCompletionsURL, status: status, body: serverText(text), attempts: attempt),
                retryAfter: status == 429 || status == 503 ? Self.retryAfter(response.headers.first(name: "Retry-After")) : nil)
        }
        return try await read(response, start)
    }

    /// Reads a streamed answer: events into the accumulator, text handed to `onText` as it comes.
    private func readStream(_ response: HTTPClientResponse, start: ContinuousClock.Instant, attempt: Int,
                            onText: @Sendable (String) -> Void) async throws(AttemptFailure) -> ChatExchange {
        let isEventStream = response.headers.first(name: "Content-Type")?.lowercased().contains("text/event-stream") ?? true
        var parser = ServerSentEventParser()
        var accumulator = ChatStreamAccumulator()
        var plainBody = Data()
        var events = 0
        var firstByte: Duration?
        var firstToken: Duration?
        do {
            streaming: for try await buffer in response.body {
                if firstByte == nil { firstByte = ContinuousClock.now - start }
                guard isEventStream else {
                    plainBody.append(contentsOf: buffer.readableBytesView)
                    continue
                }
                for payload in parser.feed(buffer.readableBytesView) {
                    if payload.trimmingCharacters(in: .whitespaces) == "[DONE]" { break streaming }
                    events += 1
                    let delta = try accumulator.append(eventData: payload)
                    if firstToken == nil, delta.carriesAnswer { firstToken = ContinuousClock.now - start }
                    if let text = delta.text, !text.isEmpty { onText(text) }
                }
            }
            if isEventStream {
                for payload in parser.finish() where payload.trimmingCharacters(in: .whitespaces) != "[DONE]" {
                    events += 1
                    _ = try accumulator.append(eventData: payload)
                }
            }
        } catch let error as ChatStreamError {
            throw AttemptFailure(final: error)
        } catch {
            let failure = classify(error, attempt: attempt)
            // Events already handed out cannot be taken back: only an empty stream may be retried.
            if events > 0, failure.isRetryable {
                throw AttemptFailure(final: ModelTransportError.streamInterrupted(url: endpoint.chatCompletionsURL, events: events))
            }
            throw AttemptFailure(failure)
        }
        let latency = ContinuousClock.now - start
        let completion = isEventStream ? accumulator.completion : try decodeCompletion(plainBody, attempt: attempt)
        guard let message = completion.message else {
            throw AttemptFailure(.unreadableReply(url: endpoint.chatCompletionsURL, start: events == 0 ? "an empty event stream" : "no choices in the stream",
                                                  attempts: attempt))
        }
        return ChatExchange(completion: completion, message: message, timeToFirstToken: firstToken, timeToFirstByte: firstByte ?? latency,
                            latency: latency, attempts: attempt)
    }

    /// A body as a chat completion with at least one choice; anything else is asked for again.
    private func decodeCompletion(_ body: Data, attempt: Int) throws(AttemptFailure) -> ChatCompletion {
        guard let completion = try? JSONDecoder().decode(ChatCompletion.self, from: body), completion.message != nil else {
            throw AttemptFailure(.unreadableReply(url: endpoint.chatCompletionsURL, start: serverText(String(decoding: body.prefix(200), as: UTF8.self)),
                                                  attempts: attempt))
        }
        return completion
    }

    /// Maps async-http-client and NIO errors to a transport error.
    private func classify(_ error: any Error, attempt: Int) -> ModelTransportError {
        if let error = error as? ModelTransportError { return error }
        if error is CancellationError { return .cancelled }
        if let error = error as? HTTPClientError {
            switch error {
            case .deadlineExceeded, .readTimeout, .connectTimeout, .writeTimeout:
                return .timedOut(url: endpoint.chatCompletionsURL, after: timeout, attempts: attempt)
            case .cancelled:
                return .cancelled
            default:
                break
            }
        }
        if Task.isCancelled { return .cancelled }
        return .connectionFailed(url: endpoint.chatCompletionsURL, reason: serverText(String(describing: error)), attempts: attempt)
    }

    /// A server's text as errors quote it: at most 300 characters, one line, the key concealed.
    private func serverText(_ text: String) -> String {
        Self.snippet(endpoint.conceal(text))
    }

    /// At most 300 characters of a server's text, on one line.
    static func snippet(_ text: String) -> String {
        let line = text.replacingOccurrences(of: "\n", with: " ").trimmingCharacters(in: .whitespaces)
        return line.count > 300 ? String(line.prefix(300)) + "…" : line
    }

    /// A `Retry-After` header: seconds (`120`) or an HTTP date.
    static func retryAfter(_ header: String?) -> Duration? {
        guard let header = header?.trimmingCharacters(in: .whitespaces), !header.isEmpty else { return nil }
        if let seconds = Double(header) { return .milliseconds(Int64(max(0, seconds) * 1000)) }
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "GMT")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss zzz"
        guard let date = formatter.date(from: header) else { return nil }
        return .milliseconds(Int64(max(0, date.timeIntervalSinceNow) * 1000))
    }
}
