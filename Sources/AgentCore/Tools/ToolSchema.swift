import Foundation
public import VisionModel

/// Derives a JSON schema from a `Decodable` type by running its `init(from:)` against a decoder that
/// answers every request with a stand-in value and writes down what was asked for: each key with the type
/// decoded for it, `decodeIfPresent` keys as optional (left out of `required`), arrays with their element
/// type, nested types as nested objects, and ``ToolArgumentChoice`` enumerations with their cases.
///
/// This follows the type as the compiler synthesizes its decoding (and most hand-written decoders); a type
/// whose `init(from:)` rejects the stand-in values throws ``ToolSchemaError``, and then its schema must be
/// written by hand (``ToolArguments/schema``).
public enum ToolSchema {
    /// The schema of `type`: `{"type": "object", "properties": {…}, "required": […]}`, properties in the
    /// order `init(from:)` decodes them, each with its description from `descriptions`.
    ///
    /// - Throws: ``ToolSchemaError`` when the type cannot be followed.
    public static func derive<T: Decodable>(_ type: T.Type, descriptions: [String: String] = [:]) throws(ToolSchemaError) -> JSONValue {
        let recorder = SchemaRecorder()
        do {
            _ = try T(from: recorder)
        } catch {
            throw ToolSchemaError(type: String(describing: T.self), reason: String(describing: error))
        }
        guard case .object(var schema) = recorder.schema else {
            throw ToolSchemaError(type: String(describing: T.self), reason: "it does not decode from a JSON object")
        }
        // A type without fields never opens a container: it is still an object, with no properties
        // (MCP clients reject a schema without a type).
        if schema["type"] == nil {
            schema["type"] = .string("object")
            schema["properties"] = .object([:])
        }
        if case .object(var properties)? = schema["properties"] {
            for (key, text) in descriptions {
                guard case .object(var property)? = properties[key] else { continue }
                property["description"] = .string(text)
                properties[key] = .object(property)
            }
            schema["properties"] = .object(properties)
        }
        return .object(schema)
    }
}

/// A type whose schema cannot be derived.
public struct ToolSchemaError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The type.
    public var type: String
    /// What went wrong.
    public var reason: String

    public var description: String {
        "Cannot derive the JSON schema of \(type) from its Decodable conformance (\(reason)) — write `static let schema: JSONValue` by hand."
    }
}

/// The decoder of ``ToolSchema``: one per value decoded; what it learns ends up in ``schema``.
private final class SchemaRecorder: Decoder {
    let codingPath: [any CodingKey]
    var userInfo: [CodingUserInfoKey: Any] { [:] }
    /// The schema of the value, as far as it is known.
    var schema: JSONValue = [:]
    private var properties = JSONObject()
    private var required: [String] = []
    private var depth: Int

    init(codingPath: [any CodingKey] = [], depth: Int = 0) {
        self.codingPath = codingPath
        self.depth = depth
    }

    func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
        schema = ["type": "object", "properties": .object(properties)]
        return KeyedDecodingContainer(Keyed<Key>(recorder: self))
    }

    func unkeyedContainer() throws -> any UnkeyedDecodingContainer {
        Unkeyed(recorder: self)
    }

    func singleValueContainer() throws -> any SingleValueDecodingContainer {
        Single(recorder: self)
    }

    /// Records `key` with the schema of `T`, required or not, and returns a stand-in value.
    func record<T: Decodable>(_ type: T.Type, key: String, required isRequired: Bool) throws -> T {
        let (value, schema) = try Self.standIn(type, path: codingPath, depth: depth)
        properties[key] = schema
        if isRequired, !required.contains(key) { required.append(key) }
        var object: JSONObject = ["type": "object", "properties": .object(properties)]
        if !required.isEmpty { object["required"] = .array(required.map { .string($0) }) }
        self.schema = .object(object)
        return value
    }

    /// A stand-in value of `T` and its schema.
    static func standIn<T: Decodable>(_ type: T.Type, path: [any CodingKey], depth: Int) throws -> (T, JSONValue) {
        guard depth < 16 else { throw ToolSchemaError(type: String(describing: T.self), reason: "it nests more than 16 levels deep") }
        if let choice = T.self as? any ToolArgumentChoice.Type {
            return (choice.firstCase as! T, ["type": "string", "enum": .array(choice.rawValues.map { .string($0) })])
        }
        switch T.self {
        case is String.Type: return ("a" as! T, ["type": "string"])
        case is Bool.Type: return (false as! T, ["type": "boolean"])
        case is Double.Type: return (0.0 as! T, ["type": "number"])
        case is Float.Type: return (Float(0) as! T, ["type": "number"])
        case is Int.Type: return (0 as! T, ["type": "integer"])
        case is Int32.Type: return (Int32(0) as! T, ["type": "integer"])
        case is Int64.Type: return (Int64(0) as! T, ["type": "integer"])
        case is Int8.Type: return (Int8(0) as! T, ["type": "integer"])
        case is Int16.Type: return (Int16(0) as! T, ["type": "integer"])
        case is UInt.Type: return (UInt(0) as! T, ["type": "integer", "minimum": 0])
        case is UInt8.Type: return (UInt8(0) as! T, ["type": "integer", "minimum": 0])
        case is UInt16.Type: return (UInt16(0) as! T, ["type": "integer", "minimum": 0])
        case is UInt32.Type: return (UInt32(0) as! T, ["type": "integer", "minimum": 0])
        case is UInt64.Type: return (UInt64(0) as! T, ["type": "integer", "minimum": 0])
        default: break
        }
        let nested = SchemaRecorder(codingPath: path, depth: depth + 1)
        let value = try T(from: nested)
        return (value, nested.schema)
    }

    private struct Keyed<Key: CodingKey>: KeyedDecodingContainerProtocol {
        let recorder: SchemaRecorder
        var codingPath: [any CodingKey] { recorder.codingPath }
        var allKeys: [Key] { [] }

        func contains(_ key: Key) -> Bool { true }
        func decodeNil(forKey key: Key) throws -> Bool { false }
        func decode<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T {
            try recorder.record(type, key: key.stringValue, required: true)
        }
        // Each primitive has its own requirement, and the standard library's defaults for the `IfPresent`
        // ones would call `decode` and so record the key as required: every one is answered here.
        func decode(_ type: Bool.Type, forKey key: Key) throws -> Bool { try recorder.record(type, key: key.stringValue, required: true) }
        func decodeIfPresent(_ type: Bool.Type, forKey key: Key) throws -> Bool? { try recorder.record(type, key: key.stringValue, required: false) }
        func decode(_ type: String.Type, forKey key: Key) throws -> String { try recorder.record(type, key: key.stringValue, required: true) }
        func decodeIfPresent(_ type: String.Type, forKey key: Key) throws -> String? { try recorder.record(type, key: key.stringValue, required: false) }
        func decode(_ type: Double.Type, forKey key: Key) throws -> Double { try recorder.record(type, key: key.stringValue, required: true) }
        func decodeIfPresent(_ type: Double.Type, forKey key: Key) throws -> Double? { try recorder.record(type, key: key.stringValue, required: false) }
        func decode(_ type: Float.Type, forKey key: Key) throws -> Float { try recorder.record(type, key: key.stringValue, required: true) }
        func decodeIfPresent(_ type: Float.Type, forKey key: Key) throws -> Float? { try recorder.record(type, key: key.stringValue, required: false) }
        func decode(_ type: Int.Type, forKey key: Key) throws -> Int { try recorder.record(type, key: key.stringValue, required: true) }
        func decodeIfPresent(_ type: Int.Type, forKey key: Key) throws -> Int? { try recorder.record(type, key: key.stringValue, required: false) }
        func decode(_ type: Int8.Type, forKey key: Key) throws -> Int8 { try recorder.record(type, key: key.stringValue, required: true) }
        func decodeIfPresent(_ type: Int8.Type, forKey key: Key) throws -> Int8? { try recorder.record(type, key: key.stringValue, required: false) }
        func decode(_ type: Int16.Type, forKey key: Key) throws -> Int16 { try recorder.record(type, key: key.stringValue, required: true) }
        func decodeIfPresent(_ type: Int16.Type, forKey key: Key) throws -> Int16? { try recorder.record(type, key: key.stringValue, required: false) }
        func decode(_ type: Int32.Type, forKey key: Key) throws -> Int32 { try recorder.record(type, key: key.stringValue, required: true) }
        func decodeIfPresent(_ type: Int32.Type, forKey key: Key) throws -> Int32? { try recorder.record(type, key: key.stringValue, required: false) }
        func decode(_ type: Int64.Type, forKey key: Key) throws -> Int64 { try recorder.record(type, key: key.stringValue, required: true) }
        func decodeIfPresent(_ type: Int64.Type, forKey key: Key) throws -> Int64? { try recorder.record(type, key: key.stringValue, required: false) }
        func decode(_ type: UInt.Type, forKey key: Key) throws -> UInt { try recorder.record(type, key: key.stringValue, required: true) }
        func decodeIfPresent(_ type: UInt.Type, forKey key: Key) throws -> UInt? { try recorder.record(type, key: key.stringValue, required: false) }
        func decode(_ type: UInt8.Type, forKey key: Key) throws -> UInt8 { try recorder.record(type, key: key.stringValue, required: true) }
        func decodeIfPresent(_ type: UInt8.Type, forKey key: Key) throws -> UInt8? { try recorder.record(type, key: key.stringValue, required: false) }
        func decode(_ type: UInt16.Type, forKey key: Key) throws -> UInt16 { try recorder.record(type, key: key.stringValue, required: true) }
        func decodeIfPresent(_ type: UInt16.Type, forKey key: Key) throws -> UInt16? { try recorder.record(type, key: key.stringValue, required: false) }
        func decode(_ type: UInt32.Type, forKey key: Key) throws -> UInt32 { try recorder.record(type, key: key.stringValue, required: true) }
        func decodeIfPresent(_ type: UInt32.Type, forKey key: Key) throws -> UInt32? { try recorder.record(type, key: key.stringValue, required: false) }
        func decode(_ type: UInt64.Type, forKey key: Key) throws -> UInt64 { try recorder.record(type, key: key.stringValue, required: true) }
        func decodeIfPresent(_ type: UInt64.Type, forKey key: Key) throws -> UInt64? { try recorder.record(type, key: key.stringValue, required: false) }
        func decodeIfPresent<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T? {
            try recorder.record(type, key: key.stringValue, required: false)
        }
        func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type, forKey key: Key) throws -> KeyedDecodingContainer<NestedKey> {
            throw ToolSchemaError(type: key.stringValue, reason: "nested containers are not followed")
        }
        func nestedUnkeyedContainer(forKey key: Key) throws -> any UnkeyedDecodingContainer {
            throw ToolSchemaError(type: key.stringValue, reason: "nested containers are not followed")
        }
        func superDecoder() throws -> any Decoder { recorder }
        func superDecoder(forKey key: Key) throws -> any Decoder { recorder }
    }

    /// An array: one element is decoded, and its schema is the array's `items`.
    private struct Unkeyed: UnkeyedDecodingContainer {
        let recorder: SchemaRecorder
        var codingPath: [any CodingKey] { recorder.codingPath }
        var count: Int? { 1 }
        var currentIndex = 0
        var isAtEnd: Bool { currentIndex >= 1 }

        mutating func decodeNil() throws -> Bool { false }
        mutating func decode<T: Decodable>(_ type: T.Type) throws -> T { try decodeElement(type) }
        mutating func decode(_ type: Bool.Type) throws -> Bool { try decodeElement(type) }
        mutating func decode(_ type: String.Type) throws -> String { try decodeElement(type) }
        mutating func decode(_ type: Double.Type) throws -> Double { try decodeElement(type) }
        mutating func decode(_ type: Float.Type) throws -> Float { try decodeElement(type) }
        mutating func decode(_ type: Int.Type) throws -> Int { try decodeElement(type) }
        mutating func decode(_ type: Int8.Type) throws -> Int8 { try decodeElement(type) }
        mutating func decode(_ type: Int16.Type) throws -> Int16 { try decodeElement(type) }
        mutating func decode(_ type: Int32.Type) throws -> Int32 { try decodeElement(type) }
        mutating func decode(_ type: Int64.Type) throws -> Int64 { try decodeElement(type) }
        mutating func decode(_ type: UInt.Type) throws -> UInt { try decodeElement(type) }
        mutating func decode(_ type: UInt8.Type) throws -> UInt8 { try decodeElement(type) }
        mutating func decode(_ type: UInt16.Type) throws -> UInt16 { try decodeElement(type) }
        mutating func decode(_ type: UInt32.Type) throws -> UInt32 { try decodeElement(type) }
        mutating func decode(_ type: UInt64.Type) throws -> UInt64 { try decodeElement(type) }

        private mutating func decodeElement<T: Decodable>(_ type: T.Type) throws -> T {
            let (value, items) = try SchemaRecorder.standIn(type, path: codingPath, depth: recorder.depth)
            recorder.schema = ["type": "array", "items": items]
            currentIndex += 1
            return value
        }
        mutating func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type) throws -> KeyedDecodingContainer<NestedKey> {
            throw ToolSchemaError(type: "array", reason: "nested containers are not followed")
        }
        mutating func nestedUnkeyedContainer() throws -> any UnkeyedDecodingContainer {
            throw ToolSchemaError(type: "array", reason: "nested containers are not followed")
        }
        mutating func superDecoder() throws -> any Decoder { recorder }
    }

    /// A single value: its type is the schema.
    private struct Single: SingleValueDecodingContainer {
        let recorder: SchemaRecorder
        var codingPath: [any CodingKey] { recorder.codingPath }

        func decodeNil() -> Bool { false }
        func decode<T: Decodable>(_ type: T.Type) throws -> T { try decodeValue(type) }
        func decode(_ type: Bool.Type) throws -> Bool { try decodeValue(type) }
        func decode(_ type: String.Type) throws -> String { try decodeValue(type) }
        func decode(_ type: Double.Type) throws -> Double { try decodeValue(type) }
        func decode(_ type: Float.Type) throws -> Float { try decodeValue(type) }
        func decode(_ type: Int.Type) throws -> Int { try decodeValue(type) }
        func decode(_ type: Int8.Type) throws -> Int8 { try decodeValue(type) }
        func decode(_ type: Int16.Type) throws -> Int16 { try decodeValue(type) }
        func decode(_ type: Int32.Type) throws -> Int32 { try decodeValue(type) }
        func decode(_ type: Int64.Type) throws -> Int64 { try decodeValue(type) }
        func decode(_ type: UInt.Type) throws -> UInt { try decodeValue(type) }
        func decode(_ type: UInt8.Type) throws -> UInt8 { try decodeValue(type) }
        func decode(_ type: UInt16.Type) throws -> UInt16 { try decodeValue(type) }
        func decode(_ type: UInt32.Type) throws -> UInt32 { try decodeValue(type) }
        func decode(_ type: UInt64.Type) throws -> UInt64 { try decodeValue(type) }

        private func decodeValue<T: Decodable>(_ type: T.Type) throws -> T {
            let (value, schema) = try SchemaRecorder.standIn(type, path: codingPath, depth: recorder.depth)
            recorder.schema = schema
            return value
        }
    }
}

extension ToolArgumentChoice {
    /// The first case, the stand-in value.
    fileprivate static var firstCase: any ToolArgumentChoice { allCases.first! }
    /// Every case's raw value.
    fileprivate static var rawValues: [String] { allCases.map(\.rawValue) }
}
