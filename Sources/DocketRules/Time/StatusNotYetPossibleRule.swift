import DocketModel

public struct StatusNotYetPossibleRule: CheckingRule {
    public static let description = RuleDescription(
        code: .statusNotYetPossible,
        severity: .warning,
        summary: "fulfilled or noshow on an appointment that has not ended",
        rationale: """
            Whether an appointment took place, or the client did not come, is known only once it has \
            ended. Marking it early is usually a slip of the wrong file; set it after the end time.
            """,
        triggeringExamples: [
            .appointment("""
                apiVersion: docket/v1
                kind: Appointment
                id: a-1
                clinician: dr-lee
                client: jane
                start: 2026-12-03T14:00
                duration: 50m
                status: ↓fulfilled

                """),
            .appointment("""
                apiVersion: docket/v1
                kind: Appointment
                id: a-1
                clinician: dr-lee
                client: jane
                start: 2026-12-01T06:30
                duration: 50m
                status: ↓noshow

                """, now: "2026-12-01T12:00:00Z"),
        ],
        nonTriggeringExamples: [
            .appointment("""
                apiVersion: docket/v1
                kind: Appointment
                id: a-1
                clinician: dr-lee
                client: jane
                start: 2026-12-01T06:00
                duration: 50m
                status: fulfilled

                """, now: "2026-12-01T12:00:00Z"),
        ])

    public init() {}

    public func check(_ context: ValidationContext) -> [Diagnostic] {
        var found: [Diagnostic] = []
        for (appointment, timing) in context.index.appointmentsWithTimings {
            guard let status = appointment.status, status.value == .fulfilled || status.value == .noshow,
                  let interval = timing.interval, interval.end > context.now else { continue }
            found.append(Diagnostic(
                .statusNotYetPossible,
                "status is \(status.value.rawValue) but the appointment ends only at \(interval.end); set it once the appointment is over",
                at: status.location))
        }
        return found
    }
}
