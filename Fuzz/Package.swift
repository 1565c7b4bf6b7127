// swift-tools-version:6.0
import Foundation
import PackageDescription

// A local package's identity is its folder's name, which differs between checkouts.
let docket = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().lastPathComponent

// libFuzzer over docket's YAML loader and model decoder. A package of its own, so that the
// main package's `swift build` never builds a target without a `main`. Build and run:
//   swift build --package-path Fuzz --sanitize=fuzzer -Xswiftc -sanitize=fuzzer,address --product DocketFuzz
//   SWIFT_BACKTRACE=enable=no Fuzz/.build/debug/DocketFuzz Fuzz/Corpus -max_total_time=60
let package = Package(
    name: "DocketFuzz",
    dependencies: [.package(path: "..")],
    targets: [
        .executableTarget(
            name: "DocketFuzz",
            dependencies: [.product(name: "DocketRules", package: docket)]
        ),
    ]
)
