/// How a model family writes tool calls, both ways: how the tools are declared to it (in the system prompt,
/// or in the request's `tools` field) and how its replies are read back into calls.
///
/// Hermes' `<tool_call>{json}</tool_call>` (``HermesToolCalls``) is Qwen2.5-VL's and Qwen3-VL's; other
/// families (Qwen3.5's `<function=…>` XML, OpenAI's `tool_calls`) are other conformances.
public protocol ToolCallFormat: Sendable {
    /// A short name for `deskpilot models`, e.g. `hermes`.
    var name: String { get }

    /// The system prompt declaring `tools`, around the caller's `preamble`.
    func systemPrompt(preamble: String, tools: [ToolDefinition]) -> String

    /// The request's `tools` field; nil for formats that declare tools in the system prompt.
    func requestTools(_ tools: [ToolDefinition]) -> [ToolDefinition]?

    /// The calls in a reply, the `tools` it was offered at hand (a format that writes values as text types
    /// them by their schemas).
    ///
    /// - Throws: ``ToolCallParseError``, whose description is a correction for the model.
    func read(_ message: AssistantMessage, tools: [ToolDefinition]) throws(ToolCallParseError) -> ParsedReply

    /// What every correction ends with: how to answer in this format.
    var correctionReminder: String { get }
}
