// swift-tools-version:6.0
import PackageDescription

// Targets by stage, dependencies pointing one way:
//   YRDQCore      rubric, sheets, scoring, decisions (Foundation only)
//   YRDQInput     YAML / CSV / XLSX readers (drafts for Core's one validator) -> Core, ZIPFoundation
//   YRDQDocument  the one document model (Foundation only)
//   YRDQReports   report models + templates/ -> Document; -> Core, Document
//   YRDQLayout    a document laid out as frames (Pango shapes, HarfBuzz subsets; no drawing) -> Document
//   writers       YRDQHTML, YRDQMarkdown, YRDQPDF (Cairo draws the frames) -> Layout,
//                 YRDQOFD (ZIPFoundation, the same frames) -> Layout, YRDQDOCX (ZIPFoundation) -> Document only
//   YRDQXLSX      the XLSX score sheet writer and the tables' export (libxlsxwriter) -> Core, Document
//   YRDQCertificates  designation certificates: signing, register, QR -> Core, Document
//   YRDQService   resources as a value, rendering to bytes, the document-set plan, file writing,
//                 certificate issuing, the JSON results: what the command line and a server call
//                 -> Core, Input, Reports, writers, Certificates (no writer knows it)
//   YRDQCommands  the command line over the service (arguments, console, exit codes); `yrdq` is a thin main
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
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.0.0"),
        .package(url: "https://github.com/apple/swift-crypto", from: "4.0.0"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.0.0"),
        // The DOCX writer's zip container: stored entries with fixed timestamps, so the same
        // document gives the same bytes (Foundation on Linux has no zip writer).
        .package(url: "https://github.com/weichsel/ZIPFoundation", from: "0.9.20"),
        // The panel workspace's web server (`yrdq serve`).
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/apple/swift-http-types", from: "1.8.0"),
    ],
    targets: [
        .target(name: "YRDQCore"),
        .target(name: "YRDQInput", dependencies: [
            "YRDQCore",
            .product(name: "Yams", package: "Yams"),
            .product(name: "ZIPFoundation", package: "ZIPFoundation"),
        ]),
        .target(name: "YRDQDocument"),
        .target(name: "YRDQReports", dependencies: [
            "YRDQCore", "YRDQDocument",
            .product(name: "Mustache", package: "swift-mustache"),
        ]),
        .target(name: "YRDQHTML", dependencies: ["YRDQDocument"]),
        .target(name: "YRDQMarkdown", dependencies: ["YRDQDocument"]),
        .systemLibrary(name: "CPangoCairo", pkgConfig: "pangocairo",
                       providers: [.apt(["libcairo2-dev", "libpango1.0-dev", "libfontconfig1-dev", "libharfbuzz-dev"])]),
        // libxlsxwriter writes what Excel, WPS and LibreOffice expect of data validation, merged
        // cells, formulas, sheet protection and print titles; Debian ships it (libxlsxwriter-dev).
        .systemLibrary(name: "CXLSXWriter", pkgConfig: "xlsxwriter", providers: [.apt(["libxlsxwriter-dev"])]),
        .target(name: "YRDQXLSX", dependencies: ["YRDQCore", "YRDQDocument", "CXLSXWriter"]),
        // Frames: a document laid out as pages of positioned items, which every fixed-layout
        // writer (PDF, OFD) draws.
        // Pango, HarfBuzz and FreeType measure and shape there (through the pangocairo font
        // map), and HarfBuzz subsets the faces once the pages are known; nothing is drawn.
        .target(name: "YRDQLayout", dependencies: ["YRDQDocument", "CPangoCairo"], exclude: ["LAYOUT.md"]),
        // Draws the frames with cairo (the only target that calls cairo to draw).
        .target(name: "YRDQPDF", dependencies: ["YRDQDocument", "YRDQLayout", "CPangoCairo"]),
        .target(name: "YRDQDOCX", dependencies: [
            "YRDQDocument", "YRDQZip",
            .product(name: "ZIPFoundation", package: "ZIPFoundation"),
        ]),
        // The zip container of the DOCX and OFD writers: stored in order, fixed timestamps.
        .target(name: "YRDQZip", dependencies: [
            "YRDQDocument",
            .product(name: "ZIPFoundation", package: "ZIPFoundation"),
        ]),
        // The OFD writer (GB/T 33190-2016) draws the same frames as the PDF writer, into a zip of XML parts.
        .target(name: "YRDQOFD", dependencies: [
            "YRDQLayout", "YRDQDocument", "YRDQZip",
            .product(name: "ZIPFoundation", package: "ZIPFoundation"),
            .product(name: "Crypto", package: "swift-crypto"),   // the DocID's SHA-256
        ]),
        .systemLibrary(name: "CQREncode", pkgConfig: "libqrencode", providers: [.apt(["libqrencode-dev"])]),
        // zlib: the GZIP of a Bitstring Status List credential's encodedList.
        .systemLibrary(name: "CZlibGzip", pkgConfig: "zlib", providers: [.apt(["zlib1g-dev"])]),
        .target(name: "YRDQCertificates", dependencies: [
            "YRDQCore", "YRDQDocument", "CQREncode", "CZlibGzip",
            .product(name: "Crypto", package: "swift-crypto"),
            .product(name: "GRDB", package: "GRDB.swift"),
        ]),
        .target(name: "YRDQService", dependencies: [
            "YRDQCore", "YRDQInput", "YRDQDocument", "YRDQReports", "YRDQHTML", "YRDQMarkdown", "YRDQPDF", "YRDQDOCX", "YRDQOFD", "YRDQLayout", "YRDQCertificates", "YRDQXLSX",
            .product(name: "Crypto", package: "swift-crypto"),
        ]),
        .target(name: "YRDQCommands", dependencies: [
            "YRDQService", "YRDQWorkspace",
            "YRDQCore", "YRDQInput", "YRDQDocument", "YRDQReports", "YRDQHTML", "YRDQMarkdown", "YRDQPDF", "YRDQDOCX", "YRDQCertificates", "YRDQXLSX",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),
        // The panel workspace: experts score in a browser, the chair settles (`yrdq serve`).
        // Store, sessions, pages over Core's one validator and panel scoring; documents and the
        // certificate through the WorkspaceDocuments protocol, implemented over YRDQService.
        .target(name: "YRDQWorkspace", dependencies: [
            "YRDQCore", "YRDQInput", "YRDQService", "YRDQCertificates", "CQREncode",
            .product(name: "Hummingbird", package: "hummingbird"),
            .product(name: "HTTPTypes", package: "swift-http-types"),
            .product(name: "GRDB", package: "GRDB.swift"),
            .product(name: "Mustache", package: "swift-mustache"),
            .product(name: "Yams", package: "Yams"),
            .product(name: "Crypto", package: "swift-crypto"),
        ]),
        .executableTarget(name: "yrdq", dependencies: ["YRDQCommands"]),
        // Replays a corpus through the sheet and CSV readers; built with
        // `-Xswiftc -sanitize=fuzzer -Xswiftc -DFUZZING` it is a libFuzzer target.
        .executableTarget(name: "yrdq-fuzz", dependencies: ["YRDQCore", "YRDQInput"]),
        // Helpers several test targets share (CSV filling, GB18030 encoding, temporary
        // folders, a seeded random generator, points literals and sheets to exact totals, the
        // lines of laid-out pages).
        .target(name: "YRDQTestSupport", dependencies: ["YRDQCore", "YRDQLayout"], path: "Tests/YRDQTestSupport"),
        .testTarget(name: "YRDQCoreTests", dependencies: ["YRDQCore", "YRDQInput", "YRDQTestSupport"]),
        .testTarget(name: "YRDQWriterTests", dependencies: ["YRDQDocument", "YRDQHTML", "YRDQMarkdown"]),
        .testTarget(name: "YRDQPDFTests", dependencies: ["YRDQDocument", "YRDQLayout", "YRDQPDF", "YRDQCore", "YRDQInput", "YRDQReports", "YRDQTestSupport"]),
        .testTarget(name: "YRDQDOCXTests", dependencies: [
            "YRDQDOCX", "YRDQDocument", "YRDQCore", "YRDQInput", "YRDQReports", "YRDQCertificates", "YRDQTestSupport",
            .product(name: "ZIPFoundation", package: "ZIPFoundation"),
        ], exclude: ["check_docx.py"]),
        .testTarget(name: "YRDQOFDTests", dependencies: [
            "YRDQOFD", "YRDQLayout", "YRDQDocument", "YRDQTestSupport",
            .product(name: "ZIPFoundation", package: "ZIPFoundation"),
        ], exclude: ["ofd-xsd"]),
        .testTarget(name: "YRDQReportTests", dependencies: ["YRDQCore", "YRDQInput", "YRDQDocument", "YRDQReports", "YRDQTestSupport"]),
        .testTarget(name: "YRDQCertificateTests", dependencies: [
            "YRDQCertificates", "YRDQCore", "YRDQDocument", "YRDQCommands", "YRDQTestSupport",
            .product(name: "GRDB", package: "GRDB.swift"),  // to damage registers the way a user or a tool might
            .product(name: "Crypto", package: "swift-crypto"),  // the W3C test vectors' key pair
        ]),
        .testTarget(name: "YRDQAdversarialTests", dependencies: ["YRDQCommands", "YRDQCore", "YRDQInput", "YRDQTestSupport"]),
        .testTarget(name: "YRDQServiceTests", dependencies: [
            "YRDQService", "YRDQCore", "YRDQInput", "YRDQReports", "YRDQCertificates", "YRDQDocument", "YRDQTestSupport", "YRDQCommands",
            .product(name: "GRDB", package: "GRDB.swift"),  // to fill a register's status list
            .product(name: "Crypto", package: "swift-crypto"),
        ]),
        .testTarget(name: "YRDQWorkspaceTests", dependencies: [
            "YRDQWorkspace", "YRDQCore", "YRDQInput", "YRDQCommands", "YRDQService", "YRDQTestSupport",
            .product(name: "Hummingbird", package: "hummingbird"),
            .product(name: "HummingbirdTesting", package: "hummingbird"),
            .product(name: "GRDB", package: "GRDB.swift"),
        ]),
        .testTarget(name: "YRDQCommandTests", dependencies: ["YRDQCommands", "YRDQCore", "YRDQInput", "YRDQXLSX", "YRDQTestSupport", "yrdq"]),
    ],
    swiftLanguageModes: [.v6]
)
