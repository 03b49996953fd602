import Foundation
@testable import Imaging
import Testing

@Suite("PNG encoding and decoding")
struct PNGCodingTests {
    /// The opaque RGBA image a PNG of `image` must decode to.
    private func expectedDecoding(of image: Image) -> Image {
        var rgba = image.converted(to: .rgba)
        for offset in stride(from: 3, to: rgba.pixels.count, by: 4) { rgba.pixels[offset] = 255 }
        return rgba
    }

    @Test("Round trip is exact", arguments: [PNGCompression.fast, .compact], [PixelFormat.rgba, .bgra])
    func roundTrip(compression: PNGCompression, format: PixelFormat) throws {
        let image = TestImages.userInterface(width: 320, height: 200, format: format)
        let decoded = try Image(pngData: image.pngData(compression))
        #expect(decoded.format == .rgba)
        #expect(decoded.width == 320 && decoded.height == 200)
        #expect(decoded == expectedDecoding(of: image))
    }

    @Test("Noise, flat areas and gradients survive both compressions", arguments: [PNGCompression.fast, .compact])
    func roundTripOfMixedContent(compression: PNGCompression) throws {
        var image = TestImages.noise(width: 150, height: 90, format: .bgra)
        image.fill(x: 10, y: 10, width: 80, height: 40, with: RGBA(r: 12, g: 200, b: 99))
        for x in 0..<150 { image[x, 70] = RGBA(r: UInt8(x), g: UInt8(255 - x), b: 7, a: 0) }
        #expect(try Image(pngData: image.pngData(compression)) == expectedDecoding(of: image))
    }

    @Test("Alpha is dropped: every decoded pixel is opaque")
    func alphaComesBackOpaque() throws {
        let translucent = Image(width: 7, height: 5, format: .bgra, filledWith: RGBA(r: 1, g: 2, b: 3, a: 0))
        let decoded = try Image(pngData: translucent.pngData(.fast))
        #expect(decoded[3, 2] == RGBA(r: 1, g: 2, b: 3, a: 255))
        #expect(stride(from: 3, to: decoded.pixels.count, by: 4).allSatisfy { decoded.pixels[$0] == 255 })
    }

    @Test("Output is an 8-bit RGB PNG: colour type 2, no alpha")
    func headerSaysRGB() throws {
        let png = try TestImages.userInterface(width: 33, height: 17).pngData(.fast)
        #expect(Array(png[0..<8]) == [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])
        #expect(Array(png[12..<16]) == Array("IHDR".utf8))
        #expect(Array(png[16..<24]) == [0, 0, 0, 33, 0, 0, 0, 17])
        #expect(png[24] == 8 && png[25] == 2)
        #expect(Array(png[(png.count - 12)...]) == [0, 0, 0, 0, 0x49, 0x45, 0x4E, 0x44, 0xAE, 0x42, 0x60, 0x82])
    }

    @Test("Compact is smaller than fast on a user interface")
    func compactIsSmaller() throws {
        let image = TestImages.userInterface(width: 400, height: 260, format: .bgra)
        let fast = try image.pngData(.fast)
        let compact = try image.pngData(.compact)
        #expect(compact.count < fast.count)
        // And both are far smaller than the 312 KB of raw RGB.
        #expect(fast.count < 400 * 260 * 3 / 4)
    }

    @Test("Bands compressed in parallel join into one valid stream", arguments: [1, 2, 3, 4], [PNGCompression.fast, .compact])
    func bandsJoin(bands: Int, compression: PNGCompression) throws {
        let image = TestImages.userInterface(width: 240, height: 150, format: .bgra, seed: UInt64(bands))
        let png = try PNGEncoder.encode(image, compression: compression, bandCount: bands)
        #expect(try Image(pngData: png) == expectedDecoding(of: image))
    }

    @Test("Bands join for noise and for flat images, where deflate emits stored and tiny blocks")
    func bandsJoinForExtremes() throws {
        let noise = TestImages.noise(width: 200, height: 120)
        #expect(try Image(pngData: PNGEncoder.encode(noise, compression: .fast, bandCount: 3)) == expectedDecoding(of: noise))
        let flat = Image(width: 500, height: 400, filledWith: RGBA(r: 9, g: 8, b: 7))
        #expect(try Image(pngData: PNGEncoder.encode(flat, compression: .compact, bandCount: 4)) == flat)
        let oneRowPerBand = TestImages.userInterface(width: 64, height: 3)
        #expect(try Image(pngData: PNGEncoder.encode(oneRowPerBand, compression: .fast, bandCount: 4)) == oneRowPerBand)
    }

    @Test("A 1×1 image round-trips")
    func singlePixel() throws {
        let pixel = Image(width: 1, height: 1, format: .bgra, filledWith: RGBA(r: 200, g: 100, b: 50))
        #expect(try Image(pngData: pixel.pngData(.fast))[0, 0] == RGBA(r: 200, g: 100, b: 50))
        #expect(try Image(pngData: pixel.pngData(.compact))[0, 0] == RGBA(r: 200, g: 100, b: 50))
    }

    @Test("An empty image cannot be encoded")
    func emptyImageFails() {
        let empty = Image(width: 0, height: 5, pixels: [])
        let error = #expect(throws: ImagingError.self) { try empty.pngData(.fast) }
        guard case .pngEncodingFailed(let reason) = error else {
            Issue.record("expected pngEncodingFailed, got \(String(describing: error))")
            return
        }
        #expect(reason.contains("0×5"))
    }

    @Test("Decoding accepts Data and slices that do not start at index 0")
    func decodingFromOtherCollections() throws {
        let image = TestImages.userInterface(width: 40, height: 30)
        let png = try image.pngData(.fast)
        #expect(try Image(pngData: Data(png)) == image)
        let padded = [1, 2, 3] + png
        #expect(try Image(pngData: padded[3...]) == image)
    }

    // MARK: - Files

    @Test("writePNG and init(contentsOfPNGFile:) round-trip through a file")
    func fileRoundTrip() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("imaging-\(UUID().uuidString).png").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        let image = TestImages.userInterface(width: 64, height: 48, format: .bgra)
        try image.writePNG(to: path, .fast)
        #expect(try Image(contentsOfPNGFile: path) == expectedDecoding(of: image))
    }

    @Test("A missing file is fileUnreadable, with the path in the description")
    func missingFile() {
        let path = "/nonexistent-\(UUID().uuidString)/screen.png"
        let error = #expect(throws: ImagingError.self) { try Image(contentsOfPNGFile: path) }
        #expect(error == .fileUnreadable(path: path, reason: "No such file or directory"))
        #expect(error?.description.contains(path) == true)
    }

    @Test("A file that is not a PNG is invalidPNG, naming the path")
    func fileThatIsNotPNG() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("imaging-\(UUID().uuidString).png").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        try Data("hello".utf8).write(to: URL(fileURLWithPath: path))
        let error = #expect(throws: ImagingError.self) { try Image(contentsOfPNGFile: path) }
        #expect(error?.description.contains(path) == true)
    }

    @Test("Writing into a missing folder is fileUnwritable")
    func unwritablePath() {
        let path = "/nonexistent-\(UUID().uuidString)/out.png"
        let error = #expect(throws: ImagingError.self) { try Image(width: 2, height: 2, filledWith: RGBA(r: 0, g: 0, b: 0)).writePNG(to: path) }
        guard case .fileUnwritable(let errorPath, _) = error else {
            Issue.record("expected fileUnwritable, got \(String(describing: error))")
            return
        }
        #expect(errorPath == path)
    }

    // MARK: - Corrupt input

    private static let validPNG: [UInt8] = try! TestImages.userInterface(width: 120, height: 80).pngData(.fast)

    /// The offset of the IDAT chunk's data and its length.
    private static var idat: (start: Int, length: Int) {
        let length = validPNG[33..<37].reduce(0) { $0 << 8 | Int($1) }
        return (41, length)
    }

    @Test("Empty and random bytes are invalidPNG")
    func notAPNG() {
        var random = SeededRandom(seed: 9)
        for bytes in [[], [UInt8](repeating: 0, count: 3), (0..<400).map { _ in UInt8(random.next(256)) }] {
            let error = #expect(throws: ImagingError.self) { try Image(pngData: bytes) }
            #expect(error == .invalidPNG(reason: "\(bytes.count) bytes do not start with the PNG signature"))
        }
    }

    @Test("A truncated PNG is invalidPNG, with libpng's message", arguments: [8, 20, 33, 41, 60, -1, -13])
    func truncated(length: Int) {
        // Negative lengths count from the end (-1: half the file; -13: cut inside the IDAT CRC).
        let cut = length >= 0 ? length : length == -1 ? Self.validPNG.count / 2 : Self.validPNG.count + length
        let error = #expect(throws: ImagingError.self) { try Image(pngData: Self.validPNG[..<cut]) }
        guard case .invalidPNG(let reason) = error else {
            Issue.record("expected invalidPNG, got \(String(describing: error))")
            return
        }
        #expect(reason.contains("libpng: read beyond end of data"))
        #expect(reason.contains("\(cut) bytes"))
    }

    @Test("A PNG missing only its IEND chunk still decodes: every pixel is there")
    func missingEnd() throws {
        let image = try Image(pngData: Self.validPNG.dropLast(12))
        #expect(image == TestImages.userInterface(width: 120, height: 80))
    }

    @Test("A flipped byte inside IDAT is invalidPNG (here libpng finds the damage before the CRC)", arguments: [0, 2, 100, 1000, -5])
    func flippedByteInIDAT(position: Int) {
        let (start, length) = Self.idat
        var damaged = Self.validPNG
        damaged[start + (position >= 0 ? position : length + position)] ^= 0x40
        let error = #expect(throws: ImagingError.self) { try Image(pngData: damaged) }
        guard case .invalidPNG(let reason) = error else {
            Issue.record("expected invalidPNG, got \(String(describing: error))")
            return
        }
        #expect(reason.hasPrefix("libpng: "))
    }

    // (Not the stream's last bytes: a flipped padding bit after the final end-of-block code changes nothing.)
    @Test("A flipped byte inside IDAT with a recomputed CRC is caught by zlib's checks", arguments: [2, 100, 1000, -1])
    func flippedByteWithValidCRC(position: Int) {
        let (start, length) = Self.idat
        var damaged = Self.validPNG
        damaged[start + (position >= 0 ? position : length / 2)] ^= 0x40
        let crc = damaged[37..<(start + length)].withContiguousStorageIfAvailable { Checksum.crc32(0, UnsafeRawBufferPointer($0)) }!
        for i in 0..<4 { damaged[start + length + i] = UInt8(truncatingIfNeeded: crc >> (24 - 8 * i)) }
        #expect(throws: ImagingError.self) { try Image(pngData: damaged) }
    }

    @Test("A flipped byte in IHDR is a CRC error")
    func flippedByteInHeader() {
        var damaged = Self.validPNG
        damaged[19] ^= 1
        let error = #expect(throws: ImagingError.self) { try Image(pngData: damaged) }
        #expect(error == .invalidPNG(reason: "libpng: IHDR: CRC error (\(damaged.count) bytes)"))
    }
}
