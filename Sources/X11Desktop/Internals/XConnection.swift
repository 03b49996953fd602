internal import CX11
import DesktopKit
import Foundation
import Imaging

/// The one owner of a `Display*`: every Xlib call of this module goes through an instance of this class.
///
/// Deliberately not `Sendable`: Xlib connections must be used by one thread at a time, and the `X11Desktop`
/// actor that owns an instance is that serialization.
final class XConnection {
    let display: OpaquePointer
    let name: String
    let screen: Int32
    let root: Window
    let screenSize: Size
    /// Screen capture state (shared-memory segment or fallback buffer), created on first use.
    var capture: ScreenCapture?
    /// Keyboard map and spare-keycode remapping, created on first key or text input.
    var keyboard: KeyboardState?
    /// Interned atoms by name.
    private var atoms: [String: Atom] = [:]

    /// Opens `name`, or `$DISPLAY` when nil. Throws when no server answers or XTest is missing.
    init(displayName: String?) throws(X11Error) {
        XErrorTrap.installed
        let resolved = displayName ?? ProcessInfo.processInfo.environment["DISPLAY"]
        guard let resolved, !resolved.isEmpty else { throw .noDisplaySpecified }
        guard let display = XOpenDisplay(resolved) else { throw .cannotOpenDisplay(resolved) }
        XErrorTrap.survivesConnectionLoss(display)
        var eventBase: Int32 = 0, errorBase: Int32 = 0, major: Int32 = 0, minor: Int32 = 0
        guard XTestQueryExtension(display, &eventBase, &errorBase, &major, &minor) != 0 else {
            XCloseDisplay(display)
            throw .missingExtension(name: "XTEST", display: resolved)
        }
        self.display = display
        self.name = resolved
        self.screen = XDefaultScreen(display)
        self.root = XRootWindow(display, screen)
        self.screenSize = Size(width: Int(XDisplayWidth(display, screen)), height: Int(XDisplayHeight(display, screen)))
    }

    deinit {
        keyboard?.restoreAll(on: self, waitingForClients: true)
        capture?.release(on: self)
        XCloseDisplay(display)
        XErrorTrap.forget(display)
    }

    /// Throws when the connection has died.
    func ensureAlive() throws(X11Error) {
        if XErrorTrap.isDead(display) { throw .connectionLost(name) }
    }

    /// Waits until the server has processed every request sent so far, then reports a dead connection or a
    /// protocol error raised by `request`.
    func sync(_ request: String) throws(X11Error) {
        try ensureAlive()
        XSync(display, 0)
        try ensureAlive()
        if let code = XErrorTrap.takeError(display) { throw .requestFailed(request: request, code: Int(code)) }
    }

    /// The atom for `name`, interned once.
    func atom(_ name: String) -> Atom {
        if let atom = atoms[name] { return atom }
        let atom = XInternAtom(display, name, 0)
        atoms[name] = atom
        return atom
    }

    /// The atom for `name` if the server knows it, without creating it.
    func existingAtom(_ name: String) -> Atom? {
        let atom = XInternAtom(display, name, 1)
        return atom == 0 ? nil : atom
    }

    /// A property's raw items: bytes for format 8, and for format 32 the values widened from C `long`.
    struct Property {
        var type: Atom
        var format: Int32
        var bytes: [UInt8]
        var longs: [UInt]
    }

    /// Reads a window property; nil when absent or when the window is gone.
    func property(_ window: Window, _ name: String, type: Atom = Atom(AnyPropertyType)) -> Property? {
        guard let atom = existingAtom(name) else { return nil }
        var actualType: Atom = 0
        var actualFormat: Int32 = 0
        var count: UInt = 0
        var bytesAfter: UInt = 0
        var data: UnsafeMutablePointer<UInt8>?
        let status = XGetWindowProperty(
            display, window, atom, 0, 1 << 20, 0, type, &actualType, &actualFormat, &count, &bytesAfter, &data)
        defer { if let data { XFree(data) } }
        _ = XErrorTrap.takeError(display)
        guard status == Success, let data, actualType != 0 else { return nil }
        switch actualFormat {
        case 8:
            return Property(type: actualType, format: 8, bytes: Array(UnsafeBufferPointer(start: data, count: Int(count))), longs: [])
        case 32:
            let longs = UnsafeRawPointer(data).withMemoryRebound(to: UInt.self, capacity: Int(count)) {
                Array(UnsafeBufferPointer(start: $0, count: Int(count)))
            }
            return Property(type: actualType, format: 32, bytes: [], longs: longs)
        default:
            return nil
        }
    }

    /// Where the pointer is on the screen.
    func pointerPosition() throws(X11Error) -> Point {
        try ensureAlive()
        var rootReturn: Window = 0, child: Window = 0
        var rootX: Int32 = 0, rootY: Int32 = 0, winX: Int32 = 0, winY: Int32 = 0
        var mask: UInt32 = 0
        XQueryPointer(display, root, &rootReturn, &child, &rootX, &rootY, &winX, &winY, &mask)
        try ensureAlive()
        return Point(x: Int(rootX), y: Int(rootY))
    }

    /// The root's child under the pointer, if any.
    func topLevelUnderPointer() -> Window? {
        var rootReturn: Window = 0, child: Window = 0
        var rootX: Int32 = 0, rootY: Int32 = 0, winX: Int32 = 0, winY: Int32 = 0
        var mask: UInt32 = 0
        XQueryPointer(display, root, &rootReturn, &child, &rootX, &rootY, &winX, &winY, &mask)
        return child == 0 ? nil : child
    }
}
