internal import COpenBLAS

/// Normalized cross-correlation (OpenCV's `TM_CCOEFF_NORMED`) of needles at every position of a haystack,
/// with the products computed by OpenBLAS.
///
/// For a needle `N` (mean removed: `N'`) and the window `I` under it, the score is
/// `Σ I·N' / (‖N'‖ · √(Σ I² − (Σ I)²/n))`, from −1 to 1. The window sums come from integral images; the
/// products `Σ I·N'` from one matrix product per band of rows: every row of every needle (`N'`) times every
/// horizontal run of the needle's width in the band (the rows of `W`), after which a position's sum is the
/// sum of the diagonal `R[p · h + j][(y + j) · X + x]` over needle `p`'s rows `j`. Needles of one
/// size share `W` and the product.
enum Correlation {
    /// The scores of `needle` at every position: `(haystack.width − needle.width + 1) × (haystack.height − needle.height + 1)`
    /// values, rows top to bottom. Windows without contrast score 0.
    static func scores(of needle: GreyPlane, in haystack: GreyPlane) -> [Float] {
        scores(of: [needle], in: haystack)[0]
    }

    /// The scores of each of `needles`, which must all have the same size.
    static func scores(of needles: [GreyPlane], in haystack: GreyPlane) -> [[Float]] {
        _ = singleThreaded
        guard let first = needles.first else { return [] }
        precondition(needles.allSatisfy { $0.width == first.width && $0.height == first.height }, "needles of one size only")
        let needleWidth = first.width, needleHeight = first.height, count = needles.count
        let columns = haystack.width - needleWidth + 1, rows = haystack.height - needleHeight + 1
        guard columns > 0, rows > 0 else { return needles.map { _ in [] } }
        let area = Float(needleWidth * needleHeight)
        // All needles' rows, mean removed, stacked: (count · needleHeight) × needleWidth.
        var stacked: [Float] = []
        var norms: [Float] = []
        for needle in needles {
            let mean = needle.values.reduce(0, +) / area
            let centred = needle.values.map { $0 - mean }
            stacked += centred
            norms.append(centred.reduce(0) { $0 + $1 * $1 }.squareRoot())
        }
        var scores = [[Float]](repeating: [Float](repeating: 0, count: columns * rows), count: count)
        let outputs = count * needleHeight

        let (sums, squares) = integrals(haystack)
        let stride = haystack.width + 1
        // Bands of output rows, so the matrices stay small (W at most ~16 MB).
        let bandRows = max(1, min(rows, (4 << 20) / max(1, columns * max(needleWidth, outputs)) - needleHeight + 1))
        var products = [Float]()
        var windows = [Float]()
        var dots = [Float]()
        var inverseDeviation = [Float]()
        haystack.values.withUnsafeBufferPointer { image in
            var firstRow = 0
            while firstRow < rows {
                let bandOutput = min(bandRows, rows - firstRow)
                let bandInput = bandOutput + needleHeight - 1
                // W: one row per (input row, x), holding the needle-wide run starting there.
                let windowRows = bandInput * columns
                // Every element is written before it is read: no need to clear them.
                if windows.count < windowRows * needleWidth {
                    windows = [Float](unsafeUninitializedCapacity: windowRows * needleWidth) { $1 = windowRows * needleWidth }
                }
                if products.count < windowRows * outputs {
                    products = [Float](unsafeUninitializedCapacity: windowRows * outputs) { $1 = windowRows * outputs }
                }
                windows.withUnsafeMutableBufferPointer { w in
                    for inputRow in 0..<bandInput {
                        let source = image.baseAddress! + (firstRow + inputRow) * haystack.width
                        for x in 0..<columns {
                            (w.baseAddress! + (inputRow * columns + x) * needleWidth).update(from: source + x, count: needleWidth)
                        }
                    }
                }
                // Rᵀ = N' · Wᵀ: (outputs × needleWidth) · (needleWidth × windowRows); row o of Rᵀ holds needle
                // row o against every run, so the diagonal sums below read along rows.
                windows.withUnsafeBufferPointer { w in
                    stacked.withUnsafeBufferPointer { n in
                        products.withUnsafeMutableBufferPointer { r in
                            cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, Int32(outputs), Int32(windowRows), Int32(needleWidth),
                                        1, n.baseAddress, Int32(needleWidth), w.baseAddress, Int32(needleWidth), 0, r.baseAddress, Int32(windowRows))
                        }
                    }
                }
                // 1 / the window's deviation (0 for windows without contrast), shared by all needles.
                let positions = bandOutput * columns
                if inverseDeviation.count < positions { inverseDeviation = [Float](unsafeUninitializedCapacity: positions) { $1 = positions } }
                inverseDeviation.withUnsafeMutableBufferPointer { deviation in
                    for outputRow in 0..<bandOutput {
                        let y = firstRow + outputRow
                        for x in 0..<columns {
                            let a = y * stride + x, b = a + needleWidth, c = (y + needleHeight) * stride + x, d = c + needleWidth
                            let sum = sums[d] - sums[b] - sums[c] + sums[a]
                            let square = squares[d] - squares[b] - squares[c] + squares[a]
                            let variance = square - sum * sum / Double(area)
                            // Less than a grey level's worth of contrast over the window: flat.
                            deviation[outputRow * columns + x] = variance > Double(area) * 0.25 ? Float(1 / variance.squareRoot()) : 0
                        }
                    }
                }
                if dots.count < positions { dots = [Float](unsafeUninitializedCapacity: positions) { $1 = positions } }
                for needle in 0..<count where norms[needle] > 0 {
                    // Each position's sum of products: the diagonal over the needle's rows, row j of the needle
                    // read j rows of runs further on.
                    products.withUnsafeBufferPointer { r in
                        dots.withUnsafeMutableBufferPointer { dot in
                            let first = r.baseAddress! + needle * needleHeight * windowRows
                            dot.baseAddress!.update(from: first, count: positions)
                            for j in 1..<max(1, needleHeight) {
                                let row = first + j * windowRows + j * columns
                                for index in 0..<positions { dot[index] += row[index] }
                            }
                        }
                    }
                    let norm = norms[needle]
                    dots.withUnsafeBufferPointer { dot in
                        inverseDeviation.withUnsafeBufferPointer { deviation in
                            scores[needle].withUnsafeMutableBufferPointer { out in
                                let start = firstRow * columns
                                for index in 0..<positions {
                                    out[start + index] = min(1, max(-1, dot[index] / norm * deviation[index]))
                                }
                            }
                        }
                    }
                }
                firstRow += bandOutput
            }
        }
        return scores
    }

    /// OpenBLAS on one thread: these products are tall and thin (16–256 columns), where its threads spend
    /// more time handing work over than multiplying. Set once, before the first product.
    private static let singleThreaded: Void = openblas_set_num_threads(1)

    /// Summed-area tables of the values and their squares, `(width + 1) × (height + 1)`, in doubles.
    private static func integrals(_ plane: GreyPlane) -> ([Double], [Double]) {
        let stride = plane.width + 1
        var sums = [Double](repeating: 0, count: stride * (plane.height + 1))
        var squares = sums
        for y in 0..<plane.height {
            var rowSum = 0.0, rowSquare = 0.0
            for x in 0..<plane.width {
                let value = Double(plane.values[y * plane.width + x])
                rowSum += value
                rowSquare += value * value
                sums[(y + 1) * stride + x + 1] = sums[y * stride + x + 1] + rowSum
                squares[(y + 1) * stride + x + 1] = squares[y * stride + x + 1] + rowSquare
            }
        }
        return (sums, squares)
    }
}
