public import DesktopKit
public import Imaging

/// Waits for the screen to stop changing after an action, instead of sleeping a fixed time: captures until
/// the screen has held still for ``quiet``, or ``cap`` has passed.
///
/// The quiet window is spent waiting anyway, so once a frame has held still for one poll it is handed to
/// `prepare` (the policy's resize and encode) meanwhile; if the screen changes again, that work is dropped.
/// The next step then starts from an observation that is already made.
public struct ScreenSettler: Sendable {
    /// The desktop watched.
    public let desktop: any Desktop
    /// How long the screen must hold still.
    public let quiet: Duration
    /// The longest wait.
    public let cap: Duration
    /// Between captures.
    public let poll: Duration

    /// A settler.
    public init(desktop: any Desktop, quiet: Duration = .milliseconds(150), cap: Duration = .seconds(2), poll: Duration = .milliseconds(20)) {
        self.desktop = desktop
        self.quiet = quiet
        self.cap = cap
        self.poll = poll
    }

    /// How long settling took and, when the screen settled, the observation `prepare` made of it.
    public func settle(prepare: @escaping @Sendable (Image) async throws -> Observation) async throws
        -> (duration: Duration, observation: Task<Observation, any Error>?)
    {
        let start = ContinuousClock.now
        var last = try await desktop.screenshot()
        var lastChange = ContinuousClock.now
        var speculation: (frame: Image, task: Task<Observation, any Error>)?
        while ContinuousClock.now - start < cap {
            if ContinuousClock.now - lastChange >= quiet { break }
            try await Task.sleep(for: poll)
            let current = try await desktop.screenshot()
            if current.pixels != last.pixels {
                last = current
                lastChange = ContinuousClock.now
            } else if speculation.map({ $0.frame.pixels != last.pixels }) ?? true {
                speculation?.task.cancel()
                let frame = last
                speculation = (frame, Task {
                    var observation = try await prepare(frame)
                    observation.preparedWhileSettling = true
                    return observation
                })
            }
        }
        let duration = ContinuousClock.now - start
        guard let speculation, ContinuousClock.now - lastChange >= quiet, speculation.frame.pixels == last.pixels else {
            speculation?.task.cancel()
            return (duration, nil)
        }
        return (duration, speculation.task)
    }
}
