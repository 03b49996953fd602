internal import Dispatch
internal import Foundation
import Synchronization

/// Starts Tesseract instances in the background, all at once, as soon as a recognizer is made.
///
/// Starting one instance takes ~75 ms (loading the language's model); a fresh `deskpilot locate` needs
/// one per core. Started one after another when the first line is read, they were half of the command's
/// time. Started together on their own threads while the caller takes its screenshot and finds the lines,
/// they cost about one start, mostly hidden.
final class EngineStarter: Sendable {
    /// What the background threads made: the instances, or the first failure.
    private struct Started: @unchecked Sendable {
        // `@unchecked`: an engine is handed over once, from the thread that made it to the recognizer,
        // under the mutex, and never used by its maker again.
        var engines: [TesseractEngine] = []
        var failure: TextRecognitionError?
    }

    private let started = Mutex(Started())
    private let group = DispatchGroup()

    /// Starts `count` instances for `language`, each on a thread of its own — plain threads, not
    /// Dispatch's: a start holds its thread ~75 ms, and Swift's tasks run on Dispatch's threads (two
    /// recognizers made at once starved every task of a 2-core machine for seconds).
    init(language: String, count: Int) {
        for _ in 0..<count {
            group.enter()
            let thread = Thread { [self] in
                defer { group.leave() }
                do throws(TextRecognitionError) {
                    let engine = try TesseractEngine(language: language, pageSegmentation: .singleLine)
                    started.withLock { $0.engines.append(engine) }
                } catch {
                    started.withLock { $0.failure = $0.failure ?? error }
                }
            }
            thread.name = "deskpilot.tesseract-start"
            thread.start()
        }
    }

    /// Waits for every instance and hands them over (once; later calls get none).
    ///
    /// - Throws: the first failure to start one (`initializationFailed`, when the language data is there
    ///   but does not load).
    func take() throws(TextRecognitionError) -> [TesseractEngine] {
        group.wait()
        let result = started.withLock { started -> Started in
            defer { started = Started() }
            return started
        }
        if let failure = result.failure { throw failure }
        return result.engines
    }
}
