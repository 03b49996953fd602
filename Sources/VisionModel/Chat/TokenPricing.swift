/// What a model's tokens cost: prices per million input (prompt) and output (completion) tokens, in
/// whatever currency the user gives them.
public struct TokenPricing: Sendable, Hashable, Codable {
    /// The price of a million prompt tokens.
    public var inputPerMillion: Double
    /// The price of a million completion tokens.
    public var outputPerMillion: Double

    /// Prices per million tokens.
    public init(inputPerMillion: Double, outputPerMillion: Double) {
        self.inputPerMillion = inputPerMillion
        self.outputPerMillion = outputPerMillion
    }

    /// The cost of `usage`.
    public func cost(of usage: TokenUsage) -> Double {
        (Double(usage.promptTokens) * inputPerMillion + Double(usage.completionTokens) * outputPerMillion) / 1_000_000
    }
}
