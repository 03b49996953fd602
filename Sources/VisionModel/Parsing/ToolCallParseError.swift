/// Why no tool call could be read from a reply. Each ``description`` is a short correction to send back to
/// the model as the next user message; nothing is executed, and the model is asked again with the same
/// screenshot.
public enum ToolCallParseError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The reply holds no tool call in any accepted form.
    case noToolCall
    /// The only calls are inside the model's reasoning (`<think>…</think>`, or a server's reasoning field):
    /// drafts, not answers.
    case callOnlyInReasoning
    /// A call's JSON cannot be read: `reason`, at `line` and `column` (from 1) of the call's text, `near`
    /// the text around that place.
    case malformedJSON(reason: String, line: Int, column: Int, near: String)
    /// A call is a JSON value of another kind (`found`, e.g. "an array").
    case notAnObject(found: String)
    /// A call object has no string `"name"` (and no `"action"` that would make it a `computer_use` call).
    case missingName
    /// A call's `"arguments"` are `found` (e.g. "a number") instead of an object.
    case argumentsNotObject(tool: String, found: String)

    private static let format = #"{"name": <function-name>, "arguments": <args-json-object>}"#

    /// A correction for the model.
    public var description: String {
        switch self {
        case .noToolCall:
            "Your reply contains no tool call. Respond with exactly one <tool_call> block: <tool_call>\n\(Self.format)\n</tool_call>"
        case .callOnlyInReasoning:
            "Your tool call is inside your reasoning, which is never executed. After your reasoning, write the call in your answer:"
                + " exactly one <tool_call> block holding \(Self.format)"
        case .malformedJSON(let reason, let line, let column, let near):
            "The JSON of your tool call is invalid at line \(line), column \(column) (near `\(near)`): \(reason)."
                + " Respond with exactly one <tool_call> block holding valid JSON: \(Self.format)"
        case .notAnObject(let found):
            "Your tool call is \(found), not a JSON object."
                + " Respond with exactly one <tool_call> block holding \(Self.format)"
        case .missingName:
            #"Your tool call has no "name"."# + " Respond with exactly one <tool_call> block holding \(Self.format)"
        case .argumentsNotObject(let tool, let found):
            #"The "arguments" of your \#(tool) call are \#(found), not a JSON object."#
                + " Respond with exactly one <tool_call> block holding \(Self.format)"
        }
    }
}
