// swift-tools-version: 6.0
import PackageDescription

/// Settings every Homeward target shares: Swift 6 language mode comes from the tools version;
/// these upcoming features make existentials and imports explicit.
let strictSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("MemberImportVisibility"),
]

let package = Package(
    name: "Homeward",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "homeward", targets: ["homeward"]),
        .library(name: "HomewardCore", targets: ["HomewardCore"]),
    ],
    dependencies: [
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.0"),
        .package(url: "https://github.com/apple/swift-nio-extras.git", from: "1.34.1"),
        .package(url: "https://github.com/apple/swift-crypto.git", "3.9.0"..<"5.0.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird-auth.git", from: "2.5.0"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache.git", from: "2.1.1"),
        .package(url: "https://github.com/vapor/sql-kit.git", from: "3.36.0"),
        .package(url: "https://github.com/vapor/sqlite-kit.git", from: "4.5.2"),
        .package(url: "https://github.com/vapor/postgres-kit.git", from: "2.17.0"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-metrics.git", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.4.1"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/async-http-client.git", from: "1.37.0"),
        .package(url: "https://github.com/apple/swift-nio-ssl.git", from: "2.37.0"),
        .package(url: "https://github.com/x-sheep/swift-property-based.git", from: "2.0.1"),
    ],
    targets: [
        .target(
            name: "HomewardCore",
            dependencies: [.product(name: "Crypto", package: "swift-crypto")],
            // Reference data read once at start: the confusables map, the US place list and the
            // shipped confidential lexicon (scripts/generate-reference-data writes the first two).
            resources: [.copy("Resources")],
            swiftSettings: strictSettings
        ),
        .target(
            name: "HomewardStore",
            dependencies: [
                "HomewardCore",
                .product(name: "SQLKit", package: "sql-kit"),
                .product(name: "SQLiteKit", package: "sqlite-kit"),
                .product(name: "PostgresKit", package: "postgres-kit"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strictSettings
        ),
        .systemLibrary(
            name: "CCairo",
            pkgConfig: "pangocairo",
            providers: [.apt(["libcairo2-dev", "libpango1.0-dev"])]
        ),
        .target(
            name: "CPhotoCodec",
            linkerSettings: [.linkedLibrary("jpeg"), .linkedLibrary("png16")]
        ),
        .target(
            name: "HomewardImaging",
            dependencies: ["HomewardCore", "CPhotoCodec"],
            swiftSettings: strictSettings
        ),
        .target(
            name: "HomewardPDF",
            dependencies: ["HomewardCore", "CCairo"],
            swiftSettings: strictSettings
        ),
        .target(
            name: "HomewardWeb",
            dependencies: [
                "HomewardCore",
                "HomewardStore",
                "HomewardPDF",
                "HomewardImaging",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdBcrypt", package: "hummingbird-auth"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTPTypes", package: "swift-nio-extras"),
                .product(name: "NIOExtras", package: "swift-nio-extras"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Mustache", package: "swift-mustache"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            resources: [.copy("Assets")],
            swiftSettings: strictSettings
        ),
        // The fictional demo data, apart from the product: `homeward demo`, `serve --demo` and the
        // tests load it; nothing of it ships inside the server's own targets.
        .target(
            name: "HomewardDemo",
            dependencies: ["HomewardCore", "HomewardStore", "HomewardWeb", "HomewardPDF", "HomewardImaging"],
            swiftSettings: strictSettings
        ),
        .target(
            name: "HomewardTestSupport",
            dependencies: [
                "HomewardCore",
                "HomewardStore",
                "HomewardPDF",
                "CPhotoCodec",
                .product(name: "SQLKit", package: "sql-kit"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strictSettings
        ),
        .executableTarget(
            name: "HomewardBenchmarks",
            dependencies: ["HomewardCore", "HomewardStore", "HomewardWeb", "HomewardPDF", .product(name: "Logging", package: "swift-log")],
            path: "Benchmarks/Sources",
            swiftSettings: strictSettings
        ),
        .executableTarget(
            name: "homeward",
            dependencies: [
                "HomewardWeb",
                "HomewardDemo",
                "HomewardStore",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Hummingbird", package: "hummingbird"),
            ],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "HomewardCoreTests",
            dependencies: [
                "HomewardCore", "HomewardTestSupport", .product(name: "PropertyBased", package: "swift-property-based"),
            ],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "HomewardImagingTests",
            dependencies: ["HomewardCore", "HomewardImaging", "HomewardPDF", "HomewardTestSupport"],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "HomewardStoreTests",
            dependencies: ["HomewardCore", "HomewardStore", "HomewardTestSupport"],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "HomewardWebTests",
            dependencies: [
                "HomewardCore",
                "HomewardStore",
                "HomewardWeb",
                "HomewardDemo",
                "HomewardTestSupport",
                .product(name: "PropertyBased", package: "swift-property-based"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "NIOEmbedded", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOHTTPTypes", package: "swift-nio-extras"),
                .product(name: "NIOHTTPTypesHTTP1", package: "swift-nio-extras"),
            ],
            swiftSettings: strictSettings
        ),
    ]
)
