internal import CX11
import Synchronization

/// Replaces Xlib's default error handlers, which print and exit the process, with handlers that record what
/// happened per connection, so an X error or a dead server becomes a Swift error instead.
enum XErrorTrap {
    /// Last protocol error code per display (keyed by the `Display*` address), and the displays whose
    /// connection died.
    private static let state = Mutex<(errors: [UInt: Int32], dead: Set<UInt>)>(([:], []))

    /// Installs the process-wide handlers once; call before opening a display.
    static let installed: Void = {
        XInitThreads()
        XSetErrorHandler { display, event in
            if let display, let event {
                let key = UInt(bitPattern: display)
                XErrorTrap.state.withLock { $0.errors[key] = Int32(event.pointee.error_code) }
            }
            return 0
        }
        XSetIOErrorHandler { display in
            if let display { XErrorTrap.markDead(display) }
            return 0
        }
    }()

    /// Tells Xlib not to exit the process when `display`'s connection breaks.
    static func survivesConnectionLoss(_ display: OpaquePointer) {
        XSetIOErrorExitHandler(display, { display, _ in
            if let display { XErrorTrap.markDead(display) }
        }, nil)
    }

    static func markDead(_ display: OpaquePointer) {
        _ = state.withLock { $0.dead.insert(UInt(bitPattern: display)) }
    }

    /// Whether `display`'s connection has died.
    static func isDead(_ display: OpaquePointer) -> Bool {
        state.withLock { $0.dead.contains(UInt(bitPattern: display)) }
    }

    /// Returns and clears the last protocol error recorded for `display`.
    static func takeError(_ display: OpaquePointer) -> Int32? {
        state.withLock { $0.errors.removeValue(forKey: UInt(bitPattern: display)) }
    }

    /// Forgets a closed display (its address may be reused).
    static func forget(_ display: OpaquePointer) {
        state.withLock {
            $0.errors[UInt(bitPattern: display)] = nil
            $0.dead.remove(UInt(bitPattern: display))
        }
    }
}
