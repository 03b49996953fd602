import Foundation

/// The process environment Tesseract runs best in.
///
/// Tesseract's OpenMP threads oversubscribe small machines: by default a full 1080p screen takes 5–15 s on
/// 2 cores instead of ~3.5 s. ``TextRecognizer`` fixes this inside the process (it switches OpenMP's
/// parallel regions to serial when it starts, see its documentation), so nothing here is required. The
/// classic cure is `OMP_THREAD_LIMIT=1` in the environment, which libgomp reads only when it loads —
/// `setenv` inside the process is too late; a command-line tool that wants it anyway calls
/// ``reexecWithThreadLimitIfNeeded()`` first thing in `main`.
public enum OCREnvironment {
    /// The variable libgomp reads when it loads.
    static let threadLimitVariable = "OMP_THREAD_LIMIT"
    /// Set in the re-executed process, so it never re-executes again.
    static let reexecMarker = "DESKPILOT_OCR_REEXEC"

    /// Whether `OMP_THREAD_LIMIT` is set (to anything non-empty) in this process's environment.
    public static var isThreadLimitSet: Bool {
        guard let value = ProcessInfo.processInfo.environment[threadLimitVariable] else { return false }
        return !value.isEmpty
    }

    /// Re-executes the running program (`/proc/self/exe`, same arguments) with `OMP_THREAD_LIMIT=1` added
    /// to its environment, unless the variable is already set or this process is already such a re-run.
    ///
    /// Call it first thing in `main`, before any thread or file matters: on success it does not return,
    /// and the program starts over. When `execve` fails the call returns and the program carries on
    /// (``TextRecognizer`` still limits OpenMP inside the process).
    public static func reexecWithThreadLimitIfNeeded() {
        let environment = ProcessInfo.processInfo.environment
        guard !isThreadLimitSet, environment[reexecMarker] == nil else { return }
        var entries = environment.filter { $0.key != threadLimitVariable }.map { "\($0.key)=\($0.value)" }
        entries.append("\(threadLimitVariable)=1")
        entries.append("\(reexecMarker)=1")
        _ = ProcessImage.reexec(arguments: CommandLine.arguments, environment: entries)
    }
}
