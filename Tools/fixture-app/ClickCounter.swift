/// Counts multi-clicks the way toolkits do.
///
/// A press of the same button within 400 ms (X server time) of the previous press and within 5 pixels
/// of it on both axes counts one more than the previous press, up to 3 (a fourth quick press is 3
/// again); any other press counts 1.
struct ClickCounter {
    static let interval: UInt = 400
    static let distance = 5
    static let maximum = 3

    private var last: (button: Int, time: UInt, x: Int, y: Int, count: Int)?

    /// Records a press and returns its count. `time` is the event's server timestamp in milliseconds
    /// (wrapping at 2³²); `x`/`y` are root coordinates.
    mutating func press(button: Int, time: UInt, x: Int, y: Int) -> Int {
        var count = 1
        if let last, last.button == button,
           (UInt32(truncatingIfNeeded: time) &- UInt32(truncatingIfNeeded: last.time)) <= UInt32(ClickCounter.interval),
           abs(x - last.x) <= ClickCounter.distance, abs(y - last.y) <= ClickCounter.distance {
            count = min(last.count + 1, ClickCounter.maximum)
        }
        last = (button, time, x, y, count)
        return count
    }
}
