@testable import DocketModel
import DocketRules
import DocketTestSupport
import Testing

/// Availability across daylight-saving changes in both hemispheres, and across midnight.
@Suite struct SchedulingTests {
    struct Case: CustomTestStringConvertible, Sendable {
        var zone: String
        var start: String
        var outside: Bool
        var testDescription: String { "\(start) in \(zone) is \(outside ? "outside" : "inside")" }
    }

    /// Mondays 09:00-17:00 local. Toronto switches on 14 Mar and 7 Nov 2027; Sydney on
    /// 4 Apr (back) and 3 Oct 2027 (forward).
    static let mondays: [Case] = [
        Case(zone: "America/Toronto", start: "2027-03-08T14:00:00Z", outside: false),  // 09:00 EST
        Case(zone: "America/Toronto", start: "2027-03-08T13:00:00Z", outside: true),   // 08:00 EST
        Case(zone: "America/Toronto", start: "2027-03-15T13:00:00Z", outside: false),  // 09:00 EDT
        Case(zone: "America/Toronto", start: "2027-03-15T12:30:00Z", outside: true),   // 08:30 EDT
        Case(zone: "America/Toronto", start: "2027-03-15T20:10:00Z", outside: false),  // 16:10-17:00 EDT
        Case(zone: "America/Toronto", start: "2027-03-15T21:10:00Z", outside: true),   // 17:10 EDT
        Case(zone: "America/Toronto", start: "2027-11-01T13:00:00Z", outside: false),  // 09:00 EDT
        Case(zone: "America/Toronto", start: "2027-11-08T13:00:00Z", outside: true),   // 08:00 EST
        Case(zone: "America/Toronto", start: "2027-11-08T14:00:00Z", outside: false),  // 09:00 EST
        Case(zone: "Australia/Sydney", start: "2027-03-28T22:00:00Z", outside: false), // Mon 29 Mar 09:00 AEDT
        Case(zone: "Australia/Sydney", start: "2027-03-28T21:00:00Z", outside: true),  // 08:00 AEDT
        Case(zone: "Australia/Sydney", start: "2027-04-04T23:00:00Z", outside: false), // Mon 5 Apr 09:00 AEST
        Case(zone: "Australia/Sydney", start: "2027-04-04T22:00:00Z", outside: true),  // 08:00 AEST
        Case(zone: "Australia/Sydney", start: "2027-09-26T23:00:00Z", outside: false), // Mon 27 Sep 09:00 AEST
        Case(zone: "Australia/Sydney", start: "2027-10-03T22:00:00Z", outside: false), // Mon 4 Oct 09:00 AEDT
        Case(zone: "Australia/Sydney", start: "2027-10-03T21:00:00Z", outside: true),  // 08:00 AEDT
        Case(zone: "Australia/Sydney", start: "2027-10-04T09:00", outside: false),     // local, read in Sydney
    ]

    static func repository(zone: String, weekly: String, appointment: String) -> RuleExample {
        RuleExample(files: [
            "clinicians/dr-lee.yaml": """
                apiVersion: docket/v1
                kind: Clinician
                id: dr-lee
                name: Dr. Ada Lee
                email: ada.lee@maple.example
                timezone: \(zone)
                availability:
                  weekly:
                \(weekly)
                """,
            "appointments/a-1.yaml": appointment,
        ], now: "2026-12-01T00:00:00Z")
    }

    static func appointment(start: String, duration: String = "50m") -> String {
        "apiVersion: docket/v1\nkind: Appointment\nid: a-1\nclinician: dr-lee\nclient: jane\nstart: \(start)\nduration: \(duration)\n"
    }

    func codes(_ example: RuleExample) throws -> [DiagnosticCode] {
        let repository = try TemporaryRepository(example)
        let now = try #require(Instant.parseRFC3339(example.now))
        return try Validator.validate(root: repository.root, options: ValidationOptions(now: now)).diagnostics.map(\.code)
    }

    @Test(arguments: mondays)
    func weeklyHoursFollowDaylightSaving(_ check: Case) throws {
        let example = Self.repository(zone: check.zone, weekly: "    monday: [\"09:00-17:00\"]",
                                      appointment: Self.appointment(start: check.start))
        #expect(try codes(example) == (check.outside ? [.outsideAvailability] : []))
    }

    @Test func anAppointmentCrossingLocalMidnightIsNotInsideOneWindow() throws {
        let weekly = "    monday: [\"20:00-24:00\"]\n    tuesday: [\"00:00-04:00\"]"
        let crossing = Self.repository(zone: "America/Toronto", weekly: weekly, appointment: Self.appointment(start: "2027-01-04T23:30", duration: "1h"))
        #expect(try codes(crossing) == [.outsideAvailability])
        let untilMidnight = Self.repository(zone: "America/Toronto", weekly: weekly, appointment: Self.appointment(start: "2027-01-04T23:00", duration: "1h"))
        #expect(try codes(untilMidnight) == [])
        let afterMidnight = Self.repository(zone: "America/Toronto", weekly: weekly, appointment: Self.appointment(start: "2027-01-05T00:00", duration: "1h"))
        #expect(try codes(afterMidnight) == [])
    }

    @Test func aWindowOnTheSpringForwardNightIsAsLongAsTheClockSays() throws {
        // 01:00-04:00 on 14 Mar 2027 in Toronto lasts two hours: 06:00Z to 08:00Z.
        let weekly = "    sunday: [\"01:00-04:00\"]"
        let inside = Self.repository(zone: "America/Toronto", weekly: weekly, appointment: Self.appointment(start: "2027-03-14T07:00:00Z", duration: "1h"))
        #expect(try codes(inside) == [])
        let past = Self.repository(zone: "America/Toronto", weekly: weekly, appointment: Self.appointment(start: "2027-03-14T07:30:00Z", duration: "1h"))
        #expect(try codes(past) == [.outsideAvailability])
    }

    @Test func aLocalStartInTheAppointmentsZoneIsComparedAsAnInstant() throws {
        // 06:00 in Vancouver is 09:00 in Toronto in winter.
        let example = Self.repository(zone: "America/Toronto", weekly: "    monday: [\"09:00-17:00\"]",
                                      appointment: Self.appointment(start: "2027-01-04T06:00") + "timezone: America/Vancouver\n")
        #expect(try codes(example) == [])
    }

    @Test func eachDoubleBookedAppointmentIsReportedOnceAtTheLaterStart() throws {
        var files: [String: String] = ["clients/kim.yaml": "apiVersion: docket/v1\nkind: Client\nid: kim\nname: Kim Park\nemail: kim@example.com\n"]
        for (index, start) in ["2026-12-03T14:00", "2026-12-03T14:20", "2026-12-03T14:40", "2026-12-03T16:00"].enumerated() {
            files["appointments/a-\(index).yaml"] = "apiVersion: docket/v1\nkind: Appointment\nid: a-\(index)\nclinician: dr-lee\nclient: \(index % 2 == 0 ? "jane" : "kim")\nstart: \(start)\nduration: 30m\n"
        }
        let repository = try TemporaryRepository(RuleExample(files: files))
        let result = try Validator.validate(root: repository.root, options: ValidationOptions(now: Instant(seconds: 0)))
        let clinician = result.diagnostics.filter { $0.code == .clinicianDoubleBooked }
        // 14:00-14:30 overlaps 14:20-14:50; 14:20-14:50 overlaps 14:40-15:10; 14:00 and 14:40 do not.
        #expect(clinician.map(\.location.file) == ["appointments/a-1.yaml", "appointments/a-2.yaml"])
        #expect(clinician.map { $0.related.map(\.file) } == [["appointments/a-0.yaml"], ["appointments/a-1.yaml"]])
        #expect(clinician.first?.message.hasPrefix("dr-lee already has a-0 (appointments/a-0.yaml:6) from 14:00 to 14:30 America/Toronto") == true)
        #expect(result.diagnostics.filter { $0.code == .clientDoubleBooked }.isEmpty)
    }

    @Test func anAppointmentOverlappingSeveralNamesTheNearestAndCountsTheOthers() throws {
        var files: [String: String] = [:]
        // a-0 runs all afternoon; a-1 and a-2 start inside it, a-2 also inside a-1; a-3 after a-1 ended.
        for (index, (start, duration)) in [("2026-12-03T13:00", "4h"), ("2026-12-03T14:00", "1h"), ("2026-12-03T14:30", "1h"),
                                          ("2026-12-03T15:10", "20m")].enumerated() {
            files["appointments/a-\(index).yaml"] = "apiVersion: docket/v1\nkind: Appointment\nid: a-\(index)\nclinician: dr-lee\nclient: c\(index)\nstart: \(start)\nduration: \(duration)\n"
            files["clients/c\(index).yaml"] = "apiVersion: docket/v1\nkind: Client\nid: c\(index)\nname: Client \(index)\nemail: c\(index)@example.com\n"
        }
        let repository = try TemporaryRepository(RuleExample(files: files))
        let result = try Validator.validate(root: repository.root, options: ValidationOptions(now: Instant(seconds: 0)))
        let clinician = result.diagnostics.filter { $0.code == .clinicianDoubleBooked }
        #expect(clinician.map(\.location.file) == ["appointments/a-1.yaml", "appointments/a-2.yaml", "appointments/a-3.yaml"])
        // a-2's nearest is a-1 (started last and still running); a-0 and a-3 overlap it too.
        // a-3's nearest is a-2: a-1 ended at 15:00, before it starts.
        #expect(clinician.map { $0.related.map(\.file) } == [["appointments/a-0.yaml"], ["appointments/a-1.yaml"], ["appointments/a-2.yaml"]])
        #expect(clinician[0].message.contains(", and 1 other appointment overlaps it"))   // a-1: a-0 named, a-2 besides
        #expect(clinician[1].message.contains(", and 2 other appointments overlap it"))  // a-2: a-1 named, a-0 and a-3 besides
        #expect(clinician[1].message.contains("already has a-1 "))
    }

    @Test func tenThousandAppointmentsAtOneTimeGiveOneFindingEach() throws {
        var repository = Repository(root: "/nonexistent")
        let file = "appointments/import.yaml"
        let start = Instant.parseRFC3339("2026-12-03T14:00:00Z")!
        let count = 10_000
        for number in 0..<count {
            let location = SourceLocation(file: file, line: number + 1, column: 1)
            var appointment = Appointment(header: DocumentHeader(kind: .appointment, id: Located("a-\(number)", at: location), location: location))
            appointment.clinician = Located("dr-lee", at: location)
            appointment.client = Located("jane", at: location)
            appointment.start = Located(.instant(start, offsetSeconds: 0), at: location)
            appointment.duration = Located(50, at: location)
            appointment.participants = [Participant(name: Located("Priya", at: location), email: Located("priya@example.com", at: location),
                                                    role: nil, location: location)]
            repository.appointments.append(appointment)
        }
        let clock = ContinuousClock.now
        let context = ValidationContext(index: RepositoryIndex(repository), now: start)
        var found: [Diagnostic] = []
        for rule in [ClinicianDoubleBookedRule(), ClientDoubleBookedRule(), ParticipantDoubleBookedRule()] as [any CheckingRule] {
            found += rule.check(context)
        }
        let elapsed = ContinuousClock.now - clock
        print("double-booking rules over \(count) appointments at one time: \(elapsed), \(found.count) findings")
        // Once per appointment after the first, per rule: never once per pair (fifty million).
        for code in [DiagnosticCode.clinicianDoubleBooked, .clientDoubleBooked, .participantDoubleBooked] {
            #expect(found.count { $0.code == code } == count - 1, "\(code)")
        }
        #expect(found.allSatisfy { $0.related.count <= 1 })
        #expect(found.first { $0.code == .clinicianDoubleBooked }?.message.contains("9998 other appointments overlap it") == true)
        #expect(elapsed < .seconds(20), "took \(elapsed)")
    }

    @Test func aHundredThousandAppointmentsCheckQuickly() throws {
        var repository = Repository(root: "/nonexistent")
        let file = "appointments/generated.yaml"
        for clinician in 0..<50 {
            var doctor = Clinician(header: DocumentHeader(kind: .clinician, id: Located("dr-\(clinician)", at: SourceLocation(file: file, line: 1, column: 1)),
                                                          location: SourceLocation(file: file, line: 1, column: 1)))
            doctor.timezone = Located(ZoneCatalog.shared.zone(named: ["America/Toronto", "Europe/Paris", "Australia/Sydney"][clinician % 3])!,
                                      at: SourceLocation(file: file, line: 1, column: 1))
            var availability = Availability()
            availability.weekly = Dictionary(uniqueKeysWithValues: Weekday.allCases.map {
                ($0, [Located(TimeWindow(startMinute: 0, endMinute: 1440), at: SourceLocation(file: file, line: 1, column: 1))])
            })
            doctor.availability = availability
            repository.clinicians.append(doctor)
        }
        let base = Instant.parseRFC3339("2020-01-01T00:00:00Z")!
        for number in 0..<100_000 {
            let location = SourceLocation(file: file, line: number + 1, column: 1)
            var appointment = Appointment(header: DocumentHeader(kind: .appointment, id: Located("a-\(number)", at: location), location: location))
            appointment.clinician = Located("dr-\(number % 50)", at: location)
            appointment.client = Located("c-\(number % 20_000)", at: location)
            // Each clinician sees a client every hour; one in a thousand overlaps its neighbour.
            let slot = Int64(number / 50) * 3600 + (number % 1000 == 999 ? -1800 : 0)
            appointment.start = Located(.instant(base + slot, offsetSeconds: 0), at: location)
            appointment.duration = Located(50, at: location)
            repository.appointments.append(appointment)
        }
        let clock = ContinuousClock.now
        let context = ValidationContext(index: RepositoryIndex(repository), now: base)
        var found: [Diagnostic] = []
        var split = ["context: \(ContinuousClock.now - clock)"]
        for rule in [ClinicianDoubleBookedRule(), ClientDoubleBookedRule(), OutsideAvailabilityRule(), ClinicianTimeOffRule(), BufferTooShortRule()] as [any CheckingRule] {
            let ruleClock = ContinuousClock.now
            found += rule.check(context)
            split.append("\(type(of: rule).description.code): \(ContinuousClock.now - ruleClock)")
        }
        let elapsed = ContinuousClock.now - clock
        print("scheduling rules over 100,000 appointments (index, bookings, five rules): \(elapsed) (\(split.joined(separator: ", ")))")
        #expect(found.filter { $0.code == .clinicianDoubleBooked }.count == 100)
        #expect(elapsed < .seconds(30), "took \(elapsed)")
    }
}
