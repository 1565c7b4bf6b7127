import DocketModel

/// A value of the wrong type or form.
public struct InvalidValueRule: CheckingRule {
    public static let description = RuleDescription(
        code: .invalidValue,
        summary: "wrong type, bad format, not in the enum, bad id, bad e-mail address",
        rationale: """
            Scalars are typed by docket's schema, never by YAML's implicit tags, so `status: no` is the \
            string "no", which is not a status. Names and titles are single lines: a line break in one \
            could otherwise add a header to an e-mail. Each finding says what form is expected. The \
            codes that `policy.severity` names must be codes of this catalogue.
            """,
        triggeringExamples: [
            RuleExample(files: ["docket.yaml": RuleExample.baseFiles["docket.yaml"]! + "policy:\n  severity:\n    ↓bufer-too-short: error\n"]),
            .appointment("""
                apiVersion: docket/v1
                kind: Appointment
                id: a-1
                clinician: dr-lee
                client: jane
                start: 2026-12-03T14:00
                duration: 50m
                status: ↓no

                """),
            .appointment("""
                apiVersion: docket/v1
                kind: Appointment
                id: ↓A 1
                clinician: dr-lee

                """),
            .appointment("""
                apiVersion: docket/v1
                kind: Appointment
                id: a-1
                clinician: dr-lee
                client: jane
                start: ↓2026-12-03
                duration: 50m

                """),
            RuleExample(files: ["clients/jane.yaml": """
                apiVersion: docket/v1
                kind: Client
                id: jane
                name: Jane Doe
                email: ↓jane.example.com

                """]),
            RuleExample(files: ["clients/jane.yaml": """
                apiVersion: docket/v1
                kind: Client
                id: jane
                name: ↓"Jane\\r\\nBcc: everyone@example.com"
                email: jane@example.com

                """]),
            .appointment("""
                apiVersion: docket/v1
                kind: Appointment
                id: a-1
                clinician: dr-lee
                client: jane
                start: 2026-12-03T14:00
                duration: 50m
                title: ↓[Intake]

                """),
            SeriesTooLongRule.seriesExample(repeat: "{every: ↓0 weeks, count: 4}"),
            SeriesTooLongRule.seriesExample(repeat: "{every: ↓weekly, count: 4}"),
            SeriesTooLongRule.seriesExample(repeat: "{every: month, on: ↓[monday], count: 4}"),
            SeriesTooLongRule.seriesExample(repeat: "↓{every: week}"),
            SeriesTooLongRule.seriesExample(repeat: "{every: week, count: 4, ↓until: 2027-02-01}"),
            SeriesTooLongRule.seriesExample(repeat: "{every: week, count: ↓-3}"),
            SeriesTooLongRule.seriesExample(repeat: "{every: week, on: ↓[tuesday], count: 4}"),
            SeriesTooLongRule.seriesExample(repeat: "{every: week, until: ↓2026-12-01}"),
            SeriesTooLongRule.seriesExample(repeat: "{every: week, count: 4}", extra: "occurrences:\n  ↓2027-02-30: {status: cancelled}\n"),
            SeriesTooLongRule.seriesExample(repeat: "{every: week, count: 4}", extra: "occurrences:\n  2027-01-11: {status: ↓gone}\n"),
        ],
        nonTriggeringExamples: [
            .appointment(RuleExample.validAppointment),
            .appointment("""
                apiVersion: docket/v1
                kind: Appointment
                id: a-1
                clinician: dr-lee
                client: jane
                start: "2026-12-03 14:00"
                duration: 1h30m
                status: booked
                type: in-person
                title: Intake, part 1
                notes: |
                  First visit.
                  Prefers mornings.

                """),
            RuleExample(files: ["docket.yaml": RuleExample.baseFiles["docket.yaml"]! + "policy:\n  severity:\n    buffer-too-short: error\n    short-notice: off\n"]),
        ])

    public init() {}

    /// The decoder reads each file alone; only the catalogue knows which codes exist.
    public func check(_ context: ValidationContext) -> [Diagnostic] {
        seriesProblems(context) + severityCodes(context)
    }

    /// What only the series' first date tells: its weekday is one of `on`'s, and `until` is not before it.
    private func seriesProblems(_ context: ValidationContext) -> [Diagnostic] {
        context.index.series.sorted { $0.key < $1.key }.compactMap { position, series in
            let appointment = context.repository.appointments[position]
            guard let recurrence = appointment.recurrence?.value, let first = series.start?.date else { return nil }
            if !recurrence.weekdays.isEmpty, !recurrence.weekdays.contains(first.weekday) {
                return Diagnostic(
                    .invalidValue,
                    "the series starts on a \(first.weekday.displayName) (\(first)), which is not one of 'repeat.on' (\(recurrence.weekdays.map(\.rawValue).joined(separator: ", "))); add \(first.weekday.rawValue) to on, or start on one of its days",
                    at: appointment.recurrenceDaysLocation ?? appointment.recurrence!.location)
            }
            if case .until(let last) = recurrence.end, last < first {
                return Diagnostic(
                    .invalidValue,
                    "'repeat.until' \(last) is before the series' first date \(first); until is the last date it may happen on",
                    at: appointment.recurrenceEndLocation ?? appointment.recurrence!.location)
            }
            return nil
        }
    }

    private func severityCodes(_ context: ValidationContext) -> [Diagnostic] {
        let known = RuleCatalogue.descriptions.map(\.code.rawValue)
        return context.repository.organizations.flatMap(\.policy.severityCodes).compactMap { code in
            guard !known.contains(code.value.rawValue) else { return nil }
            let hint = Suggestion.closest(to: code.value.rawValue, in: known).map { "did you mean '\($0)'? " } ?? ""
            return Diagnostic(.invalidValue, "'policy.severity' names '\(code.value)', which is not a diagnostic code; \(hint)see docket rules",
                              at: code.location)
        }
    }
}
