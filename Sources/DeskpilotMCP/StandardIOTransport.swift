import Dispatch
import Foundation
import Logging
import MCP

/// MCP over standard input and output (newline-delimited JSON-RPC), with blocking reads and writes on
/// threads of their own.
///
/// The SDK's own stdio transport polls non-blocking descriptors and sleeps 10 ms whenever one is not ready:
/// every call waited up to 10 ms for its request, and a screenshot's 800 kB answer, written through a 64 kB
/// pipe, slept a dozen times (150 ms a screenshot instead of 40). Here a thread blocks in `read` until the
/// client writes, and a serial queue blocks in `write` until the client has taken the whole message.
actor StandardIOTransport: Transport {
    nonisolated let logger = Logger(label: "deskpilot.mcp.stdio", factory: { _ in SwiftLogNoOpLogHandler() })
    private let messages: AsyncThrowingStream<Data, any Error>
    private let incoming: AsyncThrowingStream<Data, any Error>.Continuation
    private let writer = DispatchQueue(label: "deskpilot.mcp.stdout")
    private var started = false

    init() {
        (messages, incoming) = AsyncThrowingStream.makeStream()
    }

    func connect() async throws {
        guard !started else { return }
        started = true
        let incoming = incoming
        // A plain thread: it spends its life blocked in read(2), which must never happen on a task thread.
        let reader = Thread {
            var pending: [UInt8] = []
            var buffer = [UInt8](repeating: 0, count: 1 << 16)
            while true {
                let count = read(STDIN_FILENO, &buffer, buffer.count)
                if count < 0, errno == EINTR { continue }
                guard count > 0 else {
                    // End of input (the client closed it) or a read error: the session is over either way.
                    incoming.finish()
                    return
                }
                pending.append(contentsOf: buffer[0..<count])
                var start = 0
                while let newline = pending[start...].firstIndex(of: UInt8(ascii: "\n")) {
                    if newline > start { incoming.yield(Data(pending[start..<newline])) }
                    start = newline + 1
                }
                pending.removeFirst(start)
            }
        }
        reader.name = "deskpilot mcp stdin"
        reader.start()
    }

    func disconnect() async {
        incoming.finish()
    }

    func send(_ data: Data) async throws {
        let message = [UInt8](data) + [UInt8(ascii: "\n")]
        try await withCheckedThrowingContinuation { (done: CheckedContinuation<Void, any Error>) in
            writer.async {
                var offset = 0
                while offset < message.count {
                    let written = message[offset...].withUnsafeBytes { write(STDOUT_FILENO, $0.baseAddress, $0.count) }
                    if written < 0, errno == EINTR { continue }
                    guard written > 0 else {
                        done.resume(throwing: MCPError.connectionClosed)
                        return
                    }
                    offset += written
                }
                done.resume()
            }
        }
    }

    func receive() -> AsyncThrowingStream<Data, any Error> {
        messages
    }
}
