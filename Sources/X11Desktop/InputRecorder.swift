internal import CX11
import Foundation
public import Imaging
import Synchronization

/// One thing a person did with the keyboard or mouse on a display, as the X server saw it.
public struct RecordedInput: Sendable, Hashable {
    /// What happened.
    public enum Kind: Sendable, Hashable {
        case keyPress, keyRelease, buttonPress, buttonRelease, motion
    }

    /// What happened.
    public var kind: Kind
    /// For buttons: 1 left, 2 middle, 3 right, 4/5 wheel up/down, 6/7 wheel left/right.
    public var button: Int
    /// For keys: the key's X keysym name at the level Shift chose (`a`, `A`, `Return`, `ctrl`'s `Control_L`).
    public var keysym: String?
    /// For keys: the character it types, when it types one (nil for Return, arrows, modifiers …).
    public var character: Character?
    /// Where the pointer was, in screen pixels.
    public var point: Point
    /// Which modifiers were held before it: `shift`, `ctrl`, `alt`, `super`.
    public var modifiers: Set<String>
    /// The server's time of the event, in milliseconds.
    public var time: UInt

    /// An event as the recorder hands it on (to replay recorded input into a ``HandRecording``, say).
    public init(kind: Kind, button: Int = 0, keysym: String? = nil, character: Character? = nil, point: Point,
                modifiers: Set<String> = [], time: UInt) {
        self.kind = kind
        self.button = button
        self.keysym = keysym
        self.character = character
        self.point = point
        self.modifiers = modifiers
        self.time = time
    }
}

/// Watches everything typed and clicked on a display (the XRecord extension of libXtst): every client's key,
/// button and motion events, XTest's included, handed to `onInput` on a thread of the recorder's own, in
/// order. Nothing is intercepted: the applications get their input as usual.
public final class InputRecorder: Sendable {
    /// Set to end the recording; the thread polls it between replies.
    private final class StopFlag: Sendable {
        let requested = Atomic<Bool>(false)
        let done = DispatchSemaphore(value: 0)
    }
    private let flag = StopFlag()
    private let finished = Mutex<Bool>(false)

    /// Starts recording on `display` (default `$DISPLAY`).
    ///
    /// - Throws: ``X11Error`` when the display cannot be opened or has no RECORD extension.
    public init(display name: String? = nil, onInput: @escaping @Sendable (RecordedInput) -> Void) throws(X11Error) {
        let resolved = name ?? ProcessInfo.processInfo.environment["DISPLAY"]
        guard let resolved, !resolved.isEmpty else { throw .noDisplaySpecified }
        // Two connections, as XRecord requires: one controls the context, the other receives the data.
        guard let control = XOpenDisplay(resolved) else { throw .cannotOpenDisplay(resolved) }
        guard let data = XOpenDisplay(resolved) else {
            XCloseDisplay(control)
            throw .cannotOpenDisplay(resolved)
        }
        var major: Int32 = 0, minor: Int32 = 0
        let context = XRecordQueryVersion(control, &major, &minor) != 0 ? CX11_RecordDeviceEvents(control) : 0
        guard context != 0 else {
            XCloseDisplay(data)
            XCloseDisplay(control)
            throw .missingExtension(name: "RECORD", display: resolved)
        }
        XSync(control, 0)
        let session = RecordingSession(control: control, data: data, context: context, onInput: onInput)
        let flag = self.flag
        let started = Thread {
            session.run(until: { flag.requested.load(ordering: .acquiring) })
            flag.done.signal()
        }
        started.name = "deskpilot-input-recorder"
        started.start()
    }

    /// Stops recording and waits until the last event has been handed on. Safe to call more than once.
    public func stop() {
        flag.requested.store(true, ordering: .releasing)
        let first = finished.withLock { was in
            defer { was = true }
            return !was
        }
        if first { flag.done.wait() }
    }

    deinit { stop() }
}

/// The recorder's connections, used only on its thread.
private final class RecordingSession: @unchecked Sendable {
    // @unchecked: created on the caller's thread, then touched only by the recorder thread (run).
    let control: OpaquePointer
    let data: OpaquePointer
    let context: XRecordContext
    let onInput: @Sendable (RecordedInput) -> Void

    init(control: OpaquePointer, data: OpaquePointer, context: XRecordContext, onInput: @escaping @Sendable (RecordedInput) -> Void) {
        self.control = control
        self.data = data
        self.context = context
        self.onInput = onInput
    }

    func run(until stopped: () -> Bool) {
        let unmanaged = Unmanaged.passRetained(self)
        defer { unmanaged.release() }
        var target = CX11_RecordTarget(sink: { context, event in
            guard let context else { return }
            Unmanaged<RecordingSession>.fromOpaque(context).takeUnretainedValue().deliver(event)
        }, context: unmanaged.toOpaque())
        guard CX11_RecordEnableAsync(data, context, &target) != 0 else { return close() }
        let fd = CX11_ConnectionNumber(data)
        while !stopped() {
            var poller = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            _ = poll(&poller, 1, 50)
            XRecordProcessReplies(data)
        }
        XRecordDisableContext(control, context)
        XSync(control, 0)
        // What arrived before the context ended is still delivered.
        XRecordProcessReplies(data)
        withExtendedLifetime(target) {}
        close()
    }

    private func close() {
        XRecordFreeContext(control, context)
        XCloseDisplay(data)
        XCloseDisplay(control)
    }

    private func deliver(_ event: CX11_RecordedEvent) {
        let kinds: [Int32: RecordedInput.Kind] = [KeyPress: .keyPress, KeyRelease: .keyRelease, ButtonPress: .buttonPress,
                                                   ButtonRelease: .buttonRelease, MotionNotify: .motion]
        guard let kind = kinds[event.type] else { return }
        var modifiers: Set<String> = []
        if event.state & UInt32(ShiftMask) != 0 { modifiers.insert("shift") }
        if event.state & UInt32(ControlMask) != 0 { modifiers.insert("ctrl") }
        if event.state & UInt32(Mod1Mask) != 0 { modifiers.insert("alt") }
        if event.state & UInt32(Mod4Mask) != 0 { modifiers.insert("super") }
        var input = RecordedInput(kind: kind, button: 0, keysym: nil, character: nil, point: Point(x: Int(event.x), y: Int(event.y)),
                                  modifiers: modifiers, time: UInt(event.time))
        switch kind {
        case .keyPress, .keyRelease:
            let shifted = modifiers.contains("shift") != (event.state & UInt32(LockMask) != 0)
            let keysym = XkbKeycodeToKeysym(control, KeyCode(event.detail), 0, shifted ? 1 : 0)
            let base = keysym == 0 ? XkbKeycodeToKeysym(control, KeyCode(event.detail), 0, 0) : keysym
            input.keysym = XKeysymToString(base).map { String(cString: $0) }
            input.character = Self.character(of: base)
        case .buttonPress, .buttonRelease:
            input.button = Int(event.detail)
        case .motion:
            break
        }
        onInput(input)
    }

    /// The character a keysym types: Latin-1 keysyms are their code points, `0x01xxxxxx` keysyms Unicode.
    private static func character(of keysym: KeySym) -> Character? {
        let value: UInt32
        switch keysym {
        case 0x20...0x7E, 0xA0...0xFF: value = UInt32(keysym)
        case 0x0100_0000...0x0110_FFFF: value = UInt32(keysym - 0x0100_0000)
        default: return nil
        }
        return Unicode.Scalar(value).map(Character.init)
    }
}
