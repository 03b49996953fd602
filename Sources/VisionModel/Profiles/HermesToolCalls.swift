/// Hermes-style tool calls, as Qwen-Agent's `NousFnCallPrompt` writes them for Qwen2.5-VL and Qwen3-VL:
/// the tools as JSON lines in a `<tools>` block of the system prompt (nothing in the request's `tools`, so
/// every server takes it as it is), and calls read from `<tool_call>{"name": …, "arguments": …}</tool_call>`
/// blocks — or whatever else ``ToolCallParser`` forgives, servers' parsed `tool_calls` included.
public struct HermesToolCalls: ToolCallFormat {
    /// Whether OSWorld's "# Response format" block, asking for an `Action:` line before each call, follows
    /// the tools block. Off by default: the cookbook's prompt exactly.
    public var asksForActionLine: Bool

    /// The format, with or without the `Action:` line request.
    public init(asksForActionLine: Bool = false) {
        self.asksForActionLine = asksForActionLine
    }

    /// `hermes`.
    public var name: String { "hermes" }

    /// The preamble, a blank line, the `# Tools` block (and the response-format block when asked for).
    public func systemPrompt(preamble: String, tools: [ToolDefinition]) -> String {
        let prompt = NousFunctionCallPrompt.systemPrompt(preamble: preamble, tools: tools)
        return asksForActionLine ? prompt + "\n\n" + NousFunctionCallPrompt.responseFormat : prompt
    }

    /// None: the tools are in the prompt.
    public func requestTools(_ tools: [ToolDefinition]) -> [ToolDefinition]? { nil }

    /// The tolerant parse.
    public func read(_ message: AssistantMessage, tools: [ToolDefinition]) throws(ToolCallParseError) -> ParsedReply {
        try ToolCallParser().parse(message)
    }

    /// "Respond with one corrected <tool_call> block."
    public var correctionReminder: String { "Respond with one corrected <tool_call> block." }
}
