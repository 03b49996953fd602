/// Precomputed resampling weights for one axis: output position `i` is the weighted sum of source
/// positions `starts[i] ..< starts[i] + taps` with weights `weights[i * taps ..< (i + 1) * taps]`.
///
/// Shrinking averages areas: each output position covers `sourceCount / targetCount` source positions,
/// and each source position counts by how much of it is covered, so an exact 2× shrink gives exact box
/// averages (weights 0.5). Enlarging interpolates linearly between the two nearest source centres and
/// keeps the first and last positions exactly. Every output's weights sum to 1.
struct AxisWeights {
    /// Source positions per output position (padded with zero weights to the same count for all).
    let taps: Int
    /// First source position of each output position.
    let starts: [Int]
    /// `targetCount * taps` weights.
    let weights: [Float]
    /// Whether the axis keeps its size (each output is its source position with weight 1).
    let isIdentity: Bool

    init(from sourceCount: Int, to targetCount: Int) {
        precondition(sourceCount > 0 && targetCount > 0)
        var contributions: [[(index: Int, weight: Double)]] = []
        contributions.reserveCapacity(targetCount)
        let scale = Double(sourceCount) / Double(targetCount)
        if targetCount < sourceCount {
            for i in 0..<targetCount {
                let low = Double(i) * scale
                let high = min(Double(i + 1) * scale, Double(sourceCount))
                var list: [(index: Int, weight: Double)] = []
                for j in Int(low.rounded(.down))..<min(Int(high.rounded(.up)), sourceCount) {
                    let overlap = min(high, Double(j + 1)) - max(low, Double(j))
                    if overlap > 1e-9 { list.append((j, overlap)) }
                }
                contributions.append(list)
            }
        } else {
            for i in 0..<targetCount {
                let position = min(max((Double(i) + 0.5) * scale - 0.5, 0), Double(sourceCount - 1))
                let left = Int(position.rounded(.down))
                let fraction = position - Double(left)
                contributions.append(fraction > 1e-9 ? [(left, 1 - fraction), (left + 1, fraction)] : [(left, 1)])
            }
        }
        let taps = min(contributions.map(\.count).max() ?? 1, sourceCount)
        var starts = [Int](repeating: 0, count: targetCount)
        var weights = [Float](repeating: 0, count: targetCount * taps)
        for (i, list) in contributions.enumerated() {
            let total = list.reduce(0) { $0 + $1.weight }
            let start = min(list[0].index, sourceCount - taps)
            starts[i] = start
            for (index, weight) in list {
                weights[i * taps + index - start] = Float(weight / total)
            }
        }
        self.taps = taps
        self.starts = starts
        self.weights = weights
        self.isIdentity = sourceCount == targetCount
    }
}
