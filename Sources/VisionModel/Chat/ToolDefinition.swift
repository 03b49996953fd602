/// A function the model may call: its name, what it does, and a JSON schema of its arguments.
///
/// On the wire (a request's `tools`, or a line of the `<tools>` block in a Qwen system prompt) it is
/// `{"type": "function", "function": {"name": …, "description": …, "parameters": …}}`.
public struct ToolDefinition: Codable, Sendable, Hashable {
    /// The name the model calls it by, e.g. `computer_use`.
    public var name: String
    /// What the tool does and when to use it, for the model.
    public var description: String
    /// A JSON schema (`{"type": "object", "properties": …, "required": …}`) of the arguments.
    public var parameters: JSONValue

    /// A tool named `name`.
    public init(name: String, description: String, parameters: JSONValue) {
        self.name = name
        self.description = description
        self.parameters = parameters
    }

    /// The tool as a JSON value, members in the order Qwen-Agent writes them.
    public var jsonValue: JSONValue {
        ["type": "function", "function": ["name": .string(name), "description": .string(description), "parameters": parameters]]
    }

    private enum CodingKeys: String, CodingKey {
        case type, function
    }

    private struct Function: Codable {
        let name: String
        let description: String?
        let parameters: JSONValue?
    }

    /// Decodes `{"type": "function", "function": {…}}`.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let function = try container.decode(Function.self, forKey: .function)
        name = function.name
        description = function.description ?? ""
        parameters = function.parameters ?? ["type": "object", "properties": [:]]
    }

    /// Encodes `{"type": "function", "function": {…}}`.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode("function", forKey: .type)
        try container.encode(Function(name: name, description: description, parameters: parameters), forKey: .function)
    }
}
