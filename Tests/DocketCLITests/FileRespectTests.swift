import DocketRules
import DocketTestSupport
import Foundation
import Testing

/// `new`, `cancel` and `reschedule` respect the file they write: its line ends, indentation
/// and quoting, and values that other YAML tools (PyYAML reads YAML 1.1) must read back as
/// the same strings.
@Suite struct FileRespectTests {
    static let now = "2026-12-01T12:00:00Z"
    static let path = "appointments/a-1.yaml"

    static func repository(_ text: String) throws -> TemporaryRepository {
        try TemporaryRepository(RuleExample(files: [:], rawFiles: [path: Array(text.utf8)]))
    }

    static func read(_ repository: TemporaryRepository, _ path: String = path) throws -> String {
        String(decoding: try Data(contentsOf: URL(fileURLWithPath: repository.root + "/" + path)), as: UTF8.self)
    }

    /// What PyYAML (YAML 1.1, as many tools read) makes of `key` in a file: its type and value.
    static func pyyaml(_ file: String, key: String, nested: String? = nil) throws -> String {
        let script = """
            import sys, yaml
            data = yaml.safe_load(open(sys.argv[1], encoding="utf-8"))
            value = data[sys.argv[2]]
            if len(sys.argv) > 3: value = value[sys.argv[3]]
            print(type(value).__name__ + ":" + str(value))
            """
        let output = try DocketProcess.runProgram("/usr/bin/env", ["python3", "-c", script, file, key] + (nested.map { [$0] } ?? []))
        #expect(output.status == 0, "is PyYAML installed (bash .ci/run)? \(output.stderr)")
        return output.stdout.trimmingCharacters(in: .newlines)
    }

    @Test func aCRLFFileKeepsItsLineEndsThroughRescheduleAndCancel() throws {
        let text = "apiVersion: docket/v1\r\nkind: Appointment\r\nid: a-1\r\nclinician: dr-lee\r\nclient: jane\r\nstart: \"2026-12-03 14:00\"\r\nduration: 50m\r\ntitle: Intake\r\n"
        let repository = try Self.repository(text)
        let moved = try DocketProcess.run(["reschedule", repository.root, "a-1", "--start", "2026-12-03 15:00", "--now", Self.now])
        #expect(moved.status == 0, "\(moved.stderr)")
        let cancelled = try DocketProcess.run(["cancel", repository.root, "a-1", "--reason", "Asked by phone", "--now", Self.now])
        #expect(cancelled.status == 0, "\(cancelled.stderr)")
        let after = try Self.read(repository)
        #expect(after == "apiVersion: docket/v1\r\nkind: Appointment\r\nid: a-1\r\nclinician: dr-lee\r\nclient: jane\r\nstart: \"2026-12-03 15:00\"\r\nduration: 50m\r\nstatus: cancelled\r\ncancellation:\r\n  reason: Asked by phone\r\ntitle: Intake\r\n",
                "\(after.debugDescription)")
        #expect(try DocketProcess.run(["validate", repository.root, "--now", Self.now]).status == 0)
    }

    @Test func aFileWithoutAFinalLineEndGetsOneAndNoBlankLine() throws {
        let repository = try Self.repository("apiVersion: docket/v1\nkind: Appointment\nid: a-1\nclinician: dr-lee\nclient: jane\nstart: 2026-12-03T14:00\nduration: 50m")
        let cancelled = try DocketProcess.run(["cancel", repository.root, "a-1", "--reason", "Snow", "--now", Self.now])
        #expect(cancelled.status == 0, "\(cancelled.stderr)")
        #expect(try Self.read(repository) == "apiVersion: docket/v1\nkind: Appointment\nid: a-1\nclinician: dr-lee\nclient: jane\nstart: 2026-12-03T14:00\nduration: 50m\nstatus: cancelled\ncancellation:\n  reason: Snow\n")
    }

    @Test func cancelFollowsTheFilesIndentationAndRescheduleItsQuoting() throws {
        let text = "apiVersion: docket/v1\nkind: Appointment\nid: a-1\nclinician: dr-lee\nclient: jane\nstart: '2026-12-03 14:00'\nend: \"2026-12-03 14:50\"\nvideo:\n    link: https://video.example/r/1\n"
        let repository = try Self.repository(text)
        let moved = try DocketProcess.run(["reschedule", repository.root, "a-1", "--start", "2026-12-03 16:00", "--now", Self.now])
        #expect(moved.status == 0, "\(moved.stderr)")
        let cancelled = try DocketProcess.run(["cancel", repository.root, "a-1", "--reason", "Moved away", "--now", Self.now])
        #expect(cancelled.status == 0, "\(cancelled.stderr)")
        #expect(try Self.read(repository) == "apiVersion: docket/v1\nkind: Appointment\nid: a-1\nclinician: dr-lee\nclient: jane\nstart: '2026-12-03 16:00'\nend: \"2026-12-03 16:50\"\nstatus: cancelled\ncancellation:\n    reason: Moved away\nvideo:\n    link: https://video.example/r/1\n")
    }

    /// Values YAML 1.1 or 1.2 would read as something else are quoted; PyYAML reads each back
    /// as the string given (`=` and `<<` used to make it fail outright).
    @Test(arguments: ["yes", "No", "on", "OFF", "y", "null", "~", "123", "0x1F", "0o17", "017", "1e3", "1_000", "1:30", ".inf", "-.Inf", ".NaN",
                      "=", "<<", "2026-12-03", "2026-12-03 14:00:00", "true", "- item", "#hash", "a: b", "a #b", "@x", "'q'", "\"q\"", "x:",
                      "Intake", "Follow-up 2", "Ünïcödé", "3rd visit"])
    func valuesOtherToolsWouldMisreadAreQuoted(value: String) throws {
        let repository = try TemporaryRepository(RuleExample(files: [:]))
        let booked = try DocketProcess.run(["new", repository.root, "--clinician", "dr-lee", "--client", "jane", "--start", "2026-12-07T10:00",
                                            "--title=" + value, "--id", "a-9", "--now", Self.now])
        #expect(booked.status == 0, "\(booked.stderr)")
        let file = repository.root + "/appointments/2026/12/a-9.yaml"
        #expect(try Self.pyyaml(file, key: "title") == "str:" + value)
        let cancelled = try DocketProcess.run(["cancel", repository.root, "a-9", "--reason=" + value, "--now", Self.now])
        #expect(cancelled.status == 0, "\(cancelled.stderr)")
        #expect(try Self.pyyaml(file, key: "cancellation", nested: "reason") == "str:" + value)
        // Plain where nothing needs quoting: the file reads as a person would write it.
        if ["Intake", "Follow-up 2", "Ünïcödé", "3rd visit"].contains(value) {
            #expect(try String(contentsOfFile: file, encoding: .utf8).contains("title: \(value)\n"))
        }
    }

    /// A booking refused for a clash with a later appointment speaks of the booking asked for
    /// and never cites the file that was not written.
    @Test func aRefusedBookingSpeaksOfTheBookingAskedFor() throws {
        let repository = try TemporaryRepository(RuleExample(files: ["appointments/a-1.yaml": RuleExample.validAppointment]))
        for start in ["2026-12-03T13:30", "2026-12-03T14:30"] {
            let output = try DocketProcess.run(["new", repository.root, "--clinician", "dr-lee", "--client", "jane", "--start", start, "--now", Self.now])
            #expect(output.status == 1)
            #expect(output.stderr.contains("the booking asked for: error: [clinician-double-booked] dr-lee already has a-1 (appointments/a-1.yaml:"), "\(output.stderr)")
            #expect(!output.stderr.contains("a-2026-12-03-jane"), "\(output.stderr)")
            #expect(output.stderr.contains("nothing written"))
        }
    }
}
