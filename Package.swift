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
        .executable(name: "deskpilot", targets: ["DeskpilotCLI"]),
        .executable(name: "deskpilot-fixture", targets: ["FixtureApp"]),
        .executable(name: "deskpilot-bench", targets: ["Bench"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
    ],
    targets: [
        // System libraries: module map + shim.h, found with pkg-config, installed by apt.
        .systemLibrary(name: "CX11", pkgConfig: "x11 xext xtst", providers: [.apt(["libx11-dev", "libxext-dev", "libxtst-dev"])]),
        .systemLibrary(name: "CPNG", pkgConfig: "libpng", providers: [.apt(["libpng-dev"])]),
        .systemLibrary(name: "CDeflate", providers: [.apt(["libdeflate-dev"])]),
        .systemLibrary(name: "COpenBLAS", pkgConfig: "openblas", providers: [.apt(["libopenblas-dev"])]),

        .target(name: "Imaging", dependencies: ["CPNG", "CDeflate", "COpenBLAS"], swiftSettings: strictSettings),
        .target(name: "DesktopKit", dependencies: ["Imaging"], swiftSettings: strictSettings),
        .target(name: "X11Desktop", dependencies: ["DesktopKit", "Imaging", "CX11"], swiftSettings: strictSettings),
        .target(name: "Deskpilot", dependencies: ["Imaging", "DesktopKit", "X11Desktop"], swiftSettings: strictSettings),
        .target(name: "DeskpilotTesting", dependencies: ["Deskpilot"], swiftSettings: strictSettings),
        .executableTarget(
            name: "DeskpilotCLI",
            dependencies: ["Deskpilot", .product(name: "ArgumentParser", package: "swift-argument-parser")],
            path: "Sources/deskpilot",
            swiftSettings: strictSettings
        ),

        .executableTarget(name: "FixtureApp", dependencies: ["CX11"], path: "Tools/fixture-app", swiftSettings: strictSettings),
        .executableTarget(
            name: "Bench", dependencies: ["Deskpilot", "DeskpilotTesting"], path: "Tools/bench",
            exclude: ["peers"],  // the peers the benchmark compares against (Python, C), run as separate processes
            swiftSettings: strictSettings
        ),

        .testTarget(name: "ImagingTests", dependencies: ["Imaging"], swiftSettings: strictSettings),
        .testTarget(name: "DesktopKitTests", dependencies: ["DesktopKit"], swiftSettings: strictSettings),
        .testTarget(name: "X11DesktopTests", dependencies: ["Deskpilot", "DeskpilotTesting"], swiftSettings: strictSettings),
    ],
    swiftLanguageModes: [.v6]
)
