/// OpenAI's function calling: the tools go in the request's `tools` field, calls come back in `tool_calls`
/// with an id, and results go back as `role: tool` messages answering that id (the layout's
/// ``ConversationLayout/Style/functionCalling``). For OpenAI's models and any OpenAI-compatible server whose
/// model has function calling.
public struct OpenAIToolCalls: ToolCallFormat {
    /// A format.
    public init() {}

    /// `openai-tools`.
    public var name: String { "openai-tools" }

    /// The preamble, then how to work: one call a step, coordinates in the screenshot's pixels.
    public func systemPrompt(preamble: String, tools: [ToolDefinition]) -> String {
        [preamble, Self.instructions].filter { !$0.isEmpty }.joined(separator: "\n\n")
    }

    static let instructions = """
        You operate a computer through the computer_use function. After each call you are sent a new screenshot. \
        Call exactly one function per reply. Coordinates are pixels of the latest screenshot, from its top-left corner. \
        When the task is done, call computer_use with action "terminate" and status "success"; if it cannot be done, \
        status "failure".
        """

    /// All of them, in the request.
    public func requestTools(_ tools: [ToolDefinition]) -> [ToolDefinition]? { tools }

    /// `tool_calls`, and what the tolerant parser finds in the text.
    public func read(_ message: AssistantMessage, tools: [ToolDefinition]) throws(ToolCallParseError) -> ParsedReply {
        try ToolCallParser().parse(message)
    }

    /// "Call exactly one function, with corrected arguments."
    public var correctionReminder: String { "Call exactly one function, with corrected arguments." }
}
