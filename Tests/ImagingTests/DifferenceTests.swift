@testable import Imaging
import Testing

@Suite("Image difference")
struct DifferenceTests {
    private let base = TestImages.userInterface(width: 40, height: 25)

    @Test("Identical images differ by nothing")
    func identical() throws {
        let difference = try base.difference(from: base)
        #expect(difference.meanDifference == 0)
        #expect(difference.pixelsBeyondTolerance == 0)
        #expect(difference.totalPixels == 1000)
        #expect(difference.fractionBeyondTolerance == 0)
    }

    @Test("One changed pixel is counted beyond the tolerance, not within it")
    func onePixel() throws {
        var changed = base
        let original = base[17, 9]
        changed[17, 9] = RGBA(r: original.r, g: original.g &+ 10, b: original.b, a: 0)  // alpha is ignored
        let strict = try base.difference(from: changed, tolerance: 9)
        #expect(strict.pixelsBeyondTolerance == 1)
        #expect(strict.fractionBeyondTolerance == 0.001)
        #expect(abs(strict.meanDifference - 10.0 / 3000) < 1e-12)
        let lenient = try base.difference(from: changed, tolerance: 10)
        #expect(lenient.pixelsBeyondTolerance == 0)
        #expect(lenient.meanDifference == strict.meanDifference)
    }

    @Test("The diff image marks differing pixels red over a dimmed grey copy")
    func diffImage() throws {
        var changed = base
        changed[3, 4] = RGBA(r: 0, g: 0, b: 0)
        let diff = try base.difference(from: changed).diffImage
        #expect(diff.width == 40 && diff.height == 25)
        #expect(diff[3, 4] == RGBA(r: 255, g: 0, b: 0))
        for (x, y) in [(0, 0), (39, 24), (10, 1), (3, 5)] {
            let pixel = diff[x, y]
            #expect(pixel.r == pixel.g && pixel.g == pixel.b && pixel.r <= 127 && pixel.a == 255)
        }
    }

    @Test("Pixel formats may differ: channels are compared by meaning")
    func mixedFormats() throws {
        let difference = try base.difference(from: TestImages.xCapture(of: base))
        #expect(difference.pixelsBeyondTolerance == 0 && difference.meanDifference == 0)
        let diff = try TestImages.xCapture(of: base).difference(from: base).diffImage
        #expect(diff.format == .bgra)
    }

    @Test("Different sizes throw sizeMismatch")
    func sizeMismatch() {
        let other = Image(width: 40, height: 24, filledWith: RGBA(r: 0, g: 0, b: 0))
        let error = #expect(throws: ImagingError.self) { try base.difference(from: other) }
        #expect(error == .sizeMismatch(width: 40, height: 25, otherWidth: 40, otherHeight: 24))
    }

    @Test("Mean difference is the mean over R, G and B")
    func meanDifference() throws {
        let black = Image(width: 2, height: 1, filledWith: RGBA(r: 0, g: 0, b: 0))
        let grey = Image(width: 2, height: 1, filledWith: RGBA(r: 30, g: 60, b: 90, a: 0))
        #expect(try black.difference(from: grey).meanDifference == 60)
    }
}
