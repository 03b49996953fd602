internal import Foundation

/// Reads tool calls out of a model's reply, forgiving what models and servers get wrong (docs/models.md).
///
/// Reasoning first: the server's `reasoning` field, a `<think>…</think>` block, and all text before a lone
/// `</think>` (Qwen3's thinking templates open the block in the prompt, so the model writes only the
/// closing tag) are the model's drafts. Calls there are never read; only the answer after them counts.
///
/// In order:
/// 1. Calls the server already parsed (`message.tool_calls`), with arguments as a JSON string (vLLM,
///    llama.cpp, OpenAI) or an object (Ollama). Calls found in the text as well are added unless they repeat.
/// 2. `<tool_call>…</tool_call>` blocks in the text, one or several; a block without its closing tag runs
///    to the next `<tool_call>` or the end (as vLLM's regex reads it). Inside a block the JSON may be fenced
///    in ```` ```json ````, followed by stray text or an extra `}`, or written as Qwen3.5's
///    `<function=…><parameter=…>` XML.
/// 3. Without tags: a `<function=…>` block, then the last balanced `{…}` object in the text — fenced or
///    bare — that holds `"name"` (with `"arguments"`) or `"action"`. A bare `{"action": …}` is a call of
///    ``bareActionTool``.
///
/// JSON is read leniently: trailing commas, single-quoted strings, Python's `True`/`False`/`None`,
/// `"arguments"` given as a JSON string, a flattened `{"name": …, "action": …}` object, and `"parameters"`
/// for `"arguments"` are all accepted. When a block cannot be read, the calls before it are kept; when the
/// first cannot, parsing fails with a ``ToolCallParseError`` whose message tells the model what to fix (a
/// block holding no JSON object at all is taken for the tag named in prose and skipped).
public struct ToolCallParser: Sendable {
    /// The tool a bare `{"action": …}` object calls.
    public var bareActionTool: String
    /// Whether the values of `<parameter=…>` blocks are kept as text (less one leading and one trailing
    /// newline), for a format that types them by the tool's schema; otherwise a value that is JSON as a
    /// whole is read as JSON and the rest trimmed.
    public var keepsParameterText: Bool

    /// A parser; bare action objects call `bareActionTool`.
    public init(bareActionTool: String = "computer_use", keepsParameterText: Bool = false) {
        self.bareActionTool = bareActionTool
        self.keepsParameterText = keepsParameterText
    }

    /// The calls in `message`: its `tool_calls` and its content.
    public func parse(_ message: AssistantMessage) throws(ToolCallParseError) -> ParsedReply {
        try parse(content: message.content, toolCalls: message.toolCalls, reasoning: message.reasoning)
    }

    /// The calls in a reply's `content` and the `toolCalls` the server parsed out of it.
    public func parse(content: String?, toolCalls: [ToolCall] = [], reasoning: String? = nil) throws(ToolCallParseError) -> ParsedReply {
        let (thoughts, content) = Self.splitReasoning(content ?? "")
        let reasoning = [reasoning ?? "", thoughts].map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }
            .filter { !$0.isEmpty }.joined(separator: "\n\n")
        do {
            var reply = try parse(answer: content, toolCalls: toolCalls)
            reply.reasoning = reasoning
            reply.answer = content.trimmingCharacters(in: .whitespacesAndNewlines)
            return reply
        } catch .noToolCall where !reasoning.isEmpty && (try? parseContent(reasoning)) != nil {
            throw .callOnlyInReasoning
        }
    }

    /// The model's reasoning and its answer: text before the last `</think>` (without an opening `<think>`)
    /// is reasoning, as is everything after an opening `<think>` that never closes.
    public static func splitReasoning(_ content: String) -> (reasoning: String, answer: String) {
        if let close = content.range(of: "</think>", options: .backwards) {
            var thoughts = content[..<close.lowerBound]
            if let open = thoughts.range(of: "<think>") { thoughts = thoughts[open.upperBound...] }
            let before = content.range(of: "<think>").map { content[..<$0.lowerBound] } ?? ""
            return (String(thoughts), String(before) + String(content[close.upperBound...]))
        }
        if let open = content.range(of: "<think>") {
            return (String(content[open.upperBound...]), String(content[..<open.lowerBound]))
        }
        return ("", content)
    }

    /// The calls in an answer (reasoning already taken out) and the server's `toolCalls`.
    private func parse(answer content: String, toolCalls: [ToolCall]) throws(ToolCallParseError) -> ParsedReply {
        guard !toolCalls.isEmpty else {
            let (calls, text) = try parseContent(content)
            return ParsedReply(calls: calls, text: text)
        }
        var calls: [ParsedToolCall] = []
        for toolCall in toolCalls {
            let name = toolCall.function.name.trimmingCharacters(in: .whitespacesAndNewlines)
            guard !name.isEmpty else { throw .missingName }
            calls.append(ParsedToolCall(name: name, arguments: try Self.argumentsObject(toolCall.function.arguments, tool: name)))
        }
        // vLLM returns the text before the first call in `content`; a server may also leave a call there.
        guard let inContent = try? parseContent(content) else {
            return ParsedReply(calls: calls, text: content.trimmingCharacters(in: .whitespacesAndNewlines))
        }
        for call in inContent.calls where !calls.contains(call) { calls.append(call) }
        return ParsedReply(calls: calls, text: inContent.text)
    }

    // MARK: - Text

    private static let openTag = Array("<tool_call>".utf8)
    private static let closeTag = Array("</tool_call>".utf8)
    private static let functionTag = Array("<function=".utf8)

    /// The calls in `content` and the text before the first of them.
    private func parseContent(_ content: String) throws(ToolCallParseError) -> (calls: [ParsedToolCall], text: String) {
        let bytes = Array(content.utf8)
        let opens = Self.occurrences(of: Self.openTag, in: bytes)
        if !opens.isEmpty {
            var calls: [ParsedToolCall] = []
            var textEnd = opens[0]
            var proseError: ToolCallParseError?
            for (number, open) in opens.enumerated() {
                let start = open + Self.openTag.count
                let limit = number + 1 < opens.count ? opens[number + 1] : bytes.count
                let end = Self.firstOccurrence(of: Self.closeTag, in: bytes, from: start, to: limit) ?? limit
                let body = Array(bytes[start..<end])
                do {
                    let call = try callInBlock(body)
                    if calls.isEmpty { textEnd = open }
                    calls.append(call)
                } catch {
                    // After a good call, a broken one ends the search (only the first call is executed anyway).
                    if !calls.isEmpty { break }
                    // A broken call before any good one fails the reply: executing a later call could be wrong.
                    if body.contains(UInt8(ascii: "{")) || Self.firstOccurrence(of: Self.functionTag, in: body, from: 0, to: body.count) != nil {
                        throw error
                    }
                    // A block without a JSON object is the tag named in prose ("I'll write a <tool_call>"): look on.
                    proseError = proseError ?? error
                }
            }
            if calls.isEmpty { throw proseError ?? .noToolCall }
            return (calls, Self.text(bytes[..<textEnd]))
        }
        if let function = Self.firstOccurrence(of: Self.functionTag, in: bytes, from: 0, to: bytes.count) {
            return ([try xmlCall(Array(bytes[function...]))], Self.text(bytes[..<function]))
        }
        return try bareObjectCalls(in: bytes)
    }

    /// The call in the text of one `<tool_call>` block.
    private func callInBlock(_ body: [UInt8]) throws(ToolCallParseError) -> ParsedToolCall {
        guard let start = body.firstIndex(where: { !Self.isWhitespace($0) }) else {
            throw .malformedJSON(reason: "the block is empty, expected a JSON object", line: 1, column: 1, near: "")
        }
        if Self.hasPrefix(Self.functionTag, in: body, at: start) { return try xmlCall(Array(body[start...])) }
        // Skip anything before the JSON: a ```json fence, the tool's name.
        let jsonStart: Int
        if [UInt8(ascii: "{"), UInt8(ascii: "["), UInt8(ascii: "\""), UInt8(ascii: "'")].contains(body[start]) {
            jsonStart = start
        } else {
            jsonStart = body[start...].firstIndex(of: UInt8(ascii: "{")) ?? start
        }
        let value: JSONValue
        do {
            value = try LenientJSONParser.parseValue(in: body, from: jsonStart).value
        } catch {
            throw Self.malformed(error, in: body, origin: jsonStart)
        }
        return try call(from: value)
    }

    /// The last balanced `{…}` object in text without tags that reads as a call (OSWorld's fallback: an
    /// earlier object may be an example in the model's thoughts).
    private func bareObjectCalls(in bytes: [UInt8]) throws(ToolCallParseError) -> (calls: [ParsedToolCall], text: String) {
        let (spans, unclosed) = Self.objectSpans(in: bytes)
        var firstError: ToolCallParseError?
        for span in spans.reversed() {
            let looksLikeCall = Self.mentionsCallKeys(bytes[span])
            let value: JSONValue
            do {
                value = try LenientJSONParser.parseValue(in: bytes, from: span.lowerBound).value
            } catch {
                if looksLikeCall { firstError = Self.malformed(error, in: bytes, origin: span.lowerBound) }
                continue
            }
            guard case .object(let object) = value, object["name"] != nil || object["action"] != nil || object["function"] != nil
            else { continue }
            do {
                return ([try call(from: value)], Self.text(bytes[..<span.lowerBound]))
            } catch {
                firstError = error
            }
        }
        if let firstError { throw firstError }
        // A call cut off before its closing brace: say where the JSON ends.
        if let unclosed, Self.mentionsCallKeys(bytes[unclosed...]) {
            do {
                _ = try LenientJSONParser.parseValue(in: bytes, from: unclosed)
            } catch {
                throw Self.malformed(error, in: bytes, origin: unclosed)
            }
        }
        throw .noToolCall
    }

    /// Qwen3.5's form: `<function=NAME><parameter=KEY>VALUE</parameter>…</function>`. A value that is
    /// JSON as a whole (a number, an array) is read as JSON, anything else as a string.
    private func xmlCall(_ bytes: [UInt8]) throws(ToolCallParseError) -> ParsedToolCall {
        let text = String(decoding: bytes, as: UTF8.self)
        let afterTag = text.dropFirst("<function=".count)
        guard let nameEnd = afterTag.firstIndex(of: ">") else { throw .missingName }
        let name = afterTag[..<nameEnd].trimmingCharacters(in: .whitespacesAndNewlines)
        guard !name.isEmpty else { throw .missingName }
        var arguments = JSONObject()
        var rest = afterTag[afterTag.index(after: nameEnd)...]
        if let end = rest.range(of: "</function>") { rest = rest[..<end.lowerBound] }
        while let open = rest.range(of: "<parameter=") {
            rest = rest[open.upperBound...]
            guard let keyEnd = rest.firstIndex(of: ">") else { break }
            let key = rest[..<keyEnd].trimmingCharacters(in: .whitespacesAndNewlines)
            rest = rest[rest.index(after: keyEnd)...]
            let valueEnd = [rest.range(of: "</parameter>")?.lowerBound, rest.range(of: "<parameter=")?.lowerBound]
                .compactMap { $0 }.min() ?? rest.endIndex
            var value = rest[..<valueEnd]
            rest = rest[valueEnd...]
            if rest.hasPrefix("</parameter>") { rest = rest.dropFirst("</parameter>".count) }
            if keepsParameterText {
                // The template writes one newline around each value; whatever else is the value's own.
                if value.hasPrefix("\n") { value = value.dropFirst() }
                if value.hasSuffix("\n") { value = value.dropLast() }
                arguments[key] = .string(String(value))
            } else {
                let raw = value.trimmingCharacters(in: .whitespacesAndNewlines)
                arguments[key] = Self.wholeJSON(raw) ?? .string(raw)
            }
        }
        return ParsedToolCall(name: name, arguments: .object(arguments))
    }

    /// The call a parsed JSON value describes.
    private func call(from value: JSONValue) throws(ToolCallParseError) -> ParsedToolCall {
        guard case .object(var object) = value else { throw .notAnObject(found: value.kindDescription) }
        if object["name"] == nil, case .object? = object["function"] {
            return try call(from: object["function"]!)  // OpenAI's {"type": "function", "function": {…}}
        }
        guard let nameValue = object["name"] else {
            if object["action"] != nil { return ParsedToolCall(name: bareActionTool, arguments: .object(object)) }
            throw .missingName
        }
        guard let name = nameValue.stringValue?.trimmingCharacters(in: .whitespacesAndNewlines), !name.isEmpty else {
            throw .missingName
        }
        if let arguments = object["arguments"] ?? object["parameters"] {
            return ParsedToolCall(name: name, arguments: try Self.argumentsObject(arguments, tool: name))
        }
        object["name"] = nil  // flattened: {"name": "computer_use", "action": "left_click", …}
        return ParsedToolCall(name: name, arguments: .object(object))
    }

    /// `arguments` as an object: an object as it is, JSON text parsed, `null` or blank text as `{}`.
    static func argumentsObject(_ arguments: JSONValue, tool: String, depth: Int = 0) throws(ToolCallParseError) -> JSONValue {
        switch arguments {
        case .object:
            return arguments
        case .null:
            return .object([:])
        case .string(let text):
            let bytes = Array(text.utf8)
            guard let start = bytes.firstIndex(where: { !isWhitespace($0) }) else { return .object([:]) }
            let value: JSONValue
            do {
                value = try LenientJSONParser.parseValue(in: bytes, from: start).value
            } catch {
                throw malformed(error, in: bytes, origin: start)
            }
            // Encoded twice (a JSON string holding the JSON text of the object): read it once more.
            if case .string(let inner) = value, inner.trimmingCharacters(in: .whitespacesAndNewlines).hasPrefix("{"), depth < 2 {
                return try argumentsObject(value, tool: tool, depth: depth + 1)
            }
            guard case .object = value else { throw .argumentsNotObject(tool: tool, found: value.kindDescription) }
            return value
        default:
            throw .argumentsNotObject(tool: tool, found: arguments.kindDescription)
        }
    }

    // MARK: - Helpers

    /// A syntax error as a parse error, its position counted from `origin` (where the JSON starts).
    private static func malformed(_ error: LenientJSONParser.SyntaxError, in bytes: [UInt8], origin: Int) -> ToolCallParseError {
        let offset = min(max(error.offset, origin), bytes.count)
        let before = bytes[origin..<offset]
        let lineStart = before.lastIndex(of: UInt8(ascii: "\n")).map { $0 + 1 } ?? origin
        let line = before.count(where: { $0 == UInt8(ascii: "\n") }) + 1
        let column = String(decoding: bytes[lineStart..<offset], as: UTF8.self).unicodeScalars.count + 1
        var nearStart = max(origin, offset - 20)
        while nearStart > origin, bytes[nearStart] & 0xC0 == 0x80 { nearStart -= 1 }
        var nearEnd = min(bytes.count, offset + 20)
        while nearEnd < bytes.count, bytes[nearEnd] & 0xC0 == 0x80 { nearEnd += 1 }
        let near = String(decoding: bytes[nearStart..<nearEnd], as: UTF8.self)
            .replacingOccurrences(of: "\n", with: " ").replacingOccurrences(of: "`", with: "'")
        return .malformedJSON(reason: error.reason, line: line, column: column, near: near)
    }

    /// The top-level balanced `{…}` spans of `bytes` (strings skipped, in either quote), and the start of the
    /// first `{` that never closes. After an unclosed brace the scan restarts at the next `{` a bounded
    /// number of times, so the work stays linear.
    private static func objectSpans(in bytes: [UInt8]) -> (spans: [Range<Int>], unclosed: Int?) {
        var spans: [Range<Int>] = []
        var unclosed: Int?
        var restarts = 0
        var position = 0
        while position < bytes.count {
            guard bytes[position] == UInt8(ascii: "{") else {
                position += 1
                continue
            }
            if let end = matchingBrace(in: bytes, from: position) {
                spans.append(position..<end)
                position = end
            } else {
                unclosed = unclosed ?? position
                restarts += 1
                if restarts > 32 { break }
                position += 1
            }
        }
        return (spans, unclosed)
    }

    /// The offset after the `}` that closes the `{` at `start`, or nil.
    private static func matchingBrace(in bytes: [UInt8], from start: Int) -> Int? {
        var depth = 0
        var quote: UInt8?
        var position = start
        while position < bytes.count {
            let byte = bytes[position]
            if let open = quote {
                if byte == UInt8(ascii: "\\") {
                    position += 1
                } else if byte == open {
                    quote = nil
                }
            } else {
                switch byte {
                case UInt8(ascii: "\""), UInt8(ascii: "'"): quote = byte
                case UInt8(ascii: "{"): depth += 1
                case UInt8(ascii: "}"):
                    depth -= 1
                    if depth == 0 { return position + 1 }
                default: break
                }
            }
            position += 1
        }
        return nil
    }

    /// Whether the bytes mention a key a call has.
    private static func mentionsCallKeys(_ bytes: ArraySlice<UInt8>) -> Bool {
        let text = String(decoding: bytes, as: UTF8.self)
        return text.contains("name") || text.contains("action")
    }

    /// `text` as one JSON value when all of it is one, else nil.
    private static func wholeJSON(_ text: String) -> JSONValue? {
        let bytes = Array(text.utf8)
        guard let parsed = try? LenientJSONParser.parseValue(in: bytes), bytes[parsed.end...].allSatisfy(isWhitespace)
        else { return nil }
        return parsed.value
    }

    private static func text(_ bytes: ArraySlice<UInt8>) -> String {
        String(decoding: bytes, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    private static func isWhitespace(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\n") || byte == UInt8(ascii: "\r") || byte == UInt8(ascii: "\t")
    }

    private static func hasPrefix(_ pattern: [UInt8], in bytes: [UInt8], at offset: Int) -> Bool {
        offset + pattern.count <= bytes.count && bytes[offset..<(offset + pattern.count)].elementsEqual(pattern)
    }

    private static func firstOccurrence(of pattern: [UInt8], in bytes: [UInt8], from start: Int, to end: Int) -> Int? {
        guard end - start >= pattern.count else { return nil }
        var offset = start
        while offset + pattern.count <= end {
            if bytes[offset] == pattern[0], hasPrefix(pattern, in: bytes, at: offset) { return offset }
            offset += 1
        }
        return nil
    }

    private static func occurrences(of pattern: [UInt8], in bytes: [UInt8]) -> [Int] {
        var found: [Int] = []
        var offset = 0
        while let next = firstOccurrence(of: pattern, in: bytes, from: offset, to: bytes.count) {
            found.append(next)
            offset = next + pattern.count
        }
        return found
    }
}
