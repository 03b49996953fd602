/// The members of a JSON object, in insertion order.
///
/// Setting an existing key replaces its value in place, as Python's `dict` does; setting `nil` removes it.
/// Equality and hashing ignore the order.
public struct JSONObject: Sendable, Hashable, Sequence, ExpressibleByDictionaryLiteral {
    private var orderedKeys: [String] = []
    private var values: [String: JSONValue] = [:]

    /// An empty object.
    public init() {}

    /// An object whose keys keep the literal's order.
    public init(dictionaryLiteral elements: (String, JSONValue)...) {
        for (key, value) in elements { self[key] = value }
    }

    /// The keys, in order.
    public var keys: [String] { orderedKeys }

    /// The number of members.
    public var count: Int { orderedKeys.count }

    /// Whether there are no members.
    public var isEmpty: Bool { orderedKeys.isEmpty }

    /// The value for `key`; assigning `nil` removes the member.
    public subscript(key: String) -> JSONValue? {
        get { values[key] }
        set {
            if let newValue {
                if values.updateValue(newValue, forKey: key) == nil { orderedKeys.append(key) }
            } else if values.removeValue(forKey: key) != nil {
                orderedKeys.removeAll { $0 == key }
            }
        }
    }

    /// The members as `(key, value)` pairs, in order.
    public func makeIterator() -> IndexingIterator<[(key: String, value: JSONValue)]> {
        orderedKeys.map { (key: $0, value: values[$0]!) }.makeIterator()
    }

    public static func == (lhs: JSONObject, rhs: JSONObject) -> Bool { lhs.values == rhs.values }

    public func hash(into hasher: inout Hasher) { hasher.combine(values) }
}
