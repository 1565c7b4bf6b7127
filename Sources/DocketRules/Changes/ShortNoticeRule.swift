import DocketModel

public struct ShortNoticeRule: CheckingRule {
    public static let description = RuleDescription(
        code: .shortNotice,
        severity: .warning,
        summary: "new or rescheduled (vs --base) and starts within policy.minimumNoticeHours of now",
        rationale: """
            Everyone needs time to see a confirmation and get set up: a booking made or moved to less \
            than policy.minimumNoticeHours (3 by default) ahead may be missed. A warning: call the client \
            as well. Needs --base, to know what the change made new.
            """,
        triggeringExamples: [
            .change(before: nil, after: appointmentYAML(start: "↓2026-12-01T08:00")),
            .change(before: appointmentYAML(start: "2026-12-03T14:00"), after: appointmentYAML(start: "↓2026-12-01T09:30")),
            // A series whose first occurrence is two hours away.
            .change(before: nil, after: appointmentYAML(start: "↓2026-12-01T09:00", extra: "repeat: {every: week, count: 4}\n")),
        ],
        nonTriggeringExamples: [
            .change(before: nil, after: appointmentYAML(start: "2026-12-03T14:00")),
            .change(before: appointmentYAML(start: "2026-12-01T08:00"), after: appointmentYAML(start: "2026-12-01T08:00", extra: "title: Intake\n")),
            .change(before: nil, after: appointmentYAML(start: "2026-12-01T08:00", extra: "status: cancelled\n")),
            .change(before: nil, after: appointmentYAML(start: "2026-12-03T09:00", extra: "repeat: {every: week, count: 4}\n")),
        ])

    public init() {}

    public func check(_ context: ValidationContext) -> [Diagnostic] {
        guard let review = context.review else { return [] }
        let notice = Int64(context.policy.minimumNoticeHours) * 3600
        return review.changes.appointments.flatMap { change -> [Diagnostic] in
            guard change.currentOccurrences == nil else {
                // A series: each occurrence new or moved by the change.
                guard let appointment = change.current?.appointment else { return [] }
                return change.occurrencesAtNewTimes.compactMap { occurrence in
                    guard let start = occurrence.interval?.start, start >= context.now, start - notice < context.now else { return nil }
                    let minutes = Int((start.seconds - context.now.seconds) / 60)
                    return change.finding(.shortNotice, "\(appointment.name(of: occurrence)) is \(change.kind == .new ? "booked" : "moved") to start in \(DurationText.text(minutes: minutes)), less than policy.minimumNoticeHours (\(context.policy.minimumNoticeHours)) ahead; make sure the client and clinician know (call them), or choose a later time",
                                          about: occurrence, at: appointment.location(of: occurrence))
                }
            }
            return [single(change, notice: notice, context)].compactMap { $0 }
        }
    }

    private func single(_ change: ChangeSet.AppointmentChange, notice: Int64, _ context: ValidationContext) -> Diagnostic? {
        guard change.isNewTime, let (appointment, timing) = change.current, let start = timing.interval?.start,
              start >= context.now, start - notice < context.now else { return nil }
        let minutes = Int((start.seconds - context.now.seconds) / 60)
        return Diagnostic(
            .shortNotice,
            "\(appointment.id) is \(change.kind == .new ? "booked" : "moved") to start in \(DurationText.text(minutes: minutes)), less than policy.minimumNoticeHours (\(context.policy.minimumNoticeHours)) ahead; make sure the client and clinician know (call them), or choose a later time",
            at: appointment.start?.location ?? appointment.header.location)
    }
}
