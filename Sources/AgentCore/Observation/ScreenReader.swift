public import DesktopKit
public import Imaging
public import TextRecognition

/// Reads a screen into a ``ScreenText``: every line OCR finds becomes an element (top to bottom, left to
/// right), and the desktop says which windows there are and which has the focus.
public struct ScreenReader: Sendable {
    /// Reads the text.
    public let recognizer: TextRecognizer
    /// Says which windows there are.
    public let desktop: any Desktop

    /// A reader of `desktop`'s screens.
    public init(recognizer: TextRecognizer, desktop: any Desktop) {
        self.recognizer = recognizer
        self.desktop = desktop
    }

    /// The text view of `screen`.
    public func read(_ screen: Image) async throws -> ScreenText {
        let lines = try await recognizer.recognize(screen)
            .filter { $0.text.contains { $0.isLetter || $0.isNumber } }
            .sorted { ($0.box.y, $0.box.x) < ($1.box.y, $1.box.x) }
        let elements = lines.enumerated().map { ScreenElement(id: $0.offset + 1, kind: "text", text: $0.element.text, frame: $0.element.box) }
        let windows = (try? await desktop.windows().reversed()) ?? []
        return ScreenText(elements: elements, windows: Array(windows), focused: try? await desktop.activeWindow())
    }
}
