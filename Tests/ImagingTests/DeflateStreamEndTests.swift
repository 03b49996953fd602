@testable import Imaging
import Testing

@Suite("Joining DEFLATE streams")
struct DeflateStreamEndTests {
    @Test("Garbage is rejected, never read out of bounds", arguments: 0..<40)
    func garbage(seed: Int) {
        var random = SeededRandom(seed: UInt64(seed))
        let count = random.next(300)
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: count + 5, alignment: 1)
        defer { buffer.deallocate() }
        for i in 0..<count { buffer[i] = UInt8(random.next(256)) }
        // Random bytes can by chance be exactly one valid stream; the result must then be joinable.
        if let length = DeflateStreamEnd.makeJoinable(buffer, count: count) {
            #expect(length > count && length <= count + 5)
            #expect(Array(buffer[(length - 4)..<length]) == [0, 0, 0xFF, 0xFF])
        }
    }

    @Test("Bytes after the final block are rejected: libdeflate never writes any")
    func trailingBytes() {
        let stream: [UInt8] = [0x4B, 0x04, 0x00, 0x00]
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: stream.count + 5, alignment: 1)
        defer { buffer.deallocate() }
        buffer.copyBytes(from: stream)
        #expect(DeflateStreamEnd.makeJoinable(buffer, count: stream.count) == nil)
        #expect(Array(buffer[..<stream.count]) == stream)
    }

    @Test("An empty stored final block becomes non-final and gains an empty stored block")
    func storedBlock() throws {
        // BFINAL 1, BTYPE 00, padding; LEN 0, NLEN FFFF.
        let stream: [UInt8] = [0x01, 0x00, 0x00, 0xFF, 0xFF]
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: stream.count + 5, alignment: 1)
        defer { buffer.deallocate() }
        buffer.copyBytes(from: stream)
        let length = try #require(DeflateStreamEnd.makeJoinable(buffer, count: stream.count))
        #expect(Array(buffer[..<length]) == [0x00, 0x00, 0x00, 0xFF, 0xFF, 0x00, 0x00, 0x00, 0xFF, 0xFF])
    }

    @Test("A fixed-Huffman block ending mid-byte is padded correctly")
    func fixedBlock() throws {
        // zlib's deflate of "a" at level 1 (raw): BFINAL 1, BTYPE 01, literal 'a', end of block.
        let stream: [UInt8] = [0x4B, 0x04, 0x00]
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: stream.count + 5, alignment: 1)
        defer { buffer.deallocate() }
        buffer.copyBytes(from: stream)
        let length = try #require(DeflateStreamEnd.makeJoinable(buffer, count: stream.count))
        // BFINAL cleared: 0x4B → 0x4A. The end-of-block code ends at bit 18, leaving 6 spare bits in byte 2.
        #expect(Array(buffer[..<length]) == [0x4A, 0x04, 0x00, 0x00, 0x00, 0xFF, 0xFF])
    }
}
