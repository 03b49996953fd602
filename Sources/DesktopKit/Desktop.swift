public import Imaging

/// A desktop that can be seen and driven: the one seam between Deskpilot and a display server.
///
/// Every input call is synchronized with the display server before it returns: when `click` returns, the
/// server has delivered the events to the application's queue.
public protocol Desktop: Sendable {
    /// The size of the screen in pixels.
    func screenSize() async throws -> Size
    /// A screenshot of the whole screen, or of `region` (which must lie on the screen).
    func screenshot(region: Rect?) async throws -> Image
    /// Where the pointer is.
    func cursorPosition() async throws -> Point

    /// Moves the pointer to `point`.
    func move(to point: Point) async throws
    /// Clicks `button` `count` times (1–3: single, double, triple click) at `point`, or where the pointer is.
    func click(at point: Point?, button: MouseButton, count: Int) async throws
    /// Presses `button` and keeps it down.
    func press(_ button: MouseButton) async throws
    /// Releases `button`.
    func release(_ button: MouseButton) async throws
    /// Presses `button` at the first point, moves through every following point, and releases at the last.
    func drag(along path: [Point], button: MouseButton) async throws
    /// Turns the wheel by notches: `dy` < 0 up, `dy` > 0 down, `dx` < 0 left, `dx` > 0 right; at `point` when given.
    func scroll(dx: Int, dy: Int, at point: Point?) async throws

    /// Taps a key combo: presses the modifiers, taps the key, releases the modifiers.
    func key(_ combo: KeyCombo) async throws
    /// Types `text` exactly, whatever the keyboard layout. `\n` types Return and `\t` types Tab.
    func type(_ text: String) async throws

    /// The visible top-level windows, bottom to top.
    func windows() async throws -> [WindowInfo]
    /// The window that has the input focus, if any.
    func activeWindow() async throws -> WindowInfo?
    /// Raises `window` and gives it the input focus.
    func focus(_ window: WindowInfo) async throws
}

extension Desktop {
    /// A screenshot of the whole screen.
    public func screenshot() async throws -> Image { try await screenshot(region: nil) }

    /// A single left click at `point`.
    public func click(at point: Point) async throws { try await click(at: point, button: .left, count: 1) }

    /// Moves the pointer along a straight line from `start` to `end` with the button held, in `steps` segments.
    public func drag(from start: Point, to end: Point, button: MouseButton = .left, steps: Int = 16) async throws {
        let steps = max(1, steps)
        let path = (0...steps).map { i in
            Point(x: start.x + (end.x - start.x) * i / steps, y: start.y + (end.y - start.y) * i / steps)
        }
        try await drag(along: path, button: button)
    }

    /// Performs `action`: the one place a ``DesktopAction`` becomes calls on a desktop. A drag of one point
    /// starts where the pointer is; a wait sleeps (cancellably). Check the action first
    /// (``DesktopAction/checked(against:screen:)``): this does not.
    public func perform(_ action: DesktopAction<Point>) async throws {
        switch action {
        case .click(let point, let button, let count): try await click(at: point, button: button, count: count)
        case .move(let point): try await move(to: point)
        case .drag(let path, let button):
            let points = path.count == 1 ? [try await cursorPosition()] + path : path
            // A bare start and end get motion in between, as a hand would make: toolkits start a drag only
            // after the pointer has moved with the button held.
            if points.count == 2 {
                try await drag(from: points[0], to: points[1], button: button)
            } else {
                try await drag(along: points, button: button)
            }
        case .scroll(let dx, let dy, let point): try await scroll(dx: dx, dy: dy, at: point)
        case .press(let button): try await press(button)
        case .release(let button): try await release(button)
        case .key(let combo): try await key(combo)
        case .type(let text): try await type(text)
        case .wait(let seconds): try await Task.sleep(for: .milliseconds(Int64(max(0, seconds) * 1000)))
        }
    }

    /// The first visible top-level window whose title or class contains `query` (case-insensitive),
    /// topmost first.
    public func window(matching query: String) async throws -> WindowInfo? {
        try await windows().reversed().first { $0.matches(query) }
    }
}
