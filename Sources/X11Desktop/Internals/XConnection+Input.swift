internal import CX11
import DesktopKit
import Foundation
import Imaging

/// XTest input. Callers sync (`XConnection.sync`) once a whole gesture has been sent.
extension XConnection {
    /// Sends a pointer motion to `point`.
    func fakeMotion(to point: Point) {
        XTestFakeMotionEvent(display, -1, Int32(point.x), Int32(point.y), 0)
    }

    /// Sends a press or release of X button `number` (1–3 buttons, 4–7 wheel).
    func fakeButton(_ number: Int, down: Bool) {
        XTestFakeButtonEvent(display, UInt32(number), down ? 1 : 0, 0)
    }

    /// Sends a press or release of `keycode`.
    func fakeKey(_ keycode: UInt8, down: Bool) {
        XTestFakeKeyEvent(display, UInt32(keycode), down ? 1 : 0, 0)
    }

    /// The keyboard state, read from the server on first use.
    func keyboardState(grace: Duration) throws(X11Error) -> KeyboardState {
        if let keyboard { return keyboard }
        let state = try KeyboardState(on: self, grace: grace)
        keyboard = state
        return state
    }

    /// Taps each keysym in order, holding Shift where the keysym sits on the shifted level. Every keysym
    /// must already be on the keyboard (natively or remapped).
    func tap(_ keysyms: [UInt32], keyboard: KeyboardState) throws(X11Error) {
        guard let shift = keyboard.location(of: 0xFFE1)?.keycode else { throw .noKeycode(keysym: "Shift_L") }
        var shiftDown = false
        for keysym in keysyms {
            guard let location = keyboard.location(of: keysym) else {
                throw .noKeycode(keysym: String(format: "keysym 0x%X", keysym))
            }
            if location.shifted != shiftDown {
                fakeKey(shift, down: location.shifted)
                shiftDown = location.shifted
            }
            fakeKey(location.keycode, down: true)
            fakeKey(location.keycode, down: false)
            keyboard.noteUse(of: location.keycode)
        }
        if shiftDown { fakeKey(shift, down: false) }
    }

    /// The keycodes of `modifiers`' keys, in canonical order.
    func modifierKeycodes(_ modifiers: KeyModifiers, keyboard: KeyboardState) throws(X11Error) -> [UInt8] {
        var held: [UInt8] = []
        for (modifier, _) in KeyModifiers.canonicalOrder where modifiers.contains(modifier) {
            let key = Key(modifierKeyFor: modifier)
            guard let keycode = keyboard.location(of: key.keysym)?.keycode else { throw .noKeycode(keysym: key.name) }
            held.append(keycode)
        }
        return held
    }

    /// Presses the combo's modifiers, taps its key, and releases the modifiers in reverse order.
    func tap(_ combo: KeyCombo, keyboard: KeyboardState) throws(X11Error) {
        var modifiers = combo.modifiers
        guard let location = keyboard.location(of: combo.key.keysym) else {
            throw .noKeycode(keysym: combo.key.name)
        }
        if location.shifted { modifiers.insert(.shift) }
        let held = try modifierKeycodes(modifiers, keyboard: keyboard)
        for keycode in held { fakeKey(keycode, down: true) }
        fakeKey(location.keycode, down: true)
        fakeKey(location.keycode, down: false)
        keyboard.noteUse(of: location.keycode)
        for keycode in held.reversed() { fakeKey(keycode, down: false) }
    }
}
