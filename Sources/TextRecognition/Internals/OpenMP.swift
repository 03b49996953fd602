import Glibc

/// The OpenMP runtime (libgomp) that Tesseract is built with.
///
/// Tesseract's LSTM asks OpenMP for several threads per layer of every line it reads; on a 2-core machine
/// those threads spin against each other and a full 1080p screen takes 5–15 s instead of 3.5 s.
/// `OMP_THREAD_LIMIT=1` cures it but libgomp reads it only when it loads. The runtime's
/// `max-active-levels` setting, though, can be changed at any time, process-wide: at 0, every parallel
/// region runs on the thread that reaches it, which is exactly `OMP_THREAD_LIMIT=1`'s effect. The
/// recognizer reads lines on several threads of its own instead, which scales better.
enum OpenMP {
    /// Whether parallel regions now run serially: true once `omp_set_max_active_levels(0)` was called
    /// (the first time this is read), false when no OpenMP runtime is loaded.
    static let isSerialized: Bool = {
        typealias SetMaxActiveLevels = @convention(c) (Int32) -> Void
        // libgomp comes with libtesseract; a nil handle (RTLD_DEFAULT) searches every loaded library.
        guard let symbol = dlsym(nil, "omp_set_max_active_levels") else { return false }
        unsafeBitCast(symbol, to: SetMaxActiveLevels.self)(0)
        return true
    }()
}
