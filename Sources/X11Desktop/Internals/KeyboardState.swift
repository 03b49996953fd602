internal import CX11
import DesktopKit
import Foundation

/// The server's keyboard map as Deskpilot uses it: which keycode (and shift level) produces each keysym,
/// which keycodes are spare, and which spare keycodes are currently remapped to characters missing from
/// the map.
///
/// The trap this type exists for: a client translates a keycode with the mapping it fetches *when it reads
/// the event*. Restoring a remapped keycode before the client has read the key event makes the character
/// arrive as nothing. So remapped keycodes stay mapped for `grace` after their last use, are reused while
/// they still hold the right keysym, and are restored only once that time has passed.
final class KeyboardState {
    /// Where a keysym lives on the keyboard.
    struct Location: Equatable {
        var keycode: UInt8
        var shifted: Bool
    }

    /// How long a remapped keycode stays mapped after its last tap before it may be restored or reused.
    let grace: Duration
    fileprivate(set) var locations: [UInt32: Location] = [:]
    /// Spare keycodes (no keysym at all), highest first.
    private(set) var spareKeycodes: [UInt8] = []
    /// Keysym currently mapped on each remapped spare keycode.
    private var assigned: [UInt8: UInt32] = [:]
    /// Last time each remapped keycode was tapped.
    private var lastUse: [UInt8: ContinuousClock.Instant] = [:]

    init(on connection: XConnection, grace: Duration) throws(X11Error) {
        self.grace = grace
        try connection.ensureAlive()
        var minKeycode: Int32 = 0, maxKeycode: Int32 = 0
        XDisplayKeycodes(connection.display, &minKeycode, &maxKeycode)
        var perKeycode: Int32 = 0
        let count = maxKeycode - minKeycode + 1
        guard let map = XGetKeyboardMapping(connection.display, UInt8(minKeycode), count, &perKeycode) else {
            throw .captureFailed("cannot read the keyboard mapping")
        }
        defer { XFree(map) }
        for index in 0..<Int(count) {
            let keycode = UInt8(Int(minKeycode) + index)
            let syms = (0..<Int(perKeycode)).map { UInt32(truncatingIfNeeded: map[index * Int(perKeycode) + $0]) }
            if syms.allSatisfy({ $0 == 0 }) {
                spareKeycodes.append(keycode)
                continue
            }
            for (level, sym) in syms.prefix(2).enumerated() where sym != 0 {
                if locations[sym] == nil { locations[sym] = Location(keycode: keycode, shifted: level == 1) }
            }
        }
        spareKeycodes.reverse()
    }

    /// Where `keysym` can be typed without remapping, if anywhere.
    func location(of keysym: UInt32) -> Location? {
        if let location = locations[keysym] { return location }
        if let keycode = assigned.first(where: { $0.value == keysym })?.key { return Location(keycode: keycode, shifted: false) }
        return nil
    }

    /// Whether any spare keycode is currently remapped.
    var hasRemappedKeys: Bool { !assigned.isEmpty }

    /// How long to wait before the keycodes that `keysyms` would take over may be remapped, or nil.
    func waitBeforeMapping(_ keysyms: Set<UInt32>) -> Duration? {
        let victims = plannedSlots(for: keysyms).filter { assigned[$0.keycode] != nil }.map(\.keycode)
        let now = ContinuousClock.now
        let latest = victims.compactMap { lastUse[$0] }.max()
        guard let latest, now - latest < grace else { return nil }
        return grace - (now - latest)
    }

    /// Chooses keycodes for the keysyms that are not on the keyboard yet: free spares first, then the
    /// least recently used remapped ones that this batch does not need.
    private func plannedSlots(for keysyms: Set<UInt32>) -> [(keysym: UInt32, keycode: UInt8)] {
        let missing = keysyms.filter { location(of: $0) == nil }.sorted()
        guard !missing.isEmpty else { return [] }
        let free = spareKeycodes.filter { assigned[$0] == nil }
        let reusable = assigned.filter { !keysyms.contains($0.value) }.keys
            .sorted { (lastUse[$0] ?? .now) < (lastUse[$1] ?? .now) }
        return Array(zip(missing, free + reusable))
    }

    /// Maps every keysym of `keysyms` that is not on the keyboard onto a spare keycode (both shift levels,
    /// so no client changes its case). Call `waitBeforeMapping` first.
    func map(_ keysyms: Set<UInt32>, on connection: XConnection) throws(X11Error) {
        let slots = plannedSlots(for: keysyms)
        guard slots.count == keysyms.filter({ location(of: $0) == nil }).count else {
            let sym = keysyms.first { location(of: $0) == nil } ?? 0
            throw .noKeycode(keysym: String(format: "keysym 0x%X", sym))
        }
        for (keysym, keycode) in slots {
            var syms: [KeySym] = [KeySym(keysym), KeySym(keysym)]
            XChangeKeyboardMapping(connection.display, Int32(keycode), 2, &syms, 1)
            assigned[keycode] = keysym
            lastUse[keycode] = .now
        }
        if !slots.isEmpty { try connection.sync("XChangeKeyboardMapping") }
    }

    /// Records that `keycode` was just tapped (it must stay mapped for `grace`).
    func noteUse(of keycode: UInt8) {
        if assigned[keycode] != nil { lastUse[keycode] = .now }
    }

    /// How long until every remapped keycode has been idle for `grace`; zero when it already has.
    var remainingGrace: Duration {
        guard let latest = lastUse.values.max() else { return .zero }
        return max(.zero, grace - (ContinuousClock.now - latest))
    }

    /// Puts every remapped keycode back to no keysym. With `waitingForClients`, first blocks until the last
    /// use is `grace` old, so clients have read their key events.
    func restoreAll(on connection: XConnection, waitingForClients: Bool) {
        guard !assigned.isEmpty, !XErrorTrap.isDead(connection.display) else { return }
        if waitingForClients, remainingGrace > .zero {
            Thread.sleep(until: Date() + remainingGrace.timeInterval)
        }
        for keycode in assigned.keys {
            var syms: [KeySym] = [0, 0]
            XChangeKeyboardMapping(connection.display, Int32(keycode), 2, &syms, 1)
        }
        assigned.removeAll()
        lastUse.removeAll()
        XSync(connection.display, 0)
    }
}

extension KeyboardState {
    /// Whether `keysym` is on the keyboard map without any remapping.
    func isNative(_ keysym: UInt32) -> Bool { locations[keysym] != nil }
}

extension Duration {
    /// The duration in seconds, as Foundation measures time.
    var timeInterval: TimeInterval {
        Double(components.seconds) + Double(components.attoseconds) / 1e18
    }
}
