/// The Levenshtein distance between two sequences: how many single-element insertions, deletions and
/// substitutions turn `a` into `b`. Deskpilot measures "nearly the same text" with it: a key name or YAML key
/// that is a typo of a valid one, an OCR reading that is nearly a label, a terminal line read twice.
///
/// Two rows of the table, O(|a|·|b|) time; inlinable, so the OCR matcher's calls on Unicode scalars are
/// specialized where they are made.
@inlinable
public func editDistance<Elements: Collection>(_ a: Elements, _ b: Elements) -> Int where Elements.Element: Equatable {
    let a = Array(a), b = Array(b)
    guard !a.isEmpty else { return b.count }
    guard !b.isEmpty else { return a.count }
    var previous = Array(0...b.count)
    var current = [Int](repeating: 0, count: b.count + 1)
    for i in 1...a.count {
        current[0] = i
        for j in 1...b.count {
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
        }
        swap(&previous, &current)
    }
    return previous[b.count]
}
