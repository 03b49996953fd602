internal import Dispatch
import Synchronization
import Imaging

/// Reads line images with several Tesseract instances at once, one thread each.
enum LineReading {
    /// The lines Tesseract reads in each of `keys`' images (enlarged `scale` times first), in the image's
    /// own unscaled coordinates. Work is shared out longest first, so the threads finish together.
    static func read(_ keys: [LineCache.Key], scale: Int, engines: [TesseractEngine]) throws(TextRecognitionError) -> [[RecognizedLine]] {
        precondition(!engines.isEmpty)
        // The LSTM's work grows with the line's length once its height is normalised; each call has a
        // fixed cost too (thresholding, blob finding: about as much as 200 time steps).
        let cost = keys.map { 200 + $0.width * 36 / max($0.height, 1) }
        var assignments = [[Int]](repeating: [], count: engines.count)
        var loads = [Int](repeating: 0, count: engines.count)
        for index in keys.indices.sorted(by: { cost[$0] > cost[$1] }) {
            let worker = loads.indices.min { loads[$0] < loads[$1] }!
            assignments[worker].append(index)
            loads[worker] += cost[index]
        }
        let results = Mutex([[RecognizedLine]?](repeating: nil, count: keys.count))
        let failure = Mutex<TextRecognitionError?>(nil)
        let work = Work(engines: engines)
        // One iteration runs on the calling thread.
        DispatchQueue.concurrentPerform(iterations: engines.count) { [assignments] worker in
            for index in assignments[worker] {
                do throws(TextRecognitionError) {
                    let lines = try read(keys[index], scale: scale, with: work.engines[worker])
                    results.withLock { $0[index] = lines }
                } catch {
                    failure.withLock { $0 = $0 ?? error }
                    return
                }
            }
        }
        if let error = failure.withLock({ $0 }) { throw error }
        return results.withLock { $0.map { $0 ?? [] } }
    }

    /// The engines of one ``read(_:scale:engines:)`` call.
    ///
    /// `@unchecked Sendable` is safe: worker `i` uses only `engines[i]`, so no `TessBaseAPI` is ever used
    /// by two threads, and `concurrentPerform` returns only after every worker is done — while the caller
    /// still holds the recognizer's lock, so no other call can reach the engines meanwhile.
    private struct Work: @unchecked Sendable {
        let engines: [TesseractEngine]
    }

    private static func read(_ key: LineCache.Key, scale: Int, with engine: TesseractEngine) throws(TextRecognitionError) -> [RecognizedLine] {
        let image = GreyImage(width: key.width, height: key.height, pixels: key.pixels)
        let input = scale == 1 ? image : image.cropped(Rect(x: 0, y: 0, width: key.width, height: key.height), scaledBy: scale)
        let lines = try engine.recognize(grey: input.pixels, width: input.width, height: input.height)
        guard scale > 1 else { return lines }
        return lines.map { line in
            RecognizedLine(
                box: unscale(line.box, scale: scale, width: key.width, height: key.height),
                words: line.words.map {
                    RecognizedWord(text: $0.text, box: unscale($0.box, scale: scale, width: key.width, height: key.height), confidence: $0.confidence)
                },
                confidence: line.confidence)
        }
    }

    /// A box in the enlarged image, back in the original's pixels (rounded outwards, kept inside).
    private static func unscale(_ box: Rect, scale: Int, width: Int, height: Int) -> Rect {
        let left = min(max(box.x / scale, 0), width), top = min(max(box.y / scale, 0), height)
        let right = min(max((box.maxX + scale - 1) / scale, left), width)
        let bottom = min(max((box.maxY + scale - 1) / scale, top), height)
        return Rect(x: left, y: top, width: right - left, height: bottom - top)
    }
}
