public import Deskpilot

extension Desktop {
    /// Polls the window list until a visible window's title or class contains `query`, and returns it; throws
    /// once `timeout` has passed (a just-started X client may take long to map on a loaded machine).
    public func waitForWindow(matching query: String, timeout: Duration = .seconds(45)) async throws -> WindowInfo {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if let window = try await window(matching: query) { return window }
            try await Task.sleep(for: .milliseconds(20))
        }
        throw FixtureError("no window whose title or class contains '\(query)' appeared within \(timeout)")
    }
}
