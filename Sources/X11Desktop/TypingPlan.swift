import DesktopKit

/// How text becomes keysyms, and how those are batched so that the characters missing from the keyboard
/// map fit on the spare keycodes: each batch needs at most `capacity` distinct missing keysyms.
enum TypingPlan {
    /// The keysym for each character of `text`: `\n` (and `\r\n`) is Return, `\t` is Tab.
    static func keysyms(for text: String) -> [UInt32] {
        var result: [UInt32] = []
        result.reserveCapacity(text.unicodeScalars.count)
        var previousWasCarriageReturn = false
        for scalar in text.unicodeScalars {
            defer { previousWasCarriageReturn = scalar == "\r" }
            if scalar == "\n" && previousWasCarriageReturn { continue }
            result.append(Key.keysym(for: scalar))
        }
        return result
    }

    /// Splits `keysyms` into consecutive batches, each with at most `capacity` distinct keysyms for which
    /// `isOnKeyboard` is false. Returns nil when such a keysym exists and `capacity` is zero.
    static func batches(_ keysyms: [UInt32], capacity: Int, isOnKeyboard: (UInt32) -> Bool) -> [[UInt32]]? {
        var batches: [[UInt32]] = []
        var current: [UInt32] = []
        var missing: Set<UInt32> = []
        for keysym in keysyms {
            if !isOnKeyboard(keysym) && !missing.contains(keysym) {
                guard capacity > 0 else { return nil }
                if missing.count == capacity {
                    batches.append(current)
                    current = []
                    missing = []
                }
                missing.insert(keysym)
            }
            current.append(keysym)
        }
        if !current.isEmpty { batches.append(current) }
        return batches
    }
}
