import DocketModel

public struct ClientDoubleBookedRule: CheckingRule {
    public static let description = RuleDescription(
        code: .clientDoubleBooked,
        summary: "two non-cancelled appointments of a client overlap",
        rationale: """
            A client cannot attend two appointments at once, even with two clinicians. Each appointment \
            that overlaps an earlier-starting one is reported once, naming the nearest (a related \
            location) and how many others overlap it, so a bulk import gone wrong gives one finding \
            an appointment, never one a pair.
            """,
        triggeringExamples: [
            RuleExample(files: [
                "appointments/a-1.yaml": RuleExample.validAppointment,
                "appointments/a-2.yaml": """
                    apiVersion: docket/v1
                    kind: Appointment
                    id: a-2
                    clinician: dr-kim
                    client: jane
                    start: ↓2026-12-03 11:30
                    timezone: America/Vancouver
                    duration: 1h

                    """,
                "clinicians/dr-kim.yaml": """
                    apiVersion: docket/v1
                    kind: Clinician
                    id: dr-kim
                    name: Dr. Min Kim
                    email: min.kim@maple.example
                    timezone: America/Toronto

                    """,
            ]),
        ],
        nonTriggeringExamples: [
            RuleExample(files: [
                "appointments/a-1.yaml": RuleExample.validAppointment,
                "appointments/a-2.yaml": """
                    apiVersion: docket/v1
                    kind: Appointment
                    id: a-2
                    clinician: dr-kim
                    client: jane
                    start: 2026-12-03 11:50
                    timezone: America/Vancouver
                    duration: 1h

                    """,
                "clinicians/dr-kim.yaml": """
                    apiVersion: docket/v1
                    kind: Clinician
                    id: dr-kim
                    name: Dr. Min Kim
                    email: min.kim@maple.example
                    timezone: America/Toronto

                    """,
            ]),
        ])

    public init() {}

    public func check(_ context: ValidationContext) -> [Diagnostic] {
        OverlapSweep.doubleBookings(in: context, code: .clientDoubleBooked, by: \.clientKey) { "client " + ($0.client?.value ?? "?") }
    }
}
