import DocketRules
import DocketTestSupport
import Foundation
import Testing

/// What a reader's mail program sees: every planned message of the samples read by Python's
/// parser against the header rules (RFC 5322 folding, RFC 2047 encoded words), the structure
/// (alternative unless something is attached, invite.ics with an invitation) and the
/// agreement of the text and HTML parts (Tests/MailCheck/check_messages.py); overridden
/// templates; feeds; and the order `send` delivers in.
@Suite struct MailQualityTests {
    static let samples = DocketProcess.packageRoot + "/samples"
    static let now = "2026-11-29T12:00:00Z"

    @Test func everySampleMessageReadsCleanly() throws {
        let folder = try TemporaryRepository()
        let clinic = folder.root + "/clinic"
        try FileManager.default.copyItem(atPath: Self.samples, toPath: clinic)
        let output = try DocketProcess.run(["reconcile", clinic, "--now", Self.now])
        #expect(output.status == 0, "\(output.stderr)")
        let messages = try CheckedMessage.read(outbox: clinic + "/.docket/outbox")
        // 45 about single appointments, and the series' confirmation to its three people.
        #expect(messages.count == 48 + 3)
        for message in messages {
            #expect(message.problems.isEmpty, "\(message.file): \(message.problems)")
        }
        // A week later: reminders (no invitation: a plain multipart/alternative) read cleanly too.
        let later = try DocketProcess.run(["reconcile", clinic, "--now", "2026-12-06T12:00:00Z"])
        #expect(later.status == 0)
        let all = try CheckedMessage.read(outbox: clinic + "/.docket/outbox")
        let reminders = all.filter { $0.action == "remind" }
        #expect(!reminders.isEmpty)
        for message in reminders {
            #expect(message.problems.isEmpty, "\(message.file): \(message.problems)")
            #expect(message.attachments.isEmpty)
        }
    }

    /// A clinic that overrides one part: the other says the same, from the same wording.
    @Test(arguments: [
        ("confirm.client.txt", "Hello {{recipientName}},\n\nSee you on {{when}} with {{clinicianName}}.\n\nWhen:  {{when}}\n{{#hasVideoLink}}Join:  {{videoLink}}\n{{/hasVideoLink}}\nBring:\n- your card\n- a list of questions\n\n{{organizationName}}\n"),
        ("confirm.client.html", "<html><body><p>Hello {{recipientName}},</p><p>See you on {{when}} with {{clinicianName}} &amp; team.</p><ul><li>your card</li><li>a list of questions</li></ul><p>{{organizationName}}</p></body></html>\n"),
    ])
    func anOverriddenPartIsMatchedByTheOther(file: String, template: String) throws {
        var files = RuleExample.baseFiles
        files["appointments/a-1.yaml"] = RuleExample.validAppointment
        files["templates/" + file] = template
        let repository = try TemporaryRepository(RuleExample(files: files, standalone: true))
        let output = try DocketProcess.run(["reconcile", repository.root, "--now", "2026-12-01T12:00:00Z"])
        #expect(output.status == 0, "\(output.stderr)")
        let messages = try CheckedMessage.read(outbox: repository.root + "/.docket/outbox")
        let client = try #require(messages.first { $0.address == "jane@example.com" })
        #expect(client.problems.isEmpty, "\(client.problems)")
        #expect(client.text.contains("Hello Jane Doe,"))
        #expect(client.text.contains("your card"))
    }

    /// Published feeds carry no attendees (RFC 5546 section 3.2.1), redacted or not; a past
    /// appointment says how it went.
    @Test func feedsCarryNoAttendeesAndSayHowAVisitWent() throws {
        var files = RuleExample.baseFiles
        files["appointments/a-1.yaml"] = RuleExample.validAppointment.replacingOccurrences(of: "2026-12-03", with: "2026-11-20") + "status: fulfilled\n"
        files["appointments/a-2.yaml"] = RuleExample.validAppointment.replacingOccurrences(of: "id: a-1", with: "id: a-2")
            .replacingOccurrences(of: "2026-12-03", with: "2026-11-21") + "status: noshow\n"
        files["appointments/a-3.yaml"] = RuleExample.validAppointment.replacingOccurrences(of: "id: a-1", with: "id: a-3")
        let repository = try TemporaryRepository(RuleExample(files: files, standalone: true))
        for redacted in [[], ["--redact"]] {
            let out = repository.root + "/feeds\(redacted.count)"
            let output = try DocketProcess.run(["calendar", repository.root, "--out", out, "--now", "2026-12-01T12:00:00Z"] + redacted)
            #expect(output.status == 0, "\(output.stderr)")
            for name in try FileManager.default.contentsOfDirectory(atPath: out) where name.hasSuffix(".ics") {
                let feed = try String(contentsOfFile: out + "/" + name, encoding: .utf8)
                #expect(feed.contains("METHOD:PUBLISH"))
                #expect(!feed.contains("ATTENDEE"), "\(name) carries attendees")
            }
            let feed = try String(contentsOfFile: out + "/organization.ics", encoding: .utf8)
            let events = feed.components(separatedBy: "BEGIN:VEVENT").dropFirst()
            let attended = try #require(events.first { $0.contains("DTSTART:20261120") })
            #expect(attended.contains("SUMMARY:Attended: ") && attended.contains("STATUS:CONFIRMED") && attended.contains("CATEGORIES:Attended"))
            let noShow = try #require(events.first { $0.contains("DTSTART:20261121") })
            #expect(noShow.contains("SUMMARY:No-show: ") && !noShow.contains("STATUS:") && noShow.contains("CATEGORIES:No-show"))
            let coming = try #require(events.first { $0.contains("DTSTART:20261203") })
            #expect(coming.contains("STATUS:CONFIRMED") && !coming.contains("CATEGORIES"))
        }
    }

    /// A reminder that goes out late says the time that is left, in both parts.
    @Test func aLateReminderSaysTheTimeLeft() throws {
        var files = RuleExample.baseFiles
        files["appointments/a-1.yaml"] = RuleExample.validAppointment  // Thu 3 Dec 14:00 Toronto = 19:00Z
        let repository = try TemporaryRepository(RuleExample(files: files, standalone: true))
        #expect(try DocketProcess.run(["reconcile", repository.root, "--now", "2026-11-25T12:00:00Z"]).status == 0)
        // 26 hours before: the 72h reminder's time came long ago; the 24h one's not yet, so
        // the 72h one goes now (late), and says 26 hours.
        let late = try DocketProcess.run(["reconcile", repository.root, "--now", "2026-12-02T17:00:00Z"])
        #expect(late.status == 0, "\(late.stderr)")
        let reminders = try CheckedMessage.read(outbox: repository.root + "/.docket/outbox").filter { $0.action == "remind" }
        let reminder = try #require(reminders.first)
        #expect(reminder.text.contains("is in 26 hours"), "\(reminder.text)")
        #expect(!reminder.text.contains("72 hours"))
        #expect(reminder.problems.isEmpty, "\(reminder.problems)")
    }

    /// `send` delivers in the order planned, and a later message to the same recipient about
    /// the same appointment waits while an earlier one is deferred: a booking, a 451 for the
    /// client, then the cancellation, then a working server: "Confirmed" arrives before
    /// "Cancelled".
    @Test func aDeferredMessageIsNeverOvertakenForTheSameRecipient() throws {
        var files = RuleExample.baseFiles
        files["appointments/a-1.yaml"] = RuleExample.validAppointment
        let repository = try TemporaryRepository(RuleExample(files: files, standalone: true))
        #expect(try DocketProcess.run(["reconcile", repository.root, "--now", "2026-12-01T12:00:00Z"]).status == 0)
        let busy = try SMTPTestServer(["--temp-fail", "jane@example.com"])
        let first = try DocketProcess.run(["send", repository.root, "--smtp", "smtp://127.0.0.1:\(busy.port)"])
        #expect(first.status == 1)
        try repository.write(RuleExample.validAppointment + "status: cancelled\n", to: "appointments/a-1.yaml")
        #expect(try DocketProcess.run(["reconcile", repository.root, "--now", "2026-12-01T13:00:00Z"]).status == 0)
        // Still busy for Jane: her cancellation waits behind her confirmation; Dr. Lee's goes.
        let second = try DocketProcess.run(["send", repository.root, "--smtp", "smtp://127.0.0.1:\(busy.port)", "--format", "json"])
        #expect(second.status == 1)
        #expect(second.stdout.contains("waits for an earlier message to the same recipient"), "\(second.stdout)")
        let working = try SMTPTestServer()
        let third = try DocketProcess.run(["send", repository.root, "--smtp", "smtp://127.0.0.1:\(working.port)"])
        #expect(third.status == 0, "\(third.stdout)\(third.stderr)")
        let toJane = working.received.map { String(decoding: $0, as: UTF8.self) }.filter { $0.contains("jane@example.com>") || $0.contains("To: Jane") }
        let actions = toJane.compactMap { $0.firstMatch(of: /X-Docket-Action: (\w+)/).map { String($0.1) } }
        #expect(actions == ["confirm", "cancel"], "\(actions)")
    }

    static func organization(reminders: String) -> String {
        RuleExample.baseFiles["docket.yaml"]! + "policy:\n  reminders:\n" + reminders
    }

    /// A reminder for some types, with a note: only those appointments get it, and the note
    /// is in both parts.
    @Test func aReminderForSomeTypesCarriesItsNote() throws {
        var files = RuleExample.baseFiles
        files["docket.yaml"] = Self.organization(reminders: "    - 24h\n    - {before: 3h, types: [in-person], note: \"Bring your insurance card.\"}\n")
        files["appointments/a-1.yaml"] = RuleExample.validAppointment + "type: in-person\n"   // 19:00Z on 3 Dec
        files["appointments/a-2.yaml"] = RuleExample.validAppointment.replacingOccurrences(of: "id: a-1", with: "id: a-2")
            .replacingOccurrences(of: "client: jane", with: "client: jane\ntitle: Video call").replacingOccurrences(of: "14:00", with: "16:00")
        let repository = try TemporaryRepository(RuleExample(files: files, standalone: true))
        #expect(try DocketProcess.run(["reconcile", repository.root, "--now", "2026-12-01T12:00:00Z"]).status == 0)
        let later = try DocketProcess.run(["reconcile", repository.root, "--now", "2026-12-03T17:00:00Z", "--format", "json"])
        #expect(later.status == 0, "\(later.stderr)")
        let reminders = try CheckedMessage.read(outbox: repository.root + "/.docket/outbox").filter { $0.action == "remind" }
        let inPerson = reminders.filter { $0.file.isEmpty == false && $0.text.contains("Bring your insurance card.") }
        #expect(inPerson.count == 1, "\(reminders.map(\.text))")
        #expect(reminders.count == 2, "the 3h reminder is the in-person appointment's alone")
        for reminder in reminders { #expect(reminder.problems.isEmpty, "\(reminder.problems)") }
    }

    @Test(arguments: [
        ("    - {before: 3h, types: [in person]}\n", "invalid-value", "did you mean 'in-person'"),
        ("    - {before: 3h, note: \"\"}\n", "invalid-value", "is empty"),
        ("    - {before: 3h, note: \"Hello {{clientName}}\"}\n", "invalid-value", "template syntax"),
        ("    - 24h\n    - {before: 24h, types: [phone], note: Call us}\n", "invalid-value", "two reminders 24h before phone"),
        ("    - {types: [video]}\n", "missing-field", "no 'before'"),
        ("    - {before: 3h, notes: x}\n", "unknown-field", "did you mean 'note'"),
        ("    - {before: 3h, types: []}\n", "invalid-value", "is empty"),
        ("    - {before: 0m}\n", "invalid-duration", "a reminder comes some time before the start"),
    ])
    func aMalformedReminderIsAClearFinding(reminders: String, code: String, says: String) throws {
        var files = RuleExample.baseFiles
        files["docket.yaml"] = Self.organization(reminders: reminders)
        let repository = try TemporaryRepository(RuleExample(files: files, standalone: true))
        let output = try DocketProcess.run(["validate", repository.root])
        #expect(output.status == 1, "\(output.stdout)")
        #expect(output.stdout.contains("docket.yaml:") && output.stdout.contains("[\(code)]") && output.stdout.contains(says), "\(output.stdout)")
    }
}
