public import DesktopKit
import Foundation
public import Imaging

/// A `Desktop` on a real X server: MIT-SHM capture (with an `XGetImage` fallback), XTest input, Unicode
/// typing through spare keycodes, and EWMH-or-bare window handling.
///
/// ```swift
/// let desktop = try X11Desktop()              // $DISPLAY, or X11Desktop(display: ":1")
/// try await desktop.click(at: Point(x: 400, y: 300))
/// try await desktop.type("héllo, wörld\n")
/// let shot = try await desktop.screenshot()
/// ```
public actor X11Desktop: Desktop {
    private let connection: XConnection
    private let allowSharedMemory: Bool
    private let keymapGrace: Duration
    private var restoreScheduled = false

    /// The display name this desktop is connected to, e.g. `:1`.
    public nonisolated let displayName: String
    /// The screen size, read when the connection opened.
    public nonisolated let size: Size

    /// Connects to `display` (e.g. `:1`), or to `$DISPLAY` when nil.
    ///
    /// - Parameters:
    ///   - useSharedMemory: capture through MIT-SHM when the server offers it (default); false forces
    ///     `XGetImage`, which also works over a network connection.
    ///   - keymapGrace: how long a keycode remapped for a character missing from the keyboard map stays
    ///     mapped after its last use, so that the receiving client has read its key event before the
    ///     keycode is restored.
    public init(display: String? = nil, useSharedMemory: Bool = true, keymapGrace: Duration = .milliseconds(150)) throws(X11Error) {
        connection = try XConnection(displayName: display)
        displayName = connection.name
        size = connection.screenSize
        allowSharedMemory = useSharedMemory
        self.keymapGrace = keymapGrace
    }

    /// Whether screenshots go through a shared-memory segment.
    public var usesSharedMemory: Bool {
        get throws {
            try captureState().usesSharedMemory
        }
    }

    // MARK: Screen

    public func screenSize() throws -> Size {
        try connection.ensureAlive()
        return size
    }

    public func screenshot(region: Rect?) throws -> Image {
        let screen = Rect(x: 0, y: 0, width: size.width, height: size.height)
        let region = region ?? screen
        guard region.width > 0, region.height > 0, screen.contains(region) else {
            throw X11Error.regionOffScreen(region: region.description, screen: size.description)
        }
        return try captureState().capture(region, on: connection)
    }

    private func captureState() throws(X11Error) -> ScreenCapture {
        if let capture = connection.capture { return capture }
        let capture = try ScreenCapture(on: connection, allowSharedMemory: allowSharedMemory)
        connection.capture = capture
        return capture
    }

    public func cursorPosition() throws -> Point {
        try connection.pointerPosition()
    }

    // MARK: Pointer

    public func move(to point: Point) throws {
        try checkOnScreen(point)
        connection.fakeMotion(to: point)
        try connection.sync("XTestFakeMotionEvent")
    }

    public func click(at point: Point?, button: MouseButton = .left, count: Int = 1) throws {
        guard (1...3).contains(count) else { throw X11Error.invalidClickCount(count) }
        if let point {
            try checkOnScreen(point)
            connection.fakeMotion(to: point)
        }
        for _ in 0..<count {
            connection.fakeButton(button.number, down: true)
            connection.fakeButton(button.number, down: false)
        }
        try connection.sync("XTestFakeButtonEvent")
    }

    public func press(_ button: MouseButton) throws {
        connection.fakeButton(button.number, down: true)
        try connection.sync("XTestFakeButtonEvent")
    }

    public func release(_ button: MouseButton) throws {
        connection.fakeButton(button.number, down: false)
        try connection.sync("XTestFakeButtonEvent")
    }

    public func drag(along path: [Point], button: MouseButton = .left) throws {
        guard let first = path.first else { return }
        for point in path { try checkOnScreen(point) }
        connection.fakeMotion(to: first)
        connection.fakeButton(button.number, down: true)
        // Sync per step so the application sees each motion as its own event, in order.
        try connection.sync("XTestFakeButtonEvent")
        for point in path.dropFirst() {
            connection.fakeMotion(to: point)
            try connection.sync("XTestFakeMotionEvent")
        }
        connection.fakeButton(button.number, down: false)
        try connection.sync("XTestFakeButtonEvent")
    }

    public func scroll(dx: Int, dy: Int, at point: Point?) throws {
        if let point {
            try checkOnScreen(point)
            connection.fakeMotion(to: point)
        }
        // Wheel buttons: 4 up, 5 down, 6 left, 7 right; one press and release per notch.
        let vertical = dy < 0 ? 4 : 5
        let horizontal = dx < 0 ? 6 : 7
        for (button, notches) in [(vertical, abs(dy)), (horizontal, abs(dx))] {
            for _ in 0..<notches {
                connection.fakeButton(button, down: true)
                connection.fakeButton(button, down: false)
            }
        }
        try connection.sync("XTestFakeButtonEvent")
    }

    private func checkOnScreen(_ point: Point) throws(X11Error) {
        guard Rect(x: 0, y: 0, width: size.width, height: size.height).contains(point) else {
            throw .pointOffScreen(x: point.x, y: point.y, screen: size.description)
        }
    }

    /// Clicks with `modifiers` held (ctrl+click, shift+click): they are pressed before the click and
    /// released after it, whatever happens.
    public func click(at point: Point?, button: MouseButton = .left, count: Int = 1, holding modifiers: KeyModifiers) throws {
        guard !modifiers.isEmpty else { return try click(at: point, button: button, count: count) }
        let keyboard = try connection.keyboardState(grace: keymapGrace)
        let held = try connection.modifierKeycodes(modifiers, keyboard: keyboard)
        for keycode in held { connection.fakeKey(keycode, down: true) }
        defer {
            for keycode in held.reversed() { connection.fakeKey(keycode, down: false) }
            try? connection.sync("XTestFakeKeyEvent")
        }
        try click(at: point, button: button, count: count)
    }

    // MARK: Keyboard

    public func key(_ combo: KeyCombo) async throws {
        let keyboard = try connection.keyboardState(grace: keymapGrace)
        let needed: Set<UInt32> = keyboard.location(of: combo.key.keysym) == nil ? [combo.key.keysym] : []
        try await mapKeysyms(needed, keyboard: keyboard)
        try connection.tap(combo, keyboard: keyboard)
        try connection.sync("XTestFakeKeyEvent")
        scheduleKeymapRestore(keyboard)
    }

    public func type(_ text: String) async throws {
        let keyboard = try connection.keyboardState(grace: keymapGrace)
        let keysyms = TypingPlan.keysyms(for: text)
        guard let batches = TypingPlan.batches(keysyms, capacity: keyboard.spareKeycodes.count, isOnKeyboard: keyboard.isNative) else {
            let missing = keysyms.first { !keyboard.isNative($0) } ?? 0
            throw X11Error.noKeycode(keysym: String(format: "U+%04X", missing & 0xFF_FFFF))
        }
        for batch in batches {
            try await mapKeysyms(Set(batch), keyboard: keyboard)
            try connection.tap(batch, keyboard: keyboard)
        }
        try connection.sync("XTestFakeKeyEvent")
        scheduleKeymapRestore(keyboard)
    }

    /// Maps missing keysyms onto spare keycodes, first waiting out the grace period of any keycode that
    /// must be taken over.
    private func mapKeysyms(_ keysyms: Set<UInt32>, keyboard: KeyboardState) async throws {
        if let wait = keyboard.waitBeforeMapping(keysyms) {
            try connection.sync("XTestFakeKeyEvent")
            try await Task.sleep(for: wait)
        }
        try keyboard.map(keysyms, on: connection)
    }

    /// Restores remapped keycodes once they have been idle for the grace period.
    private func scheduleKeymapRestore(_ keyboard: KeyboardState) {
        guard keyboard.hasRemappedKeys, !restoreScheduled else { return }
        restoreScheduled = true
        Task { [weak self, keymapGrace] in
            try? await Task.sleep(for: keymapGrace)
            await self?.restoreKeymapIfIdle()
        }
    }

    private func restoreKeymapIfIdle() {
        restoreScheduled = false
        guard let keyboard = connection.keyboard, keyboard.hasRemappedKeys else { return }
        if keyboard.remainingGrace == .zero {
            keyboard.restoreAll(on: connection, waitingForClients: false)
        } else {
            scheduleKeymapRestore(keyboard)
        }
    }

    /// Puts every keycode remapped for typing back to its original (empty) mapping now, after waiting until
    /// clients can have read the last key events. Happens by itself shortly after typing and on close.
    public func restoreKeymap() async {
        guard let keyboard = connection.keyboard, keyboard.hasRemappedKeys else { return }
        try? await Task.sleep(for: keyboard.remainingGrace)
        keyboard.restoreAll(on: connection, waitingForClients: true)
    }

    // MARK: Windows

    public func windows() throws -> [WindowInfo] {
        try connection.topLevelWindows()
    }

    public func activeWindow() throws -> WindowInfo? {
        try connection.activeWindow()
    }

    /// Whether an EWMH window manager runs on the display.
    public var hasWindowManager: Bool {
        get throws {
            try connection.ensureAlive()
            return connection.hasWindowManager
        }
    }

    public func focus(_ window: WindowInfo) throws {
        try connection.focus(UInt(window.id))
    }

    /// Focuses the topmost visible window whose title or class contains `query`, and returns it.
    @discardableResult
    public func focusWindow(matching query: String) async throws -> WindowInfo {
        guard let window = try await window(matching: query) else { throw X11Error.noSuchWindow(query) }
        try focus(window)
        return window
    }
}
