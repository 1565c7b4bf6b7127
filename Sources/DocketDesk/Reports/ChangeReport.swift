import DocketModel
import DocketSupport

/// `docket diff`: what a change does to appointments, in words a reviewer reads.
public enum ChangeReport {
    public enum Format: String, Sendable, CaseIterable {
        case text, json, markdown
    }

    struct Document: Encodable {
        var version = 1
        var changes: [Entry]
    }

    struct Entry: Encodable {
        var appointment: String
        var change: String
        var file: String
        var clinician: String?
        var client: String?
        var start: String?
        var end: String?
        var previousStart: String?
        var previousEnd: String?
        var status: String?
        var fields: [String]
    }

    public static func render(_ changes: ChangeSet, index: RepositoryIndex, format: Format) -> String {
        let entries = changes.changedAppointments
        switch format {
        case .json:
            return encodeJSON(Document(changes: entries.map { change in
                let now = change.current
                let then = change.base
                return Entry(
                    appointment: change.id, change: kind(of: change), file: (now?.appointment ?? then!.appointment).header.file,
                    clinician: (now ?? then)?.appointment.clinician?.value, client: (now ?? then)?.appointment.client?.value,
                    start: now?.timing.interval?.start.description, end: now?.timing.interval?.end.description,
                    previousStart: then?.timing.interval?.start.description, previousEnd: then?.timing.interval?.end.description,
                    status: now?.appointment.effectiveStatus.rawValue, fields: change.fields)
            }))
        case .text:
            var output = entries.map { line(for: $0, index: index) + "\n" }.joined()
            output += "\(entries.count) appointment\(entries.count == 1 ? "" : "s") changed\n"
            return output
        case .markdown:
            return markdown(entries, index: index)
        }
    }

    /// A table for a pull-request comment or `$GITHUB_STEP_SUMMARY`: one row per changed
    /// appointment, with what happened, who and when (before → after).
    static func markdown(_ entries: [ChangeSet.AppointmentChange], index: RepositoryIndex) -> String {
        var output = "### docket: \(entries.count) appointment\(entries.count == 1 ? "" : "s") changed\n\n"
        guard !entries.isEmpty else { return output + "No appointment is new, moved, changed, cancelled or deleted.\n" }
        output += "| | appointment | clinician / client | when | what changed |\n|---|---|---|---|---|\n"
        for change in entries {
            let kind = kind(of: change)
            let symbol = ["new": "➕", "rescheduled": "🕒", "cancelled": "✖️", "deleted": "🗑️"][kind] ?? "✏️"
            let before = when(change.base)
            let after = when(change.current)
            let time = switch kind {
            case "new": after
            case "deleted": "~~\(before)~~"
            case "rescheduled": "\(before) → **\(after)**"
            default: after
            }
            let what = switch kind {
            case "changed": change.fields.map { "`\($0)`" }.joined(separator: ", ")
            default: kind
            }
            output += "| \(symbol) | `\(cell(change.id))` | \(cell(who(change, index: index))) | \(cell(time)) | \(cell(what)) |\n"
        }
        return output
    }

    /// Text safe in a table cell: no pipe or line break ends the cell early.
    static func cell(_ text: String) -> String {
        text.replacingOccurrences(of: "|", with: "\\|").replacingOccurrences(of: "\n", with: " ").replacingOccurrences(of: "\r", with: " ")
    }

    /// `new`, `rescheduled`, `changed`, `cancelled` (a change whose status became cancelled) or `deleted`.
    static func kind(of change: ChangeSet.AppointmentChange) -> String {
        if change.kind == .changed, change.fields.contains("status"), change.current?.appointment.effectiveStatus == .cancelled {
            return "cancelled"
        }
        return change.kind.rawValue
    }

    /// `dr-ada-lee / Jane Doe`
    static func who(_ change: ChangeSet.AppointmentChange, index: RepositoryIndex) -> String {
        let appointment = (change.current ?? change.base)!.appointment
        return [appointment.clinician?.value ?? "?", appointment.client.flatMap { index.clients[$0.value]?.name?.value ?? $0.value } ?? "?"]
            .joined(separator: " / ")
    }

    /// `Thu 2026-12-03 14:00–14:50 America/Toronto`
    static func when(_ side: (appointment: Appointment, timing: AppointmentTiming)?) -> String {
        guard let side, let interval = side.timing.interval else { return "?" }
        let zone = side.timing.displayZone
        let start = zone?.localDateTime(at: interval.start) ?? LocalDateTime(secondsAsIfUTC: interval.start.seconds)
        let end = zone?.localDateTime(at: interval.end) ?? LocalDateTime(secondsAsIfUTC: interval.end.seconds)
        return "\(start.date.weekday.shortName) \(start.date) \(start.timeText)–\(end.timeText) \(zone?.identifier ?? "UTC")"
    }

    static func line(for change: ChangeSet.AppointmentChange, index: RepositoryIndex) -> String {
        let who = who(change, index: index)
        switch kind(of: change) {
        case "new": return "+ \(change.id) \(who), \(when(change.current))"
        case "rescheduled": return "~ \(change.id) \(who) moved from \(when(change.base)) to \(when(change.current))"
        case "cancelled": return "- \(change.id) \(who) cancelled, \(when(change.current))"
        case "deleted": return "- \(change.id) \(who) deleted (was \(when(change.base)))"
        default: return "~ \(change.id) \(who) changed: \(change.fields.joined(separator: ", "))"
        }
    }
}
