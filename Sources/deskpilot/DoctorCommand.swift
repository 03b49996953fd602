import ArgumentParser
import Deskpilot
import Foundation

/// `deskpilot doctor`: checks a model server against a family, step by step, and says what to change.
struct DoctorCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "doctor",
        abstract: "Check a model server: reachable, the model listed, images accepted, and a tool call for a one-step probe.",
        discussion: """
            The probe is a synthetic screen with one thing to click; the family's own policy asks the model and reads \
            the answer exactly as a run would. Each check prints ✓ or ✗ with what to change.
            Exit status: 0 every check passed, 1 a check failed, 64 bad usage.
            Example: deskpilot doctor --base-url http://127.0.0.1:8000/v1 --model Qwen/Qwen3.5-4B --profile qwen3.5
            """
    )

    @OptionGroup(title: "The model") var models: ModelOptions

    func validate() throws {
        guard models.endpoint != nil else {
            throw ValidationError("No model server: pass --base-url URL or set DESKPILOT_BASE_URL (e.g. http://127.0.0.1:8000/v1).")
        }
    }

    func run() async throws {
        let endpoint = models.endpoint!
        let family = models.family(for: endpoint)
        print("Checking \(endpoint) as \(family.name) (\(family.models))")
        var failed = false
        func report(_ passed: Bool, _ text: String) {
            print((passed ? "✓ " : "✗ ") + SafeText.line(text, limit: 600))
            if !passed { failed = true }
        }
        let model = models.chatModel(endpoint, retry: RetryPolicy(maxAttempts: 1))
        do {
            let listed = try await model.listModels()
            report(true, "reachable: \(endpoint.baseURL)/models lists \(listed.count) model\(listed.count == 1 ? "" : "s")")
            report(listed.contains(endpoint.model),
                   listed.contains(endpoint.model) ? "the model \(endpoint.model) is listed"
                   : "the model \(endpoint.model) is not listed — pass --model with one of: \(listed.prefix(8).joined(separator: ", "))")
        } catch {
            report(false, "not reachable: \(error)")
            throw ExitCode(1)
        }

        let probe = Self.probeScreen()
        if family.name != "planner" {
            do {
                let image = try EncodedImage(probe.resized(width: 64, height: 40))
                var request = ChatRequest(model: endpoint.model, messages: [.user([.text("Reply with the word OK."), .image(image)])], maxTokens: 16)
                if case .profile(let profile) = family.kind, profile.thinking != nil {
                    request.chatTemplateArguments = ["enable_thinking": .bool(models.thinking ?? false)]
                }
                _ = try await model.complete(request)
                report(true, "images are accepted")
            } catch {
                let hint = "\(error)".lowercased().contains("image")
                    ? " — serve a vision model: llama-server needs --mmproj; Ollama a vision model (qwen3-vl, qwen2.5vl)"
                    : " — the server may expect another family's requests: see `deskpilot models`"
                report(false, "a request with an image was refused (\(error))" + hint)
            }
        }

        // The probe: one step of the family's own policy on a synthetic screen.
        let planner = models.plannerEndpoint.map { models.chatModel($0, retry: RetryPolicy(maxAttempts: 1)) }
        let desktop = FakeScreen(size: probe.size)
        let policy = try models.recipe(family: family, model: model, planner: planner).policy(desktop: desktop, recognizer: try TextRecognizer())
        let target = Rect(x: probe.width / 2 - 60, y: probe.height / 2 - 25, width: 120, height: 50)
        let text = ScreenText(elements: [ScreenElement(id: 1, kind: "text", text: "OK", frame: target)])
        var observation = Observation(screen: probe, screenshot: nil, text: text)
        switch family.kind {
        case .profile: observation = try await policy.observe(probe)
        case .setOfMarks: observation.screenshot = try OpenAIImageTiles(detail: models.detail ?? "high").encode(probe.marked([(1, target)]))
        case .planner: break
        }
        let step: PolicyStep
        do {
            step = try await policy.decide(observation, context: PolicyContext(task: "Click the black OK button in the middle of the screen.", step: 1))
        } catch {
            report(false, "the probe failed: \(error)")
            throw ExitCode(1)
        }
        switch step.outcome {
        case .decided(.act(.click(let point?, _, _))):
            let hit = target.insetBy(-40).contains(point)
            report(hit, hit ? "a tool call came back and was read: a click at \(point), on the button"
                   : "a tool call came back and was read, but the click at \(point) is off the button at \(target) — check the coordinate convention (\(family.name))")
        case .decided(let decision):
            report(false, "a tool call came back and was read, but it is not a click: \(decision)")
        case .unusable(let correction):
            report(false, "the answer could not be used: \(correction)")
            print("  the answer was: \(SafeText.line(step.reply, limit: 400))")
            print("  " + Self.advice(family: family, reply: step.reply))
        }
        if failed { throw ExitCode(1) }
    }

    /// What to change for an answer the family could not read.
    static func advice(family: ModelFamily, reply: String) -> String {
        if reply.contains("<function=") && family.name != "qwen3.5" {
            return "The server returned the call in Qwen3.5's XML form as text: use --profile qwen3.5, which reads it."
        }
        if reply.contains("<tool_call>") && family.name == "openai-tools" {
            return "The server returned the call as text: start vLLM with --enable-auto-tool-choice and a --tool-call-parser for the model (qwen3_coder for Qwen3.5, hermes for Qwen3), or use --profile qwen3.5 or qwen3-vl, which read it."
        }
        if reply.isEmpty {
            return "The answer was empty: a thinking model may have spent max_tokens thinking — try --no-thinking, or check the server's reasoning parser (--reasoning-parser qwen3)."
        }
        return "Check that the model is the family's (see `deskpilot models`), or choose another --profile."
    }

    /// A synthetic screen: a black button in the middle of a light one.
    static func probeScreen() -> Image {
        var image = Image(width: 1280, height: 800, filledWith: RGBA(r: 235, g: 235, b: 235))
        image.fill(x: 580, y: 375, width: 120, height: 50, with: RGBA(r: 20, g: 20, b: 20))
        return image
    }
}

/// A desktop that only has a size: the doctor never sends input, and its probe reads no windows.
struct FakeScreen: Desktop {
    let size: Size
    struct NoInput: Error {}
    func screenSize() async throws -> Size { size }
    func screenshot(region: Rect?) async throws -> Image { DoctorCommand.probeScreen() }
    func cursorPosition() async throws -> Point { Point(x: 0, y: 0) }
    func move(to point: Point) async throws { throw NoInput() }
    func click(at point: Point?, button: MouseButton, count: Int) async throws { throw NoInput() }
    func press(_ button: MouseButton) async throws { throw NoInput() }
    func release(_ button: MouseButton) async throws { throw NoInput() }
    func drag(along path: [Point], button: MouseButton) async throws { throw NoInput() }
    func scroll(dx: Int, dy: Int, at point: Point?) async throws { throw NoInput() }
    func key(_ combo: KeyCombo) async throws { throw NoInput() }
    func type(_ text: String) async throws { throw NoInput() }
    func windows() async throws -> [WindowInfo] { [] }
    func activeWindow() async throws -> WindowInfo? { nil }
    func focus(_ window: WindowInfo) async throws {}
}

extension Rect {
    /// The rectangle grown by `amount` on every side (shrunk when negative).
    fileprivate func insetBy(_ amount: Int) -> Rect {
        Rect(x: x + amount, y: y + amount, width: width - 2 * amount, height: height - 2 * amount)
    }
}
