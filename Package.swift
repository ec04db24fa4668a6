// swift-tools-version: 6.1
import PackageDescription

let package = Package(
    name: "SchoolBroker",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "schoolbroker", targets: ["schoolbroker"]),
        .executable(name: "schoolbroker-bench", targets: ["schoolbroker-bench"]),
        .library(name: "Matching", targets: ["Matching"]),
        .library(name: "Analysis", targets: ["Analysis"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.6.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.6.0"),
        .package(url: "https://github.com/x-sheep/swift-property-based.git", from: "2.0.0"),
    ],
    targets: [
        .systemLibrary(
            name: "CLibPQ",
            pkgConfig: "libpq",
            providers: [.apt(["libpq-dev", "pkgconf"])]
        ),
        .target(
            name: "Postgres",
            dependencies: [
                "CLibPQ",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),
        .target(
            name: "PostgresServer",
            dependencies: [
                "Postgres",
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .target(name: "Matching"),
        .target(name: "Analysis"),
        .target(
            name: "Broker",
            dependencies: [
                "Postgres", "Analysis", "Matching",
                .product(name: "Logging", package: "swift-log"),
            ],
            resources: [.copy("Migrations")]
        ),
        .target(name: "BrokerHTTP", dependencies: ["Broker"]),
        .executableTarget(
            name: "schoolbroker",
            dependencies: [
                "Analysis", "Broker", "BrokerHTTP", "Postgres", "PostgresServer",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .executableTarget(
            name: "schoolbroker-bench",
            dependencies: [
                "Analysis", "Broker", "Matching", "Postgres", "PostgresServer",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .testTarget(
            name: "PostgresTests",
            dependencies: [
                "Postgres", "PostgresServer", "TestSupport",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),
        .testTarget(name: "PostgresServerTests", dependencies: ["PostgresServer", "Postgres"]),
        .testTarget(
            name: "MatchingTests",
            dependencies: [
                "Matching",
                .product(name: "PropertyBased", package: "swift-property-based"),
            ]
        ),
        .testTarget(
            name: "AnalysisTests",
            dependencies: [
                "Analysis",
                .product(name: "PropertyBased", package: "swift-property-based"),
            ]
        ),
        .testTarget(
            name: "BrokerTests",
            dependencies: [
                "Analysis", "Broker", "Matching", "TestSupport",
                .product(name: "PropertyBased", package: "swift-property-based"),
            ]
        ),
        .testTarget(name: "SchoolBrokerCLITests", dependencies: ["TestSupport", "PostgresServer", "Postgres", "Broker"]),
        .target(
            name: "TestSupport",
            dependencies: ["Postgres", "PostgresServer", "Broker"],
            path: "Tests/TestSupport"
        ),
    ],
    swiftLanguageModes: [.v6]
)
