// The umbrella module: `import Deskpilot` gives the whole public API.
@_exported public import DesktopKit
@_exported public import Imaging
@_exported public import X11Desktop
@_exported public import ChildProcesses
@_exported public import TextRecognition
@_exported public import ImageMatching
@_exported public import VisionModel
@_exported public import AgentCore

/// Deskpilot's version, as `deskpilot --version` and the MCP server's `initialize` answer report it.
public let deskpilotVersion = "0.1.0"
