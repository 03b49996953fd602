import Foundation

/// One benchmark result: a named series of samples, printed as a table row or as one JSON line.
struct Measurement: Codable {
    var group: String
    var name: String
    var samples_ms: [Double]
    var bytes: Int?
    var chars: Int?
    /// A peer's figure run in the same process run, for a ratio (median / median).
    var note: String?
    /// The unit of the samples when they are not milliseconds (e.g. `%`).
    var unit: String?

    var median: Double {
        let sorted = samples_ms.sorted()
        guard !sorted.isEmpty else { return .nan }
        return sorted.count % 2 == 1 ? sorted[sorted.count / 2] : (sorted[sorted.count / 2 - 1] + sorted[sorted.count / 2]) / 2
    }

    var p90: Double {
        let sorted = samples_ms.sorted()
        guard !sorted.isEmpty else { return .nan }
        return sorted[min(sorted.count - 1, Int(Double(sorted.count) * 0.9))]
    }

    /// Characters per second at the median, for typing.
    var charsPerSecond: Double? { chars.map { Double($0) / (median / 1000) } }

    var jsonLine: String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        var copy = self
        copy.samples_ms = samples_ms.map { ($0 * 1000).rounded() / 1000 }
        return String(decoding: (try? encoder.encode(copy)) ?? Data(), as: UTF8.self)
    }

    var tableRow: String {
        var row = "\(group.padding(toLength: 9, withPad: " ", startingAt: 0)) \(name.padding(toLength: 64, withPad: " ", startingAt: 0))"
        let unit = self.unit ?? "ms"
        row += String(format: " median %9.3f ", median) + unit + String(format: "  p90 %9.3f ", p90) + unit + "  n=\(samples_ms.count)"
        if let bytes { row += "  \(bytes) bytes" }
        if let rate = charsPerSecond { row += String(format: "  %.0f chars/s", rate) }
        if let note { row += "  (\(note))" }
        return row
    }
}

/// Times `body` `count` times after `warmup` untimed runs; milliseconds per run.
func sample(_ count: Int, warmup: Int = 2, _ body: () async throws -> Void) async rethrows -> [Double] {
    for _ in 0..<warmup { try await body() }
    var samples: [Double] = []
    samples.reserveCapacity(count)
    for _ in 0..<count {
        let start = ContinuousClock.now
        try await body()
        samples.append(milliseconds(ContinuousClock.now - start))
    }
    return samples
}

/// A duration in milliseconds.
func milliseconds(_ duration: Duration) -> Double {
    Double(duration.components.seconds) * 1000 + Double(duration.components.attoseconds) / 1e15
}
