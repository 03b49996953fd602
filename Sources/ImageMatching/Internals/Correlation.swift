internal import COpenBLAS

/// Normalized cross-correlation (OpenCV's `TM_CCOEFF_NORMED`) of a needle at every position of a haystack,
/// with the products computed by OpenBLAS.
///
/// For the needle `N` (mean removed: `N'`) and the window `I` under it, the score is
/// `Σ I·N' / (‖N'‖ · √(Σ I² − (Σ I)²/n))`, from −1 to 1. The window sums come from integral images; the
/// products `Σ I·N'` from one matrix product per band of rows: every horizontal run of the needle's width
/// in the band (a row of the matrix `W`) times every needle row (`N'ᵀ`), after which a position's sum is
/// the sum of the diagonal `R[(y + j) · X + x][j]` over the needle's rows `j`.
enum Correlation {
    /// The scores of every position: `(haystack.width − needle.width + 1) × (haystack.height − needle.height + 1)`
    /// values, rows top to bottom. Windows without contrast score 0.
    static func scores(of needle: GreyPlane, in haystack: GreyPlane) -> [Float] {
        _ = singleThreaded
        let needleWidth = needle.width, needleHeight = needle.height
        let columns = haystack.width - needleWidth + 1, rows = haystack.height - needleHeight + 1
        guard columns > 0, rows > 0 else { return [] }
        let count = Float(needleWidth * needleHeight)
        let mean = needle.values.reduce(0, +) / count
        let centred = needle.values.map { $0 - mean }
        let needleNorm = centred.reduce(0) { $0 + $1 * $1 }.squareRoot()
        var scores = [Float](repeating: 0, count: columns * rows)
        guard needleNorm > 0 else { return scores }

        let (sums, squares) = integrals(haystack)
        let stride = haystack.width + 1
        // Bands of output rows, so the matrix W stays small (at most ~16 MB).
        let bandRows = max(1, min(rows, (4 << 20) / max(1, columns * needleWidth) - needleHeight + 1))
        var products = [Float]()
        var windows = [Float]()
        var dots = [Float]()
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
                if products.count < windowRows * needleHeight {
                    products = [Float](unsafeUninitializedCapacity: windowRows * needleHeight) { $1 = windowRows * needleHeight }
                }
                windows.withUnsafeMutableBufferPointer { w in
                    for inputRow in 0..<bandInput {
                        let source = image.baseAddress! + (firstRow + inputRow) * haystack.width
                        for x in 0..<columns {
                            (w.baseAddress! + (inputRow * columns + x) * needleWidth).update(from: source + x, count: needleWidth)
                        }
                    }
                }
                // R = W · N'ᵀ: (windowRows × needleWidth) · (needleWidth × needleHeight).
                windows.withUnsafeBufferPointer { w in
                    centred.withUnsafeBufferPointer { n in
                        products.withUnsafeMutableBufferPointer { r in
                            cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, Int32(windowRows), Int32(needleHeight), Int32(needleWidth),
                                        1, w.baseAddress, Int32(needleWidth), n.baseAddress, Int32(needleWidth), 0, r.baseAddress, Int32(needleHeight))
                        }
                    }
                }
                // Each position's sum of products: the diagonal of R over the needle's rows, gathered row
                // by row of the needle so the reads run along R.
                let positions = bandOutput * columns
                if dots.count < positions { dots = [Float](unsafeUninitializedCapacity: positions) { $1 = positions } }
                products.withUnsafeBufferPointer { r in
                    dots.withUnsafeMutableBufferPointer { dot in
                        for index in 0..<positions { dot[index] = r[index * needleHeight] }
                        for j in 1..<max(1, needleHeight) {
                            let offset = j * columns * needleHeight + j
                            for index in 0..<positions { dot[index] += r[offset + index * needleHeight] }
                        }
                    }
                }
                dots.withUnsafeBufferPointer { dot in
                    sums.withUnsafeBufferPointer { sums in
                        squares.withUnsafeBufferPointer { squares in
                            scores.withUnsafeMutableBufferPointer { scores in
                                for outputRow in 0..<bandOutput {
                                    let y = firstRow + outputRow
                                    for x in 0..<columns {
                                        let a = y * stride + x, b = a + needleWidth, c = (y + needleHeight) * stride + x, d = c + needleWidth
                                        let sum = sums[d] - sums[b] - sums[c] + sums[a]
                                        let square = squares[d] - squares[b] - squares[c] + squares[a]
                                        let variance = square - sum * sum / Double(count)
                                        // Less than a grey level's worth of contrast over the window: flat.
                                        guard variance > Double(count) * 0.25 else { continue }
                                        let score = dot[outputRow * columns + x] / (needleNorm * Float(variance.squareRoot()))
                                        scores[y * columns + x] = min(1, max(-1, score))
                                    }
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

    /// OpenBLAS on one thread: these products are tall and thin (16–64 columns), where its threads spend
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
