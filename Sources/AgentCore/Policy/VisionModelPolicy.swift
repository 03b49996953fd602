public import Imaging
public import VisionModel

/// A vision-language model that sees the screenshot and answers with tool calls, spoken to through a
/// ``ModelProfile`` (Qwen3-VL, Qwen2.5-VL): one request per step; `computer_use` calls become desktop
/// actions at screen pixels, other calls tool calls, and anything unusable a correction.
public struct VisionModelPolicy: Policy {
    /// Where answers come from.
    public let model: any ChatModel
    /// How the family is spoken to.
    public let profile: ModelProfile
    /// Streaming, reply length, prices.
    public let options: ModelCallOptions

    /// A policy asking `model` through `profile`.
    public init(model: any ChatModel, profile: ModelProfile, options: ModelCallOptions = ModelCallOptions()) {
        self.model = model
        self.profile = profile
        self.options = options
    }

    /// `qwen3-vl via MODEL at URL`.
    public var description: String { "\(profile.name) via \(model)" }

    /// The screen resized and encoded as the profile wants.
    public func observe(_ screen: Image) async throws -> Observation {
        Observation(screen: screen, screenshot: try profile.encode(screen))
    }

    /// The image as the profile sends screenshots.
    public func encode(toolImage image: Image) throws -> EncodedImage? {
        try profile.encode(image)
    }

    /// One request; the first call of the reply decides.
    public func decide(_ observation: Observation, context: PolicyContext) async throws -> PolicyStep {
        let screenshot = try observation.screenshot ?? profile.encode(observation.screen)
        let tools = context.tools.definitions(computerUse: profile.computerUseTool(imageSize: screenshot.size))
        let conversation = ConversationContext(instruction: context.task, screenshot: screenshot, history: context.history, feedback: context.feedback)
        let request = profile.request(model: model.modelName, context: conversation, tools: tools, maxTokens: options.maxReplyTokens,
                                      stream: options.stream)
        let exchange = try await model.send(request)
        let record = ModelCallRecord(role: "model", request: request, exchange: exchange, profile: profile, pricing: options.pricing)
        let message = exchange.message
        let (verbatim, thoughts) = PolicyStep.recorded(message)

        let reply: ParsedReply
        do {
            reply = try profile.read(message, tools: tools)
        } catch {
            return PolicyStep(outcome: .unusable(correction: profile.correction(for: error)), reply: verbatim, reasoning: thoughts,
                              answer: Self.answer(to: message, calls: message.toolCalls, style: profile.layout.style), requests: [record])
        }
        let call = reply.calls[0]
        let answer: ChatMessage
        switch profile.layout.style {
        case .functionCalling:
            // The call with the server's id, alone: one action a step, and each call replayed needs its answer.
            let id = message.toolCalls.first { $0.function.name == call.name }?.id ?? "call_\(context.step)"
            answer = .assistant(reply.answer, calls: [ToolCall(id: id, function: .init(name: call.name, arguments: .string(call.arguments.description)))])
        case .screenshotTurns:
            // The answer without its reasoning, or the call itself for servers that sent it in `tool_calls` alone.
            answer = .assistant(reply.answer.contains(call.name) ? reply.answer
                : [reply.answer, "<tool_call>\n\(call)\n</tool_call>"].filter { !$0.isEmpty }.joined(separator: "\n"))
        }
        var step = PolicyStep(outcome: .unusable(correction: ""), reply: verbatim, reasoning: reply.reasoning, summary: reply.summary,
                              call: call, answer: answer, turn: HistoryTurn(screenshot: screenshot, answer: answer, summary: reply.summary),
                              requests: [record])
        step.outcome = decision(for: call, reply: reply, tools: context.tools, imageSize: screenshot.size, screen: observation.screen.size)
        return step
    }

    /// The message later requests replay for an answer that could not be used: its text, and for
    /// function-calling servers its calls, which the correction then answers.
    private static func answer(to message: AssistantMessage, calls: [ToolCall], style: ConversationLayout.Style) -> ChatMessage {
        let (_, text) = ToolCallParser.splitReasoning(message.content ?? "")
        switch style {
        case .functionCalling: return .assistant(text, calls: calls.enumerated().map { index, call in
            ToolCall(id: call.id ?? "call_\(index)", function: call.function)
        })
        case .screenshotTurns:
            return .assistant(text.isEmpty ? calls.map { "tool_calls: \($0.function.name) \($0.function.arguments)" }.joined(separator: "\n") : text)
        }
    }

    /// What `call` asks for, or the correction that says why it cannot be done.
    private func decision(for call: ParsedToolCall, reply: ParsedReply, tools: ToolRegistry, imageSize: Size, screen: Size) -> PolicyStep.Outcome {
        switch tools.resolve(call.name) {
        case .computerUse?:
            do {
                switch try profile.computerUseCall(arguments: call.arguments, imageSize: imageSize) {
                case .act(let action): return .decided(.act(profile.screenAction(action, imageSize: imageSize, screen: screen)))
                case .terminate(.success): return .decided(.finish(.success))
                case .terminate(.failure): return .decided(.finish(.failure(reason: reply.text.isEmpty ? "(no reason given)" : reply.text)))
                case .answer(let text): return .decided(.finish(.answer(text)))
                }
            } catch {
                return .unusable(correction: profile.correction(for: error))
            }
        case .custom(let name)?:
            return .decided(.callTool(name: name, arguments: call.arguments))
        case nil:
            return .unusable(correction: profile.correction(for: ToolRegistryError.unknownTool(call.name, known: tools.names)))
        }
    }
}
