public import Deskpilot

/// Runs `body` with a fresh private Xvfb and a desktop connected to it; the server is stopped afterwards,
/// whether `body` returns or throws.
@discardableResult
public func withVirtualDesktop<T>(
    width: Int = 800, height: Int = 600,
    _ body: (VirtualDisplay, X11Desktop) async throws -> T
) async throws -> T {
    let display = try VirtualDisplay(width: width, height: height)
    defer { display.stop() }
    let desktop = try X11Desktop(display: display.name)
    return try await body(display, desktop)
}
