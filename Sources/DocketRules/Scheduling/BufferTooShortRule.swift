import DocketModel

public struct BufferTooShortRule: CheckingRule {
    public static let description = RuleDescription(
        code: .bufferTooShort,
        severity: .warning,
        summary: "the gap between a clinician's appointments is under policy.bufferMinutes",
        rationale: """
            Clinicians need time between clients for notes and a breath; policy.bufferMinutes says how \
            much. A shorter gap is a warning at the later appointment. Overlaps are double bookings, \
            reported by clinician-double-booked instead.
            """,
        triggeringExamples: [
            RuleExample(files: [
                "docket.yaml": RuleExample.baseFiles["docket.yaml"]! + "policy:\n  bufferMinutes: 15\n",
                "appointments/a-1.yaml": RuleExample.validAppointment,
                "appointments/a-2.yaml": """
                    apiVersion: docket/v1
                    kind: Appointment
                    id: a-2
                    clinician: dr-lee
                    client: kim
                    start: ↓2026-12-03T15:00
                    duration: 50m

                    """,
                "clients/kim.yaml": "apiVersion: docket/v1\nkind: Client\nid: kim\nname: Kim Park\nemail: kim@example.com\n",
            ]),
        ],
        nonTriggeringExamples: [
            RuleExample(files: [
                "docket.yaml": RuleExample.baseFiles["docket.yaml"]! + "policy:\n  bufferMinutes: 10\n",
                "appointments/a-1.yaml": RuleExample.validAppointment,
                "appointments/a-2.yaml": """
                    apiVersion: docket/v1
                    kind: Appointment
                    id: a-2
                    clinician: dr-lee
                    client: kim
                    start: 2026-12-03T15:00
                    duration: 50m

                    """,
                "clients/kim.yaml": "apiVersion: docket/v1\nkind: Client\nid: kim\nname: Kim Park\nemail: kim@example.com\n",
            ]),
        ])

    public init() {}

    public func check(_ context: ValidationContext) -> [Diagnostic] {
        let buffer = Int64(context.policy.bufferMinutes) * 60
        guard buffer > 0 else { return [] }
        let groups = OverlapSweep.groups(context.bookings, by: \.clinicianKey)
        var found: [Diagnostic] = []
        for group in groups {
            let sorted = group.sorted(by: Booking.startsBefore)
            var latest: Booking?
            for booking in sorted {
                if let previous = latest {
                    let gap = booking.interval.start.seconds - previous.interval.end.seconds
                    if gap >= 0 && gap < buffer {
                        found.append(context.finding(about: booking, Diagnostic(
                            .bufferTooShort,
                            "only \(gap / 60) minutes after \(context.reference(to: previous)), which ends at \(previous.endText); policy.bufferMinutes asks for \(buffer / 60): start later or end the other earlier",
                            at: context.location(of: booking), related: [context.location(of: previous)])))
                    }
                }
                if latest == nil || booking.interval.end > latest!.interval.end { latest = booking }
            }
        }
        return found
    }
}
