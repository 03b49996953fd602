public import Deskpilot
import Synchronization

/// A ``Policy`` that answers from a script instead of a model: each step takes the next outcome (the last
/// one repeats), and every context it was given is kept, so a test can check what the loop told it. For
/// testing the loop's phases without HTTP; the wire formats have their own tests over real HTTP.
public final class ScriptedPolicy: Policy {
    private let script: [PolicyStep.Outcome]
    private let requestTokens: Int
    private let cost: Double?
    private let contexts = Mutex<[PolicyContext]>([])

    /// A policy answering `script` in order; each step reports `requestTokens` tokens and, when given, `cost`.
    public init(_ script: [PolicyStep.Outcome], requestTokens: Int = 1000, cost: Double? = nil) {
        precondition(!script.isEmpty, "a scripted policy needs at least one outcome")
        self.script = script
        self.requestTokens = requestTokens
        self.cost = cost
    }

    /// The contexts of every decision, in order.
    public var received: [PolicyContext] { contexts.withLock { $0 } }

    public var description: String { "scripted policy" }

    /// The screen, with a small PNG standing for it.
    public func observe(_ screen: Image) async throws -> Observation {
        Observation(screen: screen, screenshot: try encode(toolImage: screen))
    }

    /// A small PNG standing for the image, of its size.
    public func encode(toolImage image: Image) throws -> EncodedImage? {
        EncodedImage(png: [UInt8](repeating: 1, count: 8), size: image.size, perceptualHash: image.perceptualHash)
    }

    public func decide(_ observation: Observation, context: PolicyContext) async throws -> PolicyStep {
        let index = contexts.withLock { contexts -> Int in
            contexts.append(context)
            return contexts.count - 1
        }
        let outcome = script[min(index, script.count - 1)]
        let reply = "reply \(index + 1)"
        let turn = observation.screenshot.map { HistoryTurn(screenshot: $0, reply: reply, summary: "step \(index + 1)") }
        let record = ModelCallRecord(role: "model", promptTokens: requestTokens - 10, completionTokens: 10, cost: cost)
        return PolicyStep(outcome: outcome, reply: reply, summary: "step \(index + 1)", turn: turn, requests: [record])
    }
}
