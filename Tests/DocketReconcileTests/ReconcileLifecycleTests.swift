import DocketMail
import DocketModel
import DocketReconcile
import DocketRules
import DocketTestSupport
import Foundation
import Testing

/// A clinic's repository for reconcile tests: reminders at 72h, 24h and 1h, a portal.
enum Clinic {
    static let organization = """
        apiVersion: docket/v1
        kind: Organization
        id: maple
        name: Maple Clinic
        timezone: America/Toronto
        email:
          from: Maple Clinic <hello@maple.example>
          replyTo: Front Desk <desk@maple.example>
          domain: maple.example
        portalURL: https://portal.maple.example/account
        policy:
          reminders: [72h, 24h, 1h]

        """

    static func appointment(start: String = "2026-12-10T14:00", extra: String = "") -> String {
        """
        apiVersion: docket/v1
        kind: Appointment
        id: a-1
        clinician: dr-lee
        client: jane
        start: \(start)
        duration: 50m
        title: Intake
        createdBy: sam
        video:
          link: https://video.maple.example/room/a-1
        participants:
          - {name: Lucía Fernández, email: lucia@interpreters.example, role: interpreter}
        notes: |
          SECRET-NOTE never leaves the repository.
        \(extra)
        """
    }

    static func repository(_ appointment: String = Clinic.appointment()) throws -> TemporaryRepository {
        try TemporaryRepository(RuleExample(files: ["docket.yaml": organization, "appointments/a-1.yaml": appointment]))
    }
}

@Suite struct ReconcileLifecycleTests {
    func run(_ repository: TemporaryRepository, now: String, prune: Bool = false) throws -> (Plan, [CheckedMessage]) {
        let outbox = repository.root + "/.docket/outbox"
        let before = Set((try? FileManager.default.contentsOfDirectory(atPath: outbox)) ?? [])
        let outcome = try Reconciler.run(.init(root: repository.root, now: Instant.parseRFC3339(now)!, prune: prune))
        guard case .done(let plan, _) = outcome else {
            Issue.record("validation failed")
            throw CancellationError()
        }
        let after = Set((try? FileManager.default.contentsOfDirectory(atPath: outbox)) ?? [])
        let new = after.subtracting(before).filter { $0.hasSuffix(".eml") }.sorted().map { outbox + "/" + $0 }
        let messages = try CheckedMessage.read(new)
        for message in messages {
            #expect(message.problems.isEmpty, "\(message.action) to \(message.to): \(message.problems)")
            #expect(!message.text.contains("SECRET-NOTE"))
        }
        return (plan, messages)
    }

    func state(_ repository: TemporaryRepository) throws -> RecordedState {
        try RecordedState.load(path: repository.root + "/.docket/state.json")
    }

    @Test func confirmRerunRescheduleRemindersAndCancel() throws {
        let repository = try Clinic.repository()
        let everyone: Set<String> = ["ada.lee@maple.example", "jane@example.com", "sam@maple.example", "lucia@interpreters.example"]

        // A new booking: everyone is confirmed with SEQUENCE 0.
        let (_, confirmed) = try run(repository, now: "2026-12-01T12:00:00Z")
        #expect(Set(confirmed.map(\.address)) == everyone)
        #expect(confirmed.allSatisfy { $0.action == "confirm" && $0.sequence == 0 && $0.uid == "a-1@maple.example" })
        #expect(confirmed.first { $0.address == "jane@example.com" }?.text.contains("get set up") == true)

        // The same inputs again: nothing.
        let stateBefore = try Data(contentsOf: URL(fileURLWithPath: repository.root + "/.docket/state.json"))
        let (rerun, nothing) = try run(repository, now: "2026-12-01T12:00:00Z")
        #expect(rerun.messages.isEmpty && nothing.isEmpty)
        #expect(try Data(contentsOf: URL(fileURLWithPath: repository.root + "/.docket/state.json")) == stateBefore)

        // Moved a day later: everyone hears of it with SEQUENCE 1 and both times.
        try repository.write(Clinic.appointment(start: "2026-12-11T15:00"), to: "appointments/a-1.yaml")
        let (_, moved) = try run(repository, now: "2026-12-02T12:00:00Z")
        #expect(Set(moved.map(\.address)) == everyone)
        #expect(moved.allSatisfy { $0.action == "reschedule" && $0.sequence == 1 })
        let janeMoved = try #require(moved.first { $0.address == "jane@example.com" })
        #expect(janeMoved.text.contains("Fri 11 Dec 2026, 15:00–15:50 (America/Toronto)"))
        #expect(janeMoved.text.contains("Thu 10 Dec 2026, 14:00–14:50 (America/Toronto)"))

        // 23 hours before: the 24h reminder goes to the client; the 72h one is skipped.
        let (_, day) = try run(repository, now: "2026-12-10T21:00:00Z")
        #expect(day.map(\.action) == ["remind"])
        #expect(day.map(\.address) == ["jane@example.com"])
        // The truth, not the offset: it goes out 23 hours before.
        #expect(day.first?.text.contains("is in 23 hours") == true, "\(day.first?.text ?? "")")
        #expect(try state(repository).appointments["a-1"]?.reminders == ["4320": .skipped, "1440": .sent])

        // 50 minutes before: the 1h reminder.
        let (_, hour) = try run(repository, now: "2026-12-11T19:10:00Z")
        #expect(hour.map(\.action) == ["remind"])
        #expect(hour.first?.text.contains("is in 50 minutes") == true, "\(hour.first?.text ?? "")")
        let (_, again) = try run(repository, now: "2026-12-11T19:20:00Z")
        #expect(again.isEmpty)

        // Cancelled: everyone notified before gets METHOD:CANCEL with SEQUENCE 2.
        try repository.write(Clinic.appointment(start: "2026-12-11T15:00", extra: "status: cancelled\ncancellation:\n  reason: Clinician unwell\n"),
                             to: "appointments/a-1.yaml")
        let (_, cancelled) = try run(repository, now: "2026-12-11T19:30:00Z")
        #expect(Set(cancelled.map(\.address)) == everyone)
        #expect(cancelled.allSatisfy { $0.action == "cancel" && $0.method == "CANCEL" && $0.sequence == 2 })
        #expect(cancelled.first { $0.address == "jane@example.com" }?.text.contains("Clinician unwell") == true)
        let (_, afterCancel) = try run(repository, now: "2026-12-11T19:40:00Z")
        #expect(afterCancel.isEmpty)
    }

    @Test func updatesAndParticipantsComingAndGoing() throws {
        let repository = try Clinic.repository()
        _ = try run(repository, now: "2026-12-01T12:00:00Z")
        // A new title: an update to everyone.
        try repository.write(Clinic.appointment().replacingOccurrences(of: "title: Intake", with: "title: Intake, part 1"), to: "appointments/a-1.yaml")
        let (_, updated) = try run(repository, now: "2026-12-01T13:00:00Z")
        #expect(updated.count == 4 && updated.allSatisfy { $0.action == "update" && $0.sequence == 1 })
        // The interpreter replaced: the new one is confirmed, the old one cancelled, nobody else told.
        try repository.write(Clinic.appointment()
            .replacingOccurrences(of: "title: Intake", with: "title: Intake, part 1")
            .replacingOccurrences(of: "{name: Lucía Fernández, email: lucia@interpreters.example, role: interpreter}",
                                  with: "{name: Chen Jing, email: jing@interpreters.example, role: interpreter}"),
            to: "appointments/a-1.yaml")
        let (_, swapped) = try run(repository, now: "2026-12-01T14:00:00Z")
        #expect(Set(swapped.map { "\($0.action) \($0.address)" }) == ["confirm jing@interpreters.example", "cancel lucia@interpreters.example"])
        let cancelLucia = try #require(swapped.first { $0.action == "cancel" })
        #expect(cancelLucia.attendees == ["lucia@interpreters.example"])
    }

    static let drKim = "apiVersion: docket/v1\nkind: Clinician\nid: dr-kim\nname: Dr. Min Kim\nemail: min.kim@maple.example\ntimezone: America/Toronto\n"

    /// A handover: the old clinician's invitation is cancelled, the new one confirmed, and the
    /// client, the coordinator who booked it and the participants are told who they will see.
    @Test func aHandoverTellsEveryoneWhoStaysWhoTheyWillNowSee() throws {
        let repository = try Clinic.repository()
        try repository.write(Self.drKim, to: "clinicians/dr-kim.yaml")
        _ = try run(repository, now: "2026-12-01T12:00:00Z")
        try repository.write(Clinic.appointment().replacingOccurrences(of: "clinician: dr-lee", with: "clinician: dr-kim"), to: "appointments/a-1.yaml")
        let (_, handed) = try run(repository, now: "2026-12-01T13:00:00Z")
        #expect(Set(handed.map { "\($0.action) \($0.address)" }) == [
            "cancel ada.lee@maple.example", "confirm min.kim@maple.example",
            "update jane@example.com", "update sam@maple.example", "update lucia@interpreters.example",
        ])
        for update in handed where update.action == "update" {
            #expect(flat(update.text).contains("you will now see Dr. Min Kim instead of Dr. Ada Lee"), "\(update.address): \(update.text)")
            #expect(update.method == "REQUEST" && update.sequence == 1)
            #expect(update.attendees?.contains("min.kim@maple.example") == true && update.attendees?.contains("ada.lee@maple.example") == false)
        }
        let cancelled = try #require(handed.first { $0.action == "cancel" })
        #expect(cancelled.attendees == ["ada.lee@maple.example"])

        // Handed back and moved in one change: everyone who stays gets a reschedule that says both.
        try repository.write(Clinic.appointment(start: "2026-12-10T16:00"), to: "appointments/a-1.yaml")
        let (_, moved) = try run(repository, now: "2026-12-01T14:00:00Z")
        #expect(Set(moved.map { "\($0.action) \($0.address)" }) == [
            "cancel min.kim@maple.example", "confirm ada.lee@maple.example",
            "reschedule jane@example.com", "reschedule sam@maple.example", "reschedule lucia@interpreters.example",
        ])
        let client = try #require(moved.first { $0.address == "jane@example.com" })
        #expect(flat(client.text).contains("You will now see Dr. Ada Lee instead of Dr. Min Kim."), "\(client.text)")
        #expect(client.text.contains("Was:") && client.text.contains("14:00") && client.text.contains("16:00"))
    }

    @Test func aBookingTwoHoursAheadSkipsTheRemindersWhoseTimeHasCome() throws {
        let repository = try Clinic.repository()
        let (_, confirmed) = try run(repository, now: "2026-12-10T17:00:00Z")
        #expect(confirmed.allSatisfy { $0.action == "confirm" })
        #expect(try state(repository).appointments["a-1"]?.reminders == ["4320": .skipped, "1440": .skipped])
        let (_, soon) = try run(repository, now: "2026-12-10T18:05:00Z")
        #expect(soon.map(\.action) == ["remind"])
        #expect(soon.first?.text.contains("is in 55 minutes") == true, "\(soon.first?.text ?? "")")
    }

    @Test func historyIsRecordedWithoutMail() throws {
        let repository = try Clinic.repository(Clinic.appointment(start: "2026-11-02T10:00", extra: "status: fulfilled\n"))
        let (plan, messages) = try run(repository, now: "2026-12-01T12:00:00Z")
        #expect(messages.isEmpty)
        #expect(plan.recordedWithoutMail == ["a-1"])
        #expect(try state(repository).appointments["a-1"]?.status == .history)
    }

    @Test func aDeletedFileIsOrphanedUnlessPruned() throws {
        let repository = try Clinic.repository()
        _ = try run(repository, now: "2026-12-01T12:00:00Z")
        try FileManager.default.removeItem(atPath: repository.root + "/appointments/a-1.yaml")
        let (orphanPlan, none) = try run(repository, now: "2026-12-02T12:00:00Z")
        #expect(none.isEmpty)
        #expect(orphanPlan.orphaned == [Orphan(appointmentID: "a-1", file: "appointments/a-1.yaml")])
        let (_, cancelled) = try run(repository, now: "2026-12-02T12:00:00Z", prune: true)
        #expect(cancelled.count == 4 && cancelled.allSatisfy { $0.action == "cancel" && $0.sequence == 1 })
        #expect(cancelled.first?.text.contains("Intake") == true)
    }

    @Test func aMessageAlreadySentIsNeverWrittenAgain() throws {
        let repository = try Clinic.repository()
        let outbox = repository.root + "/.docket/outbox"
        _ = try run(repository, now: "2026-12-01T12:00:00Z")
        try FileManager.default.createDirectory(atPath: outbox + "/sent", withIntermediateDirectories: true)
        for name in try FileManager.default.contentsOfDirectory(atPath: outbox) where name.hasSuffix(".eml") {
            try FileManager.default.moveItem(atPath: outbox + "/" + name, toPath: outbox + "/sent/" + name)
        }
        // Lose the state as a crash before it was written would: the plan is made again, but
        // every message is found in sent/.
        try FileManager.default.removeItem(atPath: repository.root + "/.docket/state.json")
        let outcome = try Reconciler.run(.init(root: repository.root, now: Instant.parseRFC3339("2026-12-01T12:00:00Z")!))
        guard case .done(let plan, let written) = outcome else { throw CancellationError() }
        #expect(plan.messages.count == 4)
        #expect(written == 0)
    }

    /// A run of the docket before SHA-256 keys, killed after its messages and before its
    /// state: the rerun finds them under their old names and writes none of them again.
    @Test(arguments: ["", "sent/", "failed/"])
    func messagesWrittenUnderTheEarlierKeysAreNotWrittenAgain(folder: String) throws {
        let repository = try Clinic.repository()
        let outbox = repository.root + "/.docket/outbox"
        let now = Instant.parseRFC3339("2026-12-01T12:00:00Z")!
        guard case .done(let plan, let written) = try Reconciler.run(.init(root: repository.root, now: now)) else { throw CancellationError() }
        #expect(written == 4)
        try FileManager.default.createDirectory(atPath: outbox + "/" + folder, withIntermediateDirectories: true)
        for message in plan.messages {
            #expect(message.key != message.legacyKey)
            try FileManager.default.moveItem(atPath: outbox + "/" + message.key + ".eml", toPath: outbox + "/" + folder + message.legacyKey + ".eml")
        }
        try FileManager.default.removeItem(atPath: repository.root + "/.docket/state.json")
        guard case .done(let again, let rewritten) = try Reconciler.run(.init(root: repository.root, now: now)) else { throw CancellationError() }
        #expect(again.messages.count == 4)
        #expect(rewritten == 0)
        #expect(((try? FileManager.default.contentsOfDirectory(atPath: outbox)) ?? []).filter { $0.hasSuffix(".eml") }.count == (folder.isEmpty ? 4 : 0))
    }

    @Test func keysAreSHA256OfTheirPartsAndTellPartBoundariesApart() {
        // SHA-256 of "a-1\0confirm\0jane@example.com\0seq0\0", its first 128 bits.
        #expect(MessageKey.make(["a-1", "confirm", "jane@example.com", "seq0"]) == "039a815e0b5afdc871f75347483414f2")
        #expect(MessageKey.make(["ab", "c"]) != MessageKey.make(["a", "bc"]))
        #expect(MessageKey.make(["a-1"]).count == 32)
    }

    /// A message's text with its line wrapping undone.
    func flat(_ text: String) -> String {
        text.split(whereSeparator: \.isWhitespace).joined(separator: " ")
    }
}

/// A weekly series through its life: one confirmation of the whole series, one occurrence
/// cancelled and one moved (messages about those alone), a series-wide change (one update
/// naming the dates added), reminders per occurrence, and the series cancelled.
@Suite struct SeriesLifecycleTests {
    static func series(_ extra: String = "", count: Int = 6, title: String = "Weekly therapy") -> String {
        """
        apiVersion: docket/v1
        kind: Appointment
        id: s-1
        clinician: dr-lee
        client: jane
        start: 2027-03-01T10:00
        duration: 50m
        title: \(title)
        createdBy: sam
        video:
          link: https://video.maple.example/room/s-1
        repeat: {every: week, count: \(count)}
        \(extra)
        """
    }

    @Test func aSeriesIsConfirmedOnceChangedOccurrenceByOccurrenceAndRemindedPerOccurrence() throws {
        let repository = try TemporaryRepository(RuleExample(files: ["docket.yaml": Clinic.organization, "appointments/s-1.yaml": Self.series()]))
        let lifecycle = ReconcileLifecycleTests()
        let everyone: Set<String> = ["ada.lee@maple.example", "jane@example.com", "sam@maple.example"]

        // New: one confirmation of the whole series to each, with its rule in words and its RRULE.
        let (_, confirmed) = try lifecycle.run(repository, now: "2027-02-20T12:00:00Z")
        #expect(Set(confirmed.map(\.address)) == everyone)
        #expect(confirmed.allSatisfy { $0.action == "confirm" && $0.uid == "s-1@maple.example" && $0.rrule == "FREQ=WEEKLY;WKST=MO;COUNT=6" })
        let jane = try #require(confirmed.first { $0.address == "jane@example.com" })
        let words = jane.text.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        #expect(words.contains("Repeats: every Monday at 10:00 (America/Toronto), 6 times, from Mon 1 Mar 2027 to Mon 5 Apr 2027"), "\(jane.text)")
        #expect(jane.subject.contains("every Monday at 10:00"))
        let (_, nothing) = try lifecycle.run(repository, now: "2027-02-20T12:00:00Z")
        #expect(nothing.isEmpty)

        // One occurrence cancelled, another moved: a message about each alone, by RECURRENCE-ID
        // (in the series' zone, across the change to summer time on 14 March).
        try repository.write(Self.series("occurrences:\n  2027-03-08: {status: cancelled, reason: Clinic closed}\n  2027-03-15: {start: 2027-03-16T11:00}\n"),
                             to: "appointments/s-1.yaml")
        let (_, changed) = try lifecycle.run(repository, now: "2027-02-21T12:00:00Z")
        let cancels = changed.filter { $0.action == "cancel" }
        let moves = changed.filter { $0.action == "reschedule" }
        #expect(Set(cancels.map(\.address)) == everyone && Set(moves.map(\.address)) == everyone && changed.count == 6)
        #expect(cancels.allSatisfy { $0.method == "CANCEL" && $0.recurrence_ids == ["20270308T100000"] })
        #expect(cancels.allSatisfy { $0.header_appointment == "s-1@2027-03-08" && $0.uid == "s-1@maple.example" })
        #expect(moves.allSatisfy { $0.header_appointment == "s-1@2027-03-15" && $0.sequence ?? 0 >= 1 })
        #expect(cancels.first { $0.address == "jane@example.com" }?.text.contains("Only this session is cancelled") == true)
        #expect(cancels.first { $0.address == "jane@example.com" }?.text.contains("Clinic closed") == true)
        #expect(moves.first { $0.address == "jane@example.com" }?.text.contains("Tue 16 Mar 2027, 11:00–11:50 (America/Toronto)") == true)

        // Two more weeks: one update of the series, naming the dates added; its invitation
        // carries the cancelled date as EXDATE and the moved one as its own event.
        try repository.write(Self.series("occurrences:\n  2027-03-08: {status: cancelled, reason: Clinic closed}\n  2027-03-15: {start: 2027-03-16T11:00}\n", count: 8),
                             to: "appointments/s-1.yaml")
        let (_, updated) = try lifecycle.run(repository, now: "2027-02-22T12:00:00Z")
        #expect(updated.count == 3 && updated.allSatisfy { $0.action == "update" && $0.rrule == "FREQ=WEEKLY;WKST=MO;COUNT=8" })
        let update = try #require(updated.first { $0.address == "jane@example.com" })
        #expect(update.text.contains("Added:") && update.text.contains("Mon 12 Apr 2027, Mon 19 Apr 2027"), "\(update.text)")
        #expect(update.exdates == ["20270308T100000"] && update.text.contains("Skipped:"))
        #expect(update.recurrence_ids == ["20270315T100000"])
        #expect(update.recurrence_ids?.count == 1)

        // The day before the first session: its reminder, to the client alone; a week later the next one's.
        let (_, first) = try lifecycle.run(repository, now: "2027-02-28T16:00:00Z")
        #expect(first.map(\.action) == ["remind"] && first.map(\.address) == ["jane@example.com"])
        #expect(first.first?.header_appointment == "s-1@2027-03-01")
        // The 8 March session is cancelled: no reminder for it.
        let (_, cancelledWeek) = try lifecycle.run(repository, now: "2027-03-07T16:00:00Z")
        #expect(cancelledWeek.isEmpty)
        let (_, moved) = try lifecycle.run(repository, now: "2027-03-15T16:00:00Z")
        #expect(moved.map(\.header_appointment) == ["s-1@2027-03-15"])

        // The whole series cancelled: one cancellation, no more reminders.
        try repository.write(Self.series("status: cancelled\n", count: 8), to: "appointments/s-1.yaml")
        let (_, cancelled) = try lifecycle.run(repository, now: "2027-03-20T12:00:00Z")
        #expect(cancelled.count == 3 && cancelled.allSatisfy { $0.action == "cancel" && $0.header_appointment == "s-1" && $0.recurrence_ids == [] })
        #expect(cancelled.first { $0.address == "jane@example.com" }?.text.contains("The whole series is cancelled") == true)
        let (_, after) = try lifecycle.run(repository, now: "2027-03-21T16:00:00Z")
        #expect(after.isEmpty)
    }
}
