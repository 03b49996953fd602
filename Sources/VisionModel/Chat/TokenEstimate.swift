internal import Foundation
public import Imaging

/// Token counts worked out on the client: the visual tokens of the images a request carries (exact for the
/// profile's resize), and a rough count of text tokens, used when a server leaves `usage` out.
public enum TokenEstimate {
    /// Characters per text token assumed for English prose and JSON with Qwen's tokenizer.
    public static let charactersPerToken = 4

    /// About how many tokens `text` is: its UTF-8 length over ``charactersPerToken``, rounded up.
    public static func textTokens(_ text: String) -> Int {
        (text.utf8.count + charactersPerToken - 1) / charactersPerToken
    }

    /// About how many prompt tokens `messages` make for `profile`: their visual tokens plus their text's
    /// tokens.
    public static func promptTokens(_ messages: [ChatMessage], profile: ModelProfile) -> Int {
        promptTokens(messages, encoding: profile.image)
    }

    /// About how many prompt tokens `messages` make, images counted by `encoding` (none: a text-only model).
    public static func promptTokens(_ messages: [ChatMessage], encoding: (any ImageEncoding)?) -> Int {
        visualTokens(messages, encoding: encoding) + messages.reduce(0) { $0 + textTokens($1.content.text) }
    }

    /// The visual tokens of the images in `messages`, as `encoding` counts them.
    public static func visualTokens(_ messages: [ChatMessage], encoding: (any ImageEncoding)?) -> Int {
        guard let encoding else { return 0 }
        return imageSizes(in: messages).reduce(0) { $0 + encoding.visualTokens(imageSize: $1) }
    }

    /// The sizes of the images in `messages`: an encoded image's own size, or for a PNG `data:` URL (a
    /// request read back) the size in the PNG's header; images in other formats, or sent by address, are
    /// left out.
    public static func imageSizes(in messages: [ChatMessage]) -> [Size] {
        messages.flatMap { message -> [Size] in
            guard case .parts(let parts) = message.content else { return [] }
            return parts.compactMap { part in
                switch part {
                case .image(let image): image.size
                case .imageURL(let url): pngSize(dataURL: url)
                case .text: nil
                }
            }
        }
    }

    /// The width and height in a PNG data URL's `IHDR` chunk: the first 24 bytes of the file are the
    /// signature, the chunk's length and type, then width and height (big-endian), so 32 base64 characters
    /// are all that need decoding.
    static func pngSize(dataURL: String) -> Size? {
        guard dataURL.hasPrefix("data:image/png;base64,") else { return nil }
        let start = dataURL.utf8.index(dataURL.utf8.startIndex, offsetBy: 22)
        guard let end = dataURL.utf8.index(start, offsetBy: 32, limitedBy: dataURL.utf8.endIndex),
              let bytes = Data(base64Encoded: String(dataURL.utf8[start..<end])!),
              bytes.count == 24, bytes[12..<16].elementsEqual("IHDR".utf8)
        else { return nil }
        func bigEndian(_ offset: Int) -> Int { bytes[offset..<offset + 4].reduce(0) { $0 << 8 | Int($1) } }
        let size = Size(width: bigEndian(16), height: bigEndian(20))
        return size.width > 0 && size.height > 0 ? size : nil
    }
}
