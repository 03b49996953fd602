import Deskpilot
import DeskpilotTesting
import Foundation
import Testing

/// A custom tool as a user would write one.
struct LookupTool: AgentTool {
    struct Arguments: ToolArguments {
        var customer: String
        var field: String?
    }

    let name = "lookup_customer"
    let description = "Looks up a customer's record."

    func call(arguments: Arguments, context: ToolContext) async throws -> ToolOutput {
        guard arguments.customer == "Ada" else { throw LookupError.unknown(arguments.customer) }
        return ToolOutput(text: "\(arguments.customer): \(arguments.field ?? "email") = ada@example.org (step \(context.step))")
    }

    enum LookupError: Error, CustomStringConvertible {
        case unknown(String)
        var description: String {
            switch self {
            case .unknown(let name): "no customer named \(name)"
            }
        }
    }
}

/// A desktop that refuses everything: tools in these tests must not touch it.
struct NoDesktop: Desktop {
    struct Refused: Error {}
    func screenSize() async throws -> Size { throw Refused() }
    func screenshot(region: Rect?) async throws -> Image { throw Refused() }
    func cursorPosition() async throws -> Point { throw Refused() }
    func move(to point: Point) async throws { throw Refused() }
    func click(at point: Point?, button: MouseButton, count: Int) async throws { throw Refused() }
    func press(_ button: MouseButton) async throws { throw Refused() }
    func release(_ button: MouseButton) async throws { throw Refused() }
    func drag(along path: [Point], button: MouseButton) async throws { throw Refused() }
    func scroll(dx: Int, dy: Int, at point: Point?) async throws { throw Refused() }
    func key(_ combo: KeyCombo) async throws { throw Refused() }
    func type(_ text: String) async throws { throw Refused() }
    func windows() async throws -> [WindowInfo] { throw Refused() }
    func activeWindow() async throws -> WindowInfo? { throw Refused() }
    func focus(_ window: WindowInfo) async throws { throw Refused() }
}

@Suite("ToolRegistry")
struct ToolRegistryTests {
    let context = ToolContext(desktop: NoDesktop(), step: 3)

    func text(_ result: ToolRegistry.Result) -> String {
        switch result {
        case .success(let output): "ok: " + (output.text ?? "")
        case .failure(let message): "error: " + message
        }
    }

    @Test("a custom tool decodes its arguments and runs")
    func success() async throws {
        let registry = try ToolRegistry([LookupTool()])
        let result = await registry.call("lookup_customer", arguments: ["customer": "Ada", "field": "email"], context: context)
        #expect(text(result) == "ok: Ada: email = ada@example.org (step 3)")
        let computerUse = ToolDefinition.computerUse(displayWidth: 1000, displayHeight: 1000)
        #expect(registry.definitions(computerUse: computerUse).map(\.name) == ["computer_use", "lookup_customer"])
        #expect(registry.definitions(computerUse: computerUse).last?.parameters == [
            "type": "object", "properties": ["customer": ["type": "string"], "field": ["type": "string"]], "required": ["customer"],
        ])
        #expect(registry.names == ["computer_use", "lookup_customer"])
        #expect(registry.resolve("computer_use") == .computerUse && registry.resolve("computer") == .computerUse)
        #expect(registry.resolve("lookup_customer") == .custom("lookup_customer") && registry.resolve("lookup") == nil)
    }

    @Test("unknown tools, bad arguments and thrown errors become text for the model")
    func failures() async throws {
        let registry = try ToolRegistry([LookupTool()])
        #expect(text(await registry.call("lookup", arguments: [:], context: context))
            == "error: There is no tool named \"lookup\". Available tools: computer_use, lookup_customer.")
        let missing = text(await registry.call("lookup_customer", arguments: ["field": "email"], context: context))
        #expect(missing.hasPrefix("error: Invalid arguments for tool 'lookup_customer': missing 'customer'"))
        #expect(missing.contains(#""required": ["customer"]"#))
        let wrongType = text(await registry.call("lookup_customer", arguments: ["customer": 42], context: context))
        #expect(wrongType.contains("'customer' should be String"))
        #expect(text(await registry.call("lookup_customer", arguments: ["customer": "Bob"], context: context))
            == "error: Tool 'lookup_customer' failed: no customer named Bob")
    }

    @Test("names must be unique and plain")
    func names() throws {
        var registry = ToolRegistry()
        try registry.register(LookupTool())
        #expect(throws: ToolRegistryError.duplicateName("lookup_customer")) { try registry.register(LookupTool()) }
        struct Spaced: AgentTool {
            typealias Arguments = LookupTool.Arguments
            let name = "look up"
            let description = ""
            func call(arguments: Arguments, context: ToolContext) async throws -> ToolOutput { ToolOutput() }
        }
        #expect(throws: ToolRegistryError.invalidName("look up")) { try registry.register(Spaced()) }
        struct Impostor: AgentTool {
            typealias Arguments = LookupTool.Arguments
            let name = "computer"
            let description = ""
            func call(arguments: Arguments, context: ToolContext) async throws -> ToolOutput { ToolOutput() }
        }
        #expect(throws: ToolRegistryError.duplicateName("computer")) { try registry.register(Impostor()) }
    }
}

/// Argument types whose schemas are derived from their `Decodable` conformance.
enum Unit: String, ToolArgumentChoice { case celsius, fahrenheit }

struct Forecast: ToolArguments {
    struct Place: Decodable, Sendable {
        var city: String
        var country: String?
    }
    var place: Place
    var days: Int
    var hourly: Bool?
    var unit: Unit
    var thresholds: [Double]
    var tags: [String]?
    static let descriptions = ["days": "How many days ahead.", "unit": "The temperature unit."]
}

struct Validating: ToolArguments {
    var count: Int
    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        count = try container.decode(Int.self, forKey: .count)
        guard count > 0 else { throw DecodingError.dataCorruptedError(forKey: .count, in: container, debugDescription: "must be positive") }
    }
    enum CodingKeys: String, CodingKey { case count }
}

@Suite("Tool schemas derived from the arguments type")
struct ToolSchemaTests {
    @Test("properties in decoding order, with types, enums, arrays, nested objects, descriptions; optional ones not required")
    func derived() throws {
        #expect(try Forecast.schema == [
            "type": "object",
            "properties": [
                "place": ["type": "object", "properties": ["city": ["type": "string"], "country": ["type": "string"]], "required": ["city"]],
                "days": ["type": "integer", "description": "How many days ahead."],
                "hourly": ["type": "boolean"],
                "unit": ["type": "string", "enum": ["celsius", "fahrenheit"], "description": "The temperature unit."],
                "thresholds": ["type": "array", "items": ["type": "number"]],
                "tags": ["type": "array", "items": ["type": "string"]],
            ],
            "required": ["place", "days", "unit", "thresholds"],
        ])
        // The derived order is the order the model reads.
        #expect(try Forecast.schema["properties"]?.objectValue?.keys == ["place", "days", "hourly", "unit", "thresholds", "tags"])
    }

    @Test("a type whose decoder refuses the stand-in values cannot be offered, and says to write the schema by hand")
    func refused() {
        #expect(throws: ToolSchemaError.self) { try Validating.schema }
        struct Strict: AgentTool {
            typealias Arguments = Validating
            let name = "strict"
            let description = ""
            func call(arguments: Arguments, context: ToolContext) async throws -> ToolOutput { ToolOutput() }
        }
        #expect {
            try ToolRegistry([Strict()])
        } throws: { error in
            String(describing: error).contains("write `static let schema: JSONValue` by hand")
        }
    }

    @Test("a hand-written schema overrides the derived one")
    func override() throws {
        struct Custom: ToolArguments {
            var x: Int
            static let schema: JSONValue = ["type": "object", "properties": ["x": ["type": "integer", "minimum": 1]], "required": ["x"]]
        }
        #expect(Custom.schema["properties"]?["x"]?["minimum"] == 1)
    }
}

@Suite("TrajectoryWriter")
struct TrajectoryWriterTests {
    @Test("each event is on disk as a whole line as soon as append returns")
    func appendsAndFlushes() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("deskpilot-trajectory-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        let writer = try TrajectoryWriter(directory: directory)
        let events: [TrajectoryEvent] = [.start(RunStart(task: "a \"quoted\"\ntask ✓", model: "m", screen: [4, 4]))] + (1...4).map { number in
            var step = StepEvent(step: number)
            step.reply = "line \(number) with \"quotes\" and\nnewline ✓"
            return .step(step)
        }
        for (index, event) in events.enumerated() {
            try writer.append(event)
            // Read by another handle while the writer is still open: nothing is buffered in the process.
            let data = try Data(contentsOf: writer.eventsFile)
            let lines = data.split(separator: UInt8(ascii: "\n"))
            #expect(data.last == UInt8(ascii: "\n"))
            let read = try lines.map { try JSONDecoder().decode(TrajectoryEvent.self, from: Data($0)) }
            #expect(read.map { "\($0)" } == events.prefix(index + 1).map { "\($0)" })
        }
        let image = Image(width: 8, height: 4, format: .bgra, filledWith: RGBA(r: 10, g: 20, b: 30))
        #expect(try writer.saveImage(image, step: 7) == "step-0007.png")
        #expect(try Image(contentsOfPNGFile: directory.appendingPathComponent("step-0007.png").path)[3, 2] == RGBA(r: 10, g: 20, b: 30))
    }

    @Test("an unwritable directory is a clear error")
    func unwritable() {
        #expect(throws: TrajectoryError.self) { try TrajectoryWriter(directory: URL(fileURLWithPath: "/proc/deskpilot-run")) }
    }
}
