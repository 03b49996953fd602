/// A mouse button that can be clicked, pressed or released.
public enum MouseButton: String, Sendable, Hashable, Codable, CaseIterable, CustomStringConvertible {
    /// The primary button (X button 1).
    case left
    /// The wheel button (X button 2).
    case middle
    /// The secondary button (X button 3).
    case right

    /// The X11 button number.
    public var number: Int {
        switch self {
        case .left: 1
        case .middle: 2
        case .right: 3
        }
    }

    public var description: String { rawValue }
}
