import DocketDesk
import DocketModel
import DocketRules
import DocketTestSupport
import Foundation
import Testing

/// `--base`, `--author` and `docket diff` against real git repositories.
@Suite struct ChangeAwareTests {
    static let now = "2026-12-01T12:00:00Z"
    static let drKim = "apiVersion: docket/v1\nkind: Clinician\nid: dr-kim\nname: Dr. Min Kim\nemail: min.kim@maple.example\ntimezone: America/Toronto\n"

    static func appointment(_ id: String, clinician: String = "dr-lee", start: String, extra: String = "") -> String {
        "apiVersion: docket/v1\nkind: Appointment\nid: \(id)\nclinician: \(clinician)\nclient: jane\nstart: \(start)\nduration: 50m\n\(extra)"
    }

    /// A repository with a base commit on main and the work tree as given.
    static func repository(base: [String: String], work: [String: String]) throws -> TemporaryRepository {
        let repository = try TemporaryRepository(RuleExample(files: work, before: base))
        return repository
    }

    func changes(_ repository: TemporaryRepository) throws -> [String: String] {
        let output = try DocketProcess.run(["diff", repository.root, "--base", "main", "--format", "json"])
        #expect(output.status == 0, "\(output.stderr)")
        let object = try JSONSerialization.jsonObject(with: Data(output.stdout.utf8)) as? [String: Any]
        let entries = object?["changes"] as? [[String: Any]] ?? []
        return Dictionary(uniqueKeysWithValues: entries.map { ($0["appointment"] as! String, $0["change"] as! String) })
    }

    /// A template decides what every client reads: changing, adding, deleting or linking one is
    /// a coordinator's change, like docket.yaml.
    @Test(arguments: ["changed", "added", "deleted", "unchanged"])
    func onlyCoordinatorsChangeTemplates(change: String) throws {
        let template = "Dear {{recipientName}}, see you {{when}}.\n"
        var base = ["templates/confirm.client.txt": template, "clinicians/dr-kim.yaml": Self.drKim]
        var work = base
        switch change {
        case "changed": work["templates/confirm.client.txt"] = "Hello {{recipientName}}: {{when}}.\n"
        case "added": work["templates/remind.client.txt"] = "Soon: {{when}}.\n"
        case "deleted": work.removeValue(forKey: "templates/confirm.client.txt")
        default: break
        }
        if change == "added" { base.removeValue(forKey: "templates/remind.client.txt") }
        let repository = try Self.repository(base: base, work: work)
        try repository.git("add", "-A")
        try repository.git("commit", "-q", "--allow-empty", "-m", "change")
        let clinician = try DocketProcess.run(["validate", repository.root, "--base", "main~1", "--author", "ada.lee@maple.example", "--now", Self.now])
        let coordinator = try DocketProcess.run(["validate", repository.root, "--base", "main~1", "--author", "sam@maple.example", "--now", Self.now])
        let stranger = try DocketProcess.run(["validate", repository.root, "--base", "main~1", "--author", "who@else.example", "--now", Self.now])
        #expect(coordinator.status == 0, "\(coordinator.stdout)")
        if change == "unchanged" {
            #expect(clinician.status == 0 && stranger.status == 0, "\(clinician.stdout)\(stranger.stdout)")
        } else {
            let path = change == "added" ? "templates/remind.client.txt" : "templates/confirm.client.txt"
            #expect(clinician.status == 1)
            #expect(clinician.stdout.contains("\(path):1:1: error: [unauthorized-change]"), "\(clinician.stdout)")
            #expect(clinician.stdout.contains("only coordinators may change templates"))
            #expect(stranger.stdout.contains("\(path):1:1: error: [unknown-author]"), "\(stranger.stdout)")
        }
    }

    @Test func eachAppointmentIsClassified() throws {
        let base = [
            "appointments/a-moved.yaml": Self.appointment("a-moved", start: "2026-12-03T10:00"),
            "appointments/a-titled.yaml": Self.appointment("a-titled", start: "2026-12-03T12:00"),
            "appointments/a-gone.yaml": Self.appointment("a-gone", start: "2026-12-04T10:00"),
            "appointments/a-same.yaml": Self.appointment("a-same", start: "2026-12-04T12:00"),
            "appointments/a-renamed.yaml": Self.appointment("a-renamed", start: "2026-12-04T14:00"),
            "appointments/a-cancelled.yaml": Self.appointment("a-cancelled", start: "2026-12-05T14:00"),
            "appointments/a-offset.yaml": Self.appointment("a-offset", start: "2026-12-07T10:00"),
        ]
        var work = base
        work["appointments/a-moved.yaml"] = Self.appointment("a-moved", start: "2026-12-03T11:00")
        work["appointments/a-titled.yaml"] = Self.appointment("a-titled", start: "2026-12-03T12:00", extra: "title: Intake\n")
        work.removeValue(forKey: "appointments/a-gone.yaml")
        work.removeValue(forKey: "appointments/a-renamed.yaml")
        work["appointments/2026/12/a-renamed.yaml"] = Self.appointment("a-renamed", start: "2026-12-04T14:00")
        work["appointments/a-cancelled.yaml"] = Self.appointment("a-cancelled", start: "2026-12-05T14:00", extra: "status: cancelled\n")
        // The same instant written with its offset is not a reschedule.
        work["appointments/a-offset.yaml"] = Self.appointment("a-offset", start: "2026-12-07T10:00:00-05:00")
        work["appointments/a-new.yaml"] = Self.appointment("a-new", start: "2026-12-08T10:00")
        let repository = try Self.repository(base: base, work: work)
        #expect(try changes(repository) == [
            "a-moved": "rescheduled", "a-titled": "changed", "a-gone": "deleted", "a-cancelled": "cancelled", "a-new": "new",
        ])
        let text = try DocketProcess.run(["diff", repository.root, "--base", "main"])
        #expect(text.stdout.contains("+ a-new dr-lee / Jane Doe, Tue 2026-12-08 10:00–10:50 America/Toronto"))
        #expect(text.stdout.contains("~ a-moved dr-lee / Jane Doe moved from Thu 2026-12-03 10:00–10:50 America/Toronto to Thu 2026-12-03 11:00–11:50 America/Toronto"))
        #expect(text.stdout.contains("- a-gone dr-lee / Jane Doe deleted"))
        #expect(text.stdout.contains("~ a-titled dr-lee / Jane Doe changed: title"))
    }

    @Test func aChangedIDIsADeletionAndANewAppointment() throws {
        let base = ["appointments/a-1.yaml": Self.appointment("a-1", start: "2026-12-03T10:00")]
        let work = ["appointments/a-1.yaml": Self.appointment("a-one", start: "2026-12-03T10:00")]
        #expect(try changes(try Self.repository(base: base, work: work)) == ["a-1": "deleted", "a-one": "new"])
    }

    @Test func aBaseFileThatDidNotParseThenButDoesNowIsNew() throws {
        let base = ["appointments/a-1.yaml": "apiVersion: docket/v1\nkind: Appointment\nid: a-1\nclinician: [dr-lee\n"]
        let work = ["appointments/a-1.yaml": Self.appointment("a-1", start: "2026-12-03T10:00")]
        #expect(try changes(try Self.repository(base: base, work: work)) == ["a-1": "new"])
        // And the reverse: what no longer parses is reported as such, and reads as deleted.
        let broken = try Self.repository(base: work, work: base)
        #expect(try changes(broken) == ["a-1": "deleted"])
        let validate = try DocketProcess.run(["validate", broken.root, "--base", "main", "--now", Self.now])
        #expect(validate.status == 1)
        #expect(validate.stdout.contains("[yaml-syntax]"))
    }

    @Test(arguments: [
        // (author, what changes, expected codes)
        ("sam@maple.example", "other", [String]()),
        ("ada.lee@maple.example", "own", []),
        ("ada.lee@maple.example", "other", ["unauthorized-change"]),
        ("ada.lee@maple.example", "handover", ["unauthorized-change"]),
        ("ada.lee@maple.example", "docket.yaml", ["unauthorized-change"]),
        ("ada.lee@maple.example", "client", ["unauthorized-change"]),
        ("stranger@example.com", "own", ["unknown-author"]),
    ])
    func authorization(author: String, change: String, expected: [String]) throws {
        var base = [
            "clinicians/dr-kim.yaml": Self.drKim,
            "appointments/a-lee.yaml": Self.appointment("a-lee", start: "2026-12-03T10:00"),
            "appointments/a-kim.yaml": Self.appointment("a-kim", clinician: "dr-kim", start: "2026-12-03T12:00"),
        ]
        var work = base
        switch change {
        case "own": work["appointments/a-lee.yaml"] = Self.appointment("a-lee", start: "2026-12-03T11:00")
        case "other": work["appointments/a-kim.yaml"] = Self.appointment("a-kim", clinician: "dr-kim", start: "2026-12-03T13:00")
        case "handover": work["appointments/a-lee.yaml"] = Self.appointment("a-lee", clinician: "dr-kim", start: "2026-12-03T10:00")
        case "docket.yaml": work["docket.yaml"] = RuleExample.baseFiles["docket.yaml"]! + "portalURL: https://portal.maple.example\n"
        default: work["clients/jane.yaml"] = RuleExample.baseFiles["clients/jane.yaml"]!.replacingOccurrences(of: "Jane Doe", with: "Jane Q. Doe")
        }
        base["x"] = nil
        let repository = try Self.repository(base: base, work: work)
        let output = try DocketProcess.run(["validate", repository.root, "--base", "main", "--author", author, "--now", Self.now, "--format", "json"])
        let object = try JSONSerialization.jsonObject(with: Data(output.stdout.utf8)) as? [String: Any]
        let codes = (object?["diagnostics"] as? [[String: Any]] ?? []).map { $0["code"] as! String }
        #expect(codes == expected, "\(author) \(change): \(output.stdout)")
        #expect(output.status == (expected.isEmpty ? 0 : 1))
    }

    @Test func notAGitWorkTreeOrAMissingBaseIsExitStatusTwo() throws {
        let plain = try TemporaryRepository(RuleExample(files: [:]))
        let outside = try DocketProcess.run(["validate", plain.root, "--base", "main"])
        #expect(outside.status == 2)
        #expect(outside.stderr.contains("git"))
        let repository = try Self.repository(base: [:], work: [:])
        let missing = try DocketProcess.run(["validate", repository.root, "--base", "no-such-branch"])
        #expect(missing.status == 2)
        #expect(missing.stderr.contains("no-such-branch"))
        let authorOnly = try DocketProcess.run(["validate", repository.root, "--author", "sam@maple.example"])
        #expect(authorOnly.status == 2)
    }

    @Test func aRepositoryInASubfolderOfTheGitTreeIsReadFromThere() throws {
        let repository = try TemporaryRepository(RuleExample(files: [:]))
        try repository.git("init", "-q", "-b", "main")
        for (path, text) in RuleExample.baseFiles { try repository.write(text, to: "clinic/" + path) }
        try repository.write(Self.appointment("a-1", start: "2026-12-03T10:00"), to: "clinic/appointments/a-1.yaml")
        try repository.write("not docket\n", to: "README.yaml")
        try repository.commit("base")
        try repository.write(Self.appointment("a-1", start: "2026-12-03T11:00"), to: "clinic/appointments/a-1.yaml")
        let output = try DocketProcess.run(["diff", repository.root + "/clinic", "--base", "main"])
        #expect(output.status == 0, "\(output.stderr)")
        #expect(output.stdout.hasPrefix("~ a-1 "))
    }

    @Test func initCreatesARepositoryThatValidatesClean() throws {
        let folder = try TemporaryRepository()
        let created = try DocketProcess.run(["init", folder.root + "/clinic", "--name", "Birch Family Health", "--timezone", "Europe/Paris"])
        #expect(created.status == 0, "\(created.stderr)")
        let validate = try DocketProcess.run(["validate", folder.root + "/clinic"])
        #expect(validate.status == 0)
        #expect(validate.stdout == "0 errors, 0 warnings in 1 file\n")
        #expect(FileManager.default.fileExists(atPath: folder.root + "/clinic/.github/workflows/docket.yml"))
        #expect(FileManager.default.fileExists(atPath: folder.root + "/clinic/schema/docket.schema.json"))
        let again = try DocketProcess.run(["init", folder.root + "/clinic"])
        #expect(again.status == 1)
    }

    @Test func theExampleWiringIsWhatInitWrites() throws {
        let examples = DocketProcess.packageRoot + "/examples/ci"
        let expected = ["github-workflow.yml": CIWiring.githubWorkflow(source: nil), "gitlab-ci.yml": CIWiring.gitlabCI(source: nil),
                        "gitlab-docket-notify.yml": CIWiring.gitlabNotify(source: nil), "pre-commit-config.yaml": CIWiring.preCommitConfig(source: nil),
                        "github-request-workflow.yml": RequestWiring.githubWorkflow(source: nil)]
        for (name, text) in expected {
            if ProcessInfo.processInfo.environment["DOCKET_UPDATE_GOLDEN"] == "1" {
                try text.write(toFile: examples + "/" + name, atomically: true, encoding: .utf8)
            }
            #expect(try String(contentsOfFile: examples + "/" + name, encoding: .utf8) == text, "examples/ci/\(name) differs from CIWiring")
        }
    }
}
