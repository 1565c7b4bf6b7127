// swift-tools-version:6.0
import PackageDescription

// Layers, each importing only those above it:
// CLibYAML → DocketYAML → DocketCore → DocketRules → DocketReconcile → DocketDelivery → docket (the CLI).
let package = Package(
    name: "docket",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "docket", targets: ["docket"]),
        .library(name: "DocketRules", targets: ["DocketRules"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.0.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.80.0"),
        .package(url: "https://github.com/apple/swift-nio-ssl", from: "2.30.0"),
        .package(url: "https://github.com/apple/swift-crypto", from: "4.0.0"),
    ],
    targets: [
        .systemLibrary(
            name: "CLibYAML",
            pkgConfig: "yaml-0.1",
            providers: [.apt(["libyaml-dev"]), .brew(["libyaml"])]
        ),
        .target(name: "DocketYAML", dependencies: ["CLibYAML"]),
        .target(name: "DocketCore", dependencies: ["DocketYAML", .product(name: "Mustache", package: "swift-mustache")]),
        .target(name: "DocketRules", dependencies: ["DocketCore"]),
        .target(
            name: "DocketReconcile",
            dependencies: [
                "DocketRules",
                .product(name: "Mustache", package: "swift-mustache"),
                .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),
        .target(
            name: "DocketDelivery",
            dependencies: [
                "DocketReconcile",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
            ]
        ),
        .executableTarget(
            name: "docket",
            dependencies: [
                "DocketRules",
                "DocketReconcile",
                "DocketDelivery",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // Temporary repositories written from rule examples, shared by the test targets.
        .target(name: "DocketTestSupport", dependencies: ["DocketRules"], path: "Tests/DocketTestSupport"),
        .testTarget(name: "DocketYAMLTests", dependencies: ["DocketYAML"]),
        .testTarget(name: "DocketCoreTests", dependencies: ["DocketCore", "DocketTestSupport"]),
        .testTarget(name: "DocketRulesTests", dependencies: ["DocketRules", "DocketTestSupport"]),
        .testTarget(name: "DocketReconcileTests", dependencies: ["DocketReconcile", "DocketTestSupport"], exclude: ["Golden"]),
        .testTarget(
            name: "DocketDeliveryTests",
            dependencies: [
                "DocketDelivery", "DocketTestSupport",
                .product(name: "NIOEmbedded", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
            ]
        ),
        .testTarget(name: "DocketCLITests", dependencies: ["docket", "DocketTestSupport"], exclude: ["Fixtures"]),
    ]
)
