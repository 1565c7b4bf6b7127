import DocketModel

/// A series past the limits: more than 400 occurrences, or one past five years from its start.
public struct SeriesTooLongRule: CheckingRule {
    public static let description = RuleDescription(
        code: .seriesTooLong,
        summary: "a series with more than 400 occurrences or reaching past 5 years from its start",
        rationale: """
            A series is one file that stands for many appointments, every one of which is checked, \
            notified and reminded. Past a few years a course of care is reviewed anyway, and an \
            unbounded series (count: 99999999999999999999, or until: 9999-12-31) would make every \
            run of docket do work out of proportion to the file. Expansion stops at the limit, so \
            such a file costs no more than a long one; split a very long course into several series.
            """,
        triggeringExamples: [
            seriesExample(repeat: "{every: week, count: ↓401}"),
            seriesExample(repeat: "{every: day, count: ↓99999999999999999999}"),
            seriesExample(repeat: "{every: month, until: ↓2032-01-04}"),
            seriesExample(repeat: "{every: 100 weeks, count: ↓4}"),
        ],
        nonTriggeringExamples: [
            seriesExample(repeat: "{every: week, count: 12}"),
            seriesExample(repeat: "{every: day, count: 400}"),
            seriesExample(repeat: "{every: month, until: 2031-12-31}"),
        ])

    /// A phone series of dr-lee with jane, from Monday 4 January 2027 at 10:00 unless `start` says.
    static func seriesExample(start: String = "2027-01-04T10:00", repeat: String, extra: String = "") -> RuleExample {
        .appointment("""
            apiVersion: docket/v1
            kind: Appointment
            id: s-1
            clinician: dr-lee
            client: jane
            start: \(start)
            duration: 50m
            type: phone
            repeat: \(`repeat`)
            \(extra)
            """)
    }

    public init() {}

    public func check(_ context: ValidationContext) -> [Diagnostic] {
        context.index.series.filter(\.value.isTooLong).sorted { $0.key < $1.key }.map { position, series in
            let appointment = context.repository.appointments[position]
            let first = series.originalStarts.first?.date
            let limit = first.map { Recurrence.lastAllowedDate(from: $0) }
            let what: String
            if series.originalStarts.count >= Recurrence.maximumOccurrences {
                what = "it has more than \(Recurrence.maximumOccurrences) occurrences"
            } else {
                what = "it reaches past \(limit.map { "\($0)" } ?? "five years from its start"), five years from its start"
            }
            return Diagnostic(
                .seriesTooLong,
                "series \(appointment.id) is too long: \(what); give a smaller count or an earlier until (at most \(Recurrence.maximumOccurrences) occurrences within \(Recurrence.maximumYears) years), and start a new series for the rest",
                at: appointment.recurrenceEndLocation ?? appointment.recurrence?.location ?? appointment.header.location)
        }
    }
}
