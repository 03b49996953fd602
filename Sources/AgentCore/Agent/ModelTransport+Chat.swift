import Foundation
import VisionModel

/// One request and its answer, with the times the record keeps.
struct ChatExchange: Sendable {
    /// The answer as a chat completion (rebuilt from the chunks when streamed).
    var completion: ChatCompletion
    /// Its first choice's message.
    var message: AssistantMessage
    /// From sending to the first token (streamed answers only: the first chunk that carries text).
    var timeToFirstToken: Duration?
    /// From sending to the first byte of the answer.
    var timeToFirstByte: Duration
    /// From sending to the last byte.
    var latency: Duration
}

extension ModelTransport {
    /// One chat exchange — answered from the cassette when replaying, recorded into it when recording —
    /// streamed when `request.stream` is set: the request encoded (images spliced in,
    /// see ``RequestEncoder``), sent, and the answer read as an OpenAI chat completion with at least one choice.
    ///
    /// - Throws: ``ModelTransportError`` from the exchange, ``AgentError/unreadableReply(_:)`` when the answer
    ///   is not a chat completion, ``ChatStreamError`` for a stream whose chunks are not chunks or that
    ///   reports an error, ``CassetteError`` when a replayed request has no recorded answer.
    func chat(_ request: ChatRequest, profile: String) async throws -> ChatExchange {
        if let cassette, cassette.mode == .replay {
            let completion = try cassette.answer(request, profile: profile)
            guard let message = completion.message else { throw AgentError.unreadableReply("a recorded answer with no choices") }
            return ChatExchange(completion: completion, message: message, timeToFirstToken: nil, timeToFirstByte: .zero, latency: .zero)
        }
        let exchange = try await exchange(request)
        if let cassette, cassette.mode == .record { try cassette.record(exchange.completion, for: request, profile: profile) }
        return exchange
    }

    /// The exchange with the server.
    private func exchange(_ request: ChatRequest) async throws -> ChatExchange {
        let body = try RequestEncoder.encode(request)
        // An answer that is not a chat completion (a proxy's error page, a cut body) is asked for again, like
        // a 5xx, within the same retry policy.
        var attempt = 1
        while true {
            do {
                return try await exchange(body, stream: request.stream)
            } catch is AgentError where attempt < retry.maxAttempts {
                try await Task.sleep(for: retry.delay(after: attempt, retryAfter: nil))
                attempt += 1
            }
        }
    }

    private func exchange(_ body: Data, stream: Bool) async throws -> ChatExchange {
        guard stream else {
            let reply = try await complete(body)
            let completion = try Self.decodeCompletion(reply.body)
            guard let message = completion.message else { throw AgentError.unreadableReply("no choices") }
            return ChatExchange(completion: completion, message: message, timeToFirstToken: nil,
                                timeToFirstByte: reply.timeToFirstByte, latency: reply.latency)
        }
        let reply = try await self.stream(body)
        var completion: ChatCompletion
        var firstToken: Duration?
        if let plain = reply.plainBody {
            completion = try Self.decodeCompletion(plain)
        } else {
            var accumulator = ChatStreamAccumulator()
            let decoder = JSONDecoder()
            for (payload, arrival) in zip(reply.payloads, reply.arrivals) {
                if firstToken == nil, let chunk = try? decoder.decode(ChatCompletionChunk.self, from: Data(payload.utf8)),
                   chunk.choices.contains(where: { !($0.delta.content ?? "").isEmpty || !($0.delta.toolCalls ?? []).isEmpty }) {
                    firstToken = arrival
                }
                try accumulator.append(eventData: payload)
            }
            completion = accumulator.completion
        }
        guard let message = completion.message else {
            throw AgentError.unreadableReply(reply.payloads.isEmpty ? "an empty event stream" : "no choices in the stream")
        }
        return ChatExchange(completion: completion, message: message, timeToFirstToken: firstToken,
                            timeToFirstByte: reply.timeToFirstEvent, latency: reply.latency)
    }

    private static func decodeCompletion(_ body: Data) throws -> ChatCompletion {
        do {
            return try JSONDecoder().decode(ChatCompletion.self, from: body)
        } catch {
            throw AgentError.unreadableReply(String(decoding: body.prefix(200), as: UTF8.self))
        }
    }
}
