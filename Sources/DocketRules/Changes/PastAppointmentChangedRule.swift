import DocketModel

public struct PastAppointmentChangedRule: CheckingRule {
    public static let description = RuleDescription(
        code: .pastAppointmentChanged,
        summary: "changed (vs --base) although it already ended; only status may move to fulfilled / noshow",
        rationale: """
            An appointment that is over is a record of what happened. Editing, moving or deleting it \
            rewrites the clinic's history; the one change allowed is marking it fulfilled or noshow. \
            Needs --base.
            """,
        triggeringExamples: [
            .change(before: appointmentYAML(start: "2026-11-30T10:00"), after: appointmentYAML(start: "2026-11-30T10:00", extra: "title: ↓Intake\n")),
            .change(before: appointmentYAML(start: "2026-11-30T10:00"), after: appointmentYAML(start: "↓2026-11-30T11:00")),
            .change(before: appointmentYAML(start: "2026-11-30T10:00"), after: nil, expected: ("appointments/a-1.yaml", 1, 1)),
            .change(before: appointmentYAML(start: "2026-11-30T10:00", extra: "status: fulfilled\n"),
                    after: appointmentYAML(start: "2026-11-30T10:00", extra: "status: ↓cancelled\n")),
        ],
        nonTriggeringExamples: [
            .change(before: appointmentYAML(start: "2026-11-30T10:00"), after: appointmentYAML(start: "2026-11-30T10:00", extra: "status: fulfilled\n")),
            .change(before: appointmentYAML(start: "2026-11-30T10:00"), after: appointmentYAML(start: "2026-11-30T10:00", extra: "status: noshow\n")),
            .change(before: appointmentYAML(start: "2026-12-03T10:00"), after: appointmentYAML(start: "2026-12-03T10:00", extra: "title: Intake\n")),
        ])

    public init() {}

    public func check(_ context: ValidationContext) -> [Diagnostic] {
        guard let review = context.review else { return [] }
        return review.changes.appointments.compactMap { change in
            guard change.kind != .unchanged, change.kind != .new, let (before, beforeTiming) = change.base,
                  let ended = beforeTiming.interval?.end, ended <= context.now else { return nil }
            if change.fields == ["status"], let status = change.current?.appointment.effectiveStatus,
               status == .fulfilled || status == .noshow {
                return nil
            }
            let what = change.kind == .deleted ? "deleted" : "changed (\(change.fields.joined(separator: ", ")))"
            return Diagnostic(
                .pastAppointmentChanged,
                "\(before.id) ended at \(ended) and is \(what); a past appointment is a record: only its status may become fulfilled or noshow. Undo the change",
                at: change.location)
        }
    }
}
