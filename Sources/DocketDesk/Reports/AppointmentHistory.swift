import DocketModel
import DocketSupport

/// `docket history ID`: who changed an appointment, when, and how, from git.
///
/// The appointment is followed by its id, not by a path: through renames, moves to another
/// folder, and a deletion followed by a re-creation. Each commit that touched it is one entry,
/// its changes said in words; times are read with today's clinicians' zones.
public enum AppointmentHistory {
    public struct Entry: Sendable, Encodable {
        public var commit: String
        public var date: String
        public var author: String
        public var email: String
        public var signer: String?
        public var file: String
        public var changes: [String]
    }

    public enum Format: String, Sendable, CaseIterable {
        case text, json
    }

    /// The entries, oldest first; empty when the id never appears in the history.
    public static func entries(of id: String, repository: Repository) throws(RepositoryError) -> [Entry] {
        let commits = try GitLog.commits(root: repository.root, holders: repository.keyHolders)
        // Read each version of a file once, by its object id, and keep only those whose text
        // holds the id at all.
        var requests: [(sha: String, path: String, blob: String)] = []
        for commit in commits {
            for change in commit.changes {
                guard let path = change.resultingPath, let blob = commit.blobs[path] else { continue }
                requests.append((commit.sha, path, blob))
            }
        }
        let unique = Array(Set(requests.map(\.blob)))
        let contents = try GitLog.blobs(unique, root: repository.root)
        let needle = Array(id.utf8)
        var holding: [String: [UInt8]] = [:]
        for (blob, bytes) in zip(unique, contents) where contains(bytes, needle) { holding[blob] = bytes }
        var byCommitAndPath: [String: [UInt8]] = [:]
        for request in requests {
            guard let bytes = holding[request.blob] else { continue }
            byCommitAndPath[request.sha + "\u{0}" + request.path] = bytes
        }

        var entries: [Entry] = []
        var holder: String?
        var previous: Appointment?
        for commit in commits {
            var changes: [String] = []
            var file = holder
            for change in commit.changes {
                switch change {
                case .renamed(let from, let to) where from == holder:
                    holder = to
                    file = to
                    if let now = appointment(id, in: byCommitAndPath[commit.sha + "\u{0}" + to], path: to) {
                        changes.append("file moved: \(from) → \(to)")
                        changes += differences(from: previous, to: now, repository: repository)
                        previous = now
                    } else {
                        changes.append("\(to) no longer holds it (its id changed or it was removed)")
                        holder = nil
                    }
                case .deleted(let path) where path == holder:
                    changes.append("deleted (\(path))")
                    holder = nil
                    file = path
                    // Booked again later is a new booking, not a change of this one.
                    previous = nil
                case .added(let path), .modified(let path), .renamed(_, let path):
                    if let now = appointment(id, in: byCommitAndPath[commit.sha + "\u{0}" + path], path: path) {
                        if let old = holder, old != path { changes.append("file moved: \(old) → \(path)") }
                        changes += differences(from: previous, to: now, repository: repository)
                        holder = path
                        file = path
                        previous = now
                    } else if path == holder {
                        changes.append("\(path) no longer holds it (its id changed or it was removed)")
                        holder = nil
                    }
                default:
                    continue
                }
            }
            if changes.isEmpty, let file, commit.changes.contains(where: { $0.resultingPath == file }) {
                // The file was edited, the appointment in it was not (a comment, say).
                changes.append("no change to the appointment (the file was edited)")
            }
            guard !changes.isEmpty, let file else { continue }
            entries.append(Entry(commit: commit.sha, date: commit.date, author: commit.author, email: commit.email,
                                 signer: commit.signer, file: file, changes: changes))
        }
        return entries
    }

    static func contains(_ haystack: [UInt8], _ needle: [UInt8]) -> Bool {
        guard !needle.isEmpty, haystack.count >= needle.count else { return false }
        let first = needle[0]
        var index = 0
        while index <= haystack.count - needle.count {
            if haystack[index] == first, haystack[index..<index + needle.count].elementsEqual(needle) { return true }
            index += 1
        }
        return false
    }

    /// The appointment `id` in a file's text, decoded as docket decodes it.
    static func appointment(_ id: String, in bytes: [UInt8]?, path: String) -> Appointment? {
        guard let bytes else { return nil }
        let loaded = RepositoryLoader.load(contents: [(path, bytes)], root: "/history")
        return loaded.appointments.first { $0.id == id }
    }

    /// What changed, in words a person reads.
    static func differences(from before: Appointment?, to after: Appointment, repository: Repository) -> [String] {
        let (now, nowOccurrences) = indexed(after, repository)
        guard let before else {
            let status = after.effectiveStatus == .booked ? "booked" : "recorded as \(after.effectiveStatus.rawValue)"
            var words = ["\(status): \(when(now)) with \(after.clinician?.value ?? "?") for \(after.client?.value ?? "?")"]
            if nowOccurrences != nil {
                var change = ChangeSet.AppointmentChange(kind: .new, id: after.id, current: (after, now), base: nil, fields: [])
                change.currentOccurrences = nowOccurrences
                words += ChangeReport.occurrenceWords(change)
            }
            return words
        }
        let (then, thenOccurrences) = indexed(before, repository)
        var words: [String] = []
        if now.interval != then.interval { words.append("moved from \(when(then)) to \(when(now, sameDayAs: then))") }
        if nowOccurrences != nil || thenOccurrences != nil {
            // A series: what happened to which occurrence.
            var change = ChangeSet.AppointmentChange(kind: .changed, id: after.id, current: (after, now), base: (before, then), fields: [])
            change.currentOccurrences = nowOccurrences
            change.baseOccurrences = thenOccurrences
            words += ChangeReport.occurrenceWords(change)
        }
        for field in after.differences(from: before) {
            switch field {
            case "start", "end", "duration", "timezone":
                continue
            case "occurrences" where nowOccurrences != nil:
                continue
            case "repeat" where nowOccurrences != nil:
                if let recurrence = after.recurrence?.value, let start = nowOccurrences?.first?.interval.flatMap({ now.displayZone?.localDateTime(at: $0.start) }) {
                    words.append("repeats \(recurrence.ruleText(firstDate: start.date, time: start.timeText)), \(nowOccurrences!.count) times")
                }
            case "status" where after.effectiveStatus == .cancelled:
                words.append("cancelled" + (after.cancellationReason.map { ": \($0.value)" } ?? ""))
            case "status":
                words.append("status: \(before.effectiveStatus.rawValue) → \(after.effectiveStatus.rawValue)")
            case "cancellation" where after.effectiveStatus == .cancelled && before.effectiveStatus != .cancelled:
                continue
            case "clinician", "client", "title", "createdBy":
                let old = text(before, field) ?? "none"
                let new = text(after, field) ?? "none"
                words.append("\(field): \(old) → \(new)")
            case "type":
                words.append("type: \(before.effectiveType.rawValue) → \(after.effectiveType.rawValue)")
            case "participants":
                let old = before.participants.compactMap { $0.name?.value }
                let new = after.participants.compactMap { $0.name?.value }
                words += new.filter { !old.contains($0) }.map { "participant added: \($0)" }
                words += old.filter { !new.contains($0) }.map { "participant removed: \($0)" }
                if new.sorted() == old.sorted() { words.append("participants changed") }
            case "attachments":
                let old = before.attachments.compactMap { $0.path?.value }
                let new = after.attachments.compactMap { $0.path?.value }
                words += new.filter { !old.contains($0) }.map { "attachment added: \($0)" }
                words += old.filter { !new.contains($0) }.map { "attachment removed: \($0)" }
                if new.sorted() == old.sorted() { words.append("attachments changed") }
            case "video":
                words.append("video link changed")
            case "cancellation":
                words.append("cancellation reason: \(after.cancellationReason?.value ?? "none")")
            default:
                words.append("\(field) changed")
            }
        }
        return words
    }

    static func text(_ appointment: Appointment, _ field: String) -> String? {
        switch field {
        case "clinician": appointment.clinician?.value
        case "client": appointment.client?.value
        case "title": appointment.title?.value
        case "createdBy": appointment.createdBy?.value
        default: nil
        }
    }

    /// One version's times, and for a series its occurrences (nil for a single appointment),
    /// from one index of that version alone.
    static func indexed(_ appointment: Appointment, _ repository: Repository) -> (timing: AppointmentTiming, occurrences: [Occurrence]?) {
        var only = repository
        only.appointments = [appointment]
        let index = RepositoryIndex(only)
        return (index.timings[0], appointment.isSeries ? index.occurrences : nil)
    }

    /// `Thu 3 Dec 14:00–14:50 America/Toronto`; with `sameDayAs`, the day only when it differs.
    static func when(_ timing: AppointmentTiming, sameDayAs other: AppointmentTiming? = nil) -> String {
        guard let interval = timing.interval else { return "an unreadable time" }
        let zone = timing.displayZone
        let start = zone?.localDateTime(at: interval.start) ?? LocalDateTime(secondsAsIfUTC: interval.start.seconds)
        let end = zone?.localDateTime(at: interval.end) ?? LocalDateTime(secondsAsIfUTC: interval.end.seconds)
        let otherDay = other?.interval.flatMap { interval in
            (other?.displayZone?.localDateTime(at: interval.start) ?? LocalDateTime(secondsAsIfUTC: interval.start.seconds)).date
        }
        let day = otherDay == start.date ? "" : start.date.shortText + " "
        return "\(day)\(start.timeText)–\(end.timeText) \(zone?.identifier ?? "UTC")"
    }

    public static func render(_ entries: [Entry], id: String, format: Format) -> String {
        switch format {
        case .json:
            struct Document: Encodable {
                var version = 1
                var appointment: String
                var entries: [Entry]
            }
            return encodeJSON(Document(appointment: id, entries: entries))
        case .text:
            return entries.map { entry in
                // Names and paths come from commits and files anyone could write: shown, never
                // obeyed (no line of their own, no terminal escapes).
                let signed = entry.signer.map { ", signed by \(PrintableText.shown($0))" } ?? ""
                return "\(entry.date)  \(PrintableText.shown(entry.author)) <\(PrintableText.shown(entry.email))>\(signed)  "
                    + "\(entry.commit.prefix(10))  \(PrintableText.shown(entry.file, limit: 1_000))\n"
                    + entry.changes.map { "  \(PrintableText.shown($0, limit: 2_000))\n" }.joined()
            }.joined()
        }
    }
}
