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
        /// For a series: what happened to which occurrences, in words.
        var occurrences: [String]?
        /// The commits that changed it and who signed each; absent when signatures were not read.
        var commits: [CommitEntry]?
    }

    struct CommitEntry: Encodable {
        /// nil for edits not committed.
        var commit: String?
        /// `good`, `unknown-key` or `none`.
        var signature: String
        var signer: Signer?
        var fingerprint: String?
    }

    struct Signer: Encodable {
        var role: String
        var id: String
        var name: String?
    }

    /// `commits`: the change's commits with their signatures (`SignedHistory`), to say per
    /// appointment who signed what changed it.
    public static func render(_ changes: ChangeSet, index: RepositoryIndex, format: Format,
                              commits: [SignedHistory.CommitReview]? = nil) -> String {
        let entries = changes.changedAppointments
        let signings = commits.map(signings(of:))
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
                    status: now?.appointment.effectiveStatus.rawValue, fields: change.fields,
                    occurrences: change.concernsSeries ? occurrenceWords(change) : nil,
                    commits: signings.map { ($0[change.id] ?? []).map(entry(for:)) })
            }))
        case .text:
            var output = ""
            for change in entries {
                output += line(for: change, index: index) + "\n"
                if let signings { output += "    " + signedBy(signings[change.id] ?? []) + "\n" }
            }
            output += "\(entries.count) appointment\(entries.count == 1 ? "" : "s") changed\n"
            return output
        case .markdown:
            return markdown(entries, index: index, signings: signings)
        }
    }

    /// For each appointment id, the commits whose changes touch it, oldest first.
    static func signings(of commits: [SignedHistory.CommitReview]) -> [String: [SignedHistory.CommitReview]] {
        var byAppointment: [String: [SignedHistory.CommitReview]] = [:]
        for commit in commits {
            for change in commit.changes.changedAppointments { byAppointment[change.id, default: []].append(commit) }
        }
        return byAppointment
    }

    static func entry(for commit: SignedHistory.CommitReview) -> CommitEntry {
        let sha: String? = if case .commit(let sha, _, _) = commit.source { sha } else { nil }
        switch commit.signature {
        case .signed(let holder):
            return CommitEntry(commit: sha, signature: "good", signer: Signer(role: holder.role.rawValue, id: holder.id, name: holder.name))
        case .unknownKey(let fingerprint):
            return CommitEntry(commit: sha, signature: "unknown-key", fingerprint: fingerprint)
        case .unsigned:
            return CommitEntry(commit: sha, signature: "none")
        }
    }

    /// `signed by Sam Ortiz (coordinator sam) in 1a2b3c4d5e6f; NOT SIGNED: 9f8e7d6c5b4a`
    static func signedBy(_ commits: [SignedHistory.CommitReview]) -> String {
        guard !commits.isEmpty else { return "signed: no commit since the base changed it" }
        return commits.map { commit in
            let sha = if case .commit(let sha, _, _) = commit.source { String(sha.prefix(12)) } else { "uncommitted edits" }
            switch commit.signature {
            case .signed(let holder): return "\(sha) signed by \(holder.description)"
            case .unknownKey(let fingerprint): return "\(sha) signed by an unknown key \(fingerprint)"
            case .unsigned: return "\(sha) NOT SIGNED"
            }
        }.joined(separator: "; ")
    }

    /// A table for a pull-request comment or `$GITHUB_STEP_SUMMARY`: one row per changed
    /// appointment, with what happened, who and when (before → after).
    static func markdown(_ entries: [ChangeSet.AppointmentChange], index: RepositoryIndex,
                         signings: [String: [SignedHistory.CommitReview]]?) -> String {
        var output = "### docket: \(entries.count) appointment\(entries.count == 1 ? "" : "s") changed\n\n"
        guard !entries.isEmpty else { return output + "No appointment is new, moved, changed, cancelled or deleted.\n" }
        output += "| | appointment | clinician / client | when | what changed |\(signings == nil ? "" : " signed by |")\n"
        output += "|---|---|---|---|---|\(signings == nil ? "" : "---|")\n"
        for change in entries {
            let kind = kind(of: change)
            let symbol = ["new": "➕", "rescheduled": "🕒", "cancelled": "✖️", "deleted": "🗑️"][kind] ?? "✏️"
            // Everything from the repository is escaped first; only docket's own markup is not.
            let before = MarkdownText.escaped(when(change.base))
            let after = MarkdownText.escaped(when(change.current))
            let time = switch kind {
            case "new": after
            case "deleted": "~~\(before)~~"
            case "rescheduled" where before == after: after
            case "rescheduled": "\(before) → **\(after)**"
            default: after
            }
            var what = switch kind {
            case "changed": change.fields.map(MarkdownText.code).joined(separator: ", ")
            default: kind
            }
            if change.concernsSeries, !occurrenceWords(change).isEmpty {
                what += ": " + occurrenceWords(change).map(MarkdownText.escaped).joined(separator: "; ")
            }
            output += "| \(symbol) | \(MarkdownText.code(change.id)) | \(MarkdownText.escaped(who(change, index: index))) | \(time) | \(what) |"
            if let signings { output += " \(MarkdownText.escaped(signedBy(signings[change.id] ?? []))) |" }
            output += "\n"
        }
        return output
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
        let line = singleLine(for: change, index: index)
        guard change.concernsSeries else { return line }
        let words = occurrenceWords(change)
        return words.isEmpty ? line : line + "\n" + words.map { "    \($0)" }.joined(separator: "\n")
    }

    /// What a change does to a series' occurrences, for a reviewer: `3 occurrences of s-3 move
    /// to 11:00 from Mon 1 Feb 2027`, `s-3@2027-02-15 cancelled`, `2 dates added: …`.
    static func occurrenceWords(_ change: ChangeSet.AppointmentChange) -> [String] {
        let appointment = (change.current ?? change.base)!.appointment
        let id = appointment.id
        let zone = (change.current ?? change.base)!.timing.displayZone
        func local(_ instant: Instant) -> LocalDateTime { zone?.localDateTime(at: instant) ?? LocalDateTime(secondsAsIfUTC: instant.seconds) }
        func day(_ date: LocalDate) -> String { "\(date.weekday.shortName) \(date)" }
        let now = change.currentOccurrences ?? []
        let then = change.baseOccurrences ?? []
        if change.kind == .new, let recurrence = appointment.recurrence?.value, let first = now.first?.interval {
            let start = local(first.start)
            return ["a series: \(recurrence.ruleText(firstDate: start.date, time: start.timeText)), \(now.count) times from \(day(start.date)) to \(now.last.map { day($0.date!) } ?? "")"]
        }
        guard change.kind != .new, change.kind != .deleted else { return [] }
        var before: [LocalDate: Occurrence] = [:]
        for occurrence in then { if let date = occurrence.date { before[date] = occurrence } }
        var after: [LocalDate: Occurrence] = [:]
        for occurrence in now { if let date = occurrence.date { after[date] = occurrence } }
        var words: [String] = []
        // Moves grouped by where they go: consecutive occurrences moved to one new time of day.
        var moves: [(date: LocalDate, time: String, count: Int)] = []
        for occurrence in now {
            guard let date = occurrence.date, let old = before[date], let interval = occurrence.interval,
                  old.interval != interval, occurrence.status != .cancelled else { continue }
            let moved = local(interval.start)
            let time = moved.date == date ? moved.timeText : "\(day(moved.date)) \(moved.timeText)"
            if let last = moves.last, last.time == time, moved.date == date { moves[moves.count - 1].count += 1 } else { moves.append((date, time, 1)) }
        }
        for move in moves {
            words.append(move.count == 1 ? "\(id)@\(move.date) moves to \(move.time)" : "\(move.count) occurrences of \(id) move to \(move.time) from \(day(move.date))")
        }
        for occurrence in now where occurrence.status == .cancelled {
            guard let date = occurrence.date, let old = before[date], old.status != .cancelled else { continue }
            words.append("\(id)@\(date) cancelled")
        }
        for occurrence in now where occurrence.status != .cancelled {
            guard let date = occurrence.date, before[date]?.status == .cancelled else { continue }
            words.append("\(id)@\(date) booked again")
        }
        let added = now.compactMap(\.date).filter { before[$0] == nil }
        let removed = then.compactMap(\.date).filter { after[$0] == nil }
        if !added.isEmpty { words.append("\(added.count) date\(added.count == 1 ? "" : "s") added: \(added.map(day).joined(separator: ", "))") }
        if !removed.isEmpty { words.append("\(removed.count) date\(removed.count == 1 ? "" : "s") removed: \(removed.map(day).joined(separator: ", "))") }
        return words
    }

    static func singleLine(for change: ChangeSet.AppointmentChange, index: RepositoryIndex) -> String {
        let who = who(change, index: index)
        switch kind(of: change) {
        case "new": return "+ \(change.id) \(who), \(when(change.current))"
        case "rescheduled" where change.concernsSeries && when(change.base) == when(change.current):
            return "~ \(change.id) \(who) changed, \(when(change.current)) on"
        case "rescheduled": return "~ \(change.id) \(who) moved from \(when(change.base)) to \(when(change.current))"
        case "cancelled": return "- \(change.id) \(who) cancelled, \(when(change.current))"
        case "deleted": return "- \(change.id) \(who) deleted (was \(when(change.base)))"
        default: return "~ \(change.id) \(who) changed: \(change.fields.joined(separator: ", "))"
        }
    }
}
