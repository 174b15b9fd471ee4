// swift-tools-version:6.0
import PackageDescription

// Targets by stage, dependencies pointing one way:
//   YRDQCore (rubric, sheets, scoring; Foundation only)
//   YRDQInput (YAML / CSV readers) -> Core
//   YRDQDocument (the document model; Foundation only)
//   YRDQReports (report models + templates -> Document) -> Core, Document
//   writers: YRDQHTML, YRDQMarkdown -> Document
//   YRDQCommands (the command line) -> everything; `yrdq` is a thin main.
let package = Package(
    name: "yrdq",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "yrdq", targets: ["yrdq"]),
        .library(name: "YRDQCore", targets: ["YRDQCore"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.0.0"),
        .package(url: "https://github.com/swiftcsv/SwiftCSV", from: "0.10.0"),
    ],
    targets: [
        .target(name: "YRDQCore"),
        .target(name: "YRDQInput", dependencies: [
            "YRDQCore",
            .product(name: "Yams", package: "Yams"),
            .product(name: "SwiftCSV", package: "SwiftCSV"),
        ]),
        .target(name: "YRDQCommands", dependencies: [
            "YRDQCore", "YRDQInput",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),
        .executableTarget(name: "yrdq", dependencies: ["YRDQCommands"]),
        .testTarget(name: "YRDQCoreTests", dependencies: ["YRDQCore", "YRDQInput"]),
        .testTarget(name: "YRDQCommandTests", dependencies: ["YRDQCommands", "YRDQCore", "YRDQInput"]),
    ],
    swiftLanguageModes: [.v6]
)
