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
            // A series: an occurrence that already ended is cancelled after the fact.
            .change(before: appointmentYAML(start: "2026-11-16T10:00", extra: weeklySeries),
                    after: appointmentYAML(start: "2026-11-16T10:00", extra: weeklySeries + "occurrences:\n  ↓2026-11-23: {status: cancelled}\n")),
            // A series-wide change reaches its three past occurrences: one finding.
            .change(before: appointmentYAML(start: "2026-11-16T10:00", extra: weeklySeries),
                    after: appointmentYAML(start: "2026-11-16T10:00", extra: "type: ↓phone\n" + weeklySeries)),
            // Taking past dates out of the series.
            .change(before: appointmentYAML(start: "2026-11-16T10:00", extra: weeklySeries),
                    after: appointmentYAML(start: "2026-11-16T10:00", extra: "repeat: {every: week, count: 1}\n"),
                    expected: ("appointments/a-1.yaml", 8, 9)),
        ],
        nonTriggeringExamples: [
            .change(before: appointmentYAML(start: "2026-11-30T10:00"), after: appointmentYAML(start: "2026-11-30T10:00", extra: "status: fulfilled\n")),
            .change(before: appointmentYAML(start: "2026-11-30T10:00"), after: appointmentYAML(start: "2026-11-30T10:00", extra: "status: noshow\n")),
            .change(before: appointmentYAML(start: "2026-12-03T10:00"), after: appointmentYAML(start: "2026-12-03T10:00", extra: "title: Intake\n")),
            // A series: future occurrences change, past ones are kept, or marked as they went.
            .change(before: appointmentYAML(start: "2026-11-16T10:00", extra: weeklySeries),
                    after: appointmentYAML(start: "2026-11-16T10:00", extra: weeklySeries
                        + "occurrences:\n  2026-11-23: {status: fulfilled}\n  2026-12-07: {start: 2026-12-08T10:00}\n")),
            .change(before: appointmentYAML(start: "2026-11-16T10:00", extra: weeklySeries),
                    after: appointmentYAML(start: "2026-11-16T10:00", extra: "repeat: {every: week, count: 3}\n")),
            .change(before: appointmentYAML(start: "2026-11-16T10:00", extra: weeklySeries),
                    after: appointmentYAML(start: "2026-11-16T10:00", extra: "status: cancelled\n" + weeklySeries)),
        ])

    /// Four Mondays from 16 November 2026: three have ended by the examples' now (1 December).
    static let weeklySeries = "repeat: {every: week, count: 4}\n"

    public init() {}

    public func check(_ context: ValidationContext) -> [Diagnostic] {
        guard let review = context.review else { return [] }
        return review.changes.appointments.flatMap { change -> [Diagnostic] in
            change.concernsSeries ? series(change, context) : [single(change, context)].compactMap { $0 }
        }
    }

    /// Fields that change no occurrence that already ended (or are judged occurrence by occurrence).
    private static let seriesWideFree: Set<String> = ["status", "cancellation", "notes", "repeat", "occurrences", "start", "duration", "end", "timezone"]

    /// A series: each occurrence that had ended at the base must still be there, at the same
    /// time and with the same status (or fulfilled / noshow), and no field they share may change.
    private func series(_ change: ChangeSet.AppointmentChange, _ context: ValidationContext) -> [Diagnostic] {
        guard let before = change.base?.appointment else { return [] }
        let ended = (change.baseOccurrences ?? []).filter { $0.interval.map { $0.end <= context.now } ?? false }
        guard !ended.isEmpty else { return [] }
        let advice = "a past occurrence is a record: to change a series from a date on, end it there and start a new series (docket reschedule \(before.id) --from DATE --start TIME). Undo the change"
        guard let (appointment, _) = change.current else {
            return [Diagnostic(.pastAppointmentChanged, "series \(before.id) has \(ended.count) occurrences that already ended and is deleted; \(advice)", at: change.location)]
        }
        var found: [Diagnostic] = []
        let shared = change.fields.filter { !Self.seriesWideFree.contains($0) }
        if let field = shared.first {
            found.append(Diagnostic(
                .pastAppointmentChanged,
                "series \(before.id) has \(ended.count) occurrences that already ended, and changing \(shared.joined(separator: ", ")) changes them too; \(advice)",
                at: appointment.location(ofField: field) ?? appointment.header.location))
        }
        var now: [LocalDate: Occurrence] = [:]
        for occurrence in change.currentOccurrences ?? [] { if let date = occurrence.date { now[date] = now[date] ?? occurrence } }
        let seriesCancelled = appointment.effectiveStatus == .cancelled
        for past in ended {
            guard let date = past.date else { continue }
            let name = "\(before.id)@\(date)"
            var what: String?
            if let current = now[date] {
                let ownStatus = current.override.map { appointment.occurrences[$0].status != nil } ?? false
                let status = seriesCancelled && !ownStatus ? past.status : current.status
                if current.interval != past.interval {
                    what = "moved"
                } else if status != past.status, !(past.status == .booked && (status == .fulfilled || status == .noshow)) {
                    what = "changed from \(past.status.rawValue) to \(status.rawValue)"
                }
            } else if change.currentOccurrences != nil {
                what = "taken out of the series"
            }
            guard let what else { continue }
            var finding = Diagnostic(.pastAppointmentChanged, "\(name) ended at \(past.interval!.end) and is \(what); \(advice)",
                                     at: appointment.entryLocation(of: date))
            finding.occurrence = name
            found.append(finding)
        }
        return found
    }

    private func single(_ change: ChangeSet.AppointmentChange, _ context: ValidationContext) -> Diagnostic? {
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
