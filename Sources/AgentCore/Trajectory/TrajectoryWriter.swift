public import Foundation
import Glibc
public import Imaging

/// A run's record on disk: a directory with `trajectory.jsonl` (one JSON object per event) and the image
/// sent at each step as `step-NNNN.png`.
///
/// Every event is encoded first and then written with a single `write(2)` to a file opened for appending, so a
/// crash, a kill or Ctrl-C loses at most the event being written; the lines before it are whole. The schema
/// of the events is documented in `docs/trajectory.md`.
public final class TrajectoryWriter: Sendable {
    /// The run directory.
    public let directory: URL
    /// `directory/trajectory.jsonl`.
    public let eventsFile: URL
    private let descriptor: Int32
    private let encoder: JSONEncoder

    /// Creates `directory` (and parents) and opens its `trajectory.jsonl` for appending.
    public init(directory: URL) throws(TrajectoryError) {
        do {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        } catch {
            throw .cannotCreate(path: directory.path, reason: String(describing: error))
        }
        self.directory = directory
        eventsFile = directory.appendingPathComponent("trajectory.jsonl")
        descriptor = open(eventsFile.path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw .cannotCreate(path: eventsFile.path, reason: String(cString: strerror(errno))) }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        self.encoder = encoder
    }

    deinit {
        close(descriptor)
    }

    /// Appends `event` as one line.
    public func append(_ event: TrajectoryEvent) throws(TrajectoryError) {
        var line: Data
        do {
            line = try encoder.encode(event)
        } catch {
            throw .cannotEncode(reason: String(describing: error))
        }
        line.append(UInt8(ascii: "\n"))
        let written = line.withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
        guard written == line.count else {
            throw .cannotWrite(path: eventsFile.path, reason: written < 0 ? String(cString: strerror(errno)) : "short write")
        }
    }

    /// Saves the image of `step` as `step-NNNN.png` (fast PNG) and returns its file name.
    @discardableResult
    public func saveImage(_ image: Image, step: Int) throws(TrajectoryError) -> String {
        let png: [UInt8]
        do {
            png = try image.pngData(.fast)
        } catch {
            throw .cannotWrite(path: directory.appendingPathComponent(Self.imageName(step)).path, reason: error.description)
        }
        return try savePNG(png, step: step)
    }

    /// Saves already encoded PNG bytes as the image of `step` (`step-NNNN.png`) and returns its file name.
    @discardableResult
    public func savePNG(_ png: [UInt8], step: Int) throws(TrajectoryError) -> String {
        let name = Self.imageName(step)
        let url = directory.appendingPathComponent(name)
        do {
            try Data(png).write(to: url)
        } catch {
            throw .cannotWrite(path: url.path, reason: String(describing: error))
        }
        return name
    }

    private static func imageName(_ step: Int) -> String { String(format: "step-%04d.png", step) }
}

/// Why the trajectory could not be written.
public enum TrajectoryError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The run directory or its file could not be created.
    case cannotCreate(path: String, reason: String)
    /// An event could not be encoded.
    case cannotEncode(reason: String)
    /// Writing failed (disk full, permissions).
    case cannotWrite(path: String, reason: String)
    /// A record cannot be read.
    case cannotRead(path: String, reason: String)

    public var description: String {
        switch self {
        case .cannotCreate(let path, let reason):
            "Cannot create the run record at \(path): \(reason) — choose a writable --out directory."
        case .cannotEncode(let reason):
            "Cannot encode a trajectory event: \(reason)."
        case .cannotWrite(let path, let reason):
            "Cannot write the run record \(path): \(reason) — is the disk full?"
        case .cannotRead(let path, let reason):
            "Cannot read the run record \(path): \(reason)"
        }
    }
}
