/// Qwen2.5-VL, whose coordinates are absolute pixels of the image it was sent (spec §7).
///
/// Screenshots are resized by `smart_resize` with factor 28 (Qwen2.5-VL's processor defaults: 3136 to
/// 12,845,056 pixels); the prompt states the sent image's size as the screen's resolution, and a point maps
/// back as `x × screen width / sent width`. Prompt, history and parsing are those of ``Qwen3VLProfile``.
public struct Qwen25VLProfile: ModelProfile {
    /// The resize rule.
    public var resize: SmartResize
    /// How many earlier steps are replayed with their screenshots.
    public var historyWindow: Int
    /// The system text before the tools block.
    public var systemPreamble: String
    /// The most characters a `type` or `answer` action may carry.
    public var maxTextLength: Int

    /// A profile with the processor's pixel budget.
    public init(
        minPixels: Int = 3136, maxPixels: Int = 12_845_056, historyWindow: Int = 4,
        systemPreamble: String = "You are a helpful assistant.", maxTextLength: Int = 5000
    ) {
        resize = SmartResize(factor: 28, minPixels: minPixels, maxPixels: maxPixels)
        self.historyWindow = historyWindow
        self.systemPreamble = systemPreamble
        self.maxTextLength = maxTextLength
    }

    /// `qwen2.5-vl`.
    public var name: String { "qwen2.5-vl" }

    /// One token per `resize.factor`-sided square of the sent image.
    public func visualTokens(imageSize: PixelSize) -> Int {
        resize.tokens(for: imageSize)
    }

    /// The `smart_resize` size.
    public func imageSize(forScreen screen: PixelSize) throws(ScreenshotError) -> PixelSize {
        try resize.size(for: screen)
    }

    /// The sent image's size.
    public func coordinateSpace(imageSize: PixelSize) -> PixelSize { imageSize }

    /// The cookbook's prompt with `computer_use` at the sent image's resolution, then `tools`.
    public func systemPrompt(tools: [ToolDefinition], imageSize: PixelSize) -> String {
        let computerUse = ToolDefinition.computerUse(displayWidth: imageSize.width, displayHeight: imageSize.height)
        return NousFunctionCallPrompt.systemPrompt(preamble: systemPreamble, tools: [computerUse] + tools)
    }

    /// OSWorld's layout with a window of ``historyWindow`` steps.
    public func messages(for step: StepContext) -> [ChatMessage] {
        let prompt = systemPrompt(tools: step.tools, imageSize: step.screenshot.sentSize)
        return OSWorldConversation.messages(systemPrompt: prompt, step: step, window: historyWindow)
    }

    /// The tolerant parse of spec §4.4.
    public func parseReply(_ message: AssistantMessage) throws(ToolCallParseError) -> ParsedReply {
        try ToolCallParser().parse(message)
    }

    /// The call's `computer_use` action, coordinates within the sent image.
    public func action(from call: ParsedToolCall, imageSize: PixelSize) throws(ComputerActionError) -> ComputerAction {
        guard call.name == "computer_use" else { throw .notComputerUse(tool: call.name) }
        let limits = ComputerActionLimits(coordinateSpace: coordinateSpace(imageSize: imageSize), maxTextLength: maxTextLength)
        return try ComputerAction(arguments: call.arguments, limits: limits)
    }

    /// `x × width / sent width`, `y × height / sent height`, rounded and clamped to the screen.
    public func screenPoint(for point: ModelPoint, screen: PixelSize, imageSize: PixelSize) -> ScreenPoint {
        CoordinateScaling.screenPoint(point, space: imageSize, screen: screen)
    }
}
