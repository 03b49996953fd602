internal import Foundation

/// Rebuilds the complete reply of a streaming request from its chunks.
///
/// Feed it each ``ChatCompletionChunk`` (or the data of each server-sent event) in order, then read
/// ``completion``: the same ``ChatCompletion`` a non-streaming request would have returned — content pieces
/// joined, tool calls reassembled by index with their argument pieces joined into one JSON string, the
/// finish reason and the usage of the last chunk that had them.
public struct ChatStreamAccumulator: Sendable {
    private struct PartialCall: Sendable {
        var id: String?
        var name = ""
        var arguments = ""
    }

    private struct PartialChoice: Sendable {
        var content: String?
        var reasoning: String?
        var calls: [PartialCall] = []
        /// `ToolCallDelta.index` → position in `calls`.
        var callPositions: [Int: Int] = [:]
        var finishReason: FinishReason?
    }

    private var id: String?
    private var model: String?
    private var created: Int?
    private var usage: TokenUsage?
    private var choices: [Int: PartialChoice] = [:]

    /// Whether the stream's `data: [DONE]` line has been seen.
    public private(set) var isFinished = false

    /// An empty accumulator.
    public init() {}

    /// Appends one chunk.
    public mutating func append(_ chunk: ChatCompletionChunk) {
        id = id ?? chunk.id
        model = model ?? chunk.model
        created = created ?? chunk.created
        if let chunkUsage = chunk.usage { usage = chunkUsage }
        for choice in chunk.choices {
            var partial = choices[choice.index] ?? PartialChoice()
            if let content = choice.delta.content { partial.content = (partial.content ?? "") + content }
            if let reasoning = choice.delta.reasoning { partial.reasoning = (partial.reasoning ?? "") + reasoning }
            for piece in choice.delta.toolCalls ?? [] { Self.add(piece, to: &partial) }
            if let reason = choice.finishReason { partial.finishReason = reason }
            choices[choice.index] = partial
        }
    }

    /// What one event added: its text, and whether it carried any of the answer (text, reasoning or a call).
    public struct Progress: Sendable, Equatable {
        /// The text the event added, if any.
        public var text: String?
        /// Whether the event carried text, reasoning or a tool call: the first such event marks the first token.
        public var carriesAnswer: Bool
    }

    /// Appends the data of one server-sent event (what follows `data: `): a chunk is decoded and appended,
    /// `[DONE]` sets ``isFinished``, a blank payload is skipped.
    ///
    /// - Returns: what the event added.
    /// - Throws: ``ChatStreamError/serverError(message:)`` for an `{"error": …}` event (llama.cpp and Ollama
    ///   report failures mid-stream this way), ``ChatStreamError/invalidChunk(data:reason:)`` for data that
    ///   is not a chunk.
    @discardableResult
    public mutating func append(eventData data: String) throws(ChatStreamError) -> Progress {
        let trimmed = data.trimmingCharacters(in: .whitespacesAndNewlines)
        if trimmed.isEmpty { return Progress(text: nil, carriesAnswer: false) }
        if trimmed == "[DONE]" {
            isFinished = true
            return Progress(text: nil, carriesAnswer: false)
        }
        let bytes = Data(data.utf8)
        let decoder = JSONDecoder()
        if let failure = try? decoder.decode(StreamFailure.self, from: bytes) {
            throw .serverError(message: failure.error.message)
        }
        let chunk: ChatCompletionChunk
        do {
            chunk = try decoder.decode(ChatCompletionChunk.self, from: bytes)
        } catch {
            throw .invalidChunk(data: String(data.prefix(200)), reason: "\(error)")
        }
        append(chunk)
        let text = chunk.choices.compactMap(\.delta.content).joined()
        let carries = chunk.choices.contains {
            !($0.delta.content ?? "").isEmpty || !($0.delta.reasoning ?? "").isEmpty || !($0.delta.toolCalls ?? []).isEmpty
        }
        return Progress(text: text.isEmpty ? nil : text, carriesAnswer: carries)
    }

    /// The reply so far: one choice per index seen, in index order.
    public var completion: ChatCompletion {
        let finished = choices.keys.sorted().map { index in
            let partial = choices[index]!
            let calls = partial.calls.map { call in
                ToolCall(id: call.id, function: ToolCall.Function(name: call.name, arguments: .string(call.arguments)))
            }
            return ChatCompletion.Choice(
                index: index, message: AssistantMessage(content: partial.content, toolCalls: calls, reasoning: partial.reasoning),
                finishReason: partial.finishReason
            )
        }
        return ChatCompletion(id: id, model: model, created: created, choices: finished, usage: usage)
    }

    private static func add(_ piece: ChatCompletionChunk.ToolCallDelta, to choice: inout PartialChoice) {
        let position: Int
        if let index = piece.index {
            if let known = choice.callPositions[index] {
                position = known
            } else {
                position = choice.calls.count
                choice.callPositions[index] = position
                choice.calls.append(PartialCall())
            }
        } else if let last = choice.calls.indices.last, piece.id == nil || piece.id == choice.calls[last].id {
            position = last
        } else {
            position = choice.calls.count
            choice.calls.append(PartialCall())
        }
        if choice.calls[position].id == nil { choice.calls[position].id = piece.id }
        if let name = piece.function?.name, name != choice.calls[position].name {
            // The name normally comes whole in the first piece; a server that repeats it sends the same text.
            choice.calls[position].name += name
        }
        if let arguments = piece.function?.arguments { choice.calls[position].arguments += arguments }
    }

    /// `{"error": {"message": …}}` or `{"error": "…"}`.
    private struct StreamFailure: Decodable {
        struct Detail: Decodable {
            let message: String

            init(from decoder: any Decoder) throws {
                if let text = try? decoder.singleValueContainer().decode(String.self) {
                    message = text
                } else {
                    message = try decoder.container(keyedBy: CodingKeys.self).decode(String.self, forKey: .message)
                }
            }

            enum CodingKeys: String, CodingKey { case message }
        }

        let error: Detail
    }
}
