/// Splits a `text/event-stream` body into event payloads: the `data:` lines of each event, joined by newlines,
/// an event ending at a blank line. Comments (`:`) and other fields are ignored.
struct ServerSentEventParser {
    private var line: [UInt8] = []
    private var data: [String] = []

    /// Consumes bytes and returns the payloads of the events they complete.
    mutating func feed(_ bytes: some Sequence<UInt8>) -> [String] {
        var completed: [String] = []
        for byte in bytes {
            if byte == UInt8(ascii: "\n") {
                if let payload = endLine() { completed.append(payload) }
            } else if byte != UInt8(ascii: "\r") {
                line.append(byte)
            }
        }
        return completed
    }

    /// The payload of an event the stream ended without a blank line after.
    mutating func finish() -> [String] {
        var completed: [String] = []
        if !line.isEmpty, let payload = endLine() { completed.append(payload) }
        if let payload = endLine() { completed.append(payload) }
        return completed
    }

    /// Ends the current line; returns an event's payload when the line was blank and data was collected.
    private mutating func endLine() -> String? {
        defer { line.removeAll(keepingCapacity: true) }
        if line.isEmpty {
            guard !data.isEmpty else { return nil }
            defer { data.removeAll() }
            return data.joined(separator: "\n")
        }
        let text = String(decoding: line, as: UTF8.self)
        if text.hasPrefix("data:") {
            var value = text.dropFirst(5)
            if value.first == " " { value = value.dropFirst() }
            data.append(String(value))
        }
        return nil
    }
}
