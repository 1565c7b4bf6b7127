import DocketDesk
import DocketModel
import DocketRules
import DocketTestSupport
import Foundation
import Testing

@Suite struct FreeSlotsTests {
    static let samples = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("samples").path

    /// Booking any listed slot validates clean; booking any other time on the slot grid of the
    /// week does not.
    @Test(arguments: ["dr-ada-lee", "dr-marc-tremblay", "dr-sofia-garcia"])
    func slotsAgreeWithValidate(clinician: String) throws {
        let repository = try RepositoryLoader.load(root: Self.samples)
        let from = LocalDate(year: 2026, month: 11, day: 30)!
        let request = FreeSlots.Request(clinician: clinician, from: from, days: 7, durationMinutes: 50)
        let (zone, slots) = try FreeSlots.find(request, in: RepositoryIndex(repository))
        #expect(!slots.isEmpty)
        let listed = Set(slots.map(\.start))
        let now = Instant.parseRFC3339("2026-11-29T00:00:00Z")!
        #expect(Validator.validate(repository, options: ValidationOptions(now: now)).diagnostics.isEmpty)

        var checked = 0
        for day in 0..<7 {
            for quarter in 0..<96 {
                let local = LocalDateTime(date: from.adding(days: day), secondOfDay: quarter * 900)
                guard case .unique(let start) = zone.resolve(local) else { continue }
                var candidate = repository
                let location = SourceLocation(file: "appointments/new.yaml", line: 6, column: 8)
                var appointment = Appointment(header: DocumentHeader(kind: .appointment, id: Located("a-new", at: location), location: location))
                appointment.clinician = Located(clinician, at: location)
                // Omar has no appointment that week, so only the clinician's calendar decides.
                appointment.client = Located("omar-haddad", at: location)
                appointment.start = Located(.instant(start, offsetSeconds: 0), at: location)
                appointment.duration = Located(50, at: location)
                appointment.videoLink = Located("https://video.maplegrove.example/room/a-new", at: location)
                candidate.appointments.append(appointment)
                let findings = Validator.validate(candidate, options: ValidationOptions(now: now)).diagnostics
                #expect(findings.isEmpty == listed.contains(start),
                        "\(local) \(listed.contains(start) ? "is listed but" : "is not listed yet") validates with \(findings.map(\.code))")
                checked += 1
            }
        }
        #expect(checked >= 7 * 95)
    }

    @Test func slotsStepByPolicyAndLeaveTheBuffer() throws {
        let repository = try TemporaryRepository(RuleExample(files: [
            "docket.yaml": RuleExample.baseFiles["docket.yaml"]! + "policy:\n  bufferMinutes: 10\n  slotMinutes: 30\n",
            "clinicians/dr-lee.yaml": RuleExample.baseFiles["clinicians/dr-lee.yaml"]! + "availability:\n  weekly:\n    thursday: [\"09:00-12:00\"]\n",
            "appointments/a-1.yaml": "apiVersion: docket/v1\nkind: Appointment\nid: a-1\nclinician: dr-lee\nclient: jane\nstart: 2026-12-03T10:00\nduration: 30m\n",
        ]))
        let index = RepositoryIndex(try RepositoryLoader.load(root: repository.root))
        let request = FreeSlots.Request(clinician: "dr-lee", from: LocalDate(year: 2026, month: 12, day: 3)!, days: 1, durationMinutes: 30)
        let (zone, slots) = try FreeSlots.find(request, in: index)
        // 09:00 ends 09:30 (30 minutes before 10:00); 09:30 would end at 10:00, inside the buffer.
        #expect(slots.map { zone.localDateTime(at: $0.start).timeText } == ["09:00", "11:00", "11:30"])
    }

    @Test func unknownAndInactiveCliniciansAreRefused() throws {
        let repository = try TemporaryRepository(RuleExample(files: [
            "clinicians/dr-old.yaml": "apiVersion: docket/v1\nkind: Clinician\nid: dr-old\nname: Dr. Old\nemail: old@maple.example\ntimezone: America/Toronto\nactive: false\n",
        ]))
        let index = RepositoryIndex(try RepositoryLoader.load(root: repository.root))
        let date = LocalDate(year: 2026, month: 12, day: 3)!
        #expect(throws: FreeSlots.Refusal.unknownClinician("dr-le", suggestion: "dr-lee")) {
            try FreeSlots.find(.init(clinician: "dr-le", from: date, days: 1, durationMinutes: 50), in: index)
        }
        #expect(throws: FreeSlots.Refusal.inactive("dr-old")) {
            try FreeSlots.find(.init(clinician: "dr-old", from: date, days: 1, durationMinutes: 50), in: index)
        }
    }
}
