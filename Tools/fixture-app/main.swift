// deskpilot-fixture: a deterministic Xlib test application. See `FixtureOptions.helpText` (--help)
// for the command line, the scenes and the exact event format.
import Glibc

/// Prints `text` on standard output in one write.
func printOut(_ text: String) {
    let bytes = Array(text.utf8)
    _ = bytes.withUnsafeBytes { write(STDOUT_FILENO, $0.baseAddress, $0.count) }
}

let options: FixtureOptions
do {
    options = try FixtureOptions.parse(Array(CommandLine.arguments.dropFirst()))
} catch {
    printError(error.description)
    exit(error.exitStatus)
}

if options.showHelp {
    printOut(FixtureOptions.helpText + "\n")
    exit(0)
}

if options.layoutOnly {
    EventLog().writeLine(options.scene.layoutJSON(width: options.width, height: options.height).encoded)
    exit(0)
}

do {
    let log: EventLog
    if let path = options.eventsPath {
        log = try EventLog(appendingTo: path)
    } else {
        log = EventLog()
    }
    try FixtureApp(options: options, log: log).run()
} catch {
    printError(error.description)
    exit(error.exitStatus)
}
