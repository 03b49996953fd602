/// The system prompt Qwen-Agent's `NousFnCallPrompt` writes, the Hermes tool-call format Qwen models are
/// trained on: the system text, a blank line, then the `# Tools` block listing each tool as one line of
/// Python-style JSON.
enum NousFunctionCallPrompt {
    /// `preamble` followed by the tools block; just the block when `preamble` is empty (Qwen-Agent then
    /// creates the system message itself).
    static func systemPrompt(preamble: String, tools: [ToolDefinition]) -> String {
        var seen = Set<String>()
        let lines = tools.filter { seen.insert($0.name).inserted }.map(\.jsonValue.description)
        let block = """
            # Tools

            You may call one or more functions to assist with the user query.

            You are provided with function signatures within <tools></tools> XML tags:
            <tools>
            \(lines.joined(separator: "\n"))
            </tools>

            For each function call, return a json object with function name and arguments within <tool_call></tool_call> XML tags:
            <tool_call>
            {"name": <function-name>, "arguments": <args-json-object>}
            </tool_call>
            """
        return preamble.isEmpty ? block : preamble + "\n\n" + block
    }

    /// OSWorld's response-format block, appended after the tools block when a profile asks for
    /// an `Action:` line before each call.
    static let responseFormat = """
        # Response format

        Response format for every step:
        1) Action: a short imperative describing what to do in the UI.
        2) A single <tool_call>...</tool_call> block containing only the JSON: {"name": <function-name>, "arguments": <args-json-object>}.

        Rules:
        - Output exactly in the order: Action, <tool_call>.
        - Be brief: one sentence for Action.
        - Do not output anything else outside those parts.
        - If finishing, use action=terminate in the tool call.
        """
}
