import Foundation
import VisionModel

/// Encodes chat requests fast. A step's request carries up to five screenshots as base64 data URLs (several
/// megabytes); Foundation's `JSONEncoder` examines every character of them for escaping, which costs tens of
/// milliseconds. Base64 data URLs never need escaping, so they are left out of the encoder's work and spliced
/// into its output as they are.
enum RequestEncoder {
    static func encode(_ request: ChatRequest) throws -> Data {
        // Plain characters only, so the encoder writes the placeholder as it is; the random part keeps it
        // from matching anything the request itself says.
        let token = "deskpilot-image-\(UInt64.random(in: 0...UInt64.max))-"
        func placeholder(_ index: Int) -> String { token + "\(index)-" }
        var images: [String] = []
        var light = request
        light.messages = request.messages.map { message in
            guard case .parts(let parts) = message.content else { return message }
            var copy = message
            copy.content = .parts(parts.map { part in
                guard case .imageURL(let url) = part, isPlainDataURL(url) else { return part }
                images.append(url)
                return .imageURL(placeholder(images.count - 1))
            })
            return copy
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = .withoutEscapingSlashes
        var json = try encoder.encode(light)
        for (index, url) in images.enumerated().reversed() {
            guard let range = json.range(of: Data(placeholder(index).utf8)) else { continue }
            json.replaceSubrange(range, with: Data(url.utf8))
        }
        return json
    }

    /// A `data:` URL whose characters JSON never escapes (with slashes left alone).
    private static func isPlainDataURL(_ url: String) -> Bool {
        url.hasPrefix("data:") && url.utf8.allSatisfy { byte in
            (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
                || byte == UInt8(ascii: "+") || byte == UInt8(ascii: "/") || byte == UInt8(ascii: "=")
                || byte == UInt8(ascii: ":") || byte == UInt8(ascii: ";") || byte == UInt8(ascii: ",") || byte == UInt8(ascii: "-")
                || byte == UInt8(ascii: ".")
        }
    }
}
