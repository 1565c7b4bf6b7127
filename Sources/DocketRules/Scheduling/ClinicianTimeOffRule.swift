import DocketModel

public struct ClinicianTimeOffRule: CheckingRule {
    public static let description = RuleDescription(
        code: .clinicianTimeOff,
        summary: "the appointment overlaps the clinician's time off",
        rationale: """
            Time off covers whole days of the clinician's local calendar, both ends included. A booked \
            appointment that touches any of it would find nobody there: move it or give it to a colleague.
            """,
        triggeringExamples: [
            timeOffExample(start: "↓2026-12-21T10:00"),
            timeOffExample(start: "↓2026-12-18T23:30"),
            timeOffExample(start: "↓2027-01-01T14:00:00-05:00"),
        ],
        nonTriggeringExamples: [
            timeOffExample(start: "2026-12-18T10:00"),
            timeOffExample(start: "2027-01-02T10:00"),
        ])

    static func timeOffExample(start: String) -> RuleExample {
        RuleExample(files: [
            "clinicians/dr-lee.yaml": """
                apiVersion: docket/v1
                kind: Clinician
                id: dr-lee
                name: Dr. Ada Lee
                email: ada.lee@maple.example
                timezone: America/Toronto
                availability:
                  timeOff:
                    - {from: 2026-12-19, to: 2027-01-01, reason: Holidays}

                """,
            "appointments/a-1.yaml": """
                apiVersion: docket/v1
                kind: Appointment
                id: a-1
                clinician: dr-lee
                client: jane
                start: \(start)
                duration: 50m

                """,
        ])
    }

    public init() {}

    public func check(_ context: ValidationContext) -> [Diagnostic] {
        var found: [Diagnostic] = []
        for booking in context.bookings where booking.status == .booked {
            guard let calendar = context.calendar(for: booking),
                  let off = calendar.timeOff(overlapping: booking.interval) else { continue }
            let clinician = calendar.clinician.header.id.value
            let reason = off.reason.map { " (\($0))" } ?? ""
            found.append(context.finding(about: booking, Diagnostic(
                .clinicianTimeOff,
                "\(clinician) is off from \(off.from) to \(off.to)\(reason), and the appointment is \(booking.timesText()); move it or give it to another clinician",
                at: context.location(of: booking), related: [off.location])))
        }
        return found
    }
}
