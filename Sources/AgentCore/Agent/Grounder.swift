public import DesktopKit
import Foundation
public import Imaging
public import VisionModel

/// Asks the model where something is on the screen: one request, no input sent.
public struct Grounder: Sendable {
    /// The desktop looked at.
    public let desktop: any Desktop
    /// The model server.
    public let transport: ModelTransport
    /// The model family.
    public let profile: any ModelProfile

    /// A grounder.
    public init(desktop: any Desktop, transport: ModelTransport, profile: any ModelProfile) {
        self.desktop = desktop
        self.transport = transport
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
    }

    /// The screen point the model gives for `description`, e.g. "the blue Submit button".
    public func locate(_ description: String) async throws -> Location {
        let capture = try await desktop.screenshot()
        let screenshot = try profile.prepareScreenshot(capture)
        let context = StepContext(instruction: "Click on \(description).", screenshot: screenshot)
        let request = ChatRequest(model: transport.endpoint.model, messages: profile.messages(for: context), maxTokens: 256)
        let message = try await transport.chat(request, profile: profile.name).message
        let parsed = try profile.parseReply(message)
        let action = profile.screenAction(for: try profile.action(from: parsed.calls[0], imageSize: screenshot.sentSize), on: screenshot)
        guard let point = action.coordinate else { throw GroundingError.noPoint(reply: message.content ?? action.description) }
        return Location(point: Point(x: point.x, y: point.y), screenshot: capture, reply: message.content ?? action.description)
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
