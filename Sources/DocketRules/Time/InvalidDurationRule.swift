import DocketModel

public struct InvalidDurationRule: CheckingRule {
    public static let description = RuleDescription(
        code: .invalidDuration,
        summary: "zero, negative, end before start, or over policy.maxDurationMinutes",
        rationale: """
            An appointment has a positive length no longer than the clinic allows (8 hours unless \
            policy.maxDurationMinutes says otherwise). A zero or negative duration, or an end at or \
            before the start, is almost always a typo in a time.
            """,
        triggeringExamples: [
            .appointment("""
                apiVersion: docket/v1
                kind: Appointment
                id: a-1
                clinician: dr-lee
                client: jane
                start: 2026-12-03T14:00
                duration: ↓0m

                """),
            .appointment("""
                apiVersion: docket/v1
                kind: Appointment
                id: a-1
                clinician: dr-lee
                client: jane
                start: 2026-12-03T14:00
                duration: ↓-5m

                """),
            .appointment("""
                apiVersion: docket/v1
                kind: Appointment
                id: a-1
                clinician: dr-lee
                client: jane
                start: 2026-12-03T14:00
                end: ↓2026-12-03T13:00

                """),
            .appointment("""
                apiVersion: docket/v1
                kind: Appointment
                id: a-1
                clinician: dr-lee
                client: jane
                start: 2026-12-03T08:00
                duration: ↓9h

                """),
        ],
        nonTriggeringExamples: [
            .appointment("""
                apiVersion: docket/v1
                kind: Appointment
                id: a-1
                clinician: dr-lee
                client: jane
                start: 2026-12-03T14:00
                end: 2026-12-03T14:50

                """),
            .appointment("""
                apiVersion: docket/v1
                kind: Appointment
                id: a-1
                clinician: dr-lee
                client: jane
                start: 2026-12-03T09:00
                duration: 8h

                """),
        ])

    public init() {}

    public func check(_ context: ValidationContext) -> [Diagnostic] {
        let maximum = context.policy.maxDurationMinutes
        var found: [Diagnostic] = []
        for (appointment, timing) in context.index.appointmentsWithTimings {
            if let duration = appointment.duration, duration.value > maximum {
                found.append(Diagnostic(
                    .invalidDuration,
                    "duration \(DurationText.text(minutes: duration.value)) is longer than policy.maxDurationMinutes (\(maximum) minutes); split it or check the length",
                    at: duration.location))
            }
            guard let end = appointment.end, let startInstant = timing.start?.instant,
                  let endInstant = timing.end?.instant else { continue }
            let minutes = Int((endInstant.seconds - startInstant.seconds) / 60)
            if endInstant <= startInstant {
                found.append(Diagnostic(
                    .invalidDuration,
                    "end is \(endInstant == startInstant ? "the same as" : "before") start; an appointment must end after it starts",
                    at: end.location))
            } else if minutes > maximum {
                found.append(Diagnostic(
                    .invalidDuration,
                    "the appointment lasts \(DurationText.text(minutes: minutes)), longer than policy.maxDurationMinutes (\(maximum) minutes); check the end",
                    at: end.location))
            }
        }
        return found
    }
}
