internal import CDeflate

/// A libdeflate compressor, freed exactly once when it goes out of scope. Each one belongs to one thread of
/// one encode call: allocating one costs about 6 µs here, so none is cached or shared.
///
/// This file is the only place that calls libdeflate and turns its failures into ``ImagingError``.
struct DeflateCompressor: ~Copyable {
    private let handle: OpaquePointer

    /// A compressor at `level` (1 fastest … 12 smallest).
    init(level: Int) throws(ImagingError) {
        guard let handle = libdeflate_alloc_compressor(Int32(level)) else {
            throw .pngEncodingFailed(reason: "libdeflate could not allocate a level-\(level) compressor (out of memory?)")
        }
        self.handle = handle
    }

    deinit { libdeflate_free_compressor(handle) }

    /// The most bytes a raw DEFLATE stream of `count` input bytes can take.
    func deflateBound(for count: Int) -> Int {
        libdeflate_deflate_compress_bound(handle, count)
    }

    /// Compresses `input` into a raw DEFLATE stream (final block marked, padded to a byte) in `output` (at
    /// least ``deflateBound(for:)`` bytes) and returns its length.
    func deflate(_ input: UnsafeRawBufferPointer, into output: UnsafeMutableRawBufferPointer) throws(ImagingError) -> Int {
        let length = libdeflate_deflate_compress(handle, input.baseAddress, input.count, output.baseAddress, output.count)
        guard length > 0 else {
            throw .pngEncodingFailed(reason: "libdeflate could not compress \(input.count) bytes into \(output.count)")
        }
        return length
    }
}

/// The checksums PNG and zlib use, computed by libdeflate.
enum Checksum {
    /// CRC-32 (PNG chunks): `crc` (0 to start) extended over `bytes`.
    static func crc32(_ crc: UInt32, _ bytes: UnsafeRawBufferPointer) -> UInt32 {
        libdeflate_crc32(crc, bytes.baseAddress, bytes.count)
    }

    /// Adler-32 (zlib streams): `adler` (1 to start) extended over `bytes`.
    static func adler32(_ adler: UInt32, _ bytes: UnsafeRawBufferPointer) -> UInt32 {
        libdeflate_adler32(adler, bytes.baseAddress, bytes.count)
    }
}
