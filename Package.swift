// swift-tools-version:6.0
import Foundation
import PackageDescription

// docket's stages, in the order data flows through them; each module imports only those
// before it (DocketSupport, with no domain knowledge, is open to all):
//
//   CLibYAML         the system libyaml (pkg-config yaml-0.1)
//   CDocketSystem    syncfs and posix_spawn (Swift's Glibc module and Foundation's Process do
//                    not give them safely)
//   DocketSupport    parallel map, child processes, durable files and locks, JSON output
//   DocketYAML       libyaml → a node tree with 1-based marks; duplicate keys; limits
//   DocketModel      kinds, decoding from the field table, time, the one safe reader of
//                    repository content, loading, the index, the change against --base
//   DocketMail       e-mail templates (built-in, overridden, checked), the variables,
//                    MIME, iCalendar, rendering one planned message
//   DocketRules      the engine, one rule per file with its examples, the finding printers
//   DocketReconcile  recorded state, the plan, writing the outbox exactly once
//   DocketDelivery   SMTP and sendmail: reads the outbox, knows nothing of rules or plans
//   DocketDesk       what staff use around the core: new/cancel/reschedule, list, slots,
//                    diff, calendar feeds, dashboard, init's skeleton
//   docket           the command line: one file per command, argument handling only
//
// Templates sit before the rules because `invalid-template` checks them with the same parser
// and variable list that renders them.

/// libyaml is linked dynamically, as pkg-config says; a self-contained build
/// (`DOCKET_STATIC_LIBYAML=1`, see scripts/build-release.sh) links the system's libyaml.a
/// into the binary instead, so it runs where libyaml is not installed.
let staticLibYAML = Context.environment["DOCKET_STATIC_LIBYAML"] == "1"
let libyaml: [LinkerSetting] = staticLibYAML ? [.unsafeFlags(["-Xlinker", "-l:libyaml.a"])] : [.linkedLibrary("yaml")]

/// Where this build comes from, for `docket init` to pin a clinic's CI wiring to: the source
/// checkout's `origin` remote (credentials removed, an SSH address turned into HTTPS) and the
/// tag or commit checked out; `DOCKET_SOURCE_URL` / `DOCKET_SOURCE_REVISION` in the build's
/// environment win (a release built from a tarball). Unknown parts stay empty: init then
/// writes wiring that reads them from CI variables.
func buildSource() -> (url: String, revision: String) {
    let environment = Context.environment
    var url = environment["DOCKET_SOURCE_URL"] ?? ""
    var revision = environment["DOCKET_SOURCE_REVISION"] ?? ""
    if url.isEmpty, let config = try? String(contentsOfFile: Context.packageDirectory + "/.git/config", encoding: .utf8) {
        var inOrigin = false
        for line in config.split(separator: "\n").map({ $0.trimmingCharacters(in: .whitespaces) }) {
            if line.hasPrefix("[") { inOrigin = line == "[remote \"origin\"]"; continue }
            if inOrigin, line.hasPrefix("url"), let equals = line.firstIndex(of: "=") {
                url = line[line.index(after: equals)...].trimmingCharacters(in: .whitespaces)
            }
        }
    }
    if let at = url.firstIndex(of: "@"), !url.contains("://"), let colon = url.firstIndex(of: ":"), at < colon {
        // git@host:owner/name.git → https://host/owner/name.git
        url = "https://" + url[url.index(after: at)..<colon] + "/" + url[url.index(after: colon)...]
    }
    if let scheme = url.range(of: "://"), let at = url[scheme.upperBound...].firstIndex(of: "@"),
       !url[scheme.upperBound..<at].contains("/") {
        url.removeSubrange(scheme.upperBound...at) // never a user or token into a clinic's files
    }
    if url.hasPrefix("/") || url.hasPrefix("file:") || !url.allSatisfy({ $0.isASCII && !$0.isWhitespace && !"\"'\\`$".contains($0) }) {
        url = ""
    }
    if revision.isEmpty, let git = Context.gitInformation {
        revision = git.currentTag ?? git.currentCommit
    }
    if !revision.allSatisfy({ $0.isLetter || $0.isNumber || "._/-".contains($0) }) || revision.hasPrefix("-") { revision = "" }
    return (url, revision)
}
let source = buildSource()

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
        .package(url: "https://github.com/apple/swift-system", from: "1.4.0"),
    ],
    targets: [
        .systemLibrary(
            name: "CLibYAML",
            // pkg-config's flags would add -lyaml, the shared library, to a static build too.
            pkgConfig: staticLibYAML ? nil : "yaml-0.1",
            providers: [.apt(["libyaml-dev"]), .brew(["libyaml"])]
        ),
        // The Linux calls Swift's Glibc module leaves out (syncfs, posix_spawn's process groups), and
// where this build comes from.
        .target(name: "CDocketSystem", cSettings: [
            .define("DOCKET_BUILD_SOURCE_URL", to: "\"\(source.url)\""),
            .define("DOCKET_BUILD_SOURCE_REVISION", to: "\"\(source.revision)\""),
        ]),
        .target(name: "DocketSupport", dependencies: ["CDocketSystem", .product(name: "SystemPackage", package: "swift-system")]),
        .target(name: "DocketYAML", dependencies: ["CLibYAML"], linkerSettings: libyaml),
        .target(name: "DocketModel", dependencies: ["DocketSupport", "DocketYAML"]),
        .target(
            name: "DocketMail",
            dependencies: [
                "DocketModel",
                .product(name: "Mustache", package: "swift-mustache"),
                .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),
        .target(name: "DocketRules", dependencies: ["DocketMail"]),
        .target(name: "DocketReconcile", dependencies: ["DocketRules"]),
        .target(
            name: "DocketDelivery",
            dependencies: [
                "DocketSupport",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
            ]
        ),
        .target(name: "DocketDesk", dependencies: ["DocketReconcile", .product(name: "Crypto", package: "swift-crypto")]),
        .executableTarget(
            name: "docket",
            dependencies: [
                "DocketDesk",
                "DocketDelivery",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // Temporary repositories written from rule examples, shared by the test targets.
        .target(name: "DocketTestSupport", dependencies: ["DocketRules"], path: "Tests/DocketTestSupport"),
        .testTarget(name: "DocketYAMLTests", dependencies: ["DocketYAML"]),
        .testTarget(name: "DocketModelTests", dependencies: ["DocketModel", "DocketTestSupport"]),
        .testTarget(name: "DocketRulesTests", dependencies: ["DocketRules", "DocketDesk", "DocketTestSupport"]),
        .testTarget(name: "DocketReconcileTests", dependencies: ["DocketReconcile", "DocketDesk", "DocketTestSupport"], exclude: ["Golden"]),
        .testTarget(
            name: "DocketDeliveryTests",
            dependencies: [
                "DocketDelivery", "DocketTestSupport",
                .product(name: "NIOEmbedded", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
            ]
        ),
        .testTarget(name: "DocketCLITests", dependencies: ["docket", "DocketDesk", "DocketTestSupport"], exclude: ["Fixtures"]),
    ]
)
