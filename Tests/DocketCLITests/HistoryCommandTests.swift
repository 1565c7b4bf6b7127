import DocketRules
import DocketTestSupport
import Foundation
import Testing

/// `docket history ID` over a real git history: renames, a deletion and a re-creation, a merge.
@Suite struct HistoryCommandTests {
    static let drKim = "apiVersion: docket/v1\nkind: Clinician\nid: dr-kim\nname: Dr. Min Kim\nemail: min.kim@maple.example\ntimezone: America/Toronto\n"

    static func appointment(start: String = "2026-12-03T14:00", clinician: String = "dr-lee", extra: String = "") -> String {
        "apiVersion: docket/v1\nkind: Appointment\nid: a-1\nclinician: \(clinician)\nclient: jane\nstart: \(start)\nduration: 50m\n\(extra)"
    }

    @Test func eachCommitThatTouchedTheAppointmentSaysWhatChanged() throws {
        var files = RuleExample.baseFiles
        files["clinicians/dr-kim.yaml"] = Self.drKim
        files["appointments/a-1.yaml"] = Self.appointment()
        let repository = try TemporaryRepository(RuleExample(files: files, standalone: true))
        try repository.git("init", "-q", "-b", "main")
        try repository.git("add", "-A")
        try repository.git("commit", "-q", "-m", "book a-1")
        // Moved an hour later, on a branch; an unrelated change on main; merged.
        try repository.git("checkout", "-q", "-b", "later")
        try repository.write(Self.appointment(start: "2026-12-03T15:00"), to: "appointments/a-1.yaml")
        try repository.git("commit", "-q", "-am", "move a-1", author: "Ada Lee <ada.lee@maple.example>")
        try repository.git("checkout", "-q", "main")
        try repository.write("apiVersion: docket/v1\nkind: Client\nid: kim\nname: Kim Park\nemail: kim@example.com\n", to: "clients/kim.yaml")
        try repository.git("add", "-A")
        try repository.git("commit", "-q", "-m", "a client")
        try repository.git("merge", "-q", "--no-ff", "-m", "merge later", "later")
        // Renamed into a folder, with a participant and a handover.
        try FileManager.default.createDirectory(atPath: repository.root + "/appointments/2026/12", withIntermediateDirectories: true)
        try repository.git("mv", "appointments/a-1.yaml", "appointments/2026/12/a-1.yaml")
        try repository.write(Self.appointment(start: "2026-12-03T15:00", clinician: "dr-kim",
                                              extra: "participants:\n  - {name: Priya Nair, email: priya@maple.example, role: coordinator}\n"),
                             to: "appointments/2026/12/a-1.yaml")
        try repository.git("commit", "-q", "-am", "hand over")
        // Deleted, then booked again under another name.
        try repository.git("rm", "-q", "appointments/2026/12/a-1.yaml")
        try repository.git("commit", "-q", "-m", "delete")
        try repository.write(Self.appointment(start: "2026-12-10T09:00", extra: "status: cancelled\ncancellation:\n  reason: Client asked\n"),
                             to: "appointments/again.yaml")
        try repository.git("add", "-A")
        try repository.git("commit", "-q", "-m", "again, cancelled")

        let output = try DocketProcess.run(["history", repository.root, "a-1", "--format", "json"])
        #expect(output.status == 0, "\(output.stderr)")
        struct History: Decodable {
            struct Entry: Decodable { var author, email, file: String; var changes: [String] }
            var appointment: String
            var entries: [Entry]
        }
        let history = try JSONDecoder().decode(History.self, from: Data(output.stdout.utf8))
        #expect(history.appointment == "a-1")
        #expect(history.entries.map(\.changes) == [
            ["booked: Thu 3 Dec 14:00–14:50 America/Toronto with dr-lee for jane"],
            ["moved from Thu 3 Dec 14:00–14:50 America/Toronto to 15:00–15:50 America/Toronto"],
            ["file moved: appointments/a-1.yaml → appointments/2026/12/a-1.yaml", "clinician: dr-lee → dr-kim", "participant added: Priya Nair"],
            ["deleted (appointments/2026/12/a-1.yaml)"],
            ["recorded as cancelled: Thu 10 Dec 09:00–09:50 America/Toronto with dr-lee for jane"],
        ], "\(output.stdout)")
        #expect(history.entries[1].email == "ada.lee@maple.example")
        #expect(history.entries.map(\.file) == ["appointments/a-1.yaml", "appointments/a-1.yaml", "appointments/2026/12/a-1.yaml",
                                                "appointments/2026/12/a-1.yaml", "appointments/again.yaml"])
        let text = try DocketProcess.run(["history", repository.root, "a-1"])
        #expect(text.stdout.contains("  moved from Thu 3 Dec 14:00–14:50 America/Toronto to 15:00–15:50 America/Toronto\n"))
        #expect(text.stdout.contains("Ada Lee <ada.lee@maple.example>"))
    }

    @Test func anIDNeverSeenIsExitOneAndNoGitIsExitTwo() throws {
        let repository = try TemporaryRepository(RuleExample(files: ["appointments/a-1.yaml": Self.appointment()]))
        let outside = try DocketProcess.run(["history", repository.root, "a-1"])
        #expect(outside.status == 2 && outside.stderr.contains("not inside a git work tree"), "\(outside.stderr)")
        try repository.git("init", "-q", "-b", "main")
        try repository.git("add", "-A")
        try repository.git("commit", "-q", "-m", "book")
        let unknown = try DocketProcess.run(["history", repository.root, "a-2"])
        #expect(unknown.status == 1 && unknown.stderr.contains("no appointment 'a-2'"))
    }
}
