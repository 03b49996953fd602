public import Imaging

/// Everything about talking to one model family: how big the screenshot it is sent must be, what its system
/// prompt says, how a step's conversation is laid out, how its replies are read, and what its coordinates
/// mean.
///
/// One step of the agent runs through a profile like this:
/// ```swift
/// let screenshot = try profile.prepareScreenshot(capture)                      // resize + PNG
/// let request = ChatRequest(model: name, messages: profile.messages(for: StepContext(
///     instruction: task, screenshot: screenshot, history: history)))
/// // … send it, get `reply` …
/// let parsed = try profile.parseReply(reply)                                   // or send the error back
/// let action = try profile.action(from: parsed.calls[0], imageSize: screenshot.sentSize)
/// let onScreen = profile.screenAction(for: action, on: screenshot)             // execute this
/// ```
/// Adding a model family means adding a profile, nothing else.
public protocol ModelProfile: Sendable {
    /// A short name for logs and flags, e.g. `qwen3-vl`.
    var name: String { get }

    /// The size to send a `screen`-sized screenshot at.
    ///
    /// - Throws: ``ScreenshotError`` for an image the model cannot take.
    func imageSize(forScreen screen: PixelSize) throws(ScreenshotError) -> PixelSize

    /// The extent of the model's coordinates when it is sent an `imageSize` image: points lie in
    /// `0…width` × `0…height`.
    func coordinateSpace(imageSize: PixelSize) -> PixelSize

    /// How many visual tokens an `imageSize` image costs (the model's merged patches).
    func visualTokens(imageSize: PixelSize) -> Int

    /// The system prompt: the `computer_use` tool followed by `tools`, for an `imageSize` image.
    func systemPrompt(tools: [ToolDefinition], imageSize: PixelSize) -> String

    /// The messages of one step's request: system prompt, history, current screenshot.
    func messages(for step: StepContext) -> [ChatMessage]

    /// The tool calls in a reply.
    ///
    /// - Throws: ``ToolCallParseError``, whose description is a correction to send back to the model.
    func parseReply(_ message: AssistantMessage) throws(ToolCallParseError) -> ParsedReply

    /// The `computer_use` action a call asks for, checked against the coordinate space of an `imageSize`
    /// image.
    ///
    /// - Throws: ``ComputerActionError``, whose description is a correction to send back to the model.
    func action(from call: ParsedToolCall, imageSize: PixelSize) throws(ComputerActionError) -> ComputerAction

    /// Where a model point lies on a `screen`-sized screen when the model was sent an `imageSize` image:
    /// clamped to `0…width-1` × `0…height-1`.
    func screenPoint(for point: ModelPoint, screen: PixelSize, imageSize: PixelSize) -> ScreenPoint
}

extension ModelProfile {
    /// `image` resized to ``imageSize(forScreen:)`` and encoded as PNG (the fast setting).
    ///
    /// - Throws: ``ScreenshotError``.
    public func prepareScreenshot(_ image: Image) throws(ScreenshotError) -> PreparedScreenshot {
        let screen = PixelSize(width: image.width, height: image.height)
        let sent = try imageSize(forScreen: screen)
        do {
            let png = try image.resized(width: sent.width, height: sent.height).pngData(.fast)
            return PreparedScreenshot(screenSize: screen, sentSize: sent, png: png)
        } catch {
            throw .encodingFailed(error)
        }
    }

    /// The tool calls in a reply's text.
    ///
    /// - Throws: ``ToolCallParseError``.
    public func parseReply(_ content: String) throws(ToolCallParseError) -> ParsedReply {
        try parseReply(AssistantMessage(content: content))
    }

    /// `action` with its points on a `screen`-sized screen, the model having been sent an `imageSize` image.
    public func screenAction(for action: ComputerAction, screen: PixelSize, imageSize: PixelSize) -> ScreenAction {
        ScreenAction(action) { screenPoint(for: $0, screen: screen, imageSize: imageSize) }
    }

    /// `action` with its points on the screen `screenshot` was taken of.
    public func screenAction(for action: ComputerAction, on screenshot: PreparedScreenshot) -> ScreenAction {
        screenAction(for: action, screen: screenshot.screenSize, imageSize: screenshot.sentSize)
    }
}
