import Foundation
public import Imaging

/// A top-level window as the desktop reports it.
public struct WindowInfo: Sendable, Hashable, Codable {
    /// The X window id (the client window, not a window manager's frame).
    public var id: UInt
    /// The title (`_NET_WM_NAME`, else `WM_NAME`); empty when the window has none.
    public var title: String
    /// `WM_CLASS`: the instance name, e.g. `xterm`.
    public var instanceName: String
    /// `WM_CLASS`: the class name, e.g. `XTerm`.
    public var className: String
    /// The owning process (`_NET_WM_PID`), when the client sets it.
    public var pid: Int?
    /// The window's rectangle in screen coordinates.
    public var frame: Rect

    /// A window description.
    public init(id: UInt, title: String, instanceName: String, className: String, pid: Int?, frame: Rect) {
        self.id = id
        self.title = title
        self.instanceName = instanceName
        self.className = className
        self.pid = pid
        self.frame = frame
    }

    /// Whether `query` occurs in the title, the instance name or the class name (case-insensitive).
    public func matches(_ query: String) -> Bool {
        [title, instanceName, className].contains { $0.localizedCaseInsensitiveContains(query) }
    }
}
