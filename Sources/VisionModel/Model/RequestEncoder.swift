internal import Foundation

/// Encodes chat requests fast. A step's request carries several screenshots as base64 data URLs (megabytes);
/// Foundation's `JSONEncoder` examines every character of them for escaping, which costs tens of
/// milliseconds. Base64 data URLs never need escaping, so they are left out of the encoder's work and copied
/// into its output as they are, in one forward pass.
enum RequestEncoder {
    static func encode(_ request: ChatRequest) throws -> Data {
        // Plain characters only, so the encoder writes the placeholder as it is; the random part keeps it
        // from matching anything the request itself says.
        let token = "deskpilot-image-\(UInt64.random(in: 0...UInt64.max))-"
        func placeholder(_ index: Int) -> Data { Data((token + "\(index)-").utf8) }
        var images: [String] = []
        var light = request
        light.messages = request.messages.map { message in
            guard case .parts(let parts) = message.content else { return message }
            var copy = message
            copy.content = .parts(parts.map { part in
                switch part {
                case .image(let image):
                    // An encoded image's URL is base64 by construction.
                    images.append(image.dataURL)
                    return .image(EncodedImage(placeholder: token + "\(images.count - 1)-", of: image))
                case .imageURL(let url) where isPlainDataURL(url):
                    images.append(url)
                    return .imageURL(token + "\(images.count - 1)-")
                default:
                    return part
                }
            })
            return copy
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = .withoutEscapingSlashes
        let json = try encoder.encode(light)
        guard !images.isEmpty else { return json }

        // The encoder writes messages and parts in order, so the placeholders appear in order.
        var output = Data()
        output.reserveCapacity(json.count + images.reduce(0) { $0 + $1.utf8.count })
        var cursor = json.startIndex
        for (index, url) in images.enumerated() {
            guard let range = json.range(of: placeholder(index), in: cursor..<json.endIndex) else {
                return try encoder.encode(request)  // not expected; the slow, sure way
            }
            output.append(json[cursor..<range.lowerBound])
            var url = url
            url.withUTF8 { output.append($0) }
            cursor = range.upperBound
        }
        output.append(json[cursor...])
        return output
    }

    /// Bytes a `data:` URL may hold without JSON escaping (slashes are left alone): base64's alphabet and
    /// the header's `:;,-.`.
    private static let plainBytes: [Bool] = (0..<256).map { value in
        let byte = UInt8(value)
        return (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
            || "+/=:;,-.".utf8.contains(byte)
    }

    /// A `data:` URL whose characters JSON never escapes.
    private static func isPlainDataURL(_ url: String) -> Bool {
        guard url.hasPrefix("data:") else { return false }
        var url = url
        return url.withUTF8 { bytes in
            plainBytes.withUnsafeBufferPointer { table in
                var plain = true
                for byte in bytes { plain = plain && table[Int(byte)] }
                return plain
            }
        }
    }
}
