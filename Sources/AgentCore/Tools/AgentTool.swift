public import DesktopKit
public import Imaging
public import VisionModel

/// A tool the model can call: a name, a description, a `Decodable` arguments type that describes its own
/// JSON schema, and `call`. Register tools in a ``ToolRegistry``, beside the built-in `computer_use`; the
/// model sees them declared in its family's format.
///
/// ```swift
/// struct WeatherTool: AgentTool {
///     struct Arguments: ToolArguments {
///         var city: String
///         var days: Int?                                   // optional: left out of "required"
///         static let descriptions = ["city": "The city, e.g. Paris", "days": "How many days ahead (default 1)"]
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

/// A tool's arguments: decoded from the model's JSON, and described to the model by a JSON schema that is
/// derived from the type itself (``ToolSchema``), so the two cannot disagree.
public protocol ToolArguments: Decodable, Sendable {
    /// What each property means, by its JSON key, for the model; properties without one get none.
    static var descriptions: [String: String] { get }
    /// The JSON schema of the arguments object. Derived from the type by default; write it by hand only
    /// when the type decodes itself in a way the derivation cannot follow.
    static var schema: JSONValue { get throws }
}

extension ToolArguments {
    /// No descriptions.
    public static var descriptions: [String: String] { [:] }

    /// The schema derived from `init(from:)` by ``ToolSchema/derive(_:descriptions:)``.
    public static var schema: JSONValue {
        get throws { try ToolSchema.derive(Self.self, descriptions: descriptions) }
    }
}

/// A string enumeration a tool's arguments may use: the schema lists its cases (`"enum": [...]`).
///
/// ```swift
/// enum Unit: String, ToolArgumentChoice { case celsius, fahrenheit }
/// ```
public protocol ToolArgumentChoice: CaseIterable, RawRepresentable, Decodable, Sendable where RawValue == String {}

/// What a tool call gives back to the model: text, an image, or both. The image reaches the model as an
/// image of the next request.
public struct ToolOutput: Sendable {
    /// Text for the model.
    public var text: String?
    /// An image for the model (e.g. a screenshot of a region).
    public var image: Image?
    /// `image` already encoded as PNG, when the tool had to encode it anyway (to keep it under a size):
    /// whoever sends PNG uses these bytes instead of encoding the image again.
    public var png: [UInt8]?

    /// An output with text and/or an image (and its PNG, when already made).
    public init(text: String? = nil, image: Image? = nil, png: [UInt8]? = nil) {
        self.text = text
        self.image = image
        self.png = png
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
