public import DesktopKit
public import Imaging
public import VisionModel

/// A tool the model can call: a name, a description, a `Decodable` arguments type that describes its own
/// JSON schema, and `call`. Register tools in a ``ToolRegistry``; the model sees them in its `<tools>` block.
///
/// ```swift
/// struct WeatherTool: AgentTool {
///     struct Arguments: ToolArguments {
///         var city: String
///         static let schema: JSONValue = ["type": "object", "properties": ["city": ["type": "string"]], "required": ["city"]]
///     }
///     let name = "weather"
///     let description = "The current weather in a city."
///     func call(arguments: Arguments, context: ToolContext) async throws -> ToolOutput {
///         ToolOutput(text: "Sunny in \(arguments.city)")
///     }
/// }
/// ```
public protocol AgentTool: Sendable {
    /// The arguments the model passes, decoded from its JSON.
    associatedtype Arguments: ToolArguments
    /// The name the model calls the tool by: letters, digits, `_` and `-`.
    var name: String { get }
    /// What the tool does, for the model.
    var description: String { get }
    /// Runs the tool. A thrown error goes back to the model as text; the run goes on.
    func call(arguments: Arguments, context: ToolContext) async throws -> ToolOutput
}

/// A tool's arguments: decoded from the model's JSON, and described to the model by a JSON schema.
public protocol ToolArguments: Decodable, Sendable {
    /// The JSON schema of the arguments object (`{"type": "object", "properties": …, "required": […]}`).
    static var schema: JSONValue { get }
}

/// What a tool call gives back to the model: text, an image, or both.
public struct ToolOutput: Sendable {
    /// Text for the model.
    public var text: String?
    /// An image for the model (e.g. a screenshot of a region).
    public var image: Image?

    /// An output with text and/or an image.
    public init(text: String? = nil, image: Image? = nil) {
        self.text = text
        self.image = image
    }
}

/// What a tool may use while it runs.
public struct ToolContext: Sendable {
    /// The desktop the agent drives.
    public var desktop: any Desktop
    /// The step of the run, from 1.
    public var step: Int
    /// When true, the tool must not change anything (no input events, no writes): it says what it would do.
    public var dryRun: Bool

    /// A context for one call.
    public init(desktop: any Desktop, step: Int, dryRun: Bool = false) {
        self.desktop = desktop
        self.step = step
        self.dryRun = dryRun
    }
}

extension AgentTool {
    /// How the tool is described to the model.
    public var definition: ToolDefinition {
        ToolDefinition(name: name, description: description, parameters: Arguments.schema)
    }
}
