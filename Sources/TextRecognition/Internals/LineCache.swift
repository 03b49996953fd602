/// What Tesseract read in line images seen before, keyed by the images' pixels.
///
/// Screens change little between two looks: a click redraws a button, typing one field. Keyed by content
/// rather than position, a line is found again even when its window moved. Least recently used lines go
/// first once the stored pixels pass `capacity` bytes.
struct LineCache {
    /// A line image (grey, unscaled) and the scale it was read at.
    struct Key: Hashable {
        let width: Int
        let height: Int
        let scale: Int
        let pixels: [UInt8]

        func hash(into hasher: inout Hasher) {
            hasher.combine(width)
            hasher.combine(height)
            hasher.combine(scale)
            pixels.withUnsafeBytes { hasher.combine(bytes: $0) }
        }
    }

    private struct Entry {
        var lines: [RecognizedLine]
        var lastUse: Int
    }

    /// The most pixel bytes kept (~4,000 lines of a busy 1080p screen with the default).
    let capacity: Int
    private var entries: [Key: Entry] = [:]
    private var bytes = 0
    private var clock = 0

    init(capacity: Int = 24 << 20) {
        self.capacity = capacity
    }

    /// The number of lines stored.
    var count: Int { entries.count }

    /// The lines read in `key`'s image (in its own unscaled coordinates), if it was read before.
    mutating func lines(for key: Key) -> [RecognizedLine]? {
        clock += 1
        guard var entry = entries[key] else { return nil }
        entry.lastUse = clock
        entries[key] = entry
        return entry.lines
    }

    /// Remembers what was read in `key`'s image.
    mutating func store(_ lines: [RecognizedLine], for key: Key) {
        clock += 1
        if entries.updateValue(Entry(lines: lines, lastUse: clock), forKey: key) == nil { bytes += key.pixels.count }
        guard bytes > capacity else { return }
        // Evict the older half (by bytes), so eviction runs rarely.
        var kept = 0
        for (key, _) in entries.sorted(by: { $0.value.lastUse > $1.value.lastUse }) {
            if kept + key.pixels.count <= capacity / 2 {
                kept += key.pixels.count
            } else {
                entries[key] = nil
            }
        }
        bytes = kept
    }

    /// Forgets everything.
    mutating func removeAll() {
        entries = [:]
        bytes = 0
    }
}
