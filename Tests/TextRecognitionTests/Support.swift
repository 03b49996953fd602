import Deskpilot
import Foundation

/// Polls `body` until it returns a non-empty array or `timeout` passes (an application may not have
/// redrawn yet); returns the last result.
func eventually<T>(timeout: Duration = .seconds(5), _ body: () async throws -> [T]) async throws -> [T] {
    let deadline = ContinuousClock.now + timeout
    while true {
        let result = try await body()
        if !result.isEmpty || ContinuousClock.now >= deadline { return result }
        try await Task.sleep(for: .milliseconds(100))
    }
}

/// One recognizer for the whole test run: starting Tesseract costs ~150 ms, and sharing one exercises the
/// recognizer's locking across concurrently running tests.
let sharedRecognizer: TextRecognizer = {
    do { return try TextRecognizer() } catch { fatalError("\(error)") }
}()
