/// Qwen3-VL (4B/8B-Instruct), Deskpilot's default model family (spec §0).
///
/// - Screenshots are resized by `smart_resize` with factor 32 into a budget of 1024…1280 visual tokens by
///   default, so vLLM, llama.cpp and Ollama all take them as they are.
/// - Coordinates are normalized to 0…1000 on both axes, whatever the image size; the prompt says "The
///   screen's resolution is 1000x1000" and points map as `x / 1000 × screen width`.
/// - The system prompt is the cookbook's (Qwen-Agent's `NousFnCallPrompt` with the `computer_use` tool),
///   byte for byte; extra tools follow `computer_use` in the `<tools>` block. It does not change from step
///   to step, so servers can cache it.
/// - History is OSWorld's: the last ``historyWindow`` screenshot/reply pairs as turns, older steps as text.
public struct Qwen3VLProfile: ModelProfile {
    /// The resize rule; change ``SmartResize/minPixels`` and ``SmartResize/maxPixels`` to trade detail for
    /// tokens (e.g. `2040 * 32 * 32` to send 1080p screens at native size).
    public var resize: SmartResize
    /// How many earlier steps are replayed with their screenshots (OSWorld: 4).
    public var historyWindow: Int
    /// The system text before the tools block.
    public var systemPreamble: String
    /// Whether to append OSWorld's "# Response format" block, which asks for an `Action:` line before each
    /// call. Off by default, keeping the cookbook's prompt exactly.
    public var asksForActionLine: Bool
    /// The most characters a `type` or `answer` action may carry.
    public var maxTextLength: Int

    /// A profile with the default budget of 1024…1280 tokens (`minPixels` and `maxPixels` in pixels).
    public init(
        minPixels: Int = 1024 * 32 * 32, maxPixels: Int = 1280 * 32 * 32, historyWindow: Int = 4,
        systemPreamble: String = "You are a helpful assistant.", asksForActionLine: Bool = false, maxTextLength: Int = 5000
    ) {
        resize = SmartResize(factor: 32, minPixels: minPixels, maxPixels: maxPixels)
        self.historyWindow = historyWindow
        self.systemPreamble = systemPreamble
        self.asksForActionLine = asksForActionLine
        self.maxTextLength = maxTextLength
    }

    /// `qwen3-vl`.
    public var name: String { "qwen3-vl" }

    /// One token per `resize.factor`-sided square of the sent image.
    public func visualTokens(imageSize: PixelSize) -> Int {
        resize.tokens(for: imageSize)
    }

    /// The `smart_resize` size.
    public func imageSize(forScreen screen: PixelSize) throws(ScreenshotError) -> PixelSize {
        try resize.size(for: screen)
    }

    /// 1000×1000, whatever the image.
    public func coordinateSpace(imageSize: PixelSize) -> PixelSize {
        PixelSize(width: 1000, height: 1000)
    }

    /// The cookbook's prompt with `computer_use` at 1000×1000, then `tools`; the same for every image size.
    public func systemPrompt(tools: [ToolDefinition], imageSize: PixelSize) -> String {
        let computerUse = ToolDefinition.computerUse(displayWidth: 1000, displayHeight: 1000)
        let prompt = NousFunctionCallPrompt.systemPrompt(preamble: systemPreamble, tools: [computerUse] + tools)
        return asksForActionLine ? prompt + "\n\n" + NousFunctionCallPrompt.responseFormat : prompt
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

    /// The call's `computer_use` action, coordinates within 0…1000.
    public func action(from call: ParsedToolCall, imageSize: PixelSize) throws(ComputerActionError) -> ComputerAction {
        guard call.name == "computer_use" else { throw .notComputerUse(tool: call.name) }
        let limits = ComputerActionLimits(coordinateSpace: coordinateSpace(imageSize: imageSize), maxTextLength: maxTextLength)
        return try ComputerAction(arguments: call.arguments, limits: limits)
    }

    /// `x / 1000 × width`, `y / 1000 × height`, rounded and clamped to the screen; the image size plays no
    /// part.
    public func screenPoint(for point: ModelPoint, screen: PixelSize, imageSize: PixelSize) -> ScreenPoint {
        CoordinateScaling.screenPoint(point, space: coordinateSpace(imageSize: imageSize), screen: screen)
    }
}
