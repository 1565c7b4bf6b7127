import DocketModel

/// An `occurrences` entry for a date the series does not have.
public struct UnknownOccurrenceRule: CheckingRule {
    public static let description = RuleDescription(
        code: .unknownOccurrence,
        summary: "an `occurrences` key that is not one of the series' original dates",
        rationale: """
            Entries of `occurrences` are keyed by an occurrence's original local date, the date it \
            would have had without changes, even once it was moved. An entry for any other date \
            changes nothing, and the coordinator who wrote it believes a session is cancelled or \
            moved when it is not. To add a session outside the series, book a separate appointment.
            """,
        triggeringExamples: [
            SeriesTooLongRule.seriesExample(repeat: "{every: week, count: 4}", extra: "occurrences:\n  ↓2027-01-05: {status: cancelled}\n"),
            SeriesTooLongRule.seriesExample(repeat: "{every: 2 weeks, count: 4}", extra: "occurrences:\n  ↓2027-01-11: {start: 2027-01-12T10:00}\n"),
        ],
        nonTriggeringExamples: [
            SeriesTooLongRule.seriesExample(repeat: "{every: week, count: 4}", extra: "occurrences:\n  2027-01-11: {status: cancelled}\n"),
            SeriesTooLongRule.seriesExample(repeat: "{every: 2 weeks, count: 4}", extra: "occurrences:\n  2027-01-18: {start: 2027-01-19T10:00}\n"),
        ])

    public init() {}

    public func check(_ context: ValidationContext) -> [Diagnostic] {
        context.index.series.sorted { $0.key < $1.key }.flatMap { position, series in
            let appointment = context.repository.appointments[position]
            return series.unknownOverrides.map { entry in
                let date = appointment.occurrences[entry].date
                let nearest = series.dates.min { abs($0.daysSinceEpoch - date.value.daysSinceEpoch) < abs($1.daysSinceEpoch - date.value.daysSinceEpoch) }
                let hint = nearest.map { " (the nearest is \($0.weekday.shortName) \($0))" } ?? ""
                return Diagnostic(
                    .unknownOccurrence,
                    "series \(appointment.id) has no occurrence on \(date.value.weekday.shortName) \(date.value)\(hint); key an entry by an occurrence's original date, or book a separate appointment for an extra session",
                    at: date.location)
            }
        }
    }
}
