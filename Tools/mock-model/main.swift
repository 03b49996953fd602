// deskpilot-mock-model: an OpenAI-compatible stand-in for a vision model, on 127.0.0.1.
import DeskpilotTesting
import Foundation
import TextRecognition

let usage = """
    USAGE: deskpilot-mock-model --plan FILE [--port N] [--family F] [--mode content|vllm|llamacpp|ollama]
                                [--fault N:KIND]... [--log FILE] [--no-usage] [--chunk-pause MS]

    Serves POST /v1/chat/completions (and GET /v1/models) on 127.0.0.1, answering request after request
    from the plan, one step each, in the chosen family's format. The target of click-like steps is found in
    what the request carries: by OCR in its screenshot (sent back in 0-1000 coordinates for Qwen, pixels of
    the image for OpenAI tools), or in its element list (an element or mark number). Streaming
    ("stream": true) is answered as server-sent events. Prints "listening on http://127.0.0.1:PORT/v1" when
    ready.

      --family F     qwen3-vl (default), qwen3.5 (XML calls, a reasoning field; requires enable_thinking
                     to be sent), planner (Qwen3 thinking: text-only requests, element numbers, a lone
                     </think>), grounder (answers "Click on X." at X, whatever the plan), openai-som (GPT-4
                     Vision: JSON with mark numbers; refuses tools, response_format, message names and a
                     missing max_tokens), openai-tools (tool_calls with ids; refuses unanswered calls)

      --plan FILE    the steps (see below)
      --port N       the port (default: any free one)
      --mode M       content (default: <tool_call> text, as vLLM/llama.cpp without a tool parser), vllm
                     (tool_calls, arguments as a string), llamacpp (same, with content), ollama (arguments
                     as an object)
      --fault N:KIND answer request N (from 1) with a fault instead: 429, 500, hang, drop, garbage,
                     malformed (a broken tool call); repeatable
      --log FILE     append one JSON line per request: image size, system prompt, tools, last user text
      --chunk-pause MS  milliseconds between streamed chunks (default 5)
      --no-usage     leave "usage" out of answers (as some servers do); otherwise it reports the prompt's
                     tokens as Qwen3-VL counts them (visual tokens exact, text estimated)

    PLAN (one step per line, # comments):
      click "Submit" | double_click "OK" | right_click "OK" | triple_click "x" | move "x" | drag "Bin"
      click "Submit" described  (planner: the target by description, for the grounder)
      type "Ada Lovelace" | key ctrl+s | scroll -3 "List" | wait 0.5 | answer "42"
      tool NAME {"json": "arguments"} | say "a raw reply" | terminate success|failure
    """

func fail(_ message: String) -> Never {
    FileHandle.standardError.write(Data("deskpilot-mock-model: \(message)\n".utf8))
    exit(2)
}

OCREnvironment.reexecWithThreadLimitIfNeeded()
var arguments = Array(CommandLine.arguments.dropFirst())
if arguments.contains("--help") || arguments.contains("-h") {
    print(usage)
    exit(0)
}
var planPath: String?
var port = 0
var mode = ReplyMode.content
var family = Family.qwen3VL
var faults: [Int: Fault] = [:]
var logPath: String?
var omitsUsage = false
var chunkPause = 5
while !arguments.isEmpty {
    let flag = arguments.removeFirst()
    if flag == "--no-usage" {
        omitsUsage = true
        continue
    }
    guard let value = arguments.first else { fail("\(flag) needs a value (see --help)") }
    arguments.removeFirst()
    switch flag {
    case "--plan": planPath = value
    case "--port": port = Int(value) ?? -1
    case "--mode":
        guard let chosen = ReplyMode(rawValue: value) else {
            fail("unknown --mode '\(value)' (choose \(ReplyMode.allCases.map(\.rawValue).joined(separator: ", ")))")
        }
        mode = chosen
    case "--fault":
        let parts = value.split(separator: ":")
        guard parts.count == 2, let number = Int(parts[0]), number > 0, let fault = Fault(rawValue: String(parts[1])) else {
            fail("--fault takes N:KIND with KIND one of \(Fault.allCases.map(\.rawValue).joined(separator: ", ")) (got '\(value)')")
        }
        faults[number] = fault
    case "--family":
        guard let chosen = Family(rawValue: value) else {
            fail("unknown --family '\(value)' (choose \(Family.allCases.map(\.rawValue).joined(separator: ", ")))")
        }
        family = chosen
    case "--log": logPath = value
    case "--chunk-pause":
        guard let milliseconds = Int(value), milliseconds >= 0 else { fail("--chunk-pause takes milliseconds (got '\(value)')") }
        chunkPause = milliseconds
    default: fail("unknown option '\(flag)' (see --help)")
    }
}
guard planPath != nil || family == .grounder else { fail("--plan FILE is required (see --help)") }
guard (0...65535).contains(port) else { fail("--port must be 0...65535") }

do {
    let model = try MockModel(plan: try planPath.map { try Plan(contentsOf: $0) } ?? Plan(parsing: "terminate failure"), mode: mode, family: family, faults: faults, logPath: logPath, omitsUsage: omitsUsage,
                              chunkPause: .milliseconds(chunkPause))
    let server = try await ScriptedHTTPServer(port: port) { model.reply(to: $0) }
    // Unbuffered: whoever started the server waits for this line.
    FileHandle.standardOutput.write(Data("listening on \(server.baseURL)\n".utf8))
    signal(SIGTERM, SIG_DFL)
    while true { try await Task.sleep(for: .seconds(3600)) }
} catch {
    fail("\(error)")
}
