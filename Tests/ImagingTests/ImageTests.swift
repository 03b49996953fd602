@testable import Imaging
import Testing

@Suite("Image basics")
struct ImageTests {
    @Test("Pixels are laid out in the format's byte order")
    func byteOrder() {
        let colour = RGBA(r: 1, g: 2, b: 3, a: 4)
        #expect(Image(width: 2, height: 1, format: .rgba, filledWith: colour).pixels == [1, 2, 3, 4, 1, 2, 3, 4])
        #expect(Image(width: 2, height: 1, format: .bgra, filledWith: colour).pixels == [3, 2, 1, 4, 3, 2, 1, 4])
    }

    @Test("The subscript reads and writes by meaning, whatever the format", arguments: [PixelFormat.rgba, .bgra])
    func subscriptIsFormatAware(format: PixelFormat) {
        var image = Image(width: 3, height: 2, format: format, filledWith: RGBA(r: 0, g: 0, b: 0, a: 0))
        image[2, 1] = RGBA(r: 10, g: 20, b: 30, a: 40)
        #expect(image[2, 1] == RGBA(r: 10, g: 20, b: 30, a: 40))
        #expect(image[1, 1] == RGBA(r: 0, g: 0, b: 0, a: 0))
        let offset = (1 * 3 + 2) * 4
        #expect(Array(image.pixels[offset..<(offset + 4)]) == (format == .rgba ? [10, 20, 30, 40] : [30, 20, 10, 40]))
    }

    @Test("Converting swaps red and blue and back")
    func conversion() {
        let rgba = TestImages.noise(width: 13, height: 7)
        let bgra = rgba.converted(to: .bgra)
        #expect(bgra.format == .bgra)
        #expect(bgra[5, 3] == rgba[5, 3])
        #expect(bgra.pixels[0] == rgba.pixels[2] && bgra.pixels[2] == rgba.pixels[0] && bgra.pixels[3] == rgba.pixels[3])
        #expect(bgra.converted(to: .rgba) == rgba)
        #expect(rgba.converted(to: .rgba) == rgba)
    }

    @Test("Every error describes what, where and what to do in one line")
    func errorDescriptions() {
        let errors: [ImagingError] = [
            .invalidPNG(reason: "12 bytes do not start with the PNG signature"),
            .pngEncodingFailed(reason: "a 0×5 image cannot be a PNG"),
            .fileUnreadable(path: "/tmp/a.png", reason: "No such file or directory"),
            .fileUnwritable(path: "/tmp/b.png", reason: "Permission denied"),
            .outOfBounds(x: 5, y: 6, width: 7, height: 8, imageWidth: 10, imageHeight: 11),
            .sizeMismatch(width: 1, height: 2, otherWidth: 3, otherHeight: 4),
        ]
        for error in errors {
            #expect(!error.description.contains("\n"))
            #expect(error.description.contains(" — "))
        }
        #expect(errors[0].description == "Cannot decode PNG: 12 bytes do not start with the PNG signature — is the file truncated or not a PNG?")
        #expect(errors[2].description.contains("/tmp/a.png") && errors[2].description.contains("No such file or directory"))
        #expect(errors[4].description.contains("7×8 at (5, 6)") && errors[4].description.contains("10×11"))
        #expect(errors[5].description.contains("1×2") && errors[5].description.contains("3×4"))
    }
}
