import CX11
import Glibc

/// The running fixture: owns the window, the scene and the event log, and runs the event loop.
///
/// The loop `poll`s the X connection and the signal descriptor. X events are filtered through the
/// input method (`XFilterEvent`) and then turned into the generic events (`click`, `release`,
/// `scroll`, `key`, `motion`) before the scene sees them and adds its own.
final class FixtureApp {
    private let options: FixtureOptions
    private let log: EventLog
    private let signals: SignalWatcher?
    private let window: FixtureWindow
    private let canvas: Canvas
    private let scene: any Scene
    private let textInput: TextInput
    private var clicks = ClickCounter()
    private var mapped = false
    private var announced = false
    private var width: Int
    private var height: Int

    init(options: FixtureOptions, log: EventLog) throws(FixtureError) {
        self.options = options
        self.log = log
        // Block SIGTERM/SIGINT first, so one that arrives during start-up is handled by the loop.
        signals = SignalWatcher()
        if let warning = TextInput.configureLocale() { printError(warning) }
        window = try FixtureWindow(title: options.title, x: options.x, y: options.y,
                                   width: options.width, height: options.height)
        width = options.width
        height = options.height
        canvas = try Canvas(display: window.display, screen: window.screen, window: window.window,
                            palette: window.palette, width: width, height: height)
        scene = options.scene.makeScene(width: width, height: height)
        textInput = TextInput(display: window.display, window: window.window)
        canvas.render(scene)
        XMapWindow(window.display, window.window)
    }

    /// Runs until WM_DELETE_WINDOW, SIGTERM or SIGINT; then exits the process with status 0.
    func run() -> Never {
        let display = window.display
        var descriptors = [pollfd(fd: CX11_ConnectionNumber(display), events: Int16(POLLIN), revents: 0)]
        if let signals { descriptors.append(pollfd(fd: signals.fd, events: Int16(POLLIN), revents: 0)) }
        var event = XEvent()
        while true {
            while XPending(display) > 0 {
                XNextEvent(display, &event)
                if XFilterEvent(&event, 0) != 0 { continue }
                handle(&event)
            }
            if poll(&descriptors, nfds_t(descriptors.count), -1) < 0, errno != EINTR {
                printError("poll failed: \(String(cString: strerror(errno)))")
                exit(1)
            }
            if descriptors.count > 1, descriptors[1].revents != 0 {
                quit()
            }
        }
    }

    private func quit() -> Never {
        window.close()
        exit(0)
    }

    private func redraw(_ needed: Bool) {
        if needed { canvas.render(scene) }
    }

    private func handle(_ event: inout XEvent) {
        switch event.type {
        case MapNotify:
            if !mapped {
                mapped = true
                // No window manager gives focus in tests; take it so keys reach us wherever the pointer is.
                XSetInputFocus(window.display, window.window, Int32(RevertToPointerRoot), UInt(CurrentTime))
            }
        case Expose:
            guard event.xexpose.count == 0 else { return }
            canvas.present()
            if mapped, !announced {
                announced = true
                XSync(window.display, 0)
                let origin = window.rootPosition()
                log.emit(.ready(scene: options.scene.rawValue, window: window.window, x: origin.x, y: origin.y,
                                width: width, height: height, pid: Int(getpid())))
            }
        case ConfigureNotify:
            let configure = event.xconfigure
            let newWidth = Int(configure.width), newHeight = Int(configure.height)
            guard newWidth != width || newHeight != height else { return }
            width = newWidth
            height = newHeight
            canvas.resize(width: width, height: height)
            scene.resize(width: width, height: height)
            canvas.render(scene)
        case ButtonPress:
            buttonPressed(event.xbutton)
        case ButtonRelease:
            let button = event.xbutton
            guard (1...3).contains(button.button) else { return }
            log.emit(.release(button: Int(button.button), x: Int(button.x_root), y: Int(button.y_root)))
            redraw(scene.pointerReleased(pointer(button, count: 0), log: log))
        case MotionNotify:
            let motion = event.xmotion
            guard motion.state & UInt32(Button1Mask | Button2Mask | Button3Mask) != 0 else { return }
            log.emit(.motion(x: Int(motion.x_root), y: Int(motion.y_root)))
            let input = PointerInput(button: 0, count: 0, x: Int(motion.x), y: Int(motion.y),
                                     rootX: Int(motion.x_root), rootY: Int(motion.y_root))
            redraw(scene.pointerDragged(input, log: log))
        case KeyPress:
            keyPressed(&event.xkey)
        case MappingNotify:
            XRefreshKeyboardMapping(&event.xmapping)
        case ClientMessage:
            let message = event.xclient
            if message.message_type == window.wmProtocols, UInt(bitPattern: message.data.l.0) == window.wmDeleteWindow {
                quit()
            }
        default:
            break
        }
    }

    private func pointer(_ button: XButtonEvent, count: Int) -> PointerInput {
        PointerInput(button: Int(button.button), count: count, x: Int(button.x), y: Int(button.y),
                     rootX: Int(button.x_root), rootY: Int(button.y_root))
    }

    private func buttonPressed(_ button: XButtonEvent) {
        switch button.button {
        case 1...3:
            let count = clicks.press(button: Int(button.button), time: button.time,
                                     x: Int(button.x_root), y: Int(button.y_root))
            let target = scene.widgets.hit(Int(button.x), Int(button.y))?.name
            log.emit(.click(target: target, button: Int(button.button), count: count,
                            x: Int(button.x_root), y: Int(button.y_root)))
            redraw(scene.pointerPressed(pointer(button, count: count), target: target, log: log))
        case 4...7:
            let (dx, dy) = switch button.button {
            case 4: (0, -1)
            case 5: (0, 1)
            case 6: (-1, 0)
            default: (1, 0)
            }
            log.emit(.scroll(dx: dx, dy: dy, x: Int(button.x_root), y: Int(button.y_root)))
            redraw(scene.scrolled(dx: dx, dy: dy, at: pointer(button, count: 0), log: log))
        default:
            break
        }
    }

    private func keyPressed(_ key: inout XKeyEvent) {
        let first = UInt(XLookupKeysym(&key, 0))
        let (text, looked) = textInput.lookup(&key)
        // A keycode whose first level is empty still reports what the input method saw.
        let keysym = first != 0 ? first : looked
        guard !KeyNames.isModifier(keysym) else { return }
        let modifiers = KeyNames.modifiers(state: key.state)
        let combo = KeyNames.combo(modifiers: modifiers, keysym: keysym)
        log.emit(.key(combo: combo))
        redraw(scene.keyPressed(KeyInput(combo: combo, keysym: keysym, modifiers: modifiers, text: text), log: log))
    }
}
