/// Token counts of one request (`usage`).
public struct TokenUsage: Codable, Sendable, Hashable {
    /// Tokens in the prompt, images included.
    public var promptTokens: Int
    /// Tokens the model generated.
    public var completionTokens: Int
    /// Both together.
    public var totalTokens: Int

    /// Counts; `totalTokens` defaults to the sum.
    public init(promptTokens: Int, completionTokens: Int, totalTokens: Int? = nil) {
        self.promptTokens = promptTokens
        self.completionTokens = completionTokens
        self.totalTokens = totalTokens ?? promptTokens + completionTokens
    }

    private enum CodingKeys: String, CodingKey {
        case promptTokens = "prompt_tokens"
        case completionTokens = "completion_tokens"
        case totalTokens = "total_tokens"
    }

    /// Decodes counts; a missing count reads as 0 and a missing total as the sum.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let prompt = try container.decodeIfPresent(Int.self, forKey: .promptTokens) ?? 0
        let completion = try container.decodeIfPresent(Int.self, forKey: .completionTokens) ?? 0
        self.init(
            promptTokens: prompt, completionTokens: completion,
            totalTokens: try container.decodeIfPresent(Int.self, forKey: .totalTokens)
        )
    }
}
