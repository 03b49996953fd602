import CX11
import Glibc

/// Decodes key presses into UTF-8 text through an X input method.
///
/// Call `TextInput.configureLocale()` before opening the display. The input method is Xlib's
/// built-in one (`@im=none`, no preedit or status window). If it cannot be opened, `XLookupString`
/// is used instead and its Latin-1 bytes are decoded.
final class TextInput {
    private let inputMethod: XIM?
    private let inputContext: XIC?

    /// Sets LC_ALL from the environment; if the resulting LC_CTYPE codeset is not UTF-8, switches
    /// LC_CTYPE to C.UTF-8. Then selects the `@im=none` input method. Returns a warning, if any.
    static func configureLocale() -> String? {
        setlocale(LC_ALL, "")
        if !codesetIsUTF8() {
            setlocale(LC_CTYPE, "C.UTF-8")
        }
        var warning: String?
        if !codesetIsUTF8() {
            warning = "could not switch LC_CTYPE to a UTF-8 locale; non-ASCII text may be lost"
        } else if XSupportsLocale() == 0 {
            warning = "Xlib does not support the locale '\(String(cString: setlocale(LC_CTYPE, nil)))'"
        }
        XSetLocaleModifiers("@im=none")
        return warning
    }

    private static func codesetIsUTF8() -> Bool {
        guard let codeset = nl_langinfo(nl_item(CODESET)) else { return false }
        let name = String(cString: codeset).uppercased()
        return name == "UTF-8" || name == "UTF8"
    }

    /// Opens the input method and an input context focused on `window`.
    init(display: OpaquePointer, window: Window) {
        let method = XOpenIM(display, nil, nil, nil)
        inputMethod = method
        if let method, let context = CX11_CreateSimpleIC(method, window) {
            inputContext = context
            XSetICFocus(context)
        } else {
            inputContext = nil
            printError("no X input method (XOpenIM failed); falling back to Latin-1 XLookupString")
        }
    }

    deinit {
        if let inputContext { XDestroyIC(inputContext) }
        if let inputMethod { XCloseIM(inputMethod) }
    }

    /// The text and keysym a KeyPress produces. The text may be empty (function keys) or a control
    /// character (Return gives "\r").
    func lookup(_ event: inout XKeyEvent) -> (text: String, keysym: UInt) {
        var keysym: KeySym = 0
        guard let inputContext else {
            var buffer = [CChar](repeating: 0, count: 64)
            let count = Int(XLookupString(&event, &buffer, Int32(buffer.count), &keysym, nil))
            let text = String(String.UnicodeScalarView(buffer.prefix(count).map { Unicode.Scalar(UInt8(bitPattern: $0)) }))
            return (text, UInt(keysym))
        }
        var capacity = 64
        while true {
            var buffer = [CChar](repeating: 0, count: capacity)
            var status: Int32 = 0
            let count = Int(Xutf8LookupString(inputContext, &event, &buffer, Int32(capacity), &keysym, &status))
            if status == XBufferOverflow {
                capacity = max(count, capacity * 2)
                continue
            }
            guard status == XLookupChars || status == XLookupBoth, count > 0 else {
                return ("", UInt(keysym))
            }
            let text = String(decoding: buffer.prefix(min(count, capacity)).map { UInt8(bitPattern: $0) }, as: UTF8.self)
            return (text, UInt(keysym))
        }
    }
}
