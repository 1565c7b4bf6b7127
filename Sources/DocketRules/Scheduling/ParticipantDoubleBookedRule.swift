import DocketModel

public struct ParticipantDoubleBookedRule: CheckingRule {
    public static let description = RuleDescription(
        code: .participantDoubleBooked,
        severity: .warning,
        summary: "one participant e-mail in two overlapping appointments",
        rationale: """
            A coordinator who joins, or an interpreter, cannot be in two appointments at once. It is a \
            warning: a participant may only need to drop in. Addresses are compared without regard to case. \
            Like the other double bookings, each appointment is reported once per participant, naming \
            the nearest overlapping appointment and how many others overlap it.
            """,
        triggeringExamples: [
            RuleExample(files: [
                "appointments/a-1.yaml": RuleExample.validAppointment + """
                    participants:
                      - {name: Lucía Fernández, email: lucia@interpreters.example, role: interpreter}

                    """,
                "appointments/a-2.yaml": """
                    apiVersion: docket/v1
                    kind: Appointment
                    id: a-2
                    clinician: dr-kim
                    client: kim
                    start: ↓2026-12-03T14:30
                    duration: 50m
                    participants:
                      - {name: Lucía Fernández, email: Lucia@Interpreters.example, role: interpreter}

                    """,
                "clinicians/dr-kim.yaml": "apiVersion: docket/v1\nkind: Clinician\nid: dr-kim\nname: Dr. Min Kim\nemail: min.kim@maple.example\ntimezone: America/Toronto\n",
                "clients/kim.yaml": "apiVersion: docket/v1\nkind: Client\nid: kim\nname: Kim Park\nemail: kim@example.com\n",
            ]),
        ],
        nonTriggeringExamples: [
            RuleExample(files: [
                "appointments/a-1.yaml": RuleExample.validAppointment + """
                    participants:
                      - {name: Lucía Fernández, email: lucia@interpreters.example, role: interpreter}

                    """,
                "appointments/a-2.yaml": """
                    apiVersion: docket/v1
                    kind: Appointment
                    id: a-2
                    clinician: dr-kim
                    client: kim
                    start: 2026-12-03T14:30
                    duration: 50m
                    participants:
                      - {name: Sam Ortiz, email: sam@maple.example, role: coordinator}

                    """,
                "clinicians/dr-kim.yaml": "apiVersion: docket/v1\nkind: Clinician\nid: dr-kim\nname: Dr. Min Kim\nemail: min.kim@maple.example\ntimezone: America/Toronto\n",
                "clients/kim.yaml": "apiVersion: docket/v1\nkind: Client\nid: kim\nname: Kim Park\nemail: kim@example.com\n",
            ]),
        ])

    public init() {}

    public func check(_ context: ValidationContext) -> [Diagnostic] {
        let appointments = context.repository.appointments
        func emails(_ booking: Booking) -> Set<String> {
            Set(appointments[booking.index].participants.compactMap { $0.email?.value.lowercased() })
        }
        var byEmail: [String: [Booking]] = [:]
        for booking in context.bookings where !appointments[booking.index].participants.isEmpty {
            for email in emails(booking) { byEmail[email, default: []].append(booking) }
        }
        var found: [Diagnostic] = []
        for (email, group) in byEmail {
            for overlap in OverlapSweep.overlaps(group) {
                let (booking, nearest) = (overlap.booking, overlap.nearest)
                let written = appointments[booking.index].participants.first { $0.email?.value.lowercased() == email }?.email?.value ?? email
                found.append(context.finding(about: booking, Diagnostic(
                    .participantDoubleBooked,
                    "participant \(written) is also in \(context.reference(to: nearest)) \(nearest.timesText(sameDayAs: booking)); this appointment is \(booking.timesText())\(OverlapSweep.othersText(overlap.others))",
                    at: context.location(of: booking), related: [context.location(of: nearest)])))
            }
        }
        return found
    }
}
