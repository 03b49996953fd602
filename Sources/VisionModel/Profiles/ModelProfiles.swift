/// The profiles Deskpilot knows, by name: the one place a family is added. The command line's `--profile`,
/// scenarios and the MCP server all look profiles up here.
public enum ModelProfiles {
    /// Every profile, the default first.
    public static var all: [ModelProfile] { [qwen3VL, qwen25VL, qwen35, openAITools] }

    /// Their names, for `--help` and error messages.
    public static var names: [String] { all.map(\.name) }

    /// Qwen3-VL-4B/8B-Instruct: screenshots resized to multiples of 32 within 1024–1280 visual tokens, 0–1000
    /// coordinates, Hermes tool calls in the cookbook's system prompt.
    static let qwen3VL = ModelProfile(
        name: "qwen3-vl", models: "Qwen3-VL-4B/8B-Instruct", image: SmartResize.qwen3VL, coordinates: .normalized(extent: 1000),
        toolCalls: HermesToolCalls())

    /// Qwen2.5-VL: factor 28 with the processor's pixel budget, coordinates in pixels of the sent image.
    static let qwen25VL = ModelProfile(
        name: "qwen2.5-vl", models: "Qwen2.5-VL", image: SmartResize.qwen25VL, coordinates: .imagePixels, toolCalls: HermesToolCalls())

    /// Qwen3.5 (4B and its siblings): natively multimodal, Qwen3-VL's screenshots and 0–1000 coordinates,
    /// tool calls in the Qwen3-Coder XML form, thinking switched off explicitly unless asked for.
    static let qwen35 = ModelProfile(
        name: "qwen3.5", models: "Qwen3.5-4B (and other Qwen3.5)", image: SmartResize.qwen3VL, coordinates: .normalized(extent: 1000),
        toolCalls: Qwen35ToolCalls(), thinking: false)

    /// OpenAI's models with function calling (and any OpenAI-compatible server whose model has it): tools in
    /// `tools`, calls in `tool_calls`, results as `tool` messages, coordinates in pixels of the sent image.
    static let openAITools = ModelProfile(
        name: "openai-tools", models: "OpenAI models with function calling (GPT-4o, GPT-4.1, …)", image: OpenAIImageTiles(detail: "high"),
        coordinates: .imagePixels, layout: ConversationLayout(window: 4, chunk: 6, style: .functionCalling), toolCalls: OpenAIToolCalls(),
        systemPreamble: "You are a helpful assistant that completes tasks on a Linux desktop.")

    /// The profile called `name`.
    ///
    /// - Throws: ``ModelProfileError/unknown(_:known:)`` listing the names there are.
    public static func named(_ name: String) throws(ModelProfileError) -> ModelProfile {
        guard let profile = all.first(where: { $0.name == name.lowercased() }) else { throw .unknown(name, known: names) }
        return profile
    }

    /// The profile for a served model's name (`Qwen/Qwen2.5-VL-7B-Instruct` → `qwen2.5-vl`); the default,
    /// `qwen3-vl`, when the name says nothing better.
    public static func forModel(_ model: String) -> ModelProfile {
        let lowered = model.lowercased()
        if lowered.contains("qwen2.5-vl") || lowered.contains("qwen2_5_vl") || lowered.contains("qwen2.5vl") { return qwen25VL }
        if lowered.contains("qwen3.5") || lowered.contains("qwen3_5") || lowered.contains("qwen35") { return qwen35 }
        if ["gpt-4o", "gpt-4.1", "gpt-5", "o3", "o4"].contains(where: { lowered.hasPrefix($0) }) { return openAITools }
        return qwen3VL
    }
}

/// A profile name that names no profile.
public enum ModelProfileError: Error, Sendable, Equatable, CustomStringConvertible {
    /// `name` is not a profile; `known` are.
    case unknown(String, known: [String])

    public var description: String {
        switch self {
        case .unknown(let name, let known):
            "Unknown profile '\(name)' — choose one of \(known.joined(separator: ", ")) (`deskpilot models` lists them)."
        }
    }
}
