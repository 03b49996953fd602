import Foundation
import VisionModel

extension ModelTransport {
    /// One chat exchange: the request encoded (images spliced in, see ``RequestEncoder``), sent, and the
    /// answer read as an OpenAI chat completion with at least one choice.
    ///
    /// - Throws: ``ModelTransportError`` from the exchange, ``AgentError/unreadableReply(_:)`` when the answer
    ///   is not a chat completion.
    func chat(_ request: ChatRequest) async throws -> (reply: Reply, completion: ChatCompletion, message: AssistantMessage) {
        let reply = try await complete(try RequestEncoder.encode(request))
        let completion: ChatCompletion
        do {
            completion = try JSONDecoder().decode(ChatCompletion.self, from: reply.body)
        } catch {
            throw AgentError.unreadableReply(String(decoding: reply.body.prefix(200), as: UTF8.self))
        }
        guard let message = completion.message else { throw AgentError.unreadableReply("no choices") }
        return (reply, completion, message)
    }
}
