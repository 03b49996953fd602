/// Why the fixture cannot start. Each case prints as one line on standard error.
enum FixtureError: Error, CustomStringConvertible {
    /// A bad command line: the message names the bad value and the valid choices. Exit status 2.
    case usage(String)
    /// The `--events` file cannot be opened for appending. Exit status 2.
    case cannotOpenEvents(path: String, reason: String)
    /// `XOpenDisplay` failed. Exit status 1.
    case cannotOpenDisplay(name: String)
    /// Not even the `fixed` core font could be loaded. Exit status 1.
    case noFont

    var description: String {
        switch self {
        case .usage(let message):
            return message
        case let .cannotOpenEvents(path, reason):
            return "cannot open --events file '\(path)': \(reason)"
        case .cannotOpenDisplay(let name):
            return "cannot open X display '\(name)' — set DISPLAY or start Xvfb"
        case .noFont:
            return "the X server has no usable core font (not even 'fixed') — install xfonts-base"
        }
    }

    /// The process exit status for this error.
    var exitStatus: Int32 {
        switch self {
        case .usage, .cannotOpenEvents: return 2
        case .cannotOpenDisplay, .noFont: return 1
        }
    }
}
