import Deskpilot
import DeskpilotTesting
import Foundation

/// How much of each request a serving engine could take from its prefix cache: over a 30-step run on the
/// fixture's form (the screen changes every step: a character is typed each time), the share of each
/// request's prompt — text at the stand-in's estimate of 4 characters a token, each image at its visual
/// tokens — that is an exact prefix of the previous request, for OSWorld's sliding window and for windows
/// that drop old screenshots in chunks. Also the prompt's size, since a larger chunk keeps more images.
enum PrefixReuse {
    /// One layout's figures.
    struct Figures {
        var layout: ConversationLayout
        /// Per request after the first: the share of its tokens that the previous request already had.
        var shares: [Double]
        /// Per request: its prompt tokens.
        var promptTokens: [Int]
        var outcome: AgentOutcome
    }

    static let layouts = [ConversationLayout.slidingWindow] + [2, 4, 6, 8].map { ConversationLayout(window: 4, chunk: $0) }

    static func measure(_ desktop: X11Desktop, form: FixtureApp, steps: Int = 30) async throws -> [Measurement] {
        var results: [Measurement] = []
        for layout in layouts {
            let figures = try await run(layout, desktop: desktop, form: form, steps: steps)
            let mean = figures.shares.reduce(0, +) / Double(max(1, figures.shares.count))
            let prompt = Double(figures.promptTokens.reduce(0, +)) / Double(max(1, figures.promptTokens.count))
            let name = layout.chunk == 1 ? "sliding window of 4 (OSWorld)" : "window 4, dropped in chunks of \(layout.chunk)"
                + (layout == ConversationLayout.standard ? " (default)" : "")
            var measurement = Measurement(group: "prefix", name: "reuse, " + name, samples_ms: figures.shares.map { $0 * 100 })
            measurement.unit = "%"
            // What a server with a prefix cache still has to read per step.
            let uncached = zip(figures.shares, figures.promptTokens.dropFirst()).map { (1 - $0) * Double($1) }
            let meanUncached = uncached.reduce(0, +) / Double(max(1, uncached.count))
            measurement.note = String(format: "mean %.1f %% of the prompt reused; mean prompt %.0f tokens, %.0f of them not cached", mean * 100,
                                      prompt, meanUncached) + "; task: \(figures.outcome)"
            results.append(measurement)
        }
        return results
    }

    /// A run of `steps` steps with `layout`: click the Name field, then type a letter a step.
    static func run(_ layout: ConversationLayout, desktop: X11Desktop, form: FixtureApp, steps: Int) async throws -> Figures {
        let size = try await desktop.screenSize()
        let name = try form.center(of: "Name")
        let point = "[\(name.x * 1000 / size.width), \(name.y * 1000 / size.height)]"
        func reply(_ arguments: String) -> String {
            let content = "Next.\n<tool_call>\n{\"name\": \"computer_use\", \"arguments\": \(arguments)}\n</tool_call>"
            return #"{"choices":[{"index":0,"message":{"role":"assistant","content":\#(SafeText.jsonString(content))},"finish_reason":"stop"}]}"#
        }
        let letters = Array("abcdefghijklmnopqrstuvwxyz")
        let replies = [reply(#"{"action": "left_click", "coordinate": \#(point)}"#), reply(#"{"action": "key", "keys": ["ctrl", "u"]}"#)]
            + (0..<(steps - 3)).map { reply(#"{"action": "type", "text": "\#(letters[$0 % letters.count])"}"#) }
            + [reply(#"{"action": "terminate", "status": "success"}"#)]
        let server = try await ScriptedHTTPServer(replies: replies.map { .json($0) })
        var profile = try ModelProfiles.named("qwen3-vl")
        profile.layout = layout
        let model = HTTPChatModel(endpoint: ModelEndpoint(baseURL: server.baseURL, model: "instant"))
        let agent = Agent(desktop: desktop, policy: VisionModelPolicy(model: model, profile: profile, options: ModelCallOptions(stream: false)),
                          configuration: AgentConfiguration(maxSteps: steps, stuckRepeats: .max))
        let result = await agent.run("Type the alphabet into the Name field")
        await server.shutdown()
        let requests = try server.requests.map { try JSONDecoder().decode(ChatRequest.self, from: $0.body) }
        let tokens = requests.map { pieces($0, profile: profile) }
        let shares = zip(tokens, tokens.dropFirst()).map { previous, next in
            Double(sharedPrefix(previous, next)) / Double(max(1, next.reduce(0) { $0 + $1.tokens }))
        }
        return Figures(layout: layout, shares: shares, promptTokens: tokens.map { $0.reduce(0) { $0 + $1.tokens } }, outcome: result.outcome)
    }

    /// A request as a sequence of pieces a cache compares: each message's role, each text (its characters),
    /// each image (its URL, at its visual tokens).
    struct Piece {
        var key: String
        var text: String?
        var tokens: Int
    }

    static func pieces(_ request: ChatRequest, profile: ModelProfile) -> [Piece] {
        var pieces: [Piece] = []
        for message in request.messages {
            pieces.append(Piece(key: "role:" + message.role.rawValue, text: nil, tokens: 1))
            switch message.content {
            case .text(let text):
                pieces.append(Piece(key: "text", text: text, tokens: TokenEstimate.textTokens(text)))
            case .parts(let parts):
                for part in parts {
                    switch part {
                    case .text(let text): pieces.append(Piece(key: "text", text: text, tokens: TokenEstimate.textTokens(text)))
                    default:
                        let size = TokenEstimate.imageSizes(in: [.user([part])]).first ?? Size(width: 0, height: 0)
                        pieces.append(Piece(key: "image:" + (part.imageURL ?? ""), text: nil, tokens: profile.image.visualTokens(imageSize: size)))
                    }
                }
            }
        }
        return pieces
    }

    /// The tokens of `next` that `previous` began with: whole pieces while they are equal, then the common
    /// start of a text that differs.
    static func sharedPrefix(_ previous: [Piece], _ next: [Piece]) -> Int {
        var shared = 0
        for (a, b) in zip(previous, next) {
            if a.key == b.key, a.text == b.text {
                shared += b.tokens
                continue
            }
            if let x = a.text, let y = b.text {
                let common = zip(x.utf8, y.utf8).prefix { $0 == $1 }.count
                shared += common / TokenEstimate.charactersPerToken
            }
            break
        }
        return shared
    }
}
