/// How hard PNG encoding works to make the file small. Both write 8-bit RGB and use one thread per core
/// for large images.
public enum PNGCompression: Sendable {
    /// Fastest, for screenshots sent every step: rows stored unfiltered (photographic rows with the Sub
    /// filter), libdeflate's fastest level. A 1504×832 screen takes about 10–15 ms.
    case fast
    /// About 20 % smaller and 10–15× slower, for artifacts: unfiltered rows (photographic rows with the
    /// best of the five PNG filters), libdeflate level 10.
    case compact
}
