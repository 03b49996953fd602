public import Deskpilot
import Synchronization

/// A `Desktop` with no X server, for testing logic that only needs a desktop's answers: the agent's phases,
/// the gate, stuck detection, budgets. Every input call is logged as the ``DesktopAction`` it amounts to, and
/// the screen it shows is a function of how many inputs it has received, so a test decides whether an action
/// "changes the screen".
///
/// ```swift
/// let desktop = FakeDesktop { inputs in Image(width: 640, height: 480, filledWith: inputs == 0 ? .white : .black) }
/// ```
public final class FakeDesktop: Desktop {
    private struct State {
        var inputs: [DesktopAction<Point>] = []
        var pointer = Point(x: 0, y: 0)
        var windows: [WindowInfo] = []
        var screenshots = 0
    }

    private let state = Mutex(State())
    private let screen: @Sendable (Int) -> Image
    /// The screen's size.
    public let size: Size

    /// A desktop of `size` whose screen, after `n` inputs, is `screen(n)` (by default always plain grey).
    public init(size: Size = Size(width: 640, height: 480), screen: (@Sendable (Int) -> Image)? = nil) {
        self.size = size
        self.screen = screen ?? { [size] _ in Image(width: size.width, height: size.height, filledWith: RGBA(r: 128, g: 128, b: 128)) }
    }

    /// Every input received, in order.
    public var inputs: [DesktopAction<Point>] { state.withLock { $0.inputs } }

    /// How many screenshots were taken.
    public var screenshotCount: Int { state.withLock { $0.screenshots } }

    /// Sets the windows the desktop reports.
    public func setWindows(_ windows: [WindowInfo]) { state.withLock { $0.windows = windows } }

    private func log(_ action: DesktopAction<Point>) {
        state.withLock { state in
            state.inputs.append(action)
            if let point = action.point { state.pointer = point }
        }
    }

    public func screenSize() async throws -> Size { size }

    public func screenshot(region: Rect?) async throws -> Image {
        let count = state.withLock { state -> Int in
            state.screenshots += 1
            return state.inputs.count
        }
        let full = screen(count)
        guard let region else { return full }
        return try full.cropped(x: region.x, y: region.y, width: region.width, height: region.height)
    }

    public func cursorPosition() async throws -> Point { state.withLock { $0.pointer } }
    public func move(to point: Point) async throws { log(.move(to: point)) }
    public func click(at point: Point?, button: MouseButton, count: Int) async throws { log(.click(point, button: button, count: count)) }
    public func press(_ button: MouseButton) async throws { log(.press(button)) }
    public func release(_ button: MouseButton) async throws { log(.release(button)) }
    public func drag(along path: [Point], button: MouseButton) async throws { log(.drag(along: path, button: button)) }
    public func scroll(dx: Int, dy: Int, at point: Point?) async throws { log(.scroll(dx: dx, dy: dy, at: point)) }
    public func key(_ combo: KeyCombo) async throws { log(.key(combo)) }
    public func type(_ text: String) async throws { log(.type(text)) }
    public func windows() async throws -> [WindowInfo] { state.withLock { $0.windows } }
    public func activeWindow() async throws -> WindowInfo? { state.withLock { $0.windows.last } }
    public func focus(_ window: WindowInfo) async throws {}
}
