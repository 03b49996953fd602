internal import CX11
import DesktopKit
import Foundation
import Imaging

/// Top-level windows: EWMH when a window manager provides it, the root's mapped children otherwise.
extension XConnection {
    /// Whether an EWMH window manager runs (it publishes `_NET_SUPPORTING_WM_CHECK` on the root).
    var hasWindowManager: Bool {
        guard let check = property(root, "_NET_SUPPORTING_WM_CHECK")?.longs.first, check != 0 else { return false }
        return property(Window(check), "_NET_SUPPORTING_WM_CHECK")?.longs.first == check
    }

    /// The visible top-level client windows, bottom to top.
    func topLevelWindows() throws(X11Error) -> [WindowInfo] {
        try ensureAlive()
        let ids: [Window]
        if let stacking = property(root, "_NET_CLIENT_LIST_STACKING")?.longs ?? property(root, "_NET_CLIENT_LIST")?.longs {
            ids = stacking.map { Window($0) }
        } else {
            ids = rootChildren()
        }
        let windows = ids.compactMap { describe($0) }
        try ensureAlive()
        return windows
    }

    /// The root's children, bottom to top.
    private func rootChildren() -> [Window] {
        var rootReturn: Window = 0, parent: Window = 0
        var children: UnsafeMutablePointer<Window>?
        var count: UInt32 = 0
        guard XQueryTree(display, root, &rootReturn, &parent, &children, &count) != 0, let children else { return [] }
        defer { XFree(children) }
        return Array(UnsafeBufferPointer(start: children, count: Int(count)))
    }

    /// A window's description, or nil when it is gone, unmapped, or an override-redirect popup.
    func describe(_ window: Window) -> WindowInfo? {
        var attributes = XWindowAttributes()
        guard XGetWindowAttributes(display, window, &attributes) != 0 else {
            _ = XErrorTrap.takeError(display)
            return nil
        }
        guard attributes.map_state == IsViewable, attributes.override_redirect == 0 else { return nil }
        var x: Int32 = 0, y: Int32 = 0
        var child: Window = 0
        XTranslateCoordinates(display, window, root, 0, 0, &x, &y, &child)
        let (instance, className) = windowClass(window)
        let pid = property(window, "_NET_WM_PID")?.longs.first.map { Int($0) }
        return WindowInfo(
            id: UInt(window), title: title(of: window), instanceName: instance, className: className, pid: pid,
            frame: Rect(x: Int(x), y: Int(y), width: Int(attributes.width), height: Int(attributes.height)))
    }

    /// `_NET_WM_NAME` (UTF-8) or else `WM_NAME`.
    private func title(of window: Window) -> String {
        if let name = property(window, "_NET_WM_NAME", type: atom("UTF8_STRING")), !name.bytes.isEmpty {
            return String(decoding: name.bytes, as: UTF8.self)
        }
        guard let name = property(window, "WM_NAME") else { return "" }
        // STRING is Latin-1; COMPOUND_TEXT and UTF8_STRING are read as UTF-8, right for ASCII titles.
        if name.type == Atom(XA_STRING) { return String(name.bytes.map { Character(Unicode.Scalar($0)) }) }
        return String(decoding: name.bytes, as: UTF8.self)
    }

    /// `WM_CLASS`: two NUL-terminated strings, instance then class.
    private func windowClass(_ window: Window) -> (String, String) {
        guard let value = property(window, "WM_CLASS") else { return ("", "") }
        let parts = value.bytes.split(separator: 0, omittingEmptySubsequences: false).map { String(decoding: $0, as: UTF8.self) }
        return (parts.first ?? "", parts.count > 1 ? parts[1] : "")
    }

    /// The top-level window holding the input focus: `_NET_ACTIVE_WINDOW` under a window manager; otherwise
    /// the focus window's top-level ancestor, or the window under the pointer when focus follows it.
    func activeWindow() throws(X11Error) -> WindowInfo? {
        try ensureAlive()
        if hasWindowManager, let active = property(root, "_NET_ACTIVE_WINDOW")?.longs.first, active != 0 {
            return describe(Window(active))
        }
        var focus: Window = 0
        var revert: Int32 = 0
        XGetInputFocus(display, &focus, &revert)
        try ensureAlive()
        // None (0) and PointerRoot (1): the keyboard follows the pointer.
        let window = focus <= 1 || focus == root ? topLevelUnderPointer() : topLevelAncestor(of: focus)
        return window.flatMap { describe($0) }
    }

    /// The child of the root that contains `window`.
    private func topLevelAncestor(of window: Window) -> Window? {
        var current = window
        while true {
            var rootReturn: Window = 0, parent: Window = 0
            var children: UnsafeMutablePointer<Window>?
            var count: UInt32 = 0
            guard XQueryTree(display, current, &rootReturn, &parent, &children, &count) != 0 else { return nil }
            if let children { XFree(children) }
            if parent == root || parent == 0 { return current }
            current = parent
        }
    }

    /// Raises `window` and gives it the input focus: through `_NET_ACTIVE_WINDOW` when a window manager runs,
    /// directly with `XRaiseWindow` and `XSetInputFocus` otherwise.
    func focus(_ window: Window) throws(X11Error) {
        try ensureAlive()
        if hasWindowManager {
            var event = XEvent()
            event.xclient.type = ClientMessage
            event.xclient.window = window
            event.xclient.message_type = atom("_NET_ACTIVE_WINDOW")
            event.xclient.format = 32
            event.xclient.data.l.0 = 2  // source: a pager or tool acting for the user
            event.xclient.data.l.1 = 0  // CurrentTime
            XSendEvent(display, root, 0, SubstructureRedirectMask | SubstructureNotifyMask, &event)
            XRaiseWindow(display, window)
        } else {
            XRaiseWindow(display, window)
            XSetInputFocus(display, window, RevertToParent, 0)
        }
        try sync("focusing window 0x\(String(window, radix: 16))")
    }
}
