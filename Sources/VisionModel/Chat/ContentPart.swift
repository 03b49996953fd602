/// One part of a multi-part message: `{"type": "text", "text": …}` or
/// `{"type": "image_url", "image_url": {"url": "data:image/png;base64,…"}}`.
public enum ContentPart: Codable, Sendable, Hashable {
    /// Text.
    case text(String)
    /// An image Deskpilot sends: written as a `data:image/png;base64,…` URL (Ollama accepts no other kind).
    case image(EncodedImage)
    /// An image by URL, as a request read back (a test server, the stand-in model) has it.
    case imageURL(String)

    /// The image's URL: the data URL of an ``image(_:)``, the URL of an ``imageURL(_:)``; nil for text.
    public var imageURL: String? {
        switch self {
        case .text: nil
        case .image(let image): image.dataURL
        case .imageURL(let url): url
        }
    }

    private enum CodingKeys: String, CodingKey {
        case type, text
        case imageURL = "image_url"
    }

    private struct ImageURL: Codable {
        let url: String
        var detail: String?
    }

    /// Decodes a text or image part; `image_url` may also be a bare string, as some clients write it.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let type = try container.decode(String.self, forKey: .type)
        switch type {
        case "text":
            self = .text(try container.decode(String.self, forKey: .text))
        case "image_url":
            if let image = try? container.decode(ImageURL.self, forKey: .imageURL) {
                self = .imageURL(image.url)
            } else {
                self = .imageURL(try container.decode(String.self, forKey: .imageURL))
            }
        default:
            throw DecodingError.dataCorruptedError(
                forKey: .type, in: container,
                debugDescription: "Unsupported content part type \"\(type)\"; expected \"text\" or \"image_url\""
            )
        }
    }

    /// Encodes the part in OpenAI's form.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        switch self {
        case .text(let text):
            try container.encode("text", forKey: .type)
            try container.encode(text, forKey: .text)
        case .image(let image):
            try container.encode("image_url", forKey: .type)
            try container.encode(ImageURL(url: image.dataURL, detail: image.detail), forKey: .imageURL)
        case .imageURL(let url):
            try container.encode("image_url", forKey: .type)
            try container.encode(ImageURL(url: url), forKey: .imageURL)
        }
    }
}
