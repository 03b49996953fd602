@testable import Imaging
import Testing

@Suite("Cropping and filling")
struct RegionTests {
    @Test("Crop returns the region's pixels", arguments: [PixelFormat.rgba, .bgra])
    func cropPixels(format: PixelFormat) throws {
        let image = TestImages.noise(width: 30, height: 20, format: format)
        let region = try image.cropped(x: 7, y: 4, width: 11, height: 9)
        #expect(region.width == 11 && region.height == 9 && region.format == format)
        for y in 0..<9 {
            for x in 0..<11 { #expect(region[x, y] == image[7 + x, 4 + y]) }
        }
    }

    @Test("Crops at the edges and of the whole image")
    func edges() throws {
        let image = TestImages.noise(width: 10, height: 8)
        #expect(try image.cropped(x: 0, y: 0, width: 10, height: 8) == image)
        #expect(try image.cropped(x: 9, y: 7, width: 1, height: 1)[0, 0] == image[9, 7])
        #expect(try image.cropped(x: 10, y: 8, width: 0, height: 0).pixels.isEmpty)
    }

    @Test(
        "A region outside the image throws outOfBounds",
        arguments: [(-1, 0, 5, 5), (0, -1, 5, 5), (6, 0, 5, 5), (0, 4, 5, 5), (0, 0, 11, 1), (0, 0, -1, 3), (Int.max, 0, 1, 1), (1, 1, Int.max, 1)]
    )
    func outOfBounds(x: Int, y: Int, width: Int, height: Int) {
        let image = TestImages.noise(width: 10, height: 8)
        let error = #expect(throws: ImagingError.self) { try image.cropped(x: x, y: y, width: width, height: height) }
        #expect(error == .outOfBounds(x: x, y: y, width: width, height: height, imageWidth: 10, imageHeight: 8))
    }

    @Test("Fill paints the rectangle and clips what lies outside")
    func fillClips() {
        let red = RGBA(r: 255, g: 0, b: 0)
        let background = RGBA(r: 1, g: 2, b: 3)
        var image = Image(width: 6, height: 4, format: .bgra, filledWith: background)
        image.fill(x: 4, y: -2, width: 10, height: 4, with: red)
        for y in 0..<4 {
            for x in 0..<6 { #expect(image[x, y] == (x >= 4 && y < 2 ? red : background)) }
        }
    }

    @Test("Fill outside the image, or with huge or negative sizes, changes nothing and does not trap")
    func fillOutside() {
        let original = Image(width: 5, height: 5, filledWith: RGBA(r: 9, g: 9, b: 9))
        var image = original
        image.fill(x: 5, y: 0, width: 3, height: 3, with: RGBA(r: 0, g: 0, b: 0))
        image.fill(x: Int.min, y: Int.min, width: -1, height: -1, with: RGBA(r: 0, g: 0, b: 0))
        image.fill(x: 0, y: 0, width: -3, height: 2, with: RGBA(r: 0, g: 0, b: 0))
        #expect(image == original)
        image.fill(x: Int.min, y: 0, width: Int.max, height: 5, with: RGBA(r: 0, g: 0, b: 0))  // ends at x = -1
        #expect(image == original)
        image.fill(x: -3, y: -7, width: Int.max, height: Int.max, with: RGBA(r: 0, g: 0, b: 0))
        #expect(image == Image(width: 5, height: 5, filledWith: RGBA(r: 0, g: 0, b: 0)))
    }
}
