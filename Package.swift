// swift-tools-version: 6.2
import PackageDescription

/// Upcoming features every Swift target opts into (see STYLE.md).
let strictSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("MemberImportVisibility"),
    .enableUpcomingFeature("InternalImportsByDefault"),
]

let package = Package(
    name: "Deskpilot",
    platforms: [.macOS(.v15)],
    products: [
        .library(name: "Deskpilot", targets: ["Deskpilot"]),
        .library(name: "DeskpilotTesting", targets: ["DeskpilotTesting"]),
        .library(name: "ScenarioKit", targets: ["ScenarioKit"]),
        .executable(name: "deskpilot", targets: ["DeskpilotCLI"]),
        .executable(name: "deskpilot-fixture", targets: ["FixtureApp"]),
        .executable(name: "deskpilot-bench", targets: ["Bench"]),
        .executable(name: "deskpilot-mock-model", targets: ["MockModel"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/modelcontextprotocol/swift-sdk", exact: "0.12.1"),
        // Already in the graph through swift-sdk: its Transport protocol names swift-log's Logger.
        .package(url: "https://github.com/apple/swift-log", from: "1.5.0"),
    ],
    targets: [
        // System libraries: module map + shim.h, found with pkg-config, installed by apt.
        .systemLibrary(name: "CX11", pkgConfig: "x11 xext xtst", providers: [.apt(["libx11-dev", "libxext-dev", "libxtst-dev"])]),
        .systemLibrary(name: "CPNG", pkgConfig: "libpng", providers: [.apt(["libpng-dev"])]),
        .systemLibrary(name: "CDeflate", providers: [.apt(["libdeflate-dev"])]),
        .systemLibrary(name: "COpenBLAS", pkgConfig: "openblas", providers: [.apt(["libopenblas-dev"])]),
        // Tesseract is a C target, not a system library: it carries a start-up that skips the legacy engine's
        // tables (see LSTMStart.c). Its headers are in /usr/include (apt: libtesseract-dev, tesseract-ocr-eng).
        .target(name: "CTesseract", linkerSettings: [.linkedLibrary("tesseract"), .linkedLibrary("lept"), .linkedLibrary("dl")]),

        .target(name: "Imaging", dependencies: ["CPNG", "CDeflate"], swiftSettings: strictSettings),
        .target(name: "EditDistance", swiftSettings: strictSettings),
        .target(name: "DesktopKit", dependencies: ["Imaging", "EditDistance"], swiftSettings: strictSettings),
        .target(name: "ChildProcesses", swiftSettings: strictSettings),
        .target(name: "X11Desktop", dependencies: ["DesktopKit", "Imaging", "ChildProcesses", "CX11"], swiftSettings: strictSettings),
        .target(name: "TextRecognition", dependencies: ["Imaging", "EditDistance", "CTesseract"], swiftSettings: strictSettings),
        .target(name: "ImageMatching", dependencies: ["Imaging", "COpenBLAS"], swiftSettings: strictSettings),
        .target(
            name: "VisionModel",
            dependencies: ["Imaging", "DesktopKit", .product(name: "AsyncHTTPClient", package: "async-http-client")],
            swiftSettings: strictSettings
        ),
        .target(name: "AgentCore", dependencies: ["DesktopKit", "Imaging", "TextRecognition", "VisionModel"], swiftSettings: strictSettings),
        .target(
            name: "Deskpilot",
            dependencies: ["Imaging", "DesktopKit", "X11Desktop", "ChildProcesses", "TextRecognition", "ImageMatching", "VisionModel", "AgentCore"],
            swiftSettings: strictSettings
        ),
        .target(
            name: "ScenarioKit",
            // The modules it uses, never the umbrella.
            dependencies: [
                "Imaging", "DesktopKit", "X11Desktop", "ChildProcesses", "TextRecognition", "ImageMatching", "VisionModel", "AgentCore",
                "EditDistance", .product(name: "Yams", package: "Yams"),
            ],
            swiftSettings: strictSettings
        ),
        .target(
            name: "DeskpilotMCP",
            // The desktop as an MCP server: the tools, their schemas and annotations, and the coordinate contract.
            dependencies: [
                "Deskpilot", "ScenarioKit", .product(name: "MCP", package: "swift-sdk"), .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ],
            swiftSettings: strictSettings
        ),
        .target(
            name: "DeskpilotTesting",
            dependencies: [
                "Deskpilot",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ],
            swiftSettings: strictSettings
        ),
        .executableTarget(
            name: "DeskpilotCLI",
            dependencies: ["Deskpilot", "ScenarioKit", "DeskpilotMCP", .product(name: "ArgumentParser", package: "swift-argument-parser")],
            path: "Sources/deskpilot",
            swiftSettings: strictSettings
        ),

        .executableTarget(name: "FixtureApp", dependencies: ["CX11"], path: "Tools/fixture-app", swiftSettings: strictSettings),
        .executableTarget(
            name: "custom-tool-example", dependencies: ["Deskpilot"], path: "examples/custom-tool",
            exclude: ["task.plan", "README.md"], swiftSettings: strictSettings
        ),
        .executableTarget(
            name: "MockModel", dependencies: ["DeskpilotTesting", "TextRecognition", "VisionModel", "Imaging"],
            path: "Tools/mock-model", exclude: ["plans"], swiftSettings: strictSettings
        ),
        .executableTarget(
            name: "Bench", dependencies: ["Deskpilot", "DeskpilotTesting", "ScenarioKit"], path: "Tools/bench",
            exclude: ["peers"],  // the peers the benchmark compares against (Python, C), run as separate processes
            swiftSettings: strictSettings
        ),

        .testTarget(name: "ImagingTests", dependencies: ["Imaging"], swiftSettings: strictSettings),
        .testTarget(name: "DesktopKitTests", dependencies: ["DesktopKit"], swiftSettings: strictSettings),
        .testTarget(
            name: "X11DesktopTests", dependencies: ["Deskpilot", "DeskpilotTesting"],
            exclude: ["MCPClient"],  // the Python MCP client the tests drive `deskpilot mcp` with
            swiftSettings: strictSettings
        ),
        .testTarget(name: "AgentCoreTests", dependencies: ["Deskpilot", "DeskpilotTesting"], swiftSettings: strictSettings),
        .testTarget(
            name: "ScenarioKitTests", dependencies: ["ScenarioKit", "Deskpilot", "DeskpilotTesting"],
            exclude: ["Fixtures"],  // scenario files and a plan the tests run
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "ExampleUITests", dependencies: ["ScenarioKit", "Deskpilot", "DeskpilotTesting"], path: "examples/ui-test",
            swiftSettings: strictSettings
        ),
        .testTarget(name: "ImageMatchingTests", dependencies: ["Deskpilot", "DeskpilotTesting"], swiftSettings: strictSettings),
        .testTarget(
            name: "TextRecognitionTests", dependencies: ["Deskpilot", "DeskpilotTesting"],
            exclude: ["Crops"],  // line crops from the OCR corpus, read by the tests
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "VisionModelTests", dependencies: ["VisionModel", "DeskpilotTesting"],
            exclude: ["Fixtures"],  // the spec's reference prompt, read by the tests
            swiftSettings: strictSettings
        ),
    ],
    swiftLanguageModes: [.v6]
)
