internal import Foundation

extension Image {
    /// The image as a PNG file's bytes: 8-bit RGB, no alpha (screenshots need none; it saves a quarter of
    /// the data). See ``PNGCompression`` for the trade-off.
    ///
    /// - Throws: ``ImagingError/pngEncodingFailed(reason:)`` for an empty image or when memory runs out.
    public func pngData(_ compression: PNGCompression = .compact) throws(ImagingError) -> [UInt8] {
        try PNGEncoder.encode(self, compression: compression)
    }

    /// Decodes a PNG file's bytes (an `[UInt8]`, `Data`, a slice, …) into an ``PixelFormat/rgba`` image;
    /// alpha is 255 where the PNG has none.
    ///
    /// - Throws: ``ImagingError/invalidPNG(reason:)`` for bytes that are not a complete, intact PNG.
    public init(pngData: some Collection<UInt8>) throws(ImagingError) {
        self = try Self.decodePNG(pngData, source: nil)
    }

    /// Writes the image as a PNG file at `path`, replacing any file there atomically.
    ///
    /// - Throws: ``ImagingError/fileUnwritable(path:reason:)`` or
    ///   ``ImagingError/pngEncodingFailed(reason:)``.
    public func writePNG(to path: String, _ compression: PNGCompression = .compact) throws(ImagingError) {
        let bytes = try pngData(compression)
        do {
            try Data(bytes).write(to: URL(fileURLWithPath: path), options: .atomic)
        } catch {
            throw .fileUnwritable(path: path, reason: Self.reason(for: error))
        }
    }

    /// Reads and decodes the PNG file at `path` into an ``PixelFormat/rgba`` image.
    ///
    /// - Throws: ``ImagingError/fileUnreadable(path:reason:)`` when the file cannot be read,
    ///   ``ImagingError/invalidPNG(reason:)`` (naming the path) when it is not a valid PNG.
    public init(contentsOfPNGFile path: String) throws(ImagingError) {
        let bytes: Data
        do {
            bytes = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw .fileUnreadable(path: path, reason: Self.reason(for: error))
        }
        self = try Self.decodePNG(bytes, source: path)
    }

    private static func decodePNG(_ bytes: some Collection<UInt8>, source: String?) throws(ImagingError) -> Image {
        let decode = { (buffer: UnsafeRawBufferPointer) in
            Result { () throws(ImagingError) in try LibPNG.decodeRGBA(buffer, source: source) }
        }
        let decoded = bytes.withContiguousStorageIfAvailable { decode(UnsafeRawBufferPointer($0)) }
            ?? Array(bytes).withUnsafeBytes(decode)
        return try decoded.get()
    }

    /// The operating system's own words for a Foundation file error ("No such file or directory").
    private static func reason(for error: any Error) -> String {
        // The underlying error is a POSIXError here; its failure reason is the bare strerror text.
        let underlying = ((error as NSError).userInfo[NSUnderlyingErrorKey] as? any Error).map { $0 as NSError }
        return underlying?.localizedFailureReason ?? underlying?.localizedDescription ?? error.localizedDescription
    }
}
