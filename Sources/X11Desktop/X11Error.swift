import Imaging
/// Why an operation on an X display failed. Each message says what happened, where, and what to do.
public enum X11Error: Error, Sendable, Equatable, CustomStringConvertible {
    /// `DISPLAY` is unset and no display was named.
    case noDisplaySpecified
    /// The display could not be opened.
    case cannotOpenDisplay(String)
    /// The server lacks an extension Deskpilot needs.
    case missingExtension(name: String, display: String)
    /// The connection to the server broke (the server exited or was killed).
    case connectionLost(String)
    /// The screen uses a pixel layout Deskpilot cannot read.
    case unsupportedVisual(depth: Int, bitsPerPixel: Int)
    /// A region lies partly or wholly off the screen.
    case regionOffScreen(region: String, screen: String)
    /// A point lies off the screen.
    case pointOffScreen(x: Int, y: Int, screen: String)
    /// A click count other than 1, 2 or 3.
    case invalidClickCount(Int)
    /// The server could not capture the screen.
    case captureFailed(String)
    /// The keyboard has no key for a keysym and no spare keycode to map it to.
    case noKeycode(keysym: String)
    /// No visible window matched a title or class.
    case noSuchWindow(String)
    /// The server refused a request (an X protocol error).
    case requestFailed(request: String, code: Int)

    public var description: String {
        switch self {
        case .noDisplaySpecified:
            "No X display: DISPLAY is not set. Set DISPLAY (e.g. DISPLAY=:0) or pass --display NAME to use a running X server, or start a private one: Xvfb :99 -screen 0 1280x800x24 -noreset & then DISPLAY=:99."
        case .cannotOpenDisplay(let name):
            "Cannot open X display '\(name)' — is an X server running there? Set DISPLAY or pass --display to name a running one, or start a private one: Xvfb :99 -screen 0 1280x800x24 -noreset & then DISPLAY=:99."
        case .missingExtension(let name, let display):
            "The X server on '\(display)' lacks the \(name) extension, which Deskpilot needs for input. Use Xvfb or Xorg with \(name) enabled."
        case .connectionLost(let display):
            "The connection to X display '\(display)' was lost — the X server exited or was killed. Restart it and run again."
        case .unsupportedVisual(let depth, let bpp):
            "The screen's pixel format (depth \(depth), \(bpp) bits per pixel) is not supported; run the X server at depth 24 (Xvfb -screen 0 WxHx24)."
        case .regionOffScreen(let region, let screen):
            "Region \(region) is not inside the \(screen) screen — give X,Y,W,H that fit on the screen."
        case .pointOffScreen(let x, let y, let screen):
            "Point (\(x), \(y)) is off the \(screen) screen — coordinates start at (0, 0) in the top-left corner."
        case .invalidClickCount(let count):
            "Click count \(count) is not supported — use 1 (single), 2 (double) or 3 (triple)."
        case .captureFailed(let detail):
            "Screen capture failed: \(detail)."
        case .noKeycode(let keysym):
            "No key produces \(keysym) and no spare keycode is free to map it — free a keycode in the keymap (xmodmap) and retry."
        case .noSuchWindow(let query):
            "No visible window has a title or class containing '\(query)' — list them with 'deskpilot windows'."
        case .requestFailed(let request, let code):
            "The X server refused \(request) (X error code \(code))."
        }
    }
}
