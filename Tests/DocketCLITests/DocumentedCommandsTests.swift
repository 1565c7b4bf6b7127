import DocketTestSupport
import Foundation
import Testing

/// The commands the README's tour and docs/desk.md show are run as written (with `docket`
/// the binary under test): a reader who copies them gets what the page says.
@Suite(.serialized) struct DocumentedCommandsTests {
    /// The `sh` blocks of a page, continuation lines joined.
    static func shellBlocks(_ page: String) throws -> [String] {
        let text = try String(contentsOfFile: DocketProcess.packageRoot + "/" + page, encoding: .utf8)
        var blocks: [String] = []
        var current: [String]?
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            if line == "```sh" { current = [] } else if line.hasPrefix("```"), let block = current {
                blocks.append(block.joined(separator: "\n"))
                current = nil
            } else if current != nil {
                current!.append(String(line))
            }
        }
        return blocks
    }

    /// Runs `script` with bash -e, `docket` being the built binary, in `folder`.
    static func run(_ script: String, in folder: String) throws -> DocketProcess.Output {
        let prelude = "set -euo pipefail\ndocket() { \"\(DocketProcess.executable)\" \"$@\"; }\n"
        return try DocketProcess.runProgram("/bin/bash", ["-c", prelude + script], in: folder)
    }

    @Test func theReadmeTourRunsAsWritten() throws {
        let blocks = try Self.shellBlocks("README.md")
        let tour = try #require(blocks.first { $0.contains("docket rules") })
        // What the tour writes outside the checkout, made fresh.
        for leftover in ["/tmp/clinic", "/tmp/bundle.json", "/tmp/my-clinic"] { try? FileManager.default.removeItem(atPath: leftover) }
        let gitStatus = { try DocketProcess.runProgram("/usr/bin/env", ["git", "-C", DocketProcess.packageRoot, "status", "--porcelain", "--untracked-files=all"]).stdout }
        let before = try gitStatus()
        let output = try Self.run(tour, in: DocketProcess.packageRoot)
        #expect(output.status == 0, "\(output.stdout.suffix(3_000))\(output.stderr)")
        #expect(output.stdout.contains("0 errors, 0 warnings in 50 files"))
        #expect(output.stdout.contains("wrote 42 appointments to /tmp/bundle.json"))
        #expect(output.stdout.contains("wrote s-2027-01-06-jane to appointments/2027/01/s-2027-01-06-jane.yaml"))
        #expect(output.stdout.contains("cancelled the occurrence of 2027-01-20 of s-2027-01-06-jane"))
        #expect(output.stdout.contains("the rest is s-2027-01-06-jane-from-2027-02-03"))
        #expect(output.stdout.contains("What is left, in order:"))
        #expect(output.stdout.contains("a-2026-12-03-anais") || output.stdout.contains("booked:"), "history printed nothing")
        // The tour leaves nothing in the checkout.
        #expect(try gitStatus() == before)
        // Every block runs something this test or CI runs: the tour, `swift run docket
        // validate samples` (.ci/run), `make install` (check-release) and `make test` (.ci/run).
        for block in blocks where !block.contains("docket rules") {
            #expect(["swift run docket validate samples", "make install", "make test"].contains { block.contains($0) }, "a README command no test runs: \(block)")
        }
    }

    @Test func theDesksCommandsRunAsWrittenInACopyOfTheSamples() throws {
        let folder = try TemporaryRepository()
        let clinic = folder.root + "/clinic"
        #expect(try DocketProcess.runProgram("/bin/cp", ["-r", DocketProcess.packageRoot + "/samples", clinic]).status == 0)
        let block = try #require(try Self.shellBlocks("docs/desk.md").first)
        let output = try Self.run(block, in: clinic)
        #expect(output.status == 0, "\(output.stdout)\(output.stderr)")
        let file = try String(contentsOfFile: clinic + "/appointments/2026/12/a-2026-12-09-omar.yaml", encoding: .utf8)
        #expect(file.contains("start: 2026-12-10T10:00") && file.contains("duration: 1h") && file.contains("status: cancelled"), "\(file)")
    }
}
