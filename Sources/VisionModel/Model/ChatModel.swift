/// Something that answers chat requests: a model server over HTTP (``HTTPChatModel``), or a cassette of
/// recorded answers (``Cassette/replaying(profile:)``, ``Cassette/recording(_:profile:)``). Every model call
/// of Deskpilot goes through one — the agent's, the grounder's, a planner's.
public protocol ChatModel: Sendable, CustomStringConvertible {
    /// The name requests ask for, as the server knows the model (`Qwen/Qwen3-VL-8B-Instruct`).
    var modelName: String { get }

    /// The whole answer to `request`.
    func complete(_ request: ChatRequest) async throws -> ChatExchange

    /// The answer to `request` streamed: `onText` gets each piece of text as it arrives; the exchange is the
    /// whole answer, with the time to its first token.
    func stream(_ request: ChatRequest, onText: @escaping @Sendable (String) -> Void) async throws -> ChatExchange
}

extension ChatModel {
    /// The answer to `request`, streamed when the request asks for it.
    public func send(_ request: ChatRequest) async throws -> ChatExchange {
        request.stream ? try await stream(request) { _ in } : try await complete(request)
    }
}

/// One request and its answer, with the times the record keeps.
public struct ChatExchange: Sendable {
    /// The answer as a chat completion (rebuilt from the chunks when streamed).
    public var completion: ChatCompletion
    /// Its first choice's message.
    public var message: AssistantMessage
    /// From sending to the first token (streamed answers: the first chunk that carries text or a call).
    public var timeToFirstToken: Duration?
    /// From sending to the first byte of the answer.
    public var timeToFirstByte: Duration
    /// From sending to the last byte.
    public var latency: Duration
    /// Attempts made, the successful one included.
    public var attempts: Int
    /// True when the answer came from a cassette, not a model.
    public var replayed: Bool

    /// An exchange.
    public init(completion: ChatCompletion, message: AssistantMessage, timeToFirstToken: Duration? = nil, timeToFirstByte: Duration = .zero,
                latency: Duration = .zero, attempts: Int = 1, replayed: Bool = false) {
        self.completion = completion
        self.message = message
        self.timeToFirstToken = timeToFirstToken
        self.timeToFirstByte = timeToFirstByte
        self.latency = latency
        self.attempts = attempts
        self.replayed = replayed
    }
}
