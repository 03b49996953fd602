internal import AsyncHTTPClient
public import Foundation
internal import NIOCore
internal import NIOHTTP1

/// Sends chat-completion requests to an OpenAI-compatible server over async-http-client, with timeouts,
/// bounded retries (connection errors, timeouts, 429 with `Retry-After`, 5xx) and cancellation.
///
/// It moves bytes: the request body is JSON the caller encoded, and the reply is the response body or, when
/// streaming, the `data:` payloads of the server-sent events. (URLSession is not used: on Linux it crashes
/// under concurrent requests.)
public struct ModelTransport: Sendable {
    /// The server and model.
    public let endpoint: ModelEndpoint
    /// The longest one attempt may take, from sending to the last byte.
    public let timeout: Duration
    /// How failed attempts are retried.
    public let retry: RetryPolicy
    /// Answers recorded or replayed here, when set (the agent and the grounder use it; ``complete(_:)`` and
    /// ``stream(_:onEvent:)`` themselves always go to the server).
    public let cassette: Cassette?

    /// A transport to `endpoint`; with a replaying `cassette`, the server is never contacted.
    public init(endpoint: ModelEndpoint, timeout: Duration = .seconds(120), retry: RetryPolicy = RetryPolicy(), cassette: Cassette? = nil) {
        self.endpoint = endpoint
        self.timeout = timeout
        self.retry = retry
        self.cassette = cassette
    }

    /// A complete (non-streaming) reply.
    public struct Reply: Sendable {
        /// The response body.
        public var body: Data
        /// Attempts made, the successful one included.
        public var attempts: Int
        /// From sending the successful attempt to its first response byte.
        public var timeToFirstByte: Duration
        /// From sending the successful attempt to its last byte.
        public var latency: Duration
    }

    /// A streamed reply: the server-sent events' payloads in order, without the final `[DONE]`.
    public struct StreamedReply: Sendable {
        /// Each event's `data:` payload (usually one JSON chunk).
        public var payloads: [String]
        /// When each payload arrived, from sending the successful attempt.
        public var arrivals: [Duration]
        /// The whole body, when the server answered a streaming request with a plain (non-event-stream)
        /// response, as servers that ignore `stream` do; `payloads` is then empty.
        public var plainBody: Data?
        /// Attempts made.
        public var attempts: Int
        /// From sending to the first event (the first token, on the servers Deskpilot knows).
        public var timeToFirstEvent: Duration
        /// From sending to the end of the stream.
        public var latency: Duration
    }

    /// POSTs `body` to `chat/completions` and returns the response body of a 2xx answer.
    public func complete(_ body: Data) async throws(ModelTransportError) -> Reply {
        try await withRetries { attempt throws(AttemptFailure) in
            try await send(body, attempt: attempt) { response, start throws(ModelTransportError) in
                var collected = Data()
                var firstByte: Duration?
                do {
                    for try await buffer in response.body {
                        if firstByte == nil { firstByte = ContinuousClock.now - start }
                        collected.append(contentsOf: buffer.readableBytesView)
                    }
                } catch {
                    throw classify(error, attempt: attempt)
                }
                let latency = ContinuousClock.now - start
                return Reply(body: collected, attempts: attempt, timeToFirstByte: firstByte ?? latency, latency: latency)
            }
        }
    }

    /// POSTs `body` (which should ask for `"stream": true`) and collects the server-sent events. A stream that
    /// breaks before its first event is retried; one that breaks later is an error.
    public func stream(_ body: Data, onEvent: @Sendable (String) -> Void = { _ in }) async throws(ModelTransportError) -> StreamedReply {
        try await withRetries { attempt throws(AttemptFailure) in
            try await send(body, attempt: attempt) { response, start throws(ModelTransportError) in
                var parser = ServerSentEventParser()
                var payloads: [String] = []
                var arrivals: [Duration] = []
                let isEventStream = response.headers.first(name: "Content-Type")?.lowercased().contains("text/event-stream") ?? true
                var plainBody = Data()
                do {
                    streaming: for try await buffer in response.body {
                        guard isEventStream else {
                            if arrivals.isEmpty { arrivals.append(ContinuousClock.now - start) }
                            plainBody.append(contentsOf: buffer.readableBytesView)
                            continue
                        }
                        for payload in parser.feed(buffer.readableBytesView) {
                            if payload == "[DONE]" { break streaming }
                            payloads.append(payload)
                            arrivals.append(ContinuousClock.now - start)
                            onEvent(payload)
                        }
                    }
                } catch {
                    let failure = classify(error, attempt: attempt)
                    // Events already handed out cannot be taken back: only an empty stream may be retried.
                    if !payloads.isEmpty, failure.isRetryable {
                        throw ModelTransportError.streamInterrupted(url: endpoint.chatCompletionsURL, events: payloads.count)
                    }
                    throw failure
                }
                let latency = ContinuousClock.now - start
                guard isEventStream else {
                    return StreamedReply(payloads: [], arrivals: [], plainBody: plainBody, attempts: attempt,
                                         timeToFirstEvent: arrivals.first ?? latency, latency: latency)
                }
                for payload in parser.finish() where payload != "[DONE]" {
                    payloads.append(payload)
                    arrivals.append(latency)
                }
                return StreamedReply(payloads: payloads, arrivals: arrivals, plainBody: nil, attempts: attempt,
                                     timeToFirstEvent: arrivals.first ?? latency, latency: latency)
            }
        }
    }

    // MARK: Internals

    /// The process's client for model requests. Unlike `HTTPClient.shared`, it does not retry connection
    /// establishment until the request's deadline: a refused connection fails at once, and `RetryPolicy`
    /// decides what happens next (otherwise a dead server costs a whole timeout per attempt).
    private static let client: HTTPClient = {
        var configuration = HTTPClient.Configuration()
        configuration.connectionPool.retryConnectionEstablishment = false
        configuration.timeout.connect = .seconds(10)
        return HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup, configuration: configuration)
    }()

    /// One failed attempt, with the server's `Retry-After` when it sent one.
    private struct AttemptFailure: Error {
        var error: ModelTransportError
        var retryAfter: Duration?
    }

    /// Runs `attempt` until it succeeds, fails for good, or the policy's attempts run out.
    private func withRetries<T>(_ attempt: (Int) async throws(AttemptFailure) -> T) async throws(ModelTransportError) -> T {
        var number = 1
        while true {
            do {
                return try await attempt(number)
            } catch {
                guard error.error.isRetryable, number < retry.maxAttempts else { throw error.error }
                do {
                    try await Task.sleep(for: retry.delay(after: number, retryAfter: error.retryAfter))
                } catch {
                    throw .cancelled
                }
                number += 1
            }
        }
    }

    /// Sends one attempt and hands a 2xx response to `read`; maps everything else to a transport error.
    private func send<T>(_ body: Data, attempt: Int,
                         read: (HTTPClientResponse, ContinuousClock.Instant) async throws(ModelTransportError) -> T) async throws(AttemptFailure) -> T {
        guard let url = URL(string: endpoint.chatCompletionsURL), let scheme = url.scheme, ["http", "https"].contains(scheme), url.host != nil else {
            throw AttemptFailure(error: .invalidURL(endpoint.baseURL))
        }
        if Task.isCancelled { throw AttemptFailure(error: .cancelled) }
        var request = HTTPClientRequest(url: endpoint.chatCompletionsURL)
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/json")
        request.headers.add(name: "Accept", value: "application/json, text/event-stream")
        if let key = endpoint.apiKey { request.headers.add(name: "Authorization", value: "Bearer \(key)") }
        request.body = .bytes(ByteBuffer(bytes: body))
        let start = ContinuousClock.now
        let deadline = NIODeadline.now() + .nanoseconds(Int64(timeout.components.seconds) * 1_000_000_000 + timeout.components.attoseconds / 1_000_000_000)
        let response: HTTPClientResponse
        do {
            response = try await Self.client.execute(request, deadline: deadline)
        } catch {
            throw AttemptFailure(error: classify(error, attempt: attempt))
        }
        guard (200..<300).contains(Int(response.status.code)) else {
            let status = Int(response.status.code)
            let text = (try? await response.body.collect(upTo: 4096)).map { String(buffer: $0) } ?? ""
            throw AttemptFailure(
                error: .httpStatus(url: endpoint.chatCompletionsURL, status: status, body: Self.snippet(text), attempts: attempt),
                retryAfter: status == 429 || status == 503 ? Self.retryAfter(response.headers.first(name: "Retry-After")) : nil)
        }
        do {
            return try await read(response, start)
        } catch {
            throw AttemptFailure(error: error)
        }
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
        return .connectionFailed(url: endpoint.chatCompletionsURL, reason: Self.snippet(String(describing: error)), attempts: attempt)
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
