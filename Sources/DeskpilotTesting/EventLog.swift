import Foundation
import Synchronization

/// Reads a JSON-lines event log that another process appends to, parsing each line once.
final class EventLog: Sendable {
    let path: String
    /// Bytes consumed so far and the events decoded from them.
    private let state = Mutex<(offset: UInt64, events: [FixtureEvent])>((0, []))

    init(path: String) {
        self.path = path
    }

    /// Every complete line appended so far, decoded; lines that do not decode are skipped.
    func read() -> [FixtureEvent] {
        state.withLock { state in
            guard let handle = FileHandle(forReadingAtPath: path) else { return state.events }
            defer { try? handle.close() }
            try? handle.seek(toOffset: state.offset)
            guard let data = try? handle.readToEnd(), let end = data.lastIndex(of: UInt8(ascii: "\n")) else {
                return state.events
            }
            let complete = data[data.startIndex...end]
            let decoder = JSONDecoder()
            for line in complete.split(separator: UInt8(ascii: "\n")) {
                if let event = try? decoder.decode(FixtureEvent.self, from: Data(line)) { state.events.append(event) }
            }
            state.offset += UInt64(complete.count)
            return state.events
        }
    }

    /// Polls the log until an event matches, or throws once `timeout` has passed.
    func waitFor(since: Int = 0, timeout: Duration, description: String, _ predicate: (FixtureEvent) -> Bool) async throws -> FixtureEvent {
        let deadline = ContinuousClock.now + timeout
        while true {
            if let match = read().dropFirst(since).first(where: predicate) { return match }
            guard ContinuousClock.now < deadline else {
                throw FixtureError("Timed out after \(timeout) waiting for \(description) in \(path)")
            }
            try await Task.sleep(for: .milliseconds(2))
        }
    }
}
