/// The model's message in a reply: its text and the tool calls the server extracted from it.
///
/// Where a call arrives depends on the server (see docs/models.md): with no `tools` in the request, vLLM
/// and llama.cpp leave `<tool_call>` blocks in ``content``; vLLM's `hermes` parser and llama.cpp's `--jinja`
/// move them into ``toolCalls`` with string arguments; Ollama always moves them, with string arguments on
/// `/v1` and object arguments on `/api/chat`. ``ToolCallParser`` reads all of these. Servers with a
/// reasoning parser put a thinking model's thoughts in ``reasoning`` (vLLM's `reasoning`, older
/// `reasoning_content`).
public struct AssistantMessage: Codable, Sendable, Hashable {
    /// The text; nil when the server sent `null` (vLLM does when the reply was only tool calls).
    public var content: String?
    /// Calls the server parsed out of the reply; empty when it parsed none.
    public var toolCalls: [ToolCall]
    /// The model's thinking, when the server separated it from the answer; never executed.
    public var reasoning: String?

    /// A message with `content`, `toolCalls` and `reasoning`.
    public init(content: String?, toolCalls: [ToolCall] = [], reasoning: String? = nil) {
        self.content = content
        self.toolCalls = toolCalls
        self.reasoning = reasoning
    }

    private enum CodingKeys: String, CodingKey {
        case role, content, reasoning
        case toolCalls = "tool_calls"
        case reasoningContent = "reasoning_content"
    }

    /// Decodes a message; `content` may be a string, `null`, or an array of text parts (joined), and
    /// `tool_calls` may be missing or `null`; reasoning comes from `reasoning` or `reasoning_content`.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        content = try container.decodeIfPresent(MessageContent.self, forKey: .content)?.text
        toolCalls = try container.decodeIfPresent([ToolCall].self, forKey: .toolCalls) ?? []
        reasoning = try container.decodeIfPresent(String.self, forKey: .reasoning)
            ?? container.decodeIfPresent(String.self, forKey: .reasoningContent)
    }

    /// Encodes `{"role": "assistant", "content": …, "tool_calls": […], "reasoning": …}`; `tool_calls` and
    /// `reasoning` only when there are some.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode("assistant", forKey: .role)
        try container.encode(content, forKey: .content)
        if !toolCalls.isEmpty { try container.encode(toolCalls, forKey: .toolCalls) }
        try container.encodeIfPresent(reasoning, forKey: .reasoning)
    }
}
