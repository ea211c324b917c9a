// swift-tools-version:6.1
import PackageDescription

// Engines (DurableObjects, Patterns, KnowledgeBase, CodeReview, Advisor) know nothing of MCP;
// ArchitectServer is the one thin layer that turns them into MCP tools, resources and prompts.
let package = Package(
    name: "do-architect",
    platforms: [.macOS("14.0")],
    products: [
        .executable(name: "do-architect", targets: ["do-architect"]),
    ],
    dependencies: [
        .package(url: "https://github.com/groue/GRDB.swift.git", exact: "7.10.0"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-crypto.git", from: "3.12.3"),
    ],
    targets: [
        // MARK: - Engines
        // One JSON value type, reader, writer and schema-subset validator, for every target that needs JSON.
        .target(name: "JSONModel"),
        // SQLite settings of object databases that need C (a variadic call, a VFS): see its header.
        .target(name: "CObjectSQLite", linkerSettings: [.linkedLibrary("sqlite3")]),
        .target(
            name: "DurableObjects",
            dependencies: [
                "CObjectSQLite", "JSONModel",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "GRDBSQLite", package: "GRDB.swift"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),
        .target(name: "Patterns", dependencies: ["DurableObjects", "JSONModel"]),
        .target(name: "KnowledgeBase", dependencies: [.product(name: "GRDBSQLite", package: "GRDB.swift")]),
        .target(name: "CodeReview"),
        .target(name: "Advisor", dependencies: ["DurableObjects"]),
        // getDOMetrics from a Cloudflare account (GraphQL Analytics + REST): the one engine that uses the network.
        .target(name: "CloudflareMetrics", dependencies: ["Advisor", "CodeReview"]),
        // JavaScriptCore's C API (Debian: libjavascriptcoregtk-4.1-dev; macOS: the system framework).
        .systemLibrary(
            name: "CJavaScriptCore", pkgConfig: "javascriptcoregtk-4.1",
            providers: [.apt(["libjavascriptcoregtk-4.1-dev"])]),
        // JavaScriptCore options set in the environment before main runs (a C constructor): see its header.
        .target(name: "CJSEngineOptions"),
        // Runs a user's Worker (bundled with esbuild) on JavaScriptCore, its classes as Durable Objects.
        .target(
            name: "JSHost",
            dependencies: [
                "CJavaScriptCore", "CJSEngineOptions", "DurableObjects", "JSONModel", "CodeReview", "BundledContent",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
            ],
            exclude: ["Shim"]),

        // MARK: - Bundled content (Knowledge/ and Schemas/ embedded at build time)
        .executableTarget(name: "EmbedGenerator", path: "Plugins/EmbedGenerator"),
        .plugin(name: "EmbedContent", capability: .buildTool(), dependencies: ["EmbedGenerator"]),
        .target(name: "BundledContent", plugins: ["EmbedContent"]),
        // The MCP Apps views (HTML documents assembled from Views/).
        .target(name: "AppViews", dependencies: ["BundledContent"]),

        // MARK: - MCP adapter and executable
        .target(
            name: "ArchitectServer",
            dependencies: [
                "KnowledgeBase", "CodeReview", "DurableObjects", "Patterns", "Advisor", "BundledContent", "JSONModel",
                "AppViews", "CloudflareMetrics", "JSHost",
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .executableTarget(
            name: "do-architect",
            dependencies: [
                "ArchitectServer", "Advisor", "AppViews", "CloudflareMetrics", "CodeReview", "DurableObjects", "Patterns", "JSONModel",
                "KnowledgeBase", "BundledContent", "JSHost",
                .product(name: "GRDBSQLite", package: "GRDB.swift"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),

        // MARK: - Tests
        .target(name: "TestSupport", dependencies: ["BundledContent", "ArchitectServer", "DurableObjects", "JSONModel"], path: "Tests/TestSupport"),
        .testTarget(name: "KnowledgeBaseTests", dependencies: ["KnowledgeBase", "TestSupport", "BundledContent"], exclude: ["Fixtures"]),
        .testTarget(name: "CodeReviewTests", dependencies: ["CodeReview", "TestSupport"], exclude: ["Corpus", "RealWorld"]),
        .testTarget(
            name: "AdvisorTests", dependencies: ["Advisor", "TestSupport", "CodeReview", "ArchitectServer", "JSONModel", "Patterns", "DurableObjects"],
            exclude: ["Fixtures"]),
        .testTarget(name: "JSONModelTests", dependencies: ["JSONModel"]),
        .testTarget(
            name: "CloudflareMetricsTests",
            dependencies: ["CloudflareMetrics", "Advisor", "CodeReview", "ArchitectServer", "TestSupport", "JSONModel"],
            exclude: ["Fixtures"]),
        .testTarget(name: "PatternsTests", dependencies: ["Patterns", "TestSupport", "DurableObjects", "JSONModel"]),
        .testTarget(name: "JSHostTests", dependencies: ["JSHost", "DurableObjects", "JSONModel", "TestSupport"], exclude: ["Fixtures"]),
        .testTarget(name: "DurableObjectsTests", dependencies: ["DurableObjects", "JSONModel", "TestSupport", "DurabilityChild"]),
        // A child process that the durability test kills with SIGKILL and restarts.
        .executableTarget(name: "DurabilityChild", dependencies: ["DurableObjects", "JSONModel"], path: "Tests/DurabilityChild"),
        .testTarget(
            name: "ArchitectServerTests",
            dependencies: [
                "ArchitectServer", "CodeReview", "TestSupport", "JSONModel", "Advisor", "DurableObjects", "KnowledgeBase",
                "Patterns", "JSHost", .product(name: "Logging", package: "swift-log"),
            ],
            exclude: ["Golden"]
        ),
    ],
    swiftLanguageModes: [.v6]
)

for target in package.targets where target.type != .plugin && target.type != .system {
    target.swiftSettings = (target.swiftSettings ?? []) + [.enableUpcomingFeature("ExistentialAny")]
}
