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
        ],
        nonTriggeringExamples: [
            .change(before: nil, after: appointmentYAML(start: "2026-12-03T14:00")),
            .change(before: appointmentYAML(start: "2026-12-01T08:00"), after: appointmentYAML(start: "2026-12-01T08:00", extra: "title: Intake\n")),
            .change(before: nil, after: appointmentYAML(start: "2026-12-01T08:00", extra: "status: cancelled\n")),
        ])

    public init() {}

    public func check(_ context: ValidationContext) -> [Diagnostic] {
        guard let review = context.review else { return [] }
        let notice = Int64(context.policy.minimumNoticeHours) * 3600
        return review.changes.appointments.compactMap { change in
            guard change.isNewTime, let (appointment, timing) = change.current, let start = timing.interval?.start,
                  start >= context.now, start - notice < context.now else { return nil }
            let minutes = Int((start.seconds - context.now.seconds) / 60)
            return Diagnostic(
                .shortNotice,
                "\(appointment.id) is \(change.kind == .new ? "booked" : "moved") to start in \(DurationText.text(minutes: minutes)), less than policy.minimumNoticeHours (\(context.policy.minimumNoticeHours)) ahead; make sure the client and clinician know (call them), or choose a later time",
                at: appointment.start?.location ?? appointment.header.location)
        }
    }
}
