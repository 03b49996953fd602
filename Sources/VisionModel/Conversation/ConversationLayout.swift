/// How a step's request is laid out: the system prompt; earlier steps as real turns (each screenshot as a
/// user message, the model's reply verbatim as the assistant's) with the instruction on the first kept turn;
/// steps older than that only as "Previous actions" text; the current screenshot last; then any feedback on
/// the last step. No `tool` role: the next screenshot is the observation. This is OSWorld's Qwen3-VL
/// layout (see docs/models.md), with one change that lets servers cache.
///
/// **Dropping in chunks.** OSWorld keeps the last 4 screenshots and drops the oldest every step, so the
/// prompt changes right after the system prompt and a serving engine's prefix cache (vLLM's automatic
/// prefix caching, llama.cpp's slot cache) reads every image again each step. Here at least ``window``
/// screenshots stay, and once ``window`` + ``chunk`` would be kept, ``chunk`` of the oldest go at once: between
/// drops each request is the previous one plus the new turns, a long identical prefix. A ``chunk`` of 1 is
/// OSWorld's sliding window.
///
/// **Function calling.** For servers that take tools in the request and answer in `tool_calls` (OpenAI's), the
/// turns are in their dialect: the instruction as the first user message; each kept step as its screenshot, the
/// assistant's call (with the server's id) and a `tool` message answering it; then the current screenshot.
public struct ConversationLayout: Sendable, Hashable, CustomStringConvertible {
    /// How a kept step is written.
    public enum Style: String, Sendable, Hashable {
        /// Screenshot as the user's turn, the answer as the assistant's text (OSWorld's, for Qwen).
        case screenshotTurns
        /// Screenshot, the assistant's tool call, a `tool` message answering it (OpenAI's function calling).
        case functionCalling
    }

    /// Screenshots of earlier steps always kept as real turns.
    public var window: Int
    /// How many of the oldest kept screenshots are dropped at once; 1 drops one per step.
    public var chunk: Int
    /// How a kept step is written.
    public var style: Style

    /// A layout keeping `window` screenshots and dropping `chunk` at once, written in `style`.
    public init(window: Int, chunk: Int, style: Style = .screenshotTurns) {
        self.window = max(0, window)
        self.chunk = max(1, chunk)
        self.style = style
    }

    /// OSWorld's sliding window of 4: the oldest screenshot goes every step.
    public static let slidingWindow = ConversationLayout(window: 4, chunk: 1)

    /// The default: a window of 4, the oldest 6 dropped at once, so most requests extend the previous one
    /// (chosen by measuring prefix reuse and prompt size; see docs/models.md).
    public static let standard = ConversationLayout(window: 4, chunk: 6)

    /// How many of `count` earlier steps are shown only as text.
    public func droppedCount(history count: Int) -> Int {
        chunk * (max(0, count - window) / chunk)
    }

    /// The messages of one step.
    public func messages(systemPrompt: String, context: ConversationContext) -> [ChatMessage] {
        let dropped = droppedCount(history: context.history.count)
        let kept = context.history.dropFirst(dropped)
        let previous = context.history.prefix(dropped).enumerated()
            .map { "Step \($0.offset + 1): \($0.element.summary)" }.joined(separator: "\n")
        let instruction = """
            Please generate the next move according to the UI screenshot, instruction and previous actions.

            Instruction: \(context.instruction)

            Previous actions:
            \(previous.isEmpty ? "None" : previous)
            """
        var messages: [ChatMessage] = [.system(systemPrompt)]
        switch style {
        case .screenshotTurns:
            for (position, past) in kept.enumerated() {
                var parts: [ContentPart] = past.screenshot.map { [.image($0)] } ?? []
                if position == 0 { parts.append(.text(instruction)) }
                messages.append(.user(parts))
                messages.append(.assistant(past.reply))
            }
            var current: [ContentPart] = [.image(context.screenshot)]
            if kept.isEmpty { current.append(.text(instruction)) }
            messages.append(.user(current))
        case .functionCalling:
            messages.append(.user(instruction))
            for past in kept {
                if let screenshot = past.screenshot { messages.append(.user([.image(screenshot)])) }
                messages.append(past.answer)
                for call in past.answer.toolCalls ?? [] {
                    messages.append(.tool("Done; the screenshot after it follows.", answering: call.id ?? "call"))
                }
            }
            messages.append(.user([.image(context.screenshot)]))
        }
        return messages + context.feedback.flatMap(\.messages)
    }

    /// `window 4, chunk 6`.
    public var description: String { "window \(window), chunk \(chunk)" + (style == .functionCalling ? ", function calling" : "") }
}
