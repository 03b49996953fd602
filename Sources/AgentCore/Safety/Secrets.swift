public import DesktopKit
public import Foundation
public import Imaging

/// Secrets a run may type but never write: `{{secret:NAME}}` in text to type stands for the value, which is
/// read from an environment variable (`--secret NAME=ENV`). Only the placeholder reaches the model, the
/// record, the console, reports and MCP results; the value exists only in the call that types it.
public struct Secrets: Sendable {
    private let values: [String: String]
    /// Declared secrets whose variable is not set, by name: the variable. Using one is an error; declaring
    /// one is not (a scenario may declare secrets only some of its runs type).
    private let unset: [String: String]

    /// Secrets by name.
    public init(_ values: [String: String] = [:]) {
        self.values = values
        unset = [:]
    }

    /// Secrets declared as name → environment variable (a scenario's `secrets:`), their values read from
    /// `environment` now; a secret whose variable is not set fails only when it is typed.
    public init(variables: [String: String], environment: [String: String] = ProcessInfo.processInfo.environment) {
        var values: [String: String] = [:], unset: [String: String] = [:]
        for (name, variable) in variables {
            if let value = environment[variable], !value.isEmpty { values[name] = value } else { unset[name] = variable }
        }
        self.values = values
        self.unset = unset
    }

    /// `NAME=ENV` options read from `environment`.
    ///
    /// - Throws: a sentence when an option is malformed or its variable is not set.
    public init(options: [String], environment: [String: String] = ProcessInfo.processInfo.environment) throws(SecretError) {
        var values: [String: String] = [:]
        for option in options {
            let parts = option.split(separator: "=", maxSplits: 1).map(String.init)
            guard parts.count == 2, !parts[0].isEmpty, parts[0].allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" }) else {
                throw SecretError("--secret takes NAME=ENV, e.g. --secret PASSWORD=APP_PASSWORD (got '\(option)')")
            }
            guard let value = environment[parts[1]], !value.isEmpty else {
                throw SecretError("--secret \(parts[0]): the environment variable \(parts[1]) is not set or empty")
            }
            values[parts[0]] = value
        }
        self.values = values
        unset = [:]
    }

    /// The secrets' names (never their values), sorted: what a model or client may write as `{{secret:NAME}}`.
    public var names: [String] { (Array(values.keys) + Array(unset.keys)).sorted() }

    /// True when no secret has a value.
    public var isEmpty: Bool { values.isEmpty }

    /// `text` with every `{{secret:NAME}}` replaced by its value.
    ///
    /// - Throws: ``SecretError`` naming an unknown secret (never a value).
    public func reveal(in text: String) throws(SecretError) -> String {
        guard text.contains("{{secret:") else { return text }
        var result = text
        for match in text.matches(of: /\{\{secret:([A-Za-z0-9_]*)\}\}/) {
            let name = String(match.1)
            if let variable = unset[name] {
                throw SecretError("the secret \(name) has no value: set the environment variable \(variable) (it is never written to any report)")
            }
            guard let value = values[name] else {
                throw SecretError("{{secret:\(name)}} is not a secret of this run; the secrets are \(values.keys.sorted().map { "{{secret:\($0)}}" })")
            }
            result = result.replacingOccurrences(of: String(match.0), with: value)
        }
        return result
    }

    /// `text` with every secret's value replaced by its placeholder (for text that may quote a value back).
    public func conceal(in text: String) -> String {
        values.sorted { $0.value.count > $1.value.count }.reduce(text) { $0.replacingOccurrences(of: $1.value, with: "{{secret:\($1.key)}}") }
    }
}

/// A secret that cannot be used: the message names it, never its value.
public struct SecretError: Error, Sendable, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}

/// A desktop that types secrets: `type` reveals `{{secret:NAME}}` placeholders just before the keys are
/// sent; everything else passes through to `base`.
public struct SecretTypingDesktop: Desktop {
    public let base: any Desktop
    public let secrets: Secrets

    public init(_ base: any Desktop, secrets: Secrets) {
        self.base = base
        self.secrets = secrets
    }

    public func type(_ text: String) async throws { try await base.type(try secrets.reveal(in: text)) }

    public func screenSize() async throws -> Size { try await base.screenSize() }
    public func screenshot(region: Rect?) async throws -> Image { try await base.screenshot(region: region) }
    public func cursorPosition() async throws -> Point { try await base.cursorPosition() }
    public func move(to point: Point) async throws { try await base.move(to: point) }
    public func click(at point: Point?, button: MouseButton, count: Int) async throws { try await base.click(at: point, button: button, count: count) }
    public func press(_ button: MouseButton) async throws { try await base.press(button) }
    public func release(_ button: MouseButton) async throws { try await base.release(button) }
    public func drag(along path: [Point], button: MouseButton) async throws { try await base.drag(along: path, button: button) }
    public func scroll(dx: Int, dy: Int, at point: Point?) async throws { try await base.scroll(dx: dx, dy: dy, at: point) }
    public func key(_ combo: KeyCombo) async throws { try await base.key(combo) }
    public func windows() async throws -> [WindowInfo] { try await base.windows() }
    public func activeWindow() async throws -> WindowInfo? { try await base.activeWindow() }
    public func focus(_ window: WindowInfo) async throws { try await base.focus(window) }
}
