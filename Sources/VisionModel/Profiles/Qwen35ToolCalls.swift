internal import Foundation

/// Qwen3.5's tool calls (the Qwen3-Coder form), both ways, as its own chat template writes them: the tools
/// block first in the system turn, then the caller's system text; calls as
/// `<tool_call><function=NAME><parameter=ARG>VALUE</parameter>…</function></tool_call>`. A client-written prompt
/// and one the server renders from `tools` therefore agree.
///
/// Values come back as text, one newline on each side; each is then read by the tool's schema: JSON for an
/// array, object, number, integer or boolean parameter, text otherwise (as vLLM's `qwen3_coder` parser
/// does). The JSON `{"name", "arguments"}` form and servers' parsed `tool_calls` are read too.
public struct Qwen35ToolCalls: ToolCallFormat {
    /// A format.
    public init() {}

    /// `qwen3.5-xml`.
    public var name: String { "qwen3.5-xml" }

    /// The template's tools block, then a blank line and `preamble`.
    public func systemPrompt(preamble: String, tools: [ToolDefinition]) -> String {
        var seen = Set<String>()
        let lines = tools.filter { seen.insert($0.name).inserted }.map { "\n" + $0.jsonValue.description }.joined()
        let block = "# Tools\n\nYou have access to the following functions:\n\n<tools>" + lines + "\n</tools>\n\n" + Self.instructions
        return preamble.isEmpty ? block : block + "\n\n" + preamble
    }

    /// The template's instructions after the tools, word for word.
    static let instructions = """
        If you choose to call a function ONLY reply in the following format with NO suffix:

        <tool_call>
        <function=example_function_name>
        <parameter=example_parameter_1>
        value_1
        </parameter>
        <parameter=example_parameter_2>
        This is the value for the second parameter
        that can span
        multiple lines
        </parameter>
        </function>
        </tool_call>

        <IMPORTANT>
        Reminder:
        - Function calls MUST follow the specified format: an inner <function=...></function> block must be nested within <tool_call></tool_call> XML tags
        - Required parameters MUST be specified
        - You may provide optional reasoning for your function call in natural language BEFORE the function call, but NOT after
        - If there is no function call available, answer the question like normal with your current knowledge and do not tell the user about function calls
        </IMPORTANT>
        """

    /// None: the tools are in the prompt.
    public func requestTools(_ tools: [ToolDefinition]) -> [ToolDefinition]? { nil }

    /// The calls, their text values typed by the offered tools' schemas.
    public func read(_ message: AssistantMessage, tools: [ToolDefinition]) throws(ToolCallParseError) -> ParsedReply {
        var reply = try ToolCallParser(keepsParameterText: true).parse(message)
        reply.calls = reply.calls.map { call in
            let schema = tools.first { $0.name == call.name }?.parameters
            return ParsedToolCall(name: call.name, arguments: Self.typed(call.arguments, schema: schema))
        }
        return reply
    }

    /// How to answer, in this format.
    public var correctionReminder: String {
        "Respond with one corrected <tool_call> block: <tool_call>\n<function=NAME>\n<parameter=NAME>\nVALUE\n</parameter>\n</function>\n</tool_call>"
    }

    /// `arguments` with each text value read as its parameter's schema type says; a value that does not read
    /// as that type, or a parameter the schema does not know, stays text.
    static func typed(_ arguments: JSONValue, schema: JSONValue?) -> JSONValue {
        guard case .object(var object) = arguments else { return arguments }
        for (key, value) in object {
            guard case .string(let text) = value, let type = schema?["properties"]?[key]?["type"]?.stringValue else { continue }
            let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
            switch type {
            case "integer", "number":
                if let number = Double(trimmed), number.isFinite { object[key] = .number(number) }
            case "boolean":
                if ["true", "false"].contains(trimmed.lowercased()) { object[key] = .bool(trimmed.lowercased() == "true") }
            case "array", "object":
                let bytes = Array(trimmed.utf8)
                if let parsed = try? LenientJSONParser.parseValue(in: bytes), bytes[parsed.end...].allSatisfy({ $0 == 0x20 || $0 == 0x0A || $0 == 0x09 || $0 == 0x0D }) {
                    object[key] = parsed.value
                }
            default:
                break
            }
        }
        return .object(object)
    }
}
