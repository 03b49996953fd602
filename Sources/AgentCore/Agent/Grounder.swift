public import DesktopKit
import Foundation
public import Imaging
public import VisionModel

/// Asks a vision model where something is on the screen: one request with the screenshot, no input sent.
public struct Grounder: Sendable {
    /// The desktop looked at.
    public let desktop: any Desktop
    /// Where answers come from.
    public let model: any ChatModel
    /// How the family is spoken to.
    public let profile: ModelProfile

    /// A grounder.
    public init(desktop: any Desktop, model: any ChatModel, profile: ModelProfile) {
        self.desktop = desktop
        self.model = model
        self.profile = profile
    }

    /// Where the model located a description.
    public struct Location: Sendable {
        /// The point in screen pixels.
        public var point: Point
        /// The screenshot the model was sent (full screen size).
        public var screenshot: Image
        /// The model's reply, verbatim.
        public var reply: String
        /// True when the answer came from a cassette.
        public var replayed: Bool
        /// The request, as the record keeps it (role `grounder`).
        public var record: ModelCallRecord
    }

    /// The screen point the model gives for `description`, e.g. "the blue Submit button", on the screen as it
    /// is now.
    ///
    /// - Throws: ``GroundingError`` when the reply names no point; the model's and profile's errors.
    public func locate(_ description: String) async throws -> Location {
        try await locate(description, on: try await desktop.screenshot())
    }

    /// The point the model gives for `description` on `capture`, priced by `pricing`.
    ///
    /// - Throws: ``GroundingError`` when the reply names no point; the model's and profile's errors.
    public func locate(_ description: String, on capture: Image, pricing: TokenPricing? = nil) async throws -> Location {
        let screenshot = try profile.encode(capture)
        let context = ConversationContext(instruction: "Click on \(description).", screenshot: screenshot)
        let tools = [profile.computerUseTool(imageSize: screenshot.size)]
        let request = profile.request(model: model.modelName, context: context, tools: tools, maxTokens: 256)
        let exchange = try await model.complete(request)
        let reply = exchange.message.content ?? exchange.message.toolCalls.map { "\($0.function.name) \($0.function.arguments)" }.joined()
        let parsed = try profile.read(exchange.message, tools: tools)
        guard case .act(let action) = try profile.computerUseCall(arguments: parsed.calls[0].arguments, imageSize: screenshot.size),
              let point = profile.screenAction(action, imageSize: screenshot.size, screen: capture.size).point
        else { throw GroundingError.noPoint(reply: reply) }
        return Location(point: point, screenshot: capture, reply: reply, replayed: exchange.replayed,
                        record: ModelCallRecord(role: "grounder", request: request, exchange: exchange, profile: profile, pricing: pricing))
    }
}

/// The model answered without a point.
public enum GroundingError: Error, Sendable, CustomStringConvertible {
    /// The reply had a call, but not one with a coordinate.
    case noPoint(reply: String)

    public var description: String {
        switch self {
        case .noPoint(let reply): "The model did not point at anything — its reply was: \(reply)"
        }
    }
}

extension Image {
    /// A copy with a red crosshair and ring at `point`, for showing where something was found.
    public func marked(at point: Point, radius: Int = 14) -> Image {
        var image = self
        let red = RGBA(r: 230, g: 20, b: 40)
        image.fill(x: point.x - radius - 6, y: point.y - 1, width: 2 * radius + 13, height: 3, with: red)
        image.fill(x: point.x - 1, y: point.y - radius - 6, width: 3, height: 2 * radius + 13, with: red)
        for angle in stride(from: 0.0, to: 2 * Double.pi, by: 0.02) {
            let x = point.x + Int((Double(radius) * cos(angle)).rounded()), y = point.y + Int((Double(radius) * sin(angle)).rounded())
            image.fill(x: x - 1, y: y - 1, width: 3, height: 3, with: red)
        }
        return image
    }
}
