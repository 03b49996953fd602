public import Foundation
import Imaging
import Synchronization

/// Recorded model answers, so scenarios with `target:` and `agent:` steps replay without a model.
///
/// Each request is keyed by the model family (profile), its prompt (all the text of its messages, hashed)
/// and a perceptual hash of the last screenshot it carries. Recording appends one JSON line per answer to
/// the file as it comes; replaying answers a request from the first unused entry with the same family and
/// prompt whose screenshot is within ``maxDistance`` bits — and when there is none, says why (no such
/// prompt, or the screen no longer looks as recorded), so a changed UI fails clearly instead of clicking
/// blindly.
///
/// Use it as a ``ChatModel``: ``recording(_:profile:)`` wraps a real model and keeps what it answers;
/// ``replaying(profile:)`` answers alone, with no server and no endpoint.
public final class Cassette: Sendable {
    /// Recording or replaying.
    public enum Mode: String, Sendable {
        case record, replay
    }

    /// One recorded answer.
    public struct Entry: Codable, Sendable {
        /// The model family, e.g. `qwen3-vl`.
        public var profile: String
        /// FNV-1a 64 of the request's text, in hex.
        public var prompt: String
        /// The perceptual hash of the request's last image, in hex ("" without one).
        public var screen: String
        /// The first 200 characters of the last user text, for people reading the file.
        public var summary: String
        /// The answer: an OpenAI chat completion, as the server sent it (or as the stream rebuilt it).
        public var completion: ChatCompletion
    }

    /// The file.
    public let url: URL
    /// Recording or replaying.
    public let mode: Mode
    /// Screens this many bits apart (of 64) or fewer count as the same.
    public let maxDistance: Int

    private let state: Mutex<(entries: [Entry], used: Set<Int>)>

    /// Opens `url` for `mode`: replaying reads it (it must exist); recording starts it afresh.
    ///
    /// - Throws: ``CassetteError``.
    public init(url: URL, mode: Mode, maxDistance: Int = 6) throws(CassetteError) {
        self.url = url
        self.mode = mode
        self.maxDistance = maxDistance
        var entries: [Entry] = []
        switch mode {
        case .replay:
            guard let data = FileManager.default.contents(atPath: url.path) else { throw .missing(path: url.path) }
            for (index, line) in data.split(separator: UInt8(ascii: "\n")).enumerated() {
                do {
                    entries.append(try JSONDecoder().decode(Entry.self, from: Data(line)))
                } catch {
                    throw .unreadable(path: url.path, line: index + 1, reason: "\(error)")
                }
            }
        case .record:
            do {
                try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
                try Data().write(to: url)
            } catch {
                throw .unwritable(path: url.path, reason: "\(error)")
            }
        }
        state = Mutex((entries, []))
    }

    /// How many answers the cassette holds.
    public var count: Int { state.withLock { $0.entries.count } }

    /// The key of `request`: the hashed prompt, the last screenshot's perceptual hash, and a readable summary.
    public static func key(of request: ChatRequest) -> (prompt: String, screen: String, summary: String) {
        var text = ""
        var lastImage: ContentPart?
        for message in request.messages {
            text += message.role.rawValue + ":" + message.content.text + "\n"
            if case .parts(let parts) = message.content {
                for part in parts where part.imageURL != nil { lastImage = part }
            }
        }
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in text.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x100_0000_01b3
        }
        let screen = lastImage.flatMap(Self.perceptualHash).map { String($0, radix: 16) } ?? ""
        let summary = String((request.messages.last { $0.role == .user }?.content.text ?? "").prefix(200))
        return (String(hash, radix: 16), screen, summary)
    }

    /// The recorded answer to `request` from a `profile` model.
    ///
    /// - Throws: ``CassetteError/noAnswer(summary:reason:)`` when there is none.
    public func answer(_ request: ChatRequest, profile: String) throws(CassetteError) -> ChatCompletion {
        let key = Self.key(of: request)
        let maxDistance = maxDistance
        let found: Result<ChatCompletion, CassetteError> = state.withLock { state in
            let candidates = state.entries.indices.filter {
                !state.used.contains($0) && state.entries[$0].profile == profile && state.entries[$0].prompt == key.prompt
            }
            guard !candidates.isEmpty else {
                return .failure(.noAnswer(summary: key.summary,
                                          reason: "the cassette has no request with this prompt (\(state.entries.count) recorded); record it again with --record"))
            }
            let distances = candidates.map { (index: $0, bits: Self.distance(state.entries[$0].screen, key.screen)) }
            guard let best = distances.min(by: { $0.bits < $1.bits }), best.bits <= maxDistance else {
                let nearest = distances.map(\.bits).min() ?? 64
                return .failure(.noAnswer(summary: key.summary,
                                          reason: "the screen no longer looks as recorded (\(nearest) of 64 bits differ, at most \(maxDistance) allowed); record it again with --record"))
            }
            state.used.insert(best.index)
            return .success(state.entries[best.index].completion)
        }
        return try found.get()
    }

    /// Records `completion` as the answer to `request` from a `profile` model: appended to the file at once.
    ///
    /// - Throws: ``CassetteError/unwritable(path:reason:)``.
    public func record(_ completion: ChatCompletion, for request: ChatRequest, profile: String) throws(CassetteError) {
        let key = Self.key(of: request)
        let entry = Entry(profile: profile, prompt: key.prompt, screen: key.screen, summary: key.summary, completion: completion)
        let url = url
        let written: Result<Void, CassetteError> = state.withLock { state in
            do {
                let encoder = JSONEncoder()
                encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
                var line = try encoder.encode(entry)
                line.append(UInt8(ascii: "\n"))
                let handle = try FileHandle(forWritingTo: url)
                defer { try? handle.close() }
                try handle.seekToEnd()
                try handle.write(contentsOf: line)
                state.entries.append(entry)
                return .success(())
            } catch {
                return .failure(.unwritable(path: url.path, reason: "\(error)"))
            }
        }
        try written.get()
    }

    static func distance(_ a: String, _ b: String) -> Int {
        guard let x = UInt64(a, radix: 16), let y = UInt64(b, radix: 16) else { return a == b ? 0 : 64 }
        return (x ^ y).nonzeroBitCount
    }

    /// The perceptual hash of an image part: an encoded image's own, or that of a data URL's PNG (a request
    /// read back).
    static func perceptualHash(_ part: ContentPart) -> UInt64? {
        switch part {
        case .image(let image): return image.perceptualHash
        case .imageURL(let url):
            guard let comma = url.firstIndex(of: ","), let data = Data(base64Encoded: String(url[url.index(after: comma)...])) else { return nil }
            return (try? Image(pngData: data))?.perceptualHash
        case .text: return nil
        }
    }

    /// A model that answers every request from this cassette, for a `profile` family; nothing else is
    /// contacted.
    public func replaying(profile: String) -> any ChatModel {
        CassetteChatModel(cassette: self, profile: profile, recorded: nil)
    }

    /// `model`, with each answer it gives recorded into this cassette for a `profile` family.
    public func recording(_ model: any ChatModel, profile: String) -> any ChatModel {
        CassetteChatModel(cassette: self, profile: profile, recorded: model)
    }
}

/// Why a cassette cannot be used.
public enum CassetteError: Error, Sendable, CustomStringConvertible {
    /// Replaying from a file that does not exist.
    case missing(path: String)
    /// A line of the file is not an entry.
    case unreadable(path: String, line: Int, reason: String)
    /// The file cannot be written.
    case unwritable(path: String, reason: String)
    /// No recorded answer fits a request.
    case noAnswer(summary: String, reason: String)

    public var description: String {
        switch self {
        case .missing(let path): "no cassette at \(path): record one first (--cassette \(path) --record, with a model)"
        case .unreadable(let path, let line, let reason): "\(path):\(line): not a cassette entry (\(reason))"
        case .unwritable(let path, let reason): "cannot write the cassette \(path): \(reason)"
        case .noAnswer(let summary, let reason): "no recorded answer for \(summary.debugDescription): \(reason)"
        }
    }
}

/// A cassette as a ``ChatModel``: answers from it (replaying), or from a real model, recorded into it.
struct CassetteChatModel: ChatModel {
    let cassette: Cassette
    let profile: String
    /// The model whose answers are recorded; nil when replaying.
    let recorded: (any ChatModel)?

    var modelName: String { recorded?.modelName ?? "cassette" }

    var description: String {
        recorded.map { "\($0), recording into \(cassette.url.path)" } ?? "answers replayed from \(cassette.url.path)"
    }

    func complete(_ request: ChatRequest) async throws -> ChatExchange {
        guard let recorded else { return try replay(request) }
        let exchange = try await recorded.complete(request)
        try cassette.record(exchange.completion, for: request, profile: profile)
        return exchange
    }

    func stream(_ request: ChatRequest, onText: @escaping @Sendable (String) -> Void) async throws -> ChatExchange {
        guard let recorded else {
            let exchange = try replay(request)
            if let text = exchange.message.content { onText(text) }
            return exchange
        }
        let exchange = try await recorded.stream(request, onText: onText)
        try cassette.record(exchange.completion, for: request, profile: profile)
        return exchange
    }

    private func replay(_ request: ChatRequest) throws -> ChatExchange {
        let completion = try cassette.answer(request, profile: profile)
        guard let message = completion.message else {
            throw CassetteError.noAnswer(summary: Cassette.key(of: request).summary, reason: "the recorded answer has no choices")
        }
        return ChatExchange(completion: completion, message: message, replayed: true)
    }
}
