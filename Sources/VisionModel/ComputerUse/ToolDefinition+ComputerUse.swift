extension ToolDefinition {
    /// The `computer_use` tool exactly as Qwen's computer-use cookbook defines it: all 14 actions, with the
    /// screen's resolution stated as `displayWidth`x`displayHeight` (see docs/models.md).
    ///
    /// Qwen3-VL is told 1000×1000 (normalized coordinates); Qwen2.5-VL the size of the image it is sent.
    /// Printed with ``JSONValue/description`` this is byte for byte the tool line of the cookbook's prompt,
    /// the format the model was trained on.
    public static func computerUse(displayWidth: Int, displayHeight: Int) -> ToolDefinition {
        let description = """
            Use a mouse and keyboard to interact with a computer, and take screenshots.
            * This is an interface to a desktop GUI. You do not have access to a terminal or applications menu. You must click on desktop icons to start applications.
            * Some applications may take time to start or process actions, so you may need to wait and take successive screenshots to see the results of your actions. E.g. if you click on Firefox and a window doesn't open, try wait and taking another screenshot.
            * The screen's resolution is \(displayWidth)x\(displayHeight).
            * Whenever you intend to move the cursor to click on an element like an icon, you should consult a screenshot to determine the coordinates of the element before moving the cursor.
            * If you tried clicking on a program or link but it failed to load, even after waiting, try adjusting your cursor position so that the tip of the cursor visually falls on the element that you want to click.
            * Make sure to click any buttons, links, icons, etc with the cursor tip in the center of the element. Don't click boxes on their edges.
            """
        let actionList = computerUseActions.map { "\n* `\($0.name)`: \($0.description)" }.joined()
        let parameters: JSONValue = [
            "properties": [
                "action": [
                    "description": .string("The action to perform. The available actions are:" + actionList),
                    "enum": .array(computerUseActions.map { .string($0.name) }),
                    "type": "string",
                ],
                "keys": ["description": "Required only by `action=key`.", "type": "array"],
                "text": ["description": "Required only by `action=type` and `action=answer`.", "type": "string"],
                "coordinate": [
                    "description":
                        "(x, y): The x (pixels from the left edge) and y (pixels from the top edge) coordinates to move the mouse to.",
                    "type": "array",
                ],
                "pixels": [
                    "description":
                        "The amount of scrolling to perform. Positive values scroll up, negative values scroll down. Required only by `action=scroll` and `action=hscroll`.",
                    "type": "number",
                ],
                "time": ["description": "The seconds to wait. Required only by `action=wait`.", "type": "number"],
                "status": [
                    "description": "The status of the task. Required only by `action=terminate`.",
                    "type": "string",
                    "enum": ["success", "failure"],
                ],
            ],
            "required": ["action"],
            "type": "object",
        ]
        return ToolDefinition(name: "computer_use", description: description, parameters: parameters)
    }

    /// The cookbook's actions in its order, each with its line of the `action` description.
    static let computerUseActions: [(name: String, description: String)] = [
        ("key", "Performs key down presses on the arguments passed in order, then performs key releases in reverse order."),
        ("type", "Type a string of text on the keyboard."),
        ("mouse_move", "Move the cursor to a specified (x, y) pixel coordinate on the screen."),
        ("left_click", "Click the left mouse button at a specified (x, y) pixel coordinate on the screen."),
        ("left_click_drag", "Click and drag the cursor to a specified (x, y) pixel coordinate on the screen."),
        ("right_click", "Click the right mouse button at a specified (x, y) pixel coordinate on the screen."),
        ("middle_click", "Click the middle mouse button at a specified (x, y) pixel coordinate on the screen."),
        ("double_click", "Double-click the left mouse button at a specified (x, y) pixel coordinate on the screen."),
        (
            "triple_click",
            "Triple-click the left mouse button at a specified (x, y) pixel coordinate on the screen (simulated as double-click since it's the closest action)."
        ),
        ("scroll", "Performs a scroll of the mouse scroll wheel."),
        ("hscroll", "Performs a horizontal scroll (mapped to regular scroll)."),
        ("wait", "Wait specified seconds for the change to happen."),
        ("terminate", "Terminate the current task and report its completion status."),
        ("answer", "Answer a question."),
    ]
}
