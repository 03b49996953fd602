import Foundation

/// Finds the package's executables (`deskpilot`, `deskpilot-fixture`) for tests and benchmarks.
public enum BuildProducts {
    /// `name` next to the running executable (a test bundle lives in the build folder), else in
    /// `.build/debug` or `.build/release` under the current directory.
    public static func path(of name: String) throws -> String {
        var candidates: [URL] = []
        let running = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
        var directory = running.deletingLastPathComponent()
        for _ in 0..<4 {  // the .xctest bundle may nest its binary a few levels deep
            candidates.append(directory.appendingPathComponent(name))
            directory = directory.deletingLastPathComponent()
        }
        let cwd = URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
        candidates += ["debug", "release"].map { cwd.appendingPathComponent(".build/\($0)/\(name)") }
        if let found = candidates.first(where: { FileManager.default.isExecutableFile(atPath: $0.path) }) {
            return found.path
        }
        throw FixtureError("Cannot find the \(name) executable (looked in \(candidates.map(\.path))) — run 'swift build' first.")
    }
}
