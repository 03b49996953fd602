public import Foundation
public import MCP
import NIOCore
import NIOHTTP1
import NIOPosix

/// `deskpilot mcp --http`: the MCP streamable HTTP transport on a loopback address, behind a bearer token.
///
/// Each client that sends `initialize` gets a session of its own (an MCP server and the SDK's stateful
/// transport, which answers POSTs with event streams and keeps a GET stream for notifications and
/// requests such as elicitation); its `Mcp-Session-Id` routes later requests to it. A request without
/// `Authorization: Bearer TOKEN` is answered 401 before anything reads it.
///
/// Progress notifications travel on the event stream of the call they are about, ahead of its result: the
/// SDK's transport sends every notification on the session's GET stream, where the last one could reach the
/// client after the result (and a client drops progress for a call that has ended).
public actor StreamableHTTPListener {
    /// Sends a notification about the call that asked for progress with `token` on that call's own event
    /// stream; false when no such call is in flight here (send it the usual way then).
    public typealias CallNotifier = @Sendable (_ token: ProgressToken, _ notification: Data) async -> Bool
    /// Makes the MCP server of a new session, started on `transport`; `notifyCall` reaches its calls' streams.
    public typealias SessionFactory = @Sendable (_ transport: StatefulHTTPServerTransport, _ notifyCall: @escaping CallNotifier) async throws -> Server

    /// The path the protocol is served on.
    public static let path = "/mcp"

    private let token: String
    private let makeSession: SessionFactory
    private var sessions: [String: StatefulHTTPServerTransport] = [:]
    /// The event streams of calls in flight that asked for progress, by session and token.
    private var callStreams: [CallKey: AsyncThrowingStream<Data, any Error>.Continuation] = [:]

    private struct CallKey: Hashable {
        let session: String
        let token: ProgressToken
    }
    private let channel: NIOAsyncChannel<NIOAsyncChannel<HTTPServerRequestPart, HTTPServerResponsePart>, Never>

    /// The port listened on (the one asked for, or the one the system chose for port 0).
    public nonisolated let port: Int

    /// Listens on `host:port` (a loopback address: the server refuses any other) for clients that send `token`.
    ///
    /// - Throws: when the address cannot be bound (in use, not loopback).
    public init(host: String, port: Int, token: String, makeSession: @escaping SessionFactory) async throws {
        guard Self.isLoopback(host) else {
            throw MCPError.invalidParams("--http serves on loopback only (127.0.0.1, localhost or ::1), not '\(host)'")
        }
        self.token = token
        self.makeSession = makeSession
        channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .bind(host: host, port: port) { child in
                child.eventLoop.makeCompletedFuture {
                    try child.pipeline.syncOperations.configureHTTPServerPipeline()
                    return try NIOAsyncChannel<HTTPServerRequestPart, HTTPServerResponsePart>(wrappingChannelSynchronously: child)
                }
            }
        self.port = channel.channel.localAddress?.port ?? port
    }

    /// Whether `host` names this machine's loopback interface.
    public static func isLoopback(_ host: String) -> Bool {
        ["127.0.0.1", "localhost", "::1", "[::1]"].contains(host.lowercased())
    }

    /// Serves connections until ``close()`` or the task is cancelled.
    public func serve() async throws {
        try await channel.executeThenClose { connections in
            try await withThrowingDiscardingTaskGroup { group in
                for try await connection in connections {
                    group.addTask { await self.serve(connection) }
                }
            }
        }
    }

    /// Stops listening; the sessions end with their transports.
    public func close() async {
        for transport in sessions.values { await transport.disconnect() }
        sessions = [:]
        try? await channel.channel.close()
    }

    /// Reads the requests of one connection in order and writes each answer before the next is read.
    private nonisolated func serve(_ connection: NIOAsyncChannel<HTTPServerRequestPart, HTTPServerResponsePart>) async {
        try? await connection.executeThenClose { inbound, outbound in
            var head: HTTPRequestHead?
            var body = ByteBuffer()
            for try await part in inbound {
                switch part {
                case .head(let started):
                    head = started
                    body.clear()
                case .body(var chunk):
                    body.writeBuffer(&chunk)
                case .end:
                    guard let head else { continue }
                    let response = await answer(Self.request(head, body: body))
                    try await Self.write(response, version: head.version, keepAlive: head.isKeepAlive, to: outbound)
                    if !head.isKeepAlive { return }
                }
            }
        }
    }

    /// The answer to one request: 401 without the token, 404 off the MCP path, else the session's transport.
    func answer(_ request: HTTPRequest) async -> HTTPResponse {
        guard request.path == Self.path else {
            return .error(statusCode: 404, .invalidRequest("Not Found: the MCP endpoint is \(Self.path)"))
        }
        guard let presented = Self.bearer(in: request), Self.same(presented, token) else {
            return .error(statusCode: 401, .invalidRequest("Unauthorized: send the token deskpilot mcp printed as 'Authorization: Bearer TOKEN'"),
                          extraHeaders: [HTTPHeaderName.wwwAuthenticate: "Bearer realm=\"deskpilot\""])
        }
        if let id = request.header(HTTPHeaderName.sessionID) {
            guard let transport = sessions[id] else {
                return .error(statusCode: 404, .invalidRequest("Not Found: no session \(id) (it ended, or the server restarted): initialize again"))
            }
            if request.method == "POST", let token = Self.progressToken(in: request.body) {
                return await answerCall(request, on: transport, key: CallKey(session: id, token: token))
            }
            let response = await transport.handleRequest(request)
            if request.method == "DELETE", response.statusCode == 200 { sessions[id] = nil }
            return response
        }
        guard request.method == "POST", let body = request.body, Self.isInitialize(body) else {
            return .error(statusCode: 400, .invalidRequest("Bad Request: no \(HTTPHeaderName.sessionID) header; begin with an initialize request"))
        }
        let id = UUID().uuidString
        let transport = StatefulHTTPServerTransport(sessionIDGenerator: FixedSessionID(id: id))
        do {
            _ = try await makeSession(transport) { [weak self] token, notification in
                await self?.deliver(notification, to: CallKey(session: id, token: token)) ?? false
            }
        } catch {
            return .error(statusCode: 500, .internalError("The session could not start: \(error)"))
        }
        let response = await transport.handleRequest(request)
        if case .error = response { await transport.disconnect() } else { sessions[id] = transport }
        return response
    }

    /// A call that asked for progress: its answer is the transport's event stream with the call's
    /// notifications merged in, in the order they were sent (the stream is registered before the server sees
    /// the call, so none is missed).
    private func answerCall(_ request: HTTPRequest, on transport: StatefulHTTPServerTransport, key: CallKey) async -> HTTPResponse {
        let (merged, output) = AsyncThrowingStream<Data, any Error>.makeStream()
        callStreams[key] = output
        let response = await transport.handleRequest(request)
        guard case .stream(let events, let headers) = response else {
            callStreams[key] = nil
            output.finish()
            return response
        }
        Task { [weak self] in
            do {
                for try await event in events { output.yield(event) }
                output.finish()
            } catch {
                output.finish(throwing: error)
            }
            await self?.forget(key)
        }
        return .stream(merged, headers: headers)
    }

    private func deliver(_ notification: Data, to key: CallKey) -> Bool {
        guard let stream = callStreams[key] else { return false }
        stream.yield(Data("event: message\ndata: ".utf8) + notification + Data("\n\n".utf8))
        return true
    }

    private func forget(_ key: CallKey) {
        callStreams[key] = nil
    }

    /// The `progressToken` of a JSON-RPC request's `params._meta`, when it has one.
    private static func progressToken(in body: Data?) -> ProgressToken? {
        struct Call: Decodable {
            struct Parameters: Decodable {
                struct Meta: Decodable { let progressToken: ProgressToken? }
                let _meta: Meta?
            }
            let id: ID?
            let params: Parameters?
        }
        guard let body, let call = try? JSONDecoder().decode(Call.self, from: body), call.id != nil else { return nil }
        return call.params?._meta?.progressToken
    }

    /// Whether two tokens are equal, in a time that does not depend on where they first differ.
    private static func same(_ a: String, _ b: String) -> Bool {
        let a = Array(a.utf8), b = Array(b.utf8)
        guard a.count == b.count else { return false }
        return zip(a, b).reduce(UInt8(0)) { $0 | ($1.0 ^ $1.1) } == 0
    }

    /// The token of an `Authorization: Bearer …` header.
    private static func bearer(in request: HTTPRequest) -> String? {
        guard let value = request.header(HTTPHeaderName.authorization), value.lowercased().hasPrefix("bearer ") else { return nil }
        return String(value.dropFirst("bearer ".count)).trimmingCharacters(in: .whitespaces)
    }

    private static func isInitialize(_ body: Data) -> Bool {
        (try? JSONSerialization.jsonObject(with: body) as? [String: Any])?["method"] as? String == "initialize"
    }

    private static func request(_ head: HTTPRequestHead, body: ByteBuffer) -> HTTPRequest {
        var headers: [String: String] = [:]
        for (name, value) in head.headers { headers[name] = headers[name].map { "\($0), \(value)" } ?? value }
        let path = head.uri.split(separator: "?", maxSplits: 1).first.map(String.init) ?? head.uri
        return HTTPRequest(method: head.method.rawValue, headers: headers, body: body.readableBytes > 0 ? Data(body.readableBytesView) : nil, path: path)
    }

    /// Writes `response`: a whole body with its length, or an event stream chunk by chunk as it comes.
    private static func write(_ response: HTTPResponse, version: HTTPVersion, keepAlive: Bool,
                              to outbound: NIOAsyncChannelOutboundWriter<HTTPServerResponsePart>) async throws {
        var headers = HTTPHeaders(response.headers.map { ($0.key, $0.value) })
        if !keepAlive { headers.replaceOrAdd(name: "Connection", value: "close") }
        if case .stream(let events, _) = response {
            try await outbound.write(.head(HTTPResponseHead(version: version, status: .init(statusCode: response.statusCode), headers: headers)))
            do {
                for try await event in events { try await outbound.write(.body(.byteBuffer(ByteBuffer(bytes: event)))) }
            } catch {
                // The session ended the stream with an error: end the response; the client reconnects if it wants.
            }
            try await outbound.write(.end(nil))
            return
        }
        let body = response.bodyData ?? Data()
        headers.replaceOrAdd(name: "Content-Length", value: "\(body.count)")
        try await outbound.write(.head(HTTPResponseHead(version: version, status: .init(statusCode: response.statusCode), headers: headers)))
        if !body.isEmpty { try await outbound.write(.body(.byteBuffer(ByteBuffer(bytes: body)))) }
        try await outbound.write(.end(nil))
    }

    /// Gives the session the id the listener filed it under.
    private struct FixedSessionID: SessionIDGenerator {
        let id: String
        func generateSessionID() -> String { id }
    }
}
