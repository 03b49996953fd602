internal import Dispatch
internal import Foundation
import Synchronization
import Imaging

/// Reads line images with several Tesseract instances at once, one thread each.
enum LineReading {
    /// The lines Tesseract reads in each of `keys`' images (enlarged `scale` times first), in the image's
    /// own unscaled coordinates, read by `workers` threads that each take the longest line left.
    ///
    /// Worker `i` reads with `engines[i]`; a worker without one takes an instance `starter` has ready and
    /// joins as soon as it gets one (the first waits for it when `engines` is empty). Returns the lines and
    /// the instances taken from `starter`, which the caller keeps.
    static func read(_ keys: [LineCache.Key], scale: Int, engines: [TesseractEngine], workers: Int,
                     starter: EngineStarter?) throws(TextRecognitionError) -> (lines: [[RecognizedLine]], taken: [TesseractEngine]) {
        precondition(!engines.isEmpty || starter != nil)
        let order = keys.indices.sorted { cost(keys[$0]) > cost(keys[$1]) }
        let next = Mutex(0)
        let results = Mutex([[RecognizedLine]?](repeating: nil, count: keys.count))
        let failure = Mutex<TextRecognitionError?>(nil)
        let taken = Mutex<[HandedEngine]>([])
        let work = Work(engines: engines)
        // Worker 0 runs on the calling thread.
        ReadingThreads.run(workers) { worker in
            var engine = worker < work.engines.count ? work.engines[worker] : nil
            while next.withLock({ $0 }) < order.count {
                if engine == nil {
                    do throws(TextRecognitionError) {
                        // The first reader waits for an instance; the others join only once one is ready.
                        engine = worker == 0 ? try starter?.next() : starter?.nextIfReady()
                    } catch {
                        failure.withLock { $0 = $0 ?? error }
                        return
                    }
                    guard let made = engine else {
                        if worker == 0 || starter?.hasMore != true { return }
                        Thread.sleep(forTimeInterval: 0.002)
                        continue
                    }
                    taken.withLock { $0.append(HandedEngine(engine: made)) }
                }
                guard let engine, let index = next.withLock({ position -> Int? in
                    guard position < order.count else { return nil }
                    defer { position += 1 }
                    return order[position]
                }) else { return }
                do throws(TextRecognitionError) {
                    let lines = try read(keys[index], scale: scale, with: engine)
                    results.withLock { $0[index] = lines }
                } catch {
                    failure.withLock { $0 = $0 ?? error }
                    return
                }
            }
        }
        let lines = results.withLock { $0 }
        if lines.contains(where: { $0 == nil }) {
            throw failure.withLock { $0 } ?? .recognitionFailed(width: 0, height: 0)
        }
        return (lines.map { $0 ?? [] }, taken.withLock { $0.map(\.engine) })
    }

    /// About how much reading `key` costs, in LSTM time steps: the LSTM's work grows with the line's length
    /// once its height is normalised, and each call has a fixed cost too (thresholding, blob finding).
    private static func cost(_ key: LineCache.Key) -> Int { 200 + key.width * 36 / max(key.height, 1) }

    /// The engines of one ``read(_:scale:engines:workers:starter:)`` call.
    ///
    /// `@unchecked Sendable` is safe: worker `i` uses only `engines[i]` (or an instance the starter handed
    /// to it alone), so no `TessBaseAPI` is ever used by two threads, and `ReadingThreads.run` returns only
    /// after every worker is done — while the caller still holds the recognizer's lock, so no other call
    /// can reach the engines meanwhile.
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
