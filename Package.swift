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
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1"),
        .package(url: "https://github.com/hummingbird-project/swift-openapi-hummingbird.git", from: "2.1.0"),
        .package(url: "https://github.com/apple/swift-openapi-generator.git", from: "1.14.3"),
        .package(url: "https://github.com/apple/swift-openapi-runtime.git", from: "1.13.4"),
        .package(url: "https://github.com/apple/swift-configuration.git", from: "1.4.0"),
        .package(url: "https://github.com/apple/swift-metrics.git", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-http-types.git", from: "1.8.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.4.1"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.81.0"),
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
        .target(
            name: "BrokerHTTP",
            dependencies: [
                "Analysis", "Broker", "Postgres",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "OpenAPIRuntime", package: "swift-openapi-runtime"),
                .product(name: "OpenAPIHummingbird", package: "swift-openapi-hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            plugins: [.plugin(name: "OpenAPIGenerator", package: "swift-openapi-generator")]
        ),
        .executableTarget(
            name: "schoolbroker",
            dependencies: [
                "Analysis", "Broker", "BrokerHTTP", "Postgres", "PostgresServer",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Configuration", package: "swift-configuration"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),
        .executableTarget(
            name: "schoolbroker-bench",
            dependencies: [
                "Analysis", "Broker", "BrokerHTTP", "Matching", "Postgres", "PostgresServer",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .testTarget(
            name: "PostgresTests",
            dependencies: [
                "Postgres", "PostgresServer", "TestSupport",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "PropertyBased", package: "swift-property-based"),
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
        .testTarget(
            name: "BrokerHTTPTests",
            dependencies: [
                "Analysis", "BrokerHTTP", "Broker", "Postgres", "TestSupport",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
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
