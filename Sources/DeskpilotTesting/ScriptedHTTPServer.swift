public import Foundation
import NIOCore
import NIOHTTP1
import NIOPosix
import Synchronization

/// A real HTTP server on 127.0.0.1 that answers each request with the next scripted reply, and records what
/// it received. Tests use it to put model-server faults (429, 5xx, hangs, dropped connections, garbage,
/// streams) on the wire for real.
public final class ScriptedHTTPServer: Sendable {
    /// One scripted answer.
    public enum Reply: Sendable {
        /// A status with a body and extra headers.
        case respond(status: Int, body: String, headers: [String: String] = [:])
        /// A server-sent event stream: each payload as `data: …`, `pause` apart, then `data: [DONE]`.
        case stream(payloads: [String], pause: Duration = .zero)
        /// A stream that sends some payloads and then drops the connection.
        case streamThenDrop(payloads: [String])
        /// Reads the request and never answers.
        case hang
        /// Closes the connection without answering.
        case drop

        /// 200 with a JSON body.
        public static func json(_ body: String) -> Reply { .respond(status: 200, body: body, headers: ["Content-Type": "application/json"]) }
    }

    /// A request as received.
    public struct Request: Sendable {
        /// 1 for the first request the server received, and so on.
        public var number: Int
        public var method: String
        public var uri: String
        public var headers: [String: String]
        public var body: Data
    }

    private let group: MultiThreadedEventLoopGroup
    private let channel: any Channel
    private let state: Script

    /// The port the server listens on.
    public let port: Int
    /// `http://127.0.0.1:PORT/v1`, a base URL for OpenAI-compatible clients.
    public var baseURL: String { "http://127.0.0.1:\(port)/v1" }

    /// Starts the server; `replies` are used in order, then `fallback` for every further request.
    public convenience init(replies: [Reply], fallback: Reply = .respond(status: 500, body: "no scripted reply left")) async throws {
        let queue = Mutex(replies)
        try await self.init { _ in
            queue.withLock { $0.isEmpty ? fallback : $0.removeFirst() }
        }
    }

    /// Starts the server on `port` (0: any free port); `responder` chooses the reply to each request, in the
    /// order they arrive.
    public init(port: Int = 0, responder: @escaping @Sendable (Request) -> Reply) async throws {
        let state = Script(responder: responder)
        self.state = state
        group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        let bootstrap = ServerBootstrap(group: group)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { [state] channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.configureHTTPServerPipeline()
                    try channel.pipeline.syncOperations.addHandler(ReplyHandler(state: state))
                }
            }
        channel = try await bootstrap.bind(host: "127.0.0.1", port: port).get()
        self.port = channel.localAddress?.port ?? 0
    }

    /// Every request received so far, in order.
    public var requests: [Request] { state.requests.withLock { $0 } }

    /// How replies are chosen, and the requests received, shared by the server's connections.
    private final class Script: Sendable {
        let responder: @Sendable (Request) -> Reply
        let requests = Mutex<[Request]>([])
        init(responder: @escaping @Sendable (Request) -> Reply) {
            self.responder = responder
        }
    }

    /// Stops listening and closes every connection.
    public func shutdown() async {
        try? await channel.close()
        try? await group.shutdownGracefully()
    }

    /// Answers each complete request with the next scripted reply.
    private final class ReplyHandler: ChannelInboundHandler {
        typealias InboundIn = HTTPServerRequestPart
        typealias OutboundOut = HTTPServerResponsePart

        let state: Script
        private var head: HTTPRequestHead?
        private var body = Data()

        init(state: Script) {
            self.state = state
        }

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            switch unwrapInboundIn(data) {
            case .head(let head):
                self.head = head
                body = Data()
            case .body(let buffer):
                body.append(contentsOf: buffer.readableBytesView)
            case .end:
                guard let head else { return }
                let request = Request(
                    number: 0,
                    method: head.method.rawValue, uri: head.uri,
                    headers: Dictionary(head.headers.map { ($0.name.lowercased(), $0.value) }, uniquingKeysWith: { $1 }),
                    body: body)
                let numbered = state.requests.withLock { received -> Request in
                    var numbered = request
                    numbered.number = received.count + 1
                    received.append(numbered)
                    return numbered
                }
                let reply = state.responder(numbered)
                answer(reply, context: context)
            }
        }

        private func answer(_ reply: Reply, context: ChannelHandlerContext) {
            switch reply {
            case .respond(let status, let body, let headers):
                var fields = HTTPHeaders(headers.map { ($0.key, $0.value) })
                fields.replaceOrAdd(name: "Content-Length", value: "\(body.utf8.count)")
                context.write(wrapOutboundOut(.head(HTTPResponseHead(version: .http1_1, status: .init(statusCode: status), headers: fields))), promise: nil)
                context.write(wrapOutboundOut(.body(.byteBuffer(ByteBuffer(string: body)))), promise: nil)
                context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: nil)
            case .stream(let payloads, let pause):
                startStream(context)
                let events = payloads.map { "data: \($0)\n\n" } + ["data: [DONE]\n\n"]
                sendEvents(events[...], pause: pause, context: context, then: { context in
                    context.writeAndFlush(self.wrapOutboundOut(.end(nil)), promise: nil)
                })
            case .streamThenDrop(let payloads):
                startStream(context)
                sendEvents(payloads.map { "data: \($0)\n\n" }[...], pause: .zero, context: context, then: { context in
                    context.close(promise: nil)
                })
            case .hang:
                break
            case .drop:
                context.close(promise: nil)
            }
        }

        private func startStream(_ context: ChannelHandlerContext) {
            let headers = HTTPHeaders([("Content-Type", "text/event-stream"), ("Cache-Control", "no-cache")])
            context.writeAndFlush(wrapOutboundOut(.head(HTTPResponseHead(version: .http1_1, status: .ok, headers: headers))), promise: nil)
        }

        private func sendEvents(_ events: ArraySlice<String>, pause: Duration, context: ChannelHandlerContext,
                                then finish: @escaping (ChannelHandlerContext) -> Void) {
            guard let event = events.first else {
                finish(context)
                return
            }
            context.writeAndFlush(wrapOutboundOut(.body(.byteBuffer(ByteBuffer(string: event)))), promise: nil)
            let rest = events.dropFirst()
            let nanoseconds = pause.components.seconds * 1_000_000_000 + pause.components.attoseconds / 1_000_000_000
            context.eventLoop.assumeIsolated().scheduleTask(in: .nanoseconds(nanoseconds)) {
                self.sendEvents(rest, pause: pause, context: context, then: finish)
            }
        }
    }
}
