import Glibc

/// The running program's image, for replacing it with itself.
enum ProcessImage {
    /// Replaces the process with a fresh run of the same executable (`/proc/self/exe`) with `arguments`
    /// (including argument 0) and `environment` (`NAME=value` entries). Returns only when `execve` fails,
    /// with its `errno`.
    static func reexec(arguments: [String], environment: [String]) -> Int32 {
        let argv = arguments.map { strdup($0) } + [nil]
        let envp = environment.map { strdup($0) } + [nil]
        defer {
            for pointer in argv { free(pointer) }
            for pointer in envp { free(pointer) }
        }
        execve("/proc/self/exe", argv, envp)
        return errno
    }
}
