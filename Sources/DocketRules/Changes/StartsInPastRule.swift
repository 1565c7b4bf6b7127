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
            // A new series whose first occurrences are already past: one finding for the series.
            .change(before: nil, after: appointmentYAML(start: "↓2026-11-23T10:00", extra: "repeat: {every: week, count: 4}\n")),
        ],
        nonTriggeringExamples: [
            .change(before: appointmentYAML(start: "2026-11-30T10:00"), after: appointmentYAML(start: "2026-11-30T10:00")),
            .change(before: nil, after: appointmentYAML(start: "2026-11-30T10:00", extra: "status: fulfilled\n")),
            // A series moved to a later time from a future date on: nothing past.
            .change(before: appointmentYAML(start: "2026-11-16T10:00", extra: "repeat: {every: week, count: 4}\n"),
                    after: appointmentYAML(start: "2026-11-16T10:00", extra: "repeat: {every: week, count: 4}\noccurrences:\n  2026-12-07: {start: 2026-12-08T10:00}\n")),
        ])

    public init() {}

    public func check(_ context: ValidationContext) -> [Diagnostic] {
        guard let review = context.review else { return [] }
        return review.changes.appointments.flatMap { change -> [Diagnostic] in
            guard change.currentOccurrences == nil else {
                // A series: each occurrence new or moved by the change.
                guard let appointment = change.current?.appointment else { return [] }
                return change.occurrencesAtNewTimes.compactMap { occurrence in
                    guard let start = occurrence.interval?.start, start < context.now else { return nil }
                    return change.finding(.startsInPast, "\(appointment.name(of: occurrence)) is \(change.kind == .new ? "booked" : "moved") to \(start), which is already past (now is \(context.now)); start the series later (or, for sessions that took place, record them with status fulfilled or noshow)",
                                          about: occurrence, at: appointment.location(of: occurrence))
                }
            }
            return [single(change, context)].compactMap { $0 }
        }
    }

    private func single(_ change: ChangeSet.AppointmentChange, _ context: ValidationContext) -> Diagnostic? {
        guard change.isNewTime, let (appointment, timing) = change.current, let start = timing.interval?.start,
              start < context.now else { return nil }
        return Diagnostic(
            .startsInPast,
            "\(appointment.id) is \(change.kind == .new ? "booked" : "moved") to \(start), which is already past (now is \(context.now)); check the date, or record a past visit with status fulfilled or noshow",
            at: appointment.start?.location ?? appointment.header.location)
    }
}
