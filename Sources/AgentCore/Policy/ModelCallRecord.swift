public import VisionModel

/// How a policy calls its model: streamed or whole, how long a reply may be, and what tokens cost.
public struct ModelCallOptions: Sendable {
    /// Whether replies are streamed (server-sent events), which lets the record tell the time to the first
    /// token from the decoding time. Servers that ignore it and answer whole are read all the same.
    public var stream: Bool
    /// The `max_tokens` of each request.
    public var maxReplyTokens: Int
    /// Token prices, which turn each request's tokens into a cost; nil records no cost.
    public var pricing: TokenPricing?

    /// Options; by default streamed, 1024 tokens, no prices.
    public init(stream: Bool = true, maxReplyTokens: Int = 1024, pricing: TokenPricing? = nil) {
        self.stream = stream
        self.maxReplyTokens = maxReplyTokens
        self.pricing = pricing
    }
}

/// One model request of a step, as the trajectory keeps it: tokens, cost and times. A step may make
/// several (a planner and its grounder); each says which ``role`` it had.
public struct ModelCallRecord: Codable, Sendable, Hashable {
    /// What the request was for: `model` (the one model of a vision policy), or another role.
    public var role: String
    /// Tokens of the prompt, images included: from the server's `usage`, or estimated (``tokensEstimated``).
    public var promptTokens: Int
    /// Tokens of the reply.
    public var completionTokens: Int
    /// True when the counts are the client's estimate (the server sent no `usage`).
    public var tokensEstimated: Bool?
    /// The visual tokens of all images the request carried.
    public var visualTokens: Int?
    /// The request's cost, when prices were given.
    public var cost: Double?
    /// Attempts made (more than 1 when the request was retried).
    public var attempts: Int
    /// True when the answer came from a cassette.
    public var replayed: Bool?
    /// Milliseconds: the whole exchange, to the first byte, to the first token and decoding after it
    /// (streamed replies).
    public var requestMilliseconds: Double
    public var firstByteMilliseconds: Double
    public var firstTokenMilliseconds: Double?
    public var decodeMilliseconds: Double?
    /// Completion tokens per second of decoding (streamed replies: after the first token).
    public var decodeTokensPerSecond: Double?

    /// The record of `exchange`, an answer to `request`, tokens counted by `profile` when the server sent no
    /// usage, priced by `pricing`.
    public init(role: String, request: ChatRequest, exchange: ChatExchange, profile: ModelProfile, pricing: TokenPricing?) {
        self.init(role: role, request: request, exchange: exchange, encoding: profile.image, pricing: pricing)
    }

    /// The record of `exchange`, an answer to `request`, images counted by `encoding` (nil: a text-only
    /// model), priced by `pricing`.
    public init(role: String, request: ChatRequest, exchange: ChatExchange, encoding: (any ImageEncoding)?, pricing: TokenPricing?) {
        self.role = role
        let reply = exchange.message.content ?? exchange.message.toolCalls.map { "\($0.function.name) \($0.function.arguments)" }.joined()
        let usage = exchange.completion.usage ?? TokenUsage(
            promptTokens: TokenEstimate.promptTokens(request.messages, encoding: encoding),
            completionTokens: TokenEstimate.textTokens(reply + (exchange.message.reasoning ?? "")))
        promptTokens = usage.promptTokens
        completionTokens = usage.completionTokens
        tokensEstimated = exchange.completion.usage == nil ? true : nil
        let visual = TokenEstimate.visualTokens(request.messages, encoding: encoding)
        visualTokens = encoding == nil ? nil : visual
        cost = pricing?.cost(of: usage)
        attempts = exchange.attempts
        replayed = exchange.replayed ? true : nil
        requestMilliseconds = Milliseconds.of(exchange.latency)
        firstByteMilliseconds = Milliseconds.of(exchange.timeToFirstByte)
        if let firstToken = exchange.timeToFirstToken {
            let decode = exchange.latency - firstToken
            firstTokenMilliseconds = Milliseconds.of(firstToken)
            decodeMilliseconds = Milliseconds.of(decode)
            let seconds = Milliseconds.of(decode) / 1000
            if usage.completionTokens > 1, seconds > 0 {
                decodeTokensPerSecond = Milliseconds.rounded(Double(usage.completionTokens - 1) / seconds, places: 1)
            }
        }
    }

    /// A record of a request of `role` that took `promptTokens` and `completionTokens` (for policies that
    /// count on their own, and for tests).
    public init(role: String, promptTokens: Int, completionTokens: Int, cost: Double? = nil, requestMilliseconds: Double = 0) {
        self.role = role
        self.promptTokens = promptTokens
        self.completionTokens = completionTokens
        self.cost = cost
        attempts = 1
        self.requestMilliseconds = requestMilliseconds
        firstByteMilliseconds = requestMilliseconds
    }

    /// Prompt and completion tokens together.
    public var totalTokens: Int { promptTokens + completionTokens }
}

/// Durations as the record writes them: milliseconds, to the microsecond.
enum Milliseconds {
    static func of(_ duration: Duration) -> Double {
        rounded(Double(duration.components.seconds) * 1000 + Double(duration.components.attoseconds) / 1e15, places: 3)
    }

    /// Milliseconds from `start` to now; `start` moves to now.
    static func since(_ start: inout ContinuousClock.Instant) -> Double {
        let now = ContinuousClock.now
        defer { start = now }
        return of(now - start)
    }

    static func rounded(_ value: Double, places: Int) -> Double {
        var scale = 1.0
        for _ in 0..<places { scale *= 10 }
        return (value * scale).rounded() / scale
    }
}
