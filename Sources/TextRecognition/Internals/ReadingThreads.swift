internal import Dispatch
internal import Foundation

/// Where reading runs: plain threads of its own, never Dispatch's.
///
/// On Linux, Swift's tasks run on Dispatch's global thread pool — two threads on a 2-core machine. Reading
/// a screen keeps a thread busy for 0.1–1 s; done on that pool (a concurrent queue, `concurrentPerform`) it
/// starved every other task of the process: in the test suite an HTTP request's cancellation took 20 s.
enum ReadingThreads {
    /// How many readers may run at once in the process: one per core. Several recognizers reading at the
    /// same moment (tests run in parallel; an agent and a scenario step) queue here instead of slowing
    /// each other down several times over.
    private static let slots = DispatchSemaphore(value: max(1, ProcessInfo.processInfo.activeProcessorCount))

    /// Runs `body(0)` … `body(count - 1)` at once, `body(0)` on the calling thread and each other on a new
    /// thread, each when a slot is free, and returns when all have.
    static func run(_ count: Int, _ body: @escaping @Sendable (Int) -> Void) {
        let done = DispatchSemaphore(value: 0)
        let slotted: @Sendable (Int) -> Void = { index in
            slots.wait()
            body(index)
            slots.signal()
        }
        for index in 1..<max(1, count) {
            let thread = Thread {
                slotted(index)
                done.signal()
            }
            thread.name = "deskpilot.text-reading"
            thread.start()
        }
        slotted(0)
        for _ in 1..<max(1, count) { done.wait() }
    }

    /// `work` on a new thread, for async callers: the task waits without holding a thread.
    static func detached<T: Sendable>(_ work: @escaping @Sendable () -> T) async -> T {
        await withCheckedContinuation { continuation in
            let thread = Thread { continuation.resume(returning: work()) }
            thread.name = "deskpilot.text-reading"
            thread.start()
        }
    }
}
