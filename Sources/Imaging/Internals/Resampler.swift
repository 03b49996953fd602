internal import Dispatch
internal import Foundation

/// Resizes 4-byte pixels with ``AxisWeights`` per axis. All four bytes of a pixel are treated alike, so the
/// pixel format does not matter.
///
/// Works one output row at a time, in Float rows small enough to stay in cache:
/// 1. vertical pass: the source rows under the output row blended into one Float row, skipping taps
///    whose weight is 0 (fused over all taps, so the compiler vectorises it);
/// 2. horizontal pass: each output pixel's source pixels blended as `SIMD4<Float>`;
/// 3. the Floats rounded to bytes (nearest, ties to even) in one vectorisable loop.
/// Float sums keep exact box averages exact (a 2× shrink weighs by 0.5). Large images are split into two
/// bands of rows on two threads.
struct Resampler {
    private let horizontal: AxisWeights
    private let vertical: AxisWeights
    private let sourceWidth: Int
    private let targetWidth: Int
    private let targetHeight: Int

    init(sourceWidth: Int, sourceHeight: Int, targetWidth: Int, targetHeight: Int) {
        horizontal = AxisWeights(from: sourceWidth, to: targetWidth)
        vertical = AxisWeights(from: sourceHeight, to: targetHeight)
        self.sourceWidth = sourceWidth
        self.targetWidth = targetWidth
        self.targetHeight = targetHeight
    }

    /// Resamples `source` (`sourceWidth * sourceHeight * 4` bytes) into a new array.
    func resample(_ source: UnsafeRawBufferPointer) -> [UInt8] {
        let count = targetWidth * targetHeight * 4
        // Two bands on a machine with two or more cores, for large images only (a thread costs ~20 µs).
        let bands = targetWidth * targetHeight >= 1 << 16 ? min(ProcessInfo.processInfo.activeProcessorCount, 2) : 1
        return [UInt8](unsafeUninitializedCapacity: count) { buffer, initialized in
            let buffers = BandBuffers(source: source.baseAddress!, target: buffer.baseAddress!)
            let rowsPerBand = (targetHeight + bands - 1) / bands
            let work = { @Sendable (band: Int) in
                let rows = (band * rowsPerBand)..<min((band + 1) * rowsPerBand, targetHeight)
                self.resampleRows(rows, from: buffers.source, into: buffers.target)
            }
            if bands == 1 {
                work(0)
            } else {
                DispatchQueue.concurrentPerform(iterations: bands, execute: work)
            }
            initialized = count
        }
    }

    /// The buffers of one ``resample(_:)`` call, shared by its bands.
    ///
    /// `@unchecked Sendable` is safe here: `source` is only read, each band writes only its own rows of
    /// `target`, and `concurrentPerform` returns only after every band has finished, while both buffers are
    /// still alive.
    private struct BandBuffers: @unchecked Sendable {
        let source: UnsafeRawPointer
        let target: UnsafeMutablePointer<UInt8>
    }

    private func resampleRows(_ rows: Range<Int>, from source: UnsafeRawPointer, into target: UnsafeMutablePointer<UInt8>) {
        let sourceValues = sourceWidth * 4
        let targetValues = targetWidth * 4
        let floatRow = UnsafeMutablePointer<Float>.allocate(capacity: sourceValues)
        let outputRow = UnsafeMutablePointer<Float>.allocate(capacity: targetValues)
        defer {
            floatRow.deallocate()
            outputRow.deallocate()
        }
        let magic: Float = 12_582_912  // 1.5 × 2²³: adding it rounds a Float in 0 ..< 2²² into the low bits.
        vertical.weights.withUnsafeBufferPointer { verticalWeights in
            horizontal.weights.withUnsafeBufferPointer { horizontalWeights in
                horizontal.starts.withUnsafeBufferPointer { horizontalStarts in
                    let sourceBytes = source.assumingMemoryBound(to: UInt8.self)
                    for y in rows {
                        // 1. Vertical pass over the taps with a weight.
                        let weights = verticalWeights.baseAddress! + y &* vertical.taps
                        var first = 0
                        var count = vertical.taps
                        while count > 1, weights[first] == 0 { first += 1; count -= 1 }
                        while count > 1, weights[first + count - 1] == 0 { count -= 1 }
                        let firstRow = sourceBytes + (vertical.starts[y] &+ first) &* sourceValues
                        switch count {
                        case 1: blendRows(firstRow, sourceValues, weights + first, taps: 1, into: floatRow)
                        case 2: blendRows(firstRow, sourceValues, weights + first, taps: 2, into: floatRow)
                        case 3: blendRows(firstRow, sourceValues, weights + first, taps: 3, into: floatRow)
                        default: blendRows(firstRow, sourceValues, weights + first, taps: count, into: floatRow)
                        }
                        // 2. Horizontal pass; a constant tap count per call lets the compiler unroll it.
                        switch horizontal.taps {
                        case 1: blendRow(floatRow, taps: 1, horizontalStarts, horizontalWeights, into: outputRow)
                        case 2: blendRow(floatRow, taps: 2, horizontalStarts, horizontalWeights, into: outputRow)
                        case 3: blendRow(floatRow, taps: 3, horizontalStarts, horizontalWeights, into: outputRow)
                        case 4: blendRow(floatRow, taps: 4, horizontalStarts, horizontalWeights, into: outputRow)
                        default: blendRow(floatRow, taps: horizontal.taps, horizontalStarts, horizontalWeights, into: outputRow)
                        }
                        // 3. Round to bytes. Weights are ≥ 0 and sum to 1, so values are within 0...255.
                        let targetRow = target + y &* targetValues
                        for i in 0..<targetValues {
                            targetRow[i] = UInt8(truncatingIfNeeded: (outputRow[i] + magic).bitPattern)
                        }
                    }
                }
            }
        }
    }

    /// Writes the weighted sums of `taps` consecutive rows (`stride` bytes apart) as Floats. The loop over
    /// the row is vectorised by the compiler (4 lanes per SSE instruction).
    @inline(__always)
    private func blendRows(
        _ first: UnsafePointer<UInt8>, _ stride: Int, _ weights: UnsafePointer<Float>, taps: Int,
        into output: UnsafeMutablePointer<Float>
    ) {
        for i in 0..<stride {
            var sum: Float = 0
            for tap in 0..<taps {
                sum += weights[tap] * Float(first[tap &* stride &+ i])
            }
            output[i] = sum
        }
    }

    /// Writes each output pixel of a row (4 Floats): the weighted sum of `taps` pixels of `row`.
    @inline(__always)
    private func blendRow(
        _ row: UnsafePointer<Float>, taps: Int, _ starts: UnsafeBufferPointer<Int>, _ weights: UnsafeBufferPointer<Float>,
        into output: UnsafeMutablePointer<Float>
    ) {
        let pixels = UnsafeRawPointer(row)
        let target = UnsafeMutableRawPointer(output)
        let weightBase = weights.baseAddress!
        for x in 0..<targetWidth {
            let first = pixels + starts[x] &* 16
            let pixelWeights = weightBase + x &* taps
            var sum = SIMD4<Float>()
            for tap in 0..<taps {
                sum += pixelWeights[tap] * first.loadUnaligned(fromByteOffset: tap &* 16, as: SIMD4<Float>.self)
            }
            target.storeBytes(of: sum, toByteOffset: x &* 16, as: SIMD4<Float>.self)
        }
    }
}
