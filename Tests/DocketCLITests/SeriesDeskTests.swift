import DocketRules
import DocketTestSupport
import Foundation
import Testing

/// A series at the desk: booked with `docket new --every`, one occurrence cancelled, this and
/// the following moved (the split), shown and blocked occurrence by occurrence by `list` and
/// `slots`, exported one Appointment per occurrence, and said in words by `diff` and `history`.
@Suite struct SeriesDeskTests {
    static let now = "2026-12-01T12:00:00Z"

    @Test func bookCancelOneSplitAndReviewASeries() throws {
        let repository = try TemporaryRepository(RuleExample(files: [:]))
        try repository.git("init", "-q", "-b", "main")
        let booked = try DocketProcess.run(["new", repository.root, "--clinician", "dr-lee", "--client", "jane", "--start", "2027-01-04T10:00",
                                            "--type", "phone", "--every", "week", "--count", "8", "--now", Self.now])
        #expect(booked.status == 0, "\(booked.stderr)")
        #expect(booked.stdout == "wrote s-2027-01-04-jane to appointments/2027/01/s-2027-01-04-jane.yaml\n")
        let file = "appointments/2027/01/s-2027-01-04-jane.yaml"
        let written = try String(contentsOfFile: repository.root + "/" + file, encoding: .utf8)
        #expect(written.hasSuffix("repeat:\n  every: week\n  count: 8\n"))
        try repository.git("add", "-A")
        try repository.git("commit", "-q", "-m", "book a course")

        // Each occurrence is a row and blocks its time.
        let listed = try DocketProcess.run(["list", repository.root, "--format", "json", "--now", Self.now])
        let rows = try #require((try JSONSerialization.jsonObject(with: Data(listed.stdout.utf8)) as? [String: Any])?["appointments"] as? [[String: Any]])
        #expect(rows.map { $0["id"] as? String } == (0..<8).map { "s-2027-01-04-jane@2027-\(["01-04", "01-11", "01-18", "01-25", "02-01", "02-08", "02-15", "02-22"][$0])" })
        let slots = try DocketProcess.run(["slots", repository.root, "--clinician", "dr-lee", "--from", "2027-01-11", "--days", "1", "--duration", "50m",
                                           "--format", "json"])
        #expect(slots.status == 0, "\(slots.stderr)")
        #expect(!slots.stdout.contains("2027-01-11T10:00:00-05:00"), "the occurrence's time is offered as free: \(slots.stdout.prefix(400))")

        // One occurrence cancelled: the entry is written under the series' occurrences.
        let cancelled = try DocketProcess.run(["cancel", repository.root, "s-2027-01-04-jane", "--on", "2027-01-18", "--reason", "Clinic closed", "--now", Self.now])
        #expect(cancelled.status == 0, "\(cancelled.stderr)")
        #expect(try String(contentsOfFile: repository.root + "/" + file, encoding: .utf8)
            .hasSuffix("occurrences:\n  2027-01-18: {status: cancelled, reason: \"Clinic closed\"}\n"))
        // A date the series does not have is refused, and the file is left as it was.
        let wrongDate = try DocketProcess.run(["cancel", repository.root, "s-2027-01-04-jane", "--on", "2027-01-19", "--now", Self.now])
        #expect(wrongDate.status == 1 && wrongDate.stderr.contains("[unknown-occurrence]"), "\(wrongDate.stderr)")

        // This and the following, from 1 February at 11:00: the series ends, a new one carries on.
        let split = try DocketProcess.run(["reschedule", repository.root, "s-2027-01-04-jane", "--from", "2027-02-01", "--start", "2027-02-01T11:00",
                                           "--now", Self.now])
        #expect(split.status == 0, "\(split.stderr)")
        #expect(split.stdout.contains("the rest is s-2027-01-04-jane-from-2027-02-01 in appointments/2027/02/s-2027-01-04-jane-from-2027-02-01.yaml"))
        #expect(try String(contentsOfFile: repository.root + "/" + file, encoding: .utf8).contains("  count: 4\n"))
        let continued = try String(contentsOfFile: repository.root + "/appointments/2027/02/s-2027-01-04-jane-from-2027-02-01.yaml", encoding: .utf8)
        #expect(continued.contains("start: 2027-02-01T11:00\n") && continued.contains("  count: 4\n") && !continued.contains("2027-01-18"))

        // For a reviewer: the occurrence cancelled, the dates handed to the new series.
        let diff = try DocketProcess.run(["diff", repository.root, "--base", "HEAD"])
        #expect(diff.status == 0, "\(diff.stderr)")
        #expect(diff.stdout.contains("s-2027-01-04-jane@2027-01-18 cancelled"), "\(diff.stdout)")
        #expect(diff.stdout.contains("4 dates removed: Mon 2027-02-01, Mon 2027-02-08, Mon 2027-02-15, Mon 2027-02-22"), "\(diff.stdout)")
        #expect(diff.stdout.contains("a series: every Monday at 11:00, 4 times from Mon 2027-02-01 to Mon 2027-02-22"), "\(diff.stdout)")
        let validated = try DocketProcess.run(["validate", repository.root, "--base", "HEAD", "--now", Self.now])
        #expect(validated.status == 0, "\(validated.stdout)")

        try repository.git("add", "-A")
        try repository.git("commit", "-q", "-m", "split")
        let history = try DocketProcess.run(["history", repository.root, "s-2027-01-04-jane"])
        #expect(history.stdout.contains("a series: every Monday at 10:00, 8 times from Mon 2027-01-04 to Mon 2027-02-22"), "\(history.stdout)")
        #expect(history.stdout.contains("s-2027-01-04-jane@2027-01-18 cancelled"), "\(history.stdout)")

        // The export: one Appointment per occurrence, the cancelled one cancelled.
        let bundle = repository.root + "/bundle.json"
        let exported = try DocketProcess.run(["export", repository.root, "--format", "fhir-r4", "--out", bundle, "--now", Self.now])
        #expect(exported.stdout.hasPrefix("wrote 8 appointments"), "\(exported.stdout)")
        let text = try String(contentsOfFile: bundle, encoding: .utf8)
        #expect(text.contains("\"value\":\"s-2027-01-04-jane@2027-01-18\"") || text.contains("\"value\": \"s-2027-01-04-jane@2027-01-18\""))
    }
}
