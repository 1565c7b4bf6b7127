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
        let index = context.index
        for occurrence in index.occurrences where occurrence.status == .fulfilled || occurrence.status == .noshow {
            guard let interval = occurrence.interval, interval.end > context.now else { continue }
            let appointment = index.repository.appointments[occurrence.appointment]
            guard let status = occurrence.override.flatMap({ appointment.occurrences[$0].status }) ?? appointment.status else { continue }
            var finding = Diagnostic(
                .statusNotYetPossible,
                "status is \(status.value.rawValue) but the appointment ends only at \(interval.end); set it once the appointment is over",
                at: status.location)
            if occurrence.isSeriesOccurrence { finding.occurrence = index.name(of: occurrence) }
            found.append(finding)
        }
        return found
    }
}
