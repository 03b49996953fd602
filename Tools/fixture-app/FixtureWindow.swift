import CX11
import Glibc

/// The X connection and the fixture's top-level window with all its properties.
///
/// Properties: WM_NAME and WM_ICON_NAME (via `Xutf8SetWMProperties`, STRING or COMPOUND_TEXT as the
/// title needs), `_NET_WM_NAME` as UTF8_STRING, WM_CLASS `deskpilot-fixture`/`DeskpilotFixture`,
/// `_NET_WM_PID` as CARDINAL, WM_NORMAL_HINTS with USPosition|PPosition|USSize|PSize, WM_HINTS with
/// input, WM_PROTOCOLS with WM_DELETE_WINDOW, WM_CLIENT_MACHINE and WM_COMMAND.
final class FixtureWindow {
    static let resourceName = "deskpilot-fixture"
    static let resourceClass = "DeskpilotFixture"

    /// Everything the window reports or asks for.
    static let eventMask = ExposureMask | KeyPressMask | ButtonPressMask | ButtonReleaseMask
        | PointerMotionMask | ButtonMotionMask | StructureNotifyMask

    let display: OpaquePointer
    let screen: Int32
    let root: Window
    let window: Window
    let palette: Palette
    let wmProtocols: Atom
    let wmDeleteWindow: Atom

    /// Opens the display named by DISPLAY and creates (but does not map) the window.
    init(title: String, x: Int, y: Int, width: Int, height: Int) throws(FixtureError) {
        guard let display = XOpenDisplay(nil) else {
            throw FixtureError.cannotOpenDisplay(name: String(cString: XDisplayName(nil)))
        }
        XSetErrorHandler(reportXError)
        self.display = display
        screen = XDefaultScreen(display)
        root = XRootWindow(display, screen)
        palette = Palette(display: display, screen: screen)
        window = XCreateSimpleWindow(display, root, Int32(x), Int32(y), UInt32(width), UInt32(height), 0,
                                     XBlackPixel(display, screen), palette.pixel(UIColor.background))
        wmProtocols = XInternAtom(display, "WM_PROTOCOLS", 0)
        wmDeleteWindow = XInternAtom(display, "WM_DELETE_WINDOW", 0)
        setProperties(title: title, x: x, y: y, width: width, height: height)
        XSelectInput(display, window, FixtureWindow.eventMask)
    }

    private func setProperties(title: String, x: Int, y: Int, width: Int, height: Int) {
        let sizeHints = XAllocSizeHints()
        if let sizeHints {
            sizeHints.pointee.flags = USPosition | PPosition | USSize | PSize
            sizeHints.pointee.x = Int32(x)
            sizeHints.pointee.y = Int32(y)
            sizeHints.pointee.width = Int32(width)
            sizeHints.pointee.height = Int32(height)
        }
        let wmHints = XAllocWMHints()
        if let wmHints {
            wmHints.pointee.flags = InputHint | StateHint
            wmHints.pointee.input = 1
            wmHints.pointee.initial_state = NormalState
        }
        let classHint = XAllocClassHint()
        let resName = strdup(FixtureWindow.resourceName)
        let resClass = strdup(FixtureWindow.resourceClass)
        if let classHint {
            classHint.pointee.res_name = resName
            classHint.pointee.res_class = resClass
        }
        Xutf8SetWMProperties(display, window, title, title, CommandLine.unsafeArgv, CommandLine.argc,
                             sizeHints, wmHints, classHint)
        free(resName)
        free(resClass)
        if let sizeHints { XFree(sizeHints) }
        if let wmHints { XFree(wmHints) }
        if let classHint { XFree(classHint) }

        let utf8String = XInternAtom(display, "UTF8_STRING", 0)
        let titleBytes = Array(title.utf8)
        XChangeProperty(display, window, XInternAtom(display, "_NET_WM_NAME", 0), utf8String, 8, PropModeReplace,
                        titleBytes, Int32(titleBytes.count))
        // Format-32 property data is an array of C longs.
        let pid = [Int(getpid())]
        _ = pid.withUnsafeBytes { bytes in
            XChangeProperty(display, window, XInternAtom(display, "_NET_WM_PID", 0), XA_CARDINAL, 32, PropModeReplace,
                            bytes.bindMemory(to: UInt8.self).baseAddress, 1)
        }
        var protocols = [wmDeleteWindow]
        XSetWMProtocols(display, window, &protocols, 1)
    }

    /// The window's top-left corner in root coordinates.
    func rootPosition() -> (x: Int, y: Int) {
        var x: Int32 = 0, y: Int32 = 0
        var child: Window = 0
        XTranslateCoordinates(display, window, root, 0, 0, &x, &y, &child)
        return (Int(x), Int(y))
    }

    /// Destroys the window and closes the connection (flushing it).
    func close() {
        XDestroyWindow(display, window)
        XCloseDisplay(display)
    }
}

/// Reports an X protocol error on stderr and carries on (Xlib's default handler would exit).
private func reportXError(_ display: OpaquePointer?, _ error: UnsafeMutablePointer<XErrorEvent>?) -> Int32 {
    guard let display, let error else { return 0 }
    var text = [CChar](repeating: 0, count: 256)
    XGetErrorText(display, Int32(error.pointee.error_code), &text, Int32(text.count))
    let message = String(decoding: text.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    printError("X error: \(message) (request \(error.pointee.request_code).\(error.pointee.minor_code))")
    return 0
}
