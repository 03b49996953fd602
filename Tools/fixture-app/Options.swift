/// The parsed command line.
struct FixtureOptions {
    static let minWidth = 400, maxWidth = 8192
    static let minHeight = 300, maxHeight = 8192
    static let coordinateRange = -16384...16384

    var scene: SceneKind = .buttons
    var eventsPath: String?
    var title = "Deskpilot Fixture"
    var x = 0
    var y = 0
    var width = 800
    var height = 600
    var layoutOnly = false
    var showHelp = false

    private static let optionNames = "--scene, --events, --title, --x, --y, --width, --height, --layout, --help"

    /// Parses the arguments after the program name. Accepts `--name value` and `--name=value`;
    /// a repeated option keeps its last value.
    static func parse(_ arguments: [String]) throws(FixtureError) -> FixtureOptions {
        var options = FixtureOptions()
        var index = 0
        while index < arguments.count {
            let argument = arguments[index]
            index += 1
            var name = argument
            var inlineValue: String?
            if argument.hasPrefix("--"), let equals = argument.firstIndex(of: "=") {
                name = String(argument[..<equals])
                inlineValue = String(argument[argument.index(after: equals)...])
            }

            /// The option's value: inline after `=`, or the next argument.
            func value(_ choices: String) throws(FixtureError) -> String {
                if let inlineValue { return inlineValue }
                guard index < arguments.count else {
                    throw FixtureError.usage("option \(name) needs a value (\(choices))")
                }
                index += 1
                return arguments[index - 1]
            }

            func flag() throws(FixtureError) {
                if let inlineValue {
                    throw FixtureError.usage("option \(name) takes no value, got '\(inlineValue)'")
                }
            }

            switch name {
            case "--scene":
                let valid = SceneKind.allCases.map(\.rawValue).joined(separator: ", ")
                let text = try value("valid: \(valid)")
                guard let scene = SceneKind(rawValue: text) else {
                    throw FixtureError.usage("invalid --scene '\(text)' (valid: \(valid))")
                }
                options.scene = scene
            case "--events":
                let path = try value("a file path")
                guard !path.isEmpty else { throw FixtureError.usage("invalid --events '' (expected a file path)") }
                options.eventsPath = path
            case "--title":
                options.title = try value("any text")
            case "--x":
                options.x = try integer(name, try value("an integer"), in: coordinateRange)
            case "--y":
                options.y = try integer(name, try value("an integer"), in: coordinateRange)
            case "--width":
                options.width = try integer(name, try value("an integer"), in: minWidth...maxWidth)
            case "--height":
                options.height = try integer(name, try value("an integer"), in: minHeight...maxHeight)
            case "--layout":
                try flag()
                options.layoutOnly = true
            case "--help", "-h":
                try flag()
                options.showHelp = true
            default:
                if argument.hasPrefix("-") {
                    throw FixtureError.usage("unknown option '\(name)' (valid: \(optionNames))")
                }
                throw FixtureError.usage("unexpected argument '\(argument)' (valid: \(optionNames))")
            }
        }
        return options
    }

    private static func integer(_ name: String, _ text: String, in range: ClosedRange<Int>) throws(FixtureError) -> Int {
        guard let number = Int(text), range.contains(number) else {
            throw FixtureError.usage(
                "invalid \(name) '\(text)' (expected an integer from \(range.lowerBound) to \(range.upperBound))")
        }
        return number
    }

    /// The `--help` text.
    static let helpText = """
        deskpilot-fixture — a deterministic X11 test application for Deskpilot's test suite.

        USAGE
          deskpilot-fixture [--scene buttons|form|list|drag|keys|colors|photo] [--events FILE]
                            [--title TITLE] [--x X] [--y Y] [--width W] [--height H] [--layout]

        OPTIONS
          --scene NAME   Scene to show (default buttons), see SCENES.
          --events FILE  Append events to FILE (created, mode 0644) instead of writing them to stdout.
          --title TITLE  Window title (default "Deskpilot Fixture"): WM_NAME and _NET_WM_NAME (UTF8_STRING).
          --x X, --y Y   Window position on the root window (default 0,0; -16384…16384). Without a window
                         manager the window appears exactly there; WM_NORMAL_HINTS asks a manager to honour it.
          --width W      Window width, 400…8192 (default 800).
          --height H     Window height, 300…8192 (default 600).
          --layout       Print the scene's widgets as one JSON line on stdout and exit 0 without opening a
                         display: {"scene":"buttons","width":800,"height":600,"widgets":[{"name":"OK",
                         "kind":"button","x":40,"y":60,"width":220,"height":90}, ...]}
                         Rectangles are window-relative. Extra members: "color":"#RRGGBB" (colors patches),
                         "rowHeight","rows","items" (list box).
          --help, -h     Show this text.
          Options take their value as the next argument or after "=" (--scene=form).

        LAYOUT
          Geometry depends on the window size only, never on fonts. Each scene is designed on an 800×600
          canvas; a design edge e becomes e*W/800 (x) or e*H/600 (y), rounded down, so at 800×600 the
          rectangles are the design values and touching rectangles stay touching. Exceptions: the list's
          row height is H/10 with the list exactly 8 rows tall, and the drag scene's Square (100×100) and
          Bin (200×200) keep their size. Widget kinds: button, label, field, list, draggable, target, patch,
          image.

        SCENES (light grey background)
          buttons  Buttons OK, Cancel, Apply (top row), Help, Save, Quit (bottom row; Quit does not quit)
                   and a "Status" label: "Clicked: OK ×2" (button 1), "Middle-clicked: …", "Right-clicked: …".
          form     Fields Name, Email, City (captions NameLabel, EmailLabel, CityLabel on the left), a Submit
                   button and a Status label. Name has focus at start; a button-1 press in a field focuses it;
                   Tab / shift+Tab cycle focus; typed text goes to the focused field; BackSpace deletes the
                   last character (grapheme); ctrl+u clears the focused field, like a terminal's kill-line
                   (a text event with value "", even when the field was already empty); Return, KP_Enter
                   or pressing Submit submits and shows "Submitted: <Name>, <Email>, <City>" (empty values
                   skipped). Text is not inserted while ctrl, alt or super is held, nor control characters.
          list     List box "List" with Item 1 … Item 50, 8 rows visible, and a Status label. Each vertical
                   wheel notch anywhere in the window scrolls one row (clamped to 0…42); a button-1 press on
                   a row selects it (a row spans the full list width) and shows "Selected: Item N".
          drag     Blue 100×100 "Square" (draggable) and 200×200 "Bin" (target), and a Status label. Press
                   button 1 on the Square, move, release: the Square follows the pointer, kept inside the
                   window and above the Status label. Released with the pointer over the Bin it snaps to
                   the Bin's centre, elsewhere it stays where dropped. Status: "Dropped on Bin" or
                   "Dropped outside".
          keys     A "LastKey" label showing the last key combo in very large text.
          colors   Eight borderless patches in a 4×2 grid filling the window, no text: Black #000000,
                   White #FFFFFF, Red #FF0000, Green #00FF00 (top row), Blue #0000FF, Navy #123456,
                   Peach #FEDCBA, Grey #808080 (bottom row). Pixel values are exact on TrueColor visuals.
          photo    A photo-like landscape filling the window, no text: one "Photo" widget (kind image) at
                   0,0 with the window's size. Sky gradient with sun and clouds, hazy mountains, a field
                   with tree clumps, all from smooth fixed-seed value noise, plus a few grey levels of
                   per-pixel grain, so it compresses like a photograph (a "busy screen" background).
                   Deterministic: the same size always gives the same pixels. Generated once per window
                   size and drawn with XPutImage; needs a TrueColor visual at 32 bits per pixel (Xvfb
                   depth 24), otherwise the window stays grey and a warning goes to stderr.
          Scene actions (focus, submit, select, drag) happen on the press of button 1, not the release;
          they are reported even when nothing changes (clicking the focused field reports focus again).

        EVENTS
          One JSON object per line, keys in the order shown, strings JSON-escaped (non-ASCII stays raw
          UTF-8); each line is a single write(2). x and y are always root (screen) coordinates.
          {"event":"ready","scene":"form","window":12345,"x":0,"y":0,"width":800,"height":600,"pid":4242}
              once, after the window is mapped, has input focus and its first Expose is painted.
          {"event":"click","target":"OK","button":1,"count":2,"x":412,"y":300}
              every press of buttons 1–3; target = widget under the pointer or null. count: a press of the
              same button within 400 ms (server time) and 5 px (each axis) of the previous press counts one
              more, up to 3; otherwise 1. Double click = counts 1, 2; triple click = 1, 2, 3.
          {"event":"release","button":1,"x":412,"y":300}          every release of buttons 1–3.
          {"event":"scroll","dx":0,"dy":-1,"x":412,"y":300}       per wheel notch: button 4 dy -1, 5 dy +1,
              6 dx -1, 7 dx +1 (no click or release events for 4–7).
          {"event":"key","combo":"ctrl+shift+t"}                  every press of a non-modifier key:
              modifiers ctrl, alt, shift, super (Control, Mod1, Shift, Mod4) in that order, then the
              XKeysymToString name of the keycode's first keysym (Return, F4, t, comma); Unicode
              keysyms without a name give U+XXXX (4 to 6 hex digits). Modifier keys alone (Shift_L,
              Control_L, ISO_Level3_Shift, …) are not reported.
          {"event":"motion","x":412,"y":300}                      pointer motion while button 1–3 is held.
          {"event":"focus","field":"Email"}                       form: field clicked, or Tab/shift+Tab.
          {"event":"text","field":"Name","value":"héllo"}        form: after every change (and every
              ctrl+u), the field's full value.
          {"event":"submit","values":{"Name":"a","Email":"b","City":"c"}}   form.
          {"event":"list_scroll","first":3}                       list: after each vertical scroll event.
          {"event":"select","item":"Item 7"}                      list.
          {"event":"drag_start","target":"Square","x":150,"y":300}             drag.
          {"event":"drop","target":"Bin","x":600,"y":300,"motions":12}         drag; target may be null.
          Order: the generic event (click, key, scroll, release) comes before the scene's event(s).

        BEHAVIOUR
          Text input is decoded as UTF-8 (locale from the environment, C.UTF-8 if that is not UTF-8; input
          method "@im=none"; Xutf8LookupString). Keyboard remapping at run time (MappingNotify) is honoured.
          The window takes the input focus once it is mapped.
          Exit status 0 on WM_DELETE_WINDOW, SIGTERM, SIGINT or when the event reader closes the pipe;
          1 if the display cannot be opened; 2 for bad arguments or an --events file that cannot be opened.
        """
}
