import Deskpilot
import Foundation
import Imaging

/// Capture and the observation a model step needs.
enum Observation {
    /// The model-side size of a 1920×1080 screen under Qwen3-VL's default pixel budget.
    static let modelSize = Size(width: 1504, height: 832)

    static func measure(_ desktop: X11Desktop, samples: Int) async throws -> [Measurement] {
        var results: [Measurement] = []
        let captures = try await sample(samples * 3) { _ = try await desktop.screenshot() }
        results.append(Measurement(group: "capture", name: "screenshot full screen (XShmGetImage + copy)", samples_ms: captures))

        let frame = try await desktop.screenshot()
        let fullPNG = try frame.pngData(.fast)
        results.append(Measurement(group: "png", name: "encode full screen, fast", samples_ms: try await sample(samples) {
            _ = try frame.pngData(.fast)
        }, bytes: fullPNG.count))
        let compact = try frame.pngData(.compact)
        results.append(Measurement(group: "png", name: "encode full screen, compact", samples_ms: try await sample(max(5, samples / 3)) {
            _ = try frame.pngData(.compact)
        }, bytes: compact.count))
        results.append(Measurement(group: "png", name: "resize 1920x1080 -> 1504x832", samples_ms: await sample(samples) {
            _ = frame.resized(width: modelSize.width, height: modelSize.height)
        }))

        var bytes = 0
        let observations = try await sample(samples) {
            let shot = try await desktop.screenshot()
            let resized = shot.resized(width: modelSize.width, height: modelSize.height)
            let png = try resized.pngData(.fast)
            let base64 = Data(png).base64EncodedString()
            bytes = base64.utf8.count
        }
        results.append(Measurement(group: "capture", name: "observation (capture, resize 1504x832, PNG, base64)", samples_ms: observations, bytes: bytes))
        return results
    }
}
