import Foundation
import Logging
import MCP

/// Lets a client's `notifications/cancelled` stop the tool call it names (a `run_task` agent on the desktop,
/// above all: an agent nobody can stop is a hazard).
///
/// swift-sdk 0.12.1 runs each request in a task of its own but does not cancel it on `notifications/cancelled`,
/// and a handler cannot learn its own request id. This transport sits between the server and the real
/// transport: it writes each `tools/call` request's id into the request's `_meta` (as ``requestKey``), which
/// the handler reads to register its work here; a cancellation for that id cancels the work.
actor CancellableCalls: Transport {
    /// The `_meta` key that carries the JSON-RPC id of a `tools/call` to its handler.
    static let requestKey = "deskpilot/request-id"

    nonisolated let logger = Logger(label: "deskpilot.mcp.calls", factory: { _ in SwiftLogNoOpLogHandler() })
    private let base: any Transport
    private var running: [String: @Sendable () -> Void] = [:]
    /// Every call in flight, cancellable or not, by a key of its own: what ``endAll()`` stops and waits for.
    private var inFlight: [UUID: (cancel: @Sendable () -> Void, done: Task<Void, Never>)] = [:]

    init(_ base: any Transport) {
        self.base = base
    }

    func connect() async throws { try await base.connect() }
    func disconnect() async { await base.disconnect() }
    func send(_ data: Data) async throws { try await base.send(data) }

    func receive() -> AsyncThrowingStream<Data, any Error> {
        let (messages, output) = AsyncThrowingStream<Data, any Error>.makeStream()
        let task = Task {
            do {
                for try await message in await base.receive() { output.yield(inspect(message)) }
                // The client closed the connection: nobody waits for the calls still running.
                for call in inFlight.values { call.cancel() }
                output.finish()
            } catch {
                output.finish(throwing: error)
            }
        }
        output.onTermination = { _ in task.cancel() }
        return messages
    }

    /// Runs `work` as the call `id` (nil: a call that cannot be cancelled), until it ends or is cancelled.
    func run<Result: Sendable>(_ id: String?, _ work: @escaping @Sendable () async -> Result) async -> Result {
        let task = Task { await work() }
        let key = UUID()
        inFlight[key] = ({ task.cancel() }, Task { _ = await task.value })
        if let id { running[id] = { task.cancel() } }
        let result = await task.value
        if let id { running[id] = nil }
        inFlight[key] = nil
        return result
    }

    /// Cancels the calls still running and waits until they have ended (a `run_task` writes its record's end).
    func endAll() async {
        let calls = Array(inFlight.values)
        for call in calls { call.cancel() }
        for call in calls { await call.done.value }
    }

    /// A `tools/call` request with its id added to `_meta`; a cancellation acted on (and passed on).
    private func inspect(_ message: Data) -> Data {
        // Other messages (responses to elicitation, listings, notifications) pass unparsed.
        guard message.range(of: Data("tools/call".utf8)) != nil || message.range(of: Data("notifications/cancelled".utf8)) != nil else {
            return message
        }
        guard var object = (try? JSONSerialization.jsonObject(with: message)) as? [String: Any], let method = object["method"] as? String else {
            return message
        }
        if method == "notifications/cancelled" {
            if let id = (object["params"] as? [String: Any])?["requestId"].map(Self.key) { running[id]?() }
            return message
        }
        guard method == "tools/call", let id = object["id"] else { return message }
        var parameters = object["params"] as? [String: Any] ?? [:]
        var meta = parameters["_meta"] as? [String: Any] ?? [:]
        meta[Self.requestKey] = Self.key(id)
        parameters["_meta"] = meta
        object["params"] = parameters
        return (try? JSONSerialization.data(withJSONObject: object)) ?? message
    }

    /// A JSON-RPC id (string or number) as one string.
    static func key(_ id: Any) -> String {
        if let text = id as? String { return "s:" + text }
        return "n:\(id)"
    }
}
