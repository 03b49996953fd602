/// How hard PNG encoding works to make the file small.
public enum PNGCompression: Sendable {
    /// Fastest: one cheap row filter and libdeflate's fastest level. For screenshots sent every step.
    case fast
    /// Smallest: the best of the five PNG row filters per row and a high libdeflate level. For artifacts.
    case compact
}
