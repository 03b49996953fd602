// A custom tool for the agent: the model can look up a customer's record before filling in a form.
//
// Run it against any OpenAI-compatible server on the current display:
//   DESKPILOT_BASE_URL=http://127.0.0.1:8000/v1 swift run custom-tool-example "Enter customer 7's details in the form"
// or offline, with the stand-in model whose plan calls the tool (see task.plan and README.md here).
import Deskpilot
import Foundation

/// Looks up a customer by number in a (tiny, in-memory) customer database.
struct CustomerLookup: AgentTool {
    /// The schema the model sees is derived from this type: `number` is a required integer.
    struct Arguments: ToolArguments {
        var number: Int

        static let descriptions = ["number": "The customer number, e.g. 7."]
    }

    let name = "lookup_customer"
    let description = "Looks up a customer by number and returns their name, email and city."

    static let customers = [7: (name: "Ada Lovelace", email: "ada@analytical.engine", city: "London")]

    func call(arguments: Arguments, context: ToolContext) async throws -> ToolOutput {
        guard let customer = Self.customers[arguments.number] else {
            // Thrown errors go back to the model as text; the run goes on.
            throw CustomerError.notFound(arguments.number)
        }
        return ToolOutput(text: "name: \(customer.name); email: \(customer.email); city: \(customer.city)")
    }

    enum CustomerError: Error, CustomStringConvertible {
        case notFound(Int)
        var description: String {
            switch self {
            case .notFound(let number): "there is no customer \(number)"
            }
        }
    }
}

let task = CommandLine.arguments.dropFirst().first ?? "Look up customer 7 and enter their name and email in the form, then submit it"
guard let endpoint = ModelEndpoint.resolve() else {
    FileHandle.standardError.write(Data("Set DESKPILOT_BASE_URL to an OpenAI-compatible server (see README.md).\n".utf8))
    exit(64)
}
do {
    let agent = Agent(
        desktop: try X11Desktop(),
        policy: VisionModelPolicy(model: HTTPChatModel(endpoint: endpoint), profile: ModelProfiles.forModel(endpoint.model)),
        tools: try ToolRegistry([CustomerLookup()]),
        onEvent: { event in
            if case .step(let step) = event { print("step \(step.step): \(step.decision ?? step.error ?? "")") }
        })
    let result = await agent.run(task)
    print(result.outcome)
    exit(result.outcome == .succeeded ? 0 : 1)
} catch {
    FileHandle.standardError.write(Data("\(error)\n".utf8))
    exit(1)
}
