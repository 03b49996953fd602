public import Imaging

/// How a model family wants a screenshot: the size to send it at, and what that costs in visual tokens.
/// ``SmartResize`` is Qwen's; a family with another rule (OpenAI's tiles) is another conformance.
public protocol ImageEncoding: Sendable {
    /// The size to send a `screen`-sized screenshot at.
    ///
    /// - Throws: ``ScreenshotError`` for an image the model cannot take.
    func imageSize(forScreen screen: Size) throws(ScreenshotError) -> Size

    /// How many visual tokens an `imageSize` image costs.
    func visualTokens(imageSize: Size) -> Int

    /// The `detail` sent with each image (OpenAI's), or nil.
    var detail: String? { get }
}

extension ImageEncoding {
    /// No `detail`: servers other than OpenAI's ignore it.
    public var detail: String? { nil }

    /// `image` resized to ``imageSize(forScreen:)`` and encoded as PNG (the fast setting), typed until the
    /// request is written.
    ///
    /// - Throws: ``ScreenshotError``.
    public func encode(_ image: Image) throws(ScreenshotError) -> EncodedImage {
        let sent = try imageSize(forScreen: image.size)
        do {
            let resized = sent == image.size ? image : image.resized(width: sent.width, height: sent.height)
            var encoded = try EncodedImage(resized)
            encoded.detail = detail
            return encoded
        } catch {
            throw .encodingFailed(error)
        }
    }
}
