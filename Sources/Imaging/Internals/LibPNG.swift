internal import CPNG

/// Decodes PNG bytes with libpng's simplified API, which does its own `setjmp`: no `longjmp` ever crosses a
/// Swift frame, and a corrupt or truncated file comes back as a failure code with a message.
///
/// This file is the only place that calls libpng and turns its failures into ``ImagingError``.
enum LibPNG {
    /// The largest image decoded (pixels): 2²⁸, a 1 GiB RGBA buffer. A corrupt header cannot ask for more.
    static let maximumPixelCount = 1 << 28

    /// The image in `bytes` as RGBA (alpha 255 where the PNG has none). `source` names where the bytes came
    /// from (a path) in errors.
    static func decodeRGBA(_ bytes: UnsafeRawBufferPointer, source: String?) throws(ImagingError) -> Image {
        let origin = "\(bytes.count) bytes" + (source.map { " from \($0)" } ?? "")
        let signature: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]
        guard bytes.count >= 8, bytes.prefix(8).elementsEqual(signature) else {
            throw .invalidPNG(reason: "\(origin) do not start with the PNG signature")
        }
        var image = png_image()
        image.version = CPNG_IMAGE_VERSION
        defer { png_image_free(&image) }
        guard png_image_begin_read_from_memory(&image, bytes.baseAddress, bytes.count) != 0 else {
            throw failure(of: image, origin: origin)
        }
        let width = Int(image.width)
        let height = Int(image.height)
        guard width > 0, height > 0, width * height <= maximumPixelCount else {
            throw .invalidPNG(reason: "\(origin) declare a \(width)×\(height) image, more than \(maximumPixelCount) pixels")
        }
        image.format = CPNG_FORMAT_RGBA
        let count = width * height * 4
        var succeeded = false
        let pixels = [UInt8](unsafeUninitializedCapacity: count) { buffer, initialized in
            succeeded = png_image_finish_read(&image, nil, buffer.baseAddress, Int32(width * 4), nil) != 0
            initialized = succeeded ? count : 0
        }
        guard succeeded else { throw failure(of: image, origin: origin) }
        return Image(width: width, height: height, format: .rgba, pixels: pixels)
    }

    /// The error for a failed libpng call: its own message (`png_image.message`, a NUL-terminated char[64]).
    private static func failure(of image: png_image, origin: String) -> ImagingError {
        let message = withUnsafeBytes(of: image.message) { bytes in
            String(decoding: bytes.prefix { $0 != 0 }, as: UTF8.self)
        }
        let detail = message.isEmpty ? "libpng failed (code \(image.warning_or_error))" : "libpng: \(message)"
        return .invalidPNG(reason: "\(detail) (\(origin))")
    }
}
