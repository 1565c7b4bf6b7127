import DocketModel
import DocketRules
import DocketTestSupport
import Foundation
import Testing

/// `docket validate` as CI runs it: the built binary, its output formats and exit statuses.
@Suite struct ValidateCommandTests {
    static let samples = DocketProcess.packageRoot + "/samples"

    @Test func theSamplesValidateClean() throws {
        let output = try DocketProcess.run(["validate", Self.samples])
        #expect(output.status == 0, "\(output.stdout)\(output.stderr)")
        let docketFiles = try FileManager.default.subpathsOfDirectory(atPath: Self.samples)
            .filter { ($0.hasSuffix(".yaml") || $0.hasSuffix(".yml")) && !$0.hasPrefix("drafts/") && !$0.split(separator: "/").contains { $0.hasPrefix(".") } }
        #expect(output.stdout == "0 errors, 0 warnings in \(docketFiles.count) files\n")
    }

    @Test func withoutAPathItSearchesUpwardForDocketYAML() throws {
        let output = try DocketProcess.run(["validate", "--format", "json"], in: Self.samples + "/appointments/2026")
        #expect(output.status == 0, "\(output.stderr)")
        let json = try JSONSerialization.jsonObject(with: Data(output.stdout.utf8)) as? [String: Any]
        let summary = try #require(json?["summary"] as? [String: Int])
        #expect(summary["appointments"] == 31)
    }

    @Test func noRepositoryIsExitStatusTwo() throws {
        let empty = try TemporaryRepository()
        let output = try DocketProcess.run(["validate"], in: empty.root)
        #expect(output.status == 2)
        #expect(output.stderr.contains("docket.yaml"))
        let missing = try DocketProcess.run(["validate", empty.root + "/nope"])
        #expect(missing.status == 2)
    }

    @Test(arguments: [
        ["validate", "--now", "tomorrow"],
        ["validate", "--now", "2026-12-01T09:00"],
        ["validate", "--format", "xml"],
        ["validate", "--no-such-option"],
        ["frobnicate"],
    ])
    func badOptionsAreExitStatusTwo(arguments: [String]) throws {
        let output = try DocketProcess.run(arguments + (arguments.first == "validate" ? [Self.samples] : []))
        #expect(output.status == 2, "\(arguments): \(output.stderr)")
        #expect(!output.stderr.isEmpty)
    }

    @Test func helpIsExitStatusZero() throws {
        let output = try DocketProcess.run(["validate", "--help"])
        #expect(output.status == 0)
        #expect(output.stdout.contains("--format"))
    }

    @Test func aPathWithoutDocketYAMLIsReportedAsMissingOrganization() throws {
        let repository = try TemporaryRepository(files: ["clients/jane.yaml": RuleExample.baseFiles["clients/jane.yaml"]!])
        let output = try DocketProcess.run(["validate", repository.root])
        #expect(output.status == 1)
        #expect(output.stdout.contains("docket.yaml:1:1: error: [missing-organization]"))
    }

    /// One broken repository, seen through all four formats: every finding at the same place.
    @Test func everyFormatPointsAtTheSamePlaces() throws {
        let repository = try TemporaryRepository(RuleExample(files: [
            "appointments/a-1.yaml": """
                apiVersion: docket/v1
                kind: Appointment
                id: a-1
                clinician: dr-leee
                client: jane
                start: 2026-12-03T14:00
                duration: 50 minutes
                status: no

                """,
            "clients/bad.yaml": "apiVersion: docket/v1\nkind: Client\nid: bad\nname: \"Eve\\r\\nBcc: all@example.com\"\nemail: eve.example.com\n",
            "appointments/broken.yaml": "apiVersion: docket/v1\nkind: [Appointment\n",
        ]))
        let expected: Set<String> = [
            "unknown-reference appointments/a-1.yaml:4:12",
            "invalid-value appointments/a-1.yaml:7:11",
            "invalid-value appointments/a-1.yaml:8:9",
            "invalid-value clients/bad.yaml:4:7",
            "invalid-value clients/bad.yaml:5:8",
            "yaml-syntax appointments/broken.yaml:3:1",
        ]

        let text = try DocketProcess.run(["validate", repository.root, "--now", "2026-12-01T12:00:00Z"])
        #expect(text.status == 1)
        let textPlaces = Set(text.stdout.split(separator: "\n").compactMap { line -> String? in
            guard let match = line.firstMatch(of: /^([^:]+):(\d+):(\d+): error: \[([a-z-]+)\]/) else { return nil }
            return "\(match.4) \(match.1):\(match.2):\(match.3)"
        })
        #expect(textPlaces == expected)
        #expect(text.stdout.hasSuffix("6 errors, 0 warnings in 7 files\n"))

        let json = try DocketProcess.run(["validate", repository.root, "--format", "json"])
        #expect(json.status == 1)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        #expect(object["version"] as? Int == 1)
        let diagnostics = try #require(object["diagnostics"] as? [[String: Any]])
        #expect(Set(diagnostics.map { "\($0["code"]!) \($0["file"]!):\($0["line"]!):\($0["column"]!)" }) == expected)
        for diagnostic in diagnostics {
            #expect(Set(diagnostic.keys) == ["severity", "code", "message", "file", "line", "column", "related"])
        }
        let summary = try #require(object["summary"] as? [String: Int])
        #expect(summary == ["files": 7, "documents": 6, "appointments": 1, "errors": 6, "warnings": 0])

        // From the repository's folder, outside git: paths from the current folder are the repository's own.
        let github = try DocketProcess.run(["validate", repository.root, "--format", "github"], in: repository.root)
        #expect(github.status == 1)
        let githubPlaces = Set(github.stdout.split(separator: "\n").compactMap { line -> String? in
            guard let match = line.firstMatch(of: /^::error file=([^,]+),line=(\d+),col=(\d+),title=([a-z-]+)::/) else { return nil }
            return "\(match.4) \(match.1):\(match.2):\(match.3)"
        })
        #expect(githubPlaces == expected)

        let sarif = try DocketProcess.run(["validate", repository.root, "--format", "sarif"], in: repository.root)
        #expect(sarif.status == 1)
        let log = try #require(try JSONSerialization.jsonObject(with: Data(sarif.stdout.utf8)) as? [String: Any])
        let run = try #require((log["runs"] as? [[String: Any]])?.first)
        let results = try #require(run["results"] as? [[String: Any]])
        let sarifPlaces = Set(results.compactMap { result -> String? in
            guard let location = (result["locations"] as? [[String: Any]])?.first?["physicalLocation"] as? [String: Any],
                  let uri = (location["artifactLocation"] as? [String: Any])?["uri"] as? String,
                  let region = location["region"] as? [String: Int] else { return nil }
            return "\(result["ruleId"]!) \(uri):\(region["startLine"]!):\(region["startColumn"]!)"
        })
        #expect(sarifPlaces == expected)
    }

    @Test func sarifHasWhatCodeScanningRequires() throws {
        let repository = try TemporaryRepository(RuleExample(files: ["appointments/a b.yaml": "apiVersion: docket/v2\n"]))
        let output = try DocketProcess.run(["validate", repository.root, "--format", "sarif"], in: repository.root)
        let log = try #require(try JSONSerialization.jsonObject(with: Data(output.stdout.utf8)) as? [String: Any])
        #expect(log["version"] as? String == "2.1.0")
        #expect((log["$schema"] as? String)?.contains("sarif-2.1.0") == true)
        let run = try #require((log["runs"] as? [[String: Any]])?.first)
        let driver = try #require((run["tool"] as? [String: Any])?["driver"] as? [String: Any])
        #expect(driver["name"] as? String == "docket")
        let rules = try #require(driver["rules"] as? [[String: Any]])
        #expect(rules.count == RuleCatalogue.all.count)
        for rule in rules {
            for key in ["id", "shortDescription", "fullDescription", "help"] {
                #expect(rule[key] != nil, "rule \(rule["id"] ?? "?") lacks \(key)")
            }
            #expect(((rule["help"] as? [String: Any])?["text"] as? String)?.isEmpty == false)
        }
        let result = try #require((run["results"] as? [[String: Any]])?.first)
        #expect(result["level"] as? String == "error")
        #expect((result["message"] as? [String: Any])?["text"] as? String != nil)
        let location = (result["locations"] as? [[String: Any]])?.first?["physicalLocation"] as? [String: Any]
        #expect((location?["artifactLocation"] as? [String: Any])?["uri"] as? String == "appointments/a%20b.yaml")
    }

    @Test func strictTurnsWarningsIntoErrors() throws {
        let repository = try TemporaryRepository(RuleExample(files: ["appointments/a-1.yaml": RuleExample.validAppointment + "status: fulfilled\n"]))
        let normal = try DocketProcess.run(["validate", repository.root, "--now", "2026-12-01T00:00:00Z"])
        #expect(normal.status == 0)
        #expect(normal.stdout.contains("warning: [status-not-yet-possible]"))
        let strict = try DocketProcess.run(["validate", repository.root, "--now", "2026-12-01T00:00:00Z", "--strict"])
        #expect(strict.status == 1)
        #expect(strict.stdout.contains("error: [status-not-yet-possible]"))
    }

    @Test func policySeverityTurnsARuleOffOrUp() throws {
        let organization = RuleExample.baseFiles["docket.yaml"]!
        let appointment = RuleExample.validAppointment + "status: fulfilled\n"
        let off = try TemporaryRepository(RuleExample(files: [
            "docket.yaml": organization + "policy:\n  severity:\n    status-not-yet-possible: off\n",
            "appointments/a-1.yaml": appointment,
        ]))
        let quiet = try DocketProcess.run(["validate", off.root, "--now", "2026-12-01T00:00:00Z"])
        #expect(quiet.stdout == "0 errors, 0 warnings in 5 files\n")
        let up = try TemporaryRepository(RuleExample(files: [
            "docket.yaml": organization + "policy:\n  severity:\n    status-not-yet-possible: error\n",
            "appointments/a-1.yaml": appointment,
        ]))
        let loud = try DocketProcess.run(["validate", up.root, "--now", "2026-12-01T00:00:00Z"])
        #expect(loud.status == 1)
    }

    @Test func theRulesCommandListsEveryCode() throws {
        let output = try DocketProcess.run(["rules"])
        #expect(output.status == 0)
        for description in RuleCatalogue.descriptions {
            #expect(output.stdout.contains(description.code.rawValue))
        }
        let json = try DocketProcess.run(["rules", "--format", "json"])
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        #expect((object["rules"] as? [Any])?.count == RuleCatalogue.all.count)
    }
}
