import Foundation
import Testing
import VisionModel

@Suite("JSONValue")
struct JSONValueTests {
    @Test("Printed like Python's json.dumps(ensure_ascii=False): separators, escapes, key order, numbers")
    func pythonStyle() {
        let value: JSONValue = [
            "z": "quote \" backslash \\ newline \n tab \t bell \u{07} é 😀 /",
            "a": [1, 2.5, -0.001, 1e20, true, false, nil],
            "m": [:],
            "e": [],
        ]
        // python3: json.dumps({...}, ensure_ascii=False) prints 1e+20 as "1e+20" and -0.001 as "-0.001".
        #expect(
            value.description
                == #"{"z": "quote \" backslash \\ newline \n tab \t bell \u0007 é 😀 /", "a": [1, 2.5, -0.001, 1e+20, true, false, null], "m": {}, "e": []}"#
        )
    }

    @Test("Objects keep insertion order, replace in place, and compare without regard to order")
    func objects() {
        var object: JSONObject = ["b": 1, "a": 2]
        object["b"] = 3
        object["c"] = 4
        #expect(object.keys == ["b", "a", "c"])
        object["a"] = nil
        #expect(object.keys == ["b", "c"] && object.count == 2)
        let reordered: JSONObject = ["c": 4, "b": 3]
        #expect(object == reordered && object.hashValue == reordered.hashValue)
        #expect(JSONValue.object(object)["c"] == 4)
        #expect(JSONValue.string("x")["c"] == nil)
    }

    @Test("Codable round trip through JSONEncoder and JSONDecoder")
    func codable() throws {
        let value: JSONValue = ["s": "x", "n": 3, "f": 0.5, "b": true, "null": nil, "list": [1, "two", [3]], "o": ["k": "v"]]
        let decoded = try JSONDecoder().decode(JSONValue.self, from: JSONEncoder().encode(value))
        #expect(decoded == value)
        #expect(value["n"]?.doubleValue == 3 && value["b"]?.boolValue == true && value["list"]?.arrayValue?.count == 3)
    }
}
