internal import Dispatch
internal import Foundation
import Synchronization

/// Starts Tesseract instances in the background, all at once, as soon as a recognizer is made, and hands
/// them out one by one as they become ready.
///
/// Starting one instance takes ~75 ms (loading the language's model); a fresh `deskpilot locate` wants one
/// per core. Started one after another when the first line is read, they were half of the command's time.
/// Started together while the caller takes its screenshot and finds the lines, and put to work each as
/// soon as it is ready, they cost about one start, mostly hidden.
final class EngineStarter: Sendable {
    /// What the background threads made and what was handed out.
    private struct State: @unchecked Sendable {
        // `@unchecked`: an engine is handed over once, from the thread that made it to a reader, under
        // the mutex, and never used by its maker again.
        var ready: [TesseractEngine] = []
        var failure: TextRecognitionError?
        /// Starts not yet claimed by a reader.
        var unclaimed: Int
    }

    private let state: Mutex<State>
    /// Signalled once per start, made or failed.
    private let finished = DispatchSemaphore(value: 0)

    /// Starts `count` instances for `language`, each on a thread of its own — plain threads, not
    /// Dispatch's: a start holds its thread ~75 ms, and Swift's tasks run on Dispatch's threads (two
    /// recognizers made at once starved every task of a 2-core machine for seconds).
    init(language: String, count: Int) {
        state = Mutex(State(unclaimed: count))
        for _ in 0..<count {
            let thread = Thread { [self] in
                do throws(TextRecognitionError) {
                    let engine = try TesseractEngine(language: language, pageSegmentation: .singleLine)
                    state.withLock { $0.ready.append(engine) }
                } catch {
                    state.withLock { $0.failure = $0.failure ?? error }
                }
                finished.signal()
            }
            thread.name = "deskpilot.tesseract-start"
            thread.start()
        }
    }

    /// Whether some start is not claimed yet.
    var hasMore: Bool { state.withLock { $0.unclaimed > 0 } }

    /// The next instance, waiting until one is ready; nil when every start was claimed already.
    ///
    /// - Throws: the first failure to start one (`initializationFailed`, when the language data is there
    ///   but does not load), when no made instance is left to hand out.
    func next() throws(TextRecognitionError) -> TesseractEngine? {
        guard claim(onlyIfReady: false) else { return nil }
        finished.wait()
        let (handed, failure) = state.withLock { ($0.ready.popLast().map(HandedEngine.init), $0.failure) }
        if let handed { return handed.engine }
        throw failure ?? .initializationFailed(language: "", dataPath: TesseractEngine.defaultDataPath)
    }

    /// An instance that is ready now, without waiting; nil when none is (or every start was claimed).
    func nextIfReady() -> TesseractEngine? {
        guard claim(onlyIfReady: true) else { return nil }
        finished.wait()  // returns at once: an instance is ready, so its start has signalled
        return state.withLock { $0.ready.popLast().map(HandedEngine.init) }?.engine
    }

    /// Takes one start for a reader: any, or only one whose instance is ready.
    private func claim(onlyIfReady: Bool) -> Bool {
        state.withLock { state in
            guard state.unclaimed > 0, !onlyIfReady || !state.ready.isEmpty else { return false }
            state.unclaimed -= 1
            return true
        }
    }

}

/// A Tesseract instance on its way from one thread to another (from the thread that started it to a
/// reader, from a reader back to the recognizer). `@unchecked Sendable`: whoever hands it over never uses it
/// again, so no `TessBaseAPI` is ever used by two threads.
struct HandedEngine: @unchecked Sendable {
    let engine: TesseractEngine
}
