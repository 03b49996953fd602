/// The reply to a non-streaming chat request (`object: "chat.completion"`).
public struct ChatCompletion: Codable, Sendable, Hashable {
    /// One of the server's answers; Deskpilot asks for one.
    public struct Choice: Codable, Sendable, Hashable {
        /// Which answer this is, from 0.
        public var index: Int
        /// The model's message.
        public var message: AssistantMessage
        /// Why generation stopped; nil when the server does not say.
        public var finishReason: FinishReason?

        /// A choice holding `message`.
        public init(index: Int = 0, message: AssistantMessage, finishReason: FinishReason? = nil) {
            self.index = index
            self.message = message
            self.finishReason = finishReason
        }

        private enum CodingKeys: String, CodingKey {
            case index, message
            case finishReason = "finish_reason"
            case finishDetails = "finish_details"
        }

        /// `{"type": "stop"}`: how GPT-4 Vision Preview (and Azure for longer) said why it stopped.
        private struct FinishDetails: Decodable {
            let type: String
        }

        /// Decodes a choice; a missing `index` reads as 0, and the finish reason may come as the old
        /// `finish_details: {"type": …}` (`max_tokens` then reads as ``FinishReason/length``).
        public init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            index = try container.decodeIfPresent(Int.self, forKey: .index) ?? 0
            message = try container.decode(AssistantMessage.self, forKey: .message)
            if let reason = try container.decodeIfPresent(FinishReason.self, forKey: .finishReason) {
                finishReason = reason
            } else if let details = try? container.decodeIfPresent(FinishDetails.self, forKey: .finishDetails) {
                finishReason = details.type == "max_tokens" ? .length : FinishReason(rawValue: details.type)
            } else {
                finishReason = nil
            }
        }

        /// Encodes the choice as today's servers write it (`finish_reason`).
        public func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(index, forKey: .index)
            try container.encode(message, forKey: .message)
            try container.encodeIfPresent(finishReason, forKey: .finishReason)
        }
    }

    /// The server's id for the completion.
    public var id: String?
    /// The model that answered, as the server names it.
    public var model: String?
    /// Creation time, seconds since 1970.
    public var created: Int?
    /// The answers.
    public var choices: [Choice]
    /// Token counts, when the server reports them.
    public var usage: TokenUsage?

    /// A completion of `choices`.
    public init(id: String? = nil, model: String? = nil, created: Int? = nil, choices: [Choice], usage: TokenUsage? = nil) {
        self.id = id
        self.model = model
        self.created = created
        self.choices = choices
        self.usage = usage
    }

    /// The first choice's message: the model's reply.
    public var message: AssistantMessage? { choices.first?.message }
}
