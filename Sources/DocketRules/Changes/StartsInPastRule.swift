import DocketModel

public struct StartsInPastRule: CheckingRule {
    public static let description = RuleDescription(
        code: .startsInPast,
        summary: "new or rescheduled (vs --base) and starts before now",
        rationale: """
            A booking made or moved into the past would confirm a time nobody can keep; it is usually a \
            wrong date. Recording a past visit is fine: give it status fulfilled or noshow. Needs --base.
            """,
        triggeringExamples: [
            .change(before: nil, after: appointmentYAML(start: "↓2026-11-30T10:00")),
            .change(before: appointmentYAML(start: "2026-12-03T14:00"), after: appointmentYAML(start: "↓2026-11-03T14:00")),
        ],
        nonTriggeringExamples: [
            .change(before: appointmentYAML(start: "2026-11-30T10:00"), after: appointmentYAML(start: "2026-11-30T10:00")),
            .change(before: nil, after: appointmentYAML(start: "2026-11-30T10:00", extra: "status: fulfilled\n")),
        ])

    public init() {}

    public func check(_ context: ValidationContext) -> [Diagnostic] {
        guard let review = context.review else { return [] }
        return review.changes.appointments.compactMap { change in
            guard change.isNewTime, let (appointment, timing) = change.current, let start = timing.interval?.start,
                  start < context.now else { return nil }
            return Diagnostic(
                .startsInPast,
                "\(appointment.id) is \(change.kind == .new ? "booked" : "moved") to \(start), which is already past (now is \(context.now)); check the date, or record a past visit with status fulfilled or noshow",
                at: appointment.start?.location ?? appointment.header.location)
        }
    }
}
