import DocketModel

public struct OutsideAvailabilityRule: CheckingRule {
    public static let description = RuleDescription(
        code: .outsideAvailability,
        summary: "not wholly inside one window of the clinician's hours that day",
        rationale: """
            Hours are evaluated on the clinician's local calendar, date by date: the weekly windows, \
            replaced by that date's exception if any. An appointment must sit wholly inside one window, \
            whatever zone it was written in and across daylight-saving changes (09:00 in Toronto is 14:00Z \
            in winter and 13:00Z in summer). Only booked appointments are judged: fulfilled and no-show \
            ones record what happened, and a change of hours must not fail the history. Days off are \
            reported by clinician-time-off.
            """,
        triggeringExamples: [
            availabilityExample(start: "↓2027-01-04T13:00:00Z"),
            availabilityExample(start: "↓2027-01-04T11:30"),
            availabilityExample(start: "↓2027-01-05T10:00"),
            availabilityExample(start: "↓2026-12-28T09:00"),
            availabilityExample(start: "↓2027-01-04T16:30"),
        ],
        nonTriggeringExamples: [
            availabilityExample(start: "2027-01-04T14:00:00Z"),
            availabilityExample(start: "2027-07-05T13:00:00Z"),
            availabilityExample(start: "2027-01-04 13:00"),
            availabilityExample(start: "2026-12-28T11:00"),
            availabilityExample(start: "2026-11-02T08:00", status: "fulfilled"),
        ])

    /// Dr. Lee works Mondays 09:00-12:00 and 13:00-17:00 in Toronto; 28 Dec 2026 (a Monday)
    /// only 10:00-14:00.
    static func availabilityExample(start: String, status: String = "booked", extra: String = "") -> RuleExample {
        RuleExample(files: [
            "clinicians/dr-lee.yaml": """
                apiVersion: docket/v1
                kind: Clinician
                id: dr-lee
                name: Dr. Ada Lee
                email: ada.lee@maple.example
                timezone: America/Toronto
                availability:
                  weekly:
                    monday: ["09:00-12:00", "13:00-17:00"]
                  exceptions:
                    - {date: 2026-12-28, hours: ["10:00-14:00"]}

                """,
            "appointments/a-1.yaml": """
                apiVersion: docket/v1
                kind: Appointment
                id: a-1
                clinician: dr-lee
                client: jane
                start: \(start)
                duration: 50m
                status: \(status)
                \(extra)
                """,
        ], now: "2026-12-01T12:00:00Z")
    }

    public init() {}

    public func check(_ context: ValidationContext) -> [Diagnostic] {
        var found: [Diagnostic] = []
        for booking in context.bookings where booking.status == .booked {
            guard let calendar = context.calendar(for: booking), calendar.hasAvailability else { continue }
            let clinician = calendar.clinician.header.id.value
            guard calendar.timeOff(overlapping: booking.interval) == nil else { continue }
            let date = calendar.localDate(of: booking.interval.start)
            guard let windows = calendar.windows(on: date),
                  !windows.contains(where: { $0.start <= booking.interval.start && booking.interval.end <= $0.end }) else { continue }
            let written = calendar.writtenWindows(on: date) ?? []
            let isException = calendar.clinician.availability?.exceptions[date] != nil
            let hours = written.isEmpty
                ? "\(clinician) has no hours on \(date.weekday.shortName) \(date)\(isException ? " (an availability exception)" : "")"
                : "outside \(clinician)'s hours on \(date.weekday.shortName) \(date): \(written.map(\.value.description).joined(separator: ", "))\(isException ? " (an availability exception)" : "")"
            found.append(context.finding(about: booking, Diagnostic(
                .outsideAvailability,
                "the appointment is \(booking.timesText()), \(hours); choose a time inside one window (docket slots lists free ones)",
                at: context.location(of: booking), related: written.first.map { [$0.location] } ?? [])))
        }
        return found
    }
}
