public import DesktopKit
public import Imaging

/// Everything about talking to one model family, composed of small parts: how a screenshot is sent
/// (``image``), what the model's coordinates mean (``coordinates``), how a step's conversation is laid out
/// (``layout``), and how tool calls are written both ways (``toolCalls``).
///
/// Profiles come from ``ModelProfiles`` by name (`--profile`) or from the model's name; the parts may be
/// tuned (a window, a pixel budget), but only VisionModel builds a profile. One step through a profile:
/// ```swift
/// let screenshot = try profile.encode(capture)                                   // resize + PNG
/// let request = profile.request(model: name, context: ConversationContext(
///     instruction: task, screenshot: screenshot, history: history), tools: tools)
/// // … send it, get `message` …
/// let reply = try profile.read(message)                                          // or correct the model
/// let call = try profile.computerUseCall(arguments: reply.calls[0].arguments, imageSize: screenshot.size)
/// if case .act(let action) = call {
///     let onScreen = profile.screenAction(action, imageSize: screenshot.size, screen: capture.size)
/// }
/// ```
public struct ModelProfile: Sendable, CustomStringConvertible {
    /// The name `--profile` takes, e.g. `qwen3-vl`.
    public let name: String
    /// The models it is for, in a few words.
    public let models: String
    /// How screenshots are sized and what they cost in tokens.
    public var image: any ImageEncoding
    /// What the model's coordinates mean.
    public var coordinates: CoordinateSystem
    /// How a step's messages are laid out.
    public var layout: ConversationLayout
    /// How tools are declared and calls are read.
    public var toolCalls: any ToolCallFormat
    /// The system text before (or after, as the format wants) the tools.
    public var systemPreamble: String
    /// The largest amounts one action may carry.
    public var limits: ActionLimits
    /// Whether a thinking model thinks before it answers, sent with every request as the chat template's
    /// `enable_thinking`; nil sends nothing (models without the switch).
    public var thinking: Bool?

    init(name: String, models: String, image: any ImageEncoding, coordinates: CoordinateSystem, layout: ConversationLayout = .standard,
         toolCalls: any ToolCallFormat, systemPreamble: String = "You are a helpful assistant.", limits: ActionLimits = ActionLimits(),
         thinking: Bool? = nil) {
        self.name = name
        self.models = models
        self.image = image
        self.coordinates = coordinates
        self.layout = layout
        self.toolCalls = toolCalls
        self.systemPreamble = systemPreamble
        self.limits = limits
        self.thinking = thinking
    }

    /// `image` made ready to send: resized by ``image``'s rule and encoded as PNG.
    ///
    /// - Throws: ``ScreenshotError``.
    public func encode(_ screen: Image) throws(ScreenshotError) -> EncodedImage {
        try image.encode(screen)
    }

    /// The `computer_use` tool as this family is told of it: the screen's resolution is the extent of its
    /// coordinates for an `imageSize` image.
    public func computerUseTool(imageSize: Size) -> ToolDefinition {
        let space = coordinates.extent(imageSize: imageSize)
        return .computerUse(displayWidth: space.width, displayHeight: space.height)
    }

    /// The system prompt declaring `tools` (``computerUseTool(imageSize:)`` among them, first).
    public func systemPrompt(tools: [ToolDefinition]) -> String {
        toolCalls.systemPrompt(preamble: systemPreamble, tools: tools)
    }

    /// The request of one step: its messages laid out, `tools` declared as the format wants.
    public func request(model: String, context: ConversationContext, tools: [ToolDefinition], maxTokens: Int = 1024,
                        stream: Bool = false) -> ChatRequest {
        var request = ChatRequest(model: model, messages: layout.messages(systemPrompt: systemPrompt(tools: tools), context: context),
                                  maxTokens: maxTokens, stream: stream, tools: toolCalls.requestTools(tools))
        if let thinking { request.chatTemplateArguments = ["enable_thinking": .bool(thinking)] }
        return request
    }

    /// The visual tokens of the images in `messages`, as this family counts them.
    public func visualTokens(in messages: [ChatMessage]) -> Int {
        TokenEstimate.visualTokens(messages, encoding: image)
    }

    /// The tool calls in a reply to a request that offered `tools`, its reasoning kept apart.
    ///
    /// - Throws: ``ToolCallParseError``; ``correction(for:)`` turns it into words for the model.
    public func read(_ message: AssistantMessage, tools: [ToolDefinition] = []) throws(ToolCallParseError) -> ParsedReply {
        try toolCalls.read(message, tools: tools)
    }

    /// What a `computer_use` call asks for, checked against the coordinate space of an `imageSize` image and
    /// against ``limits``.
    ///
    /// - Throws: ``ComputerUseError``; ``correction(for:)`` turns it into words for the model.
    public func computerUseCall(arguments: JSONValue, imageSize: Size) throws(ComputerUseError) -> ComputerUseCall {
        try ComputerUseCall(arguments: arguments, space: coordinates.extent(imageSize: imageSize), limits: limits)
    }

    /// `action` with its points on a `screen`-sized screen, the model having been sent an `imageSize` image.
    public func screenAction(_ action: DesktopAction<ModelPoint>, imageSize: Size, screen: Size) -> DesktopAction<Point> {
        action.map { coordinates.screenPoint($0, imageSize: imageSize, screen: screen) }
    }

    /// The correction sent for `error`: what was wrong, then how to answer in this family's format.
    public func correction(for error: any Error) -> String {
        let text = String(describing: error)
        let reminder = toolCalls.correctionReminder
        return text.contains(reminder) ? text : text + " " + reminder
    }

    /// `qwen3-vl (Qwen3-VL-4B/8B-Instruct): …`, one line.
    public var description: String {
        "\(name) (\(models)): \(toolCalls.name) tool calls, coordinates \(coordinates), \(layout)"
    }
}
