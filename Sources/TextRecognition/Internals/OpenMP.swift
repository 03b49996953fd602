import Glibc

/// The OpenMP runtime (libgomp) that Tesseract is built with.
///
/// Tesseract's LSTM asks OpenMP for several threads per layer of every line it reads; on a 2-core machine
/// those threads spin against each other (a busy 1080p screen: 4 s wall with 2 s of it in the kernel,
/// instead of 1.9 s). `OMP_THREAD_LIMIT=1` cures it, but libgomp reads it only when it loads. OpenMP's
/// `max-active-levels` setting can be changed at any time, though: at 0, every parallel region entered
/// from that thread runs on that thread alone — `OMP_THREAD_LIMIT=1`'s effect. libgomp keeps the setting
/// per thread (in the thread's implicit task), so the engine sets it on each thread before reading.
enum OpenMP {
    private typealias SetMaxActiveLevels = @convention(c) (Int32) -> Void

    /// `omp_set_max_active_levels`, found among the loaded libraries (libgomp comes with libtesseract; a
    /// nil handle is `RTLD_DEFAULT`), or nil without an OpenMP runtime.
    private static let setMaxActiveLevels: SetMaxActiveLevels? = dlsym(nil, "omp_set_max_active_levels").map {
        unsafeBitCast($0, to: SetMaxActiveLevels.self)
    }

    /// Makes parallel regions entered from the calling thread run serially; false without OpenMP.
    /// Cheap enough to call before every recognition (a store, after the first call on a thread).
    @discardableResult
    static func serializeCurrentThread() -> Bool {
        guard let setMaxActiveLevels else { return false }
        setMaxActiveLevels(0)
        return true
    }
}
