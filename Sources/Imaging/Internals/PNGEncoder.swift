internal import Dispatch
internal import Foundation

/// Writes an image as an 8-bit RGB PNG (colour type 2, no alpha): signature, IHDR, one IDAT holding a zlib
/// stream, IEND.
///
/// The rows are split into bands, one per core (at most ``maximumBands``) for images large enough to
/// gain. Each band is filtered (see ``RowFilter``: pixels to RGB and filtered in one pass) and compressed
/// by its own libdeflate compressor on its own thread; all bands but the last are then made joinable
/// (``DeflateStreamEnd``), so that their streams concatenate into one DEFLATE stream, as pigz does. Should
/// that ever fail, the whole image is compressed again on one thread.
/// - ``PNGCompression/fast``: ``RowFilter/applyFast(to:width:rows:swapsRedAndBlue:into:)``, libdeflate level 1
///   (level 2 is 4 % smaller but costs twice the instructions).
/// - ``PNGCompression/compact``: ``RowFilter/applyCompact(to:width:rows:format:into:)``, libdeflate level 10
///   (measured on screenshots: 10 % smaller than levels 6–9; levels 11–12 take 2–5× longer for 1 % more).
enum PNGEncoder {
    /// The most threads one encode uses.
    static let maximumBands = 4
    /// Below this many filtered bytes per band, another band costs more than it saves. (Buffers are allocated
    /// per call: a compressor costs ~6 µs, and page faults on the fresh buffers ~2 % of an encode.)
    static let minimumBandBytes = 256 * 1024

    /// The PNG file's bytes. `bandCount` overrides the number of bands (for tests).
    static func encode(_ image: Image, compression: PNGCompression, bandCount requestedBands: Int? = nil) throws(ImagingError) -> [UInt8] {
        let width = image.width
        let height = image.height
        guard width > 0, height > 0, width <= Int(Int32.max), height <= Int(Int32.max) else {
            throw .pngEncodingFailed(reason: "a \(width)×\(height) image cannot be a PNG, whose sides are 1...\(Int32.max) pixels")
        }
        _ = image.checkedByteCount
        let rowBytes = 1 + width * 3
        let (rawCount, overflow) = rowBytes.multipliedReportingOverflow(by: height)
        guard !overflow else {
            throw .pngEncodingFailed(reason: "a \(width)×\(height) image is too large to encode")
        }
        let level = compression == .fast ? 1 : 10
        let automaticBands = min(maximumBands, ProcessInfo.processInfo.activeProcessorCount, rawCount / minimumBandBytes)
        let bandCount = max(1, min(height, requestedBands ?? automaticBands))
        let bands = (0..<bandCount).map { band in (height * band / bandCount)..<(height * (band + 1) / bandCount) }

        let raw = UnsafeMutableRawBufferPointer.allocate(byteCount: rawCount, alignment: 16)
        defer { raw.deallocate() }
        // Each band's stream gets its own region, with 5 bytes for the empty stored block that ends it.
        let bound = try DeflateCompressor(level: level).deflateBound(for: bands.map(\.count).max()! * rowBytes) + 5
        let streams = UnsafeMutableRawBufferPointer.allocate(byteCount: bound * bandCount, alignment: 16)
        defer { streams.deallocate() }
        let results = UnsafeMutableBufferPointer<BandResult>.allocate(capacity: bandCount)
        results.initialize(repeating: .notJoinable)
        defer {
            results.deinitialize()
            results.deallocate()
        }

        let format = image.format
        image.pixels.withUnsafeBytes { pixels in
            let context = BandContext(pixels: pixels.baseAddress!, raw: raw.baseAddress!, streams: streams, results: results)
            let work = { @Sendable (band: Int) in
                let rows = bands[band]
                switch compression {
                case .fast:
                    RowFilter.applyFast(to: context.pixels, width: width, rows: rows, swapsRedAndBlue: format == .bgra, into: context.raw)
                case .compact:
                    RowFilter.applyCompact(to: context.pixels, width: width, rows: rows, format: format, into: context.raw)
                }
                let input = UnsafeRawBufferPointer(start: context.raw + rows.lowerBound * rowBytes, count: rows.count * rowBytes)
                let output = UnsafeMutableRawBufferPointer(rebasing: context.streams[(band * bound)..<((band + 1) * bound)])
                context.results[band] = compressBand(input, level: level, into: output, isLast: band == bandCount - 1)
            }
            if bandCount == 1 {
                work(0)
            } else {
                DispatchQueue.concurrentPerform(iterations: bandCount, execute: work)
            }
        }

        var pieces: [UnsafeRawBufferPointer] = []
        for band in 0..<bandCount {
            switch results[band] {
            case .compressed(let length):
                pieces.append(UnsafeRawBufferPointer(rebasing: streams[(band * bound)..<(band * bound + length)]))
            case .notJoinable:
                // Never seen; one stream for the whole image is always valid.
                return try encodeInOneBand(raw: UnsafeRawBufferPointer(raw), level: level, width: width, height: height)
            case .failed(let error):
                throw error
            }
        }
        let adler = Checksum.adler32(1, UnsafeRawBufferPointer(raw))
        try checkChunkLength(pieces, width: width, height: height)
        return assemble(width: width, height: height, level: level, deflate: pieces, adler32: adler)
    }

    /// What became of one band.
    private enum BandResult {
        /// Its stream is this long and (unless it is the last band) ends joinable.
        case compressed(length: Int)
        /// ``DeflateStreamEnd`` could not parse the stream.
        case notJoinable
        case failed(ImagingError)
    }

    /// The buffers one encode's bands share.
    ///
    /// `@unchecked Sendable` is safe here: `pixels` is only read; each band writes only its own rows of
    /// `raw`, its own region of `streams` and its own element of `results`; `concurrentPerform` returns only
    /// after every band has finished, while all the buffers are still alive.
    private struct BandContext: @unchecked Sendable {
        let pixels: UnsafeRawPointer
        let raw: UnsafeMutableRawPointer
        let streams: UnsafeMutableRawBufferPointer
        let results: UnsafeMutableBufferPointer<BandResult>
    }

    private static func compressBand(
        _ input: UnsafeRawBufferPointer, level: Int, into output: UnsafeMutableRawBufferPointer, isLast: Bool
    ) -> BandResult {
        do {
            let compressor = try DeflateCompressor(level: level)
            let length = try compressor.deflate(input, into: UnsafeMutableRawBufferPointer(rebasing: output[..<(output.count - 5)]))
            if isLast { return .compressed(length: length) }
            guard let joinable = DeflateStreamEnd.makeJoinable(output, count: length) else { return .notJoinable }
            return .compressed(length: joinable)
        } catch {
            return .failed(error)
        }
    }

    private static func encodeInOneBand(raw: UnsafeRawBufferPointer, level: Int, width: Int, height: Int) throws(ImagingError) -> [UInt8] {
        let compressor = try DeflateCompressor(level: level)
        let stream = UnsafeMutableRawBufferPointer.allocate(byteCount: compressor.deflateBound(for: raw.count), alignment: 16)
        defer { stream.deallocate() }
        let length = try compressor.deflate(raw, into: stream)
        let piece = UnsafeRawBufferPointer(rebasing: stream[..<length])
        try checkChunkLength([piece], width: width, height: height)
        return assemble(width: width, height: height, level: level, deflate: [piece], adler32: Checksum.adler32(1, raw))
    }

    // MARK: - File layout

    /// PNG chunks hold at most 2³¹ - 1 bytes; this encoder writes one IDAT.
    private static func checkChunkLength(_ deflate: [UnsafeRawBufferPointer], width: Int, height: Int) throws(ImagingError) {
        guard deflate.reduce(6, { $0 + $1.count }) <= Int(Int32.max) else {
            throw .pngEncodingFailed(reason: "the compressed \(width)×\(height) image exceeds one PNG chunk (2 GiB)")
        }
    }

    /// Signature, IHDR (8-bit RGB, no interlace), IDAT with the zlib stream (header, `deflate` pieces in
    /// order, Adler-32), IEND.
    private static func assemble(width: Int, height: Int, level: Int, deflate: [UnsafeRawBufferPointer], adler32: UInt32) -> [UInt8] {
        let deflateLength = deflate.reduce(0) { $0 + $1.count }
        let count = 8 + (12 + 13) + (12 + 2 + deflateLength + 4) + 12
        return [UInt8](unsafeUninitializedCapacity: count) { buffer, initialized in
            let file = UnsafeMutableRawBufferPointer(buffer)
            var offset = 0
            func put(_ bytes: UnsafeRawBufferPointer) {
                UnsafeMutableRawBufferPointer(rebasing: file[offset..<(offset + bytes.count)]).copyMemory(from: bytes)
                offset += bytes.count
            }
            func put32(_ value: UInt32) {
                file.storeBytes(of: value.bigEndian, toByteOffset: offset, as: UInt32.self)
                offset += 4
            }
            /// A chunk whose data is `length` bytes written by `writeData`.
            func chunk(_ type: StaticString, length: Int, _ writeData: () -> Void) {
                put32(UInt32(length))
                let start = offset
                put(UnsafeRawBufferPointer(start: type.utf8Start, count: 4))
                writeData()
                put32(Checksum.crc32(0, UnsafeRawBufferPointer(rebasing: file[start..<offset])))
            }
            ([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A] as [UInt8]).withUnsafeBytes { put($0) }
            chunk("IHDR", length: 13) {
                put32(UInt32(width))
                put32(UInt32(height))
                // Bit depth 8, colour type 2 (RGB), compression, filter and interlace methods 0.
                ([8, 2, 0, 0, 0] as [UInt8]).withUnsafeBytes { put($0) }
            }
            chunk("IDAT", length: 2 + deflateLength + 4) {
                // zlib header: deflate with a 32 KiB window; FLEVEL "fastest" or "maximum"; FCHECK.
                (level == 1 ? [0x78, 0x01] : [0x78, 0xDA] as [UInt8]).withUnsafeBytes { put($0) }
                for piece in deflate { put(piece) }
                put32(adler32)
            }
            chunk("IEND", length: 0) {}
            initialized = offset
        }
    }
}
