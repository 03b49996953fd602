/// One tool call read from a model's reply: which tool, and its arguments (always a JSON object).
public struct ParsedToolCall: Sendable, Hashable, CustomStringConvertible {
    /// The tool's name, e.g. `computer_use`.
    public var name: String
    /// The arguments: an ``JSONValue/object(_:)``.
    public var arguments: JSONValue

    /// A call of `name` with `arguments`.
    public init(name: String, arguments: JSONValue) {
        self.name = name
        self.arguments = arguments
    }

    /// The call as the model is asked to write it: `{"name": …, "arguments": …}`.
    public var description: String {
        JSONValue.object(["name": .string(name), "arguments": arguments]).description
    }
}
