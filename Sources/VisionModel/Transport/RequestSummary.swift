import Foundation

/// A request body as `--verbose` shows it: the JSON as sent, each image's data URL replaced by its type and
/// size (a screenshot is hundreds of kilobytes of base64), each long text (the tools' system prompt) cut to
/// its start, and the whole cut to a length a terminal can take.
enum RequestSummary {
    /// The most characters of a body shown.
    static let limit = 4000
    /// The most characters of one text shown.
    static let textLimit = 300

    static func describe(_ body: Data) -> String {
        guard let object = try? JSONSerialization.jsonObject(with: body),
              let data = try? JSONSerialization.data(withJSONObject: elidingImages(object), options: [.sortedKeys, .withoutEscapingSlashes]) else {
            return "(a body that is not JSON, \(body.count) bytes)"
        }
        let text = String(decoding: data, as: UTF8.self)
        return text.count > limit ? String(text.prefix(limit)) + "… (\(text.count) characters in all)" : text
    }

    private static func elidingImages(_ value: Any) -> Any {
        switch value {
        case let text as String where text.hasPrefix("data:"):
            let type = text.dropFirst(5).prefix { $0 != ";" && $0 != "," }
            return "<\(type) image, \(text.count) characters of base64>"
        case let text as String where text.count > textLimit:
            return text.prefix(textLimit) + "… (\(text.count) characters)"
        case let object as [String: Any]: return object.mapValues(elidingImages)
        case let array as [Any]: return array.map(elidingImages)
        default: return value
        }
    }

    /// `duration` in whole milliseconds.
    static func milliseconds(_ duration: Duration) -> Int {
        Int(duration.components.seconds * 1000 + duration.components.attoseconds / 1_000_000_000_000_000)
    }
}
