import DocketModel
import DocketSupport
import DocketYAML
import Foundation

/// `docket cancel ID --on DATE`, `docket reschedule ID --on DATE --start T` (one occurrence of
/// a series, as an entry of its `occurrences`) and `docket reschedule ID --from DATE --start T`
/// (this and the following: the series ends before DATE and a new series file carries on).
/// Edited in place like any appointment: only the lines concerned change, comments stay, and
/// an edit that leaves errors is undone.
public enum OccurrenceEditor {
    public typealias Failure = EditFailure

    public static func cancel(root: String, id: String, on date: LocalDate, reason: String?, now: Instant,
                              loaded: Repository? = nil) throws(Failure) -> AppointmentEditor.Outcome {
        if let reason, reason.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }) {
            throw Failure("--reason must be a single line")
        }
        var fields: [(String, String?)] = [("status", "cancelled")]
        if let reason { fields.append(("reason", SourceEditor.doubleQuoted(reason))) }
        return try AppointmentEditor.edit(root: root, id: id, now: now, loaded: loaded) { text, _, node throws(Failure) in
            try seriesOnly(node, id, "cancel it without --on")
            return try setOccurrence(text, node, date, fields)
        }
    }

    public static func reschedule(root: String, id: String, on date: LocalDate, start: String, durationMinutes: Int?,
                                  now: Instant, loaded: Repository? = nil) throws(Failure) -> AppointmentEditor.Outcome {
        guard case .success = TimeExpression.parse(start) else {
            throw Failure("--start '\(start)' is not a time such as 2026-12-03T14:00 or 2026-12-03T14:00:00-05:00")
        }
        // A session moved is a session that happens: a cancellation of it is undone.
        var fields: [(String, String?)] = [("start", SourceEditor.doubleQuoted(start)), ("status", nil), ("reason", nil)]
        if let durationMinutes { fields.append(("duration", DurationText.text(minutes: durationMinutes))) }
        return try AppointmentEditor.edit(root: root, id: id, now: now, loaded: loaded) { text, _, node throws(Failure) in
            try seriesOnly(node, id, "reschedule it without --on")
            return try setOccurrence(text, node, date, fields)
        }
    }

    private static func seriesOnly(_ node: YAMLNode, _ id: String, _ hint: String) throws(Failure) {
        guard node["repeat"] != nil else { throw Failure("\(id) is not a series (it has no repeat); \(hint)") }
    }

    /// Sets `fields` in the entry of `occurrences` for `date` (a nil value removes the field),
    /// adding the entry (and the mapping) where there is none.
    static func setOccurrence(_ text: String, _ root: YAMLNode, _ date: LocalDate, _ changes: [(String, String?)]) throws(Failure) -> String {
        let key = "\(date)"
        let fields = changes.compactMap { change in change.1.map { (change.0, $0) } }
        let removed = Set(changes.filter { $0.1 == nil }.map(\.0))
        let flow = "{" + fields.map { "\($0.0): \($0.1)" }.joined(separator: ", ") + "}"
        let step = SourceEditor.indentation(of: root)
        guard let pair = root.pairs.first(where: { $0.key.scalar == "occurrences" }) else {
            return SourceEditor.insertLines(["occurrences:", String(repeating: " ", count: step) + "\(key): \(flow)"], in: text, after: Int.max)
        }
        let occurrences = pair.value
        let keyIndent = pair.key.mark.column - 1
        if occurrences.pairs.isEmpty {
            // `occurrences:` with nothing (or `{}`) after it.
            let replaced = SourceEditor.replaceLine(pair.key.mark.line, in: text, with: String(repeating: " ", count: keyIndent) + "occurrences:")
            return SourceEditor.insertLines([String(repeating: " ", count: keyIndent + step) + "\(key): \(flow)"], in: replaced, after: pair.key.mark.line)
        }
        guard occurrences.kind == .mapping, occurrences.pairs[0].key.mark.line > pair.key.mark.line else {
            throw Failure("'occurrences' is written on one line; write one entry per line to edit it with docket")
        }
        let entryIndent = occurrences.pairs[0].key.mark.column - 1
        guard let entry = occurrences.pairs.first(where: { $0.key.scalar == key }) else {
            return SourceEditor.insertLines([String(repeating: " ", count: entryIndent) + "\(key): \(flow)"], in: text, after: pair.key.mark.line)
        }
        let value = entry.value
        if value.pairs.isEmpty || value.mark.line == entry.key.mark.line {
            // `2027-02-01: {start: …}` on one line: written again, merged, its comment kept.
            var merged: [(String, String)] = value.pairs.compactMap { pair in
                guard let name = pair.key.scalar, let scalar = pair.value.scalar else { return nil }
                return (name, name == "reason" ? SourceEditor.doubleQuoted(scalar) : SourceEditor.yamlScalar(scalar))
            }
            guard merged.count == value.pairs.count else { throw Failure("the entry of \(key) in occurrences is not plain; edit it by hand") }
            merged.removeAll { removed.contains($0.0) }
            for (name, written) in fields {
                if let position = merged.firstIndex(where: { $0.0 == name }) { merged[position].1 = written } else { merged.append((name, written)) }
            }
            let line = SourceEditor.line(entry.key.mark.line, of: text)
            let comment = line.range(of: " #", options: .backwards).flatMap { range in
                line[range.lowerBound...].contains("}") ? nil : String(line[range.lowerBound...])
            } ?? ""
            let rewritten = String(repeating: " ", count: entryIndent) + "\(key): {" + merged.map { "\($0.0): \($0.1)" }.joined(separator: ", ") + "}" + comment
            return SourceEditor.replaceLine(entry.key.mark.line, in: text, with: rewritten)
        }
        // A block mapping: each field replaced where it is, or added under the date; removed ones go.
        var edited = text
        for name in removed {
            let current = try AppointmentEditor.reload(edited)
            guard let field = current["occurrences"]?.pairs.first(where: { $0.key.scalar == key })?.value.pairs.first(where: { $0.key.scalar == name })
            else { continue }
            edited = SourceEditor.removeEntry(at: field.key.mark.line, column: field.key.mark.column, in: edited)
        }
        let childIndent = value.pairs.first.map { $0.key.mark.column - 1 } ?? (entryIndent + step)
        for (name, written) in fields {
            let current = try AppointmentEditor.reload(edited)
            guard let node = current["occurrences"]?.pairs.first(where: { $0.key.scalar == key })?.value else { break }
            if let existing = node[name] {
                edited = try AppointmentEditor.replace(edited, existing, written)
            } else {
                edited = SourceEditor.insertLines([String(repeating: " ", count: childIndent) + "\(name): \(written)"], in: edited,
                                                  after: entry.key.mark.line)
            }
        }
        return edited
    }

    // MARK: This and the following

    public enum SplitOutcome: Sendable {
        case written(file: String, newID: String, newFile: String, diagnostics: [Diagnostic])
        case refused([Diagnostic])
    }

    /// Ends the series before `date` (its `count` or `until` cut to the occurrences before)
    /// and writes a new series file from `start` on, with what remains of the count (or the
    /// same `until`) and the `occurrences` entries on and after `date`; both files keep the
    /// original's comments and style.
    public static func split(root: String, id: String, from date: LocalDate, start: String, durationMinutes: Int?,
                             newID requestedID: String?, now: Instant) throws(Failure) -> SplitOutcome {
        guard case .success(let newStart) = TimeExpression.parse(start) else {
            throw Failure("--start '\(start)' is not a time such as 2026-12-03T14:00 or 2026-12-03T14:00:00-05:00")
        }
        let repository = try GuardedChange.repository(nil, root: root)
        guard let position = repository.appointments.firstIndex(where: { $0.id == id }) else {
            let hint = Suggestion.closest(to: id, in: repository.appointments.map(\.id)).map { "; did you mean '\($0)'?" } ?? ""
            throw Failure("no appointment has the id '\(id)'\(hint)")
        }
        let appointment = repository.appointments[position]
        let index = RepositoryIndex(repository)
        guard let expansion = index.series[position], let recurrence = appointment.recurrence?.value else {
            throw Failure("\(id) is not a series (it has no repeat); reschedule it without --from")
        }
        let dates = expansion.dates
        let before = dates.filter { $0 < date }
        let after = dates.filter { $0 >= date }
        guard !after.isEmpty else { throw Failure("series \(id) has no occurrence on or after \(date) (its last is \(dates.last.map { "\($0)" } ?? "none"))") }
        guard !before.isEmpty else {
            throw Failure("\(date) is the series' first date: move the whole series with docket reschedule \(id) --start \(start)")
        }
        let newDate: LocalDate = switch newStart {
        case .local(let local): local.date
        case .instant(let instant, let offset): LocalDateTime(secondsAsIfUTC: instant.seconds + Int64(offset)).date
        }
        guard newDate >= date else { throw Failure("--start \(start) is before \(date): the new series starts on or after the date it takes over from") }

        let file = appointment.header.file
        let original: String
        switch RepositoryFiles(root: repository.root).read(file, limit: RepositoryLoader.maxFileSize, utf8: true) {
        case .success(let bytes): original = String(decoding: bytes, as: UTF8.self)
        case .failure(let refusal): throw Failure("cannot edit \(file): \(refusal)")
        }
        let documents = YAMLLoader.load(Array(original.utf8)).documents
        guard documents.count == 1, let node = documents.first?.root, let repeatNode = node["repeat"] else {
            throw Failure("\(file) holds more than one document; edit it by hand")
        }

        // The old series: cut to the dates before, entries on and after removed.
        var old = original
        switch recurrence.end {
        case .count:
            guard let count = repeatNode["count"] else { throw Failure("cannot find repeat.count in \(file)") }
            old = try AppointmentEditor.replace(old, count, "\(before.count)", verbatim: true)
        case .until:
            guard let until = repeatNode["until"] else { throw Failure("cannot find repeat.until in \(file)") }
            old = try AppointmentEditor.replace(old, until, "\(before.last!)", verbatim: true)
        }
        old = removeEntries(old, node) { $0 >= date }

        // The new series: the same file from `start` on, under a new id.
        let taken = Set(repository.appointments.map(\.id))
        let newID = requestedID ?? NewAppointment.uniqueID(base: Self.continuationID(id, date), taken: taken)
        guard !taken.contains(newID) else { throw Failure("an appointment already has the id '\(newID)'") }
        var new = original
        guard let idNode = node["id"], let startNode = node["start"] else { throw Failure("cannot find id and start in \(file)") }
        new = try AppointmentEditor.replace(new, idNode, newID)
        new = try AppointmentEditor.replace(new, startNode, start)
        if let durationMinutes {
            if let durationNode = node["duration"] {
                new = try AppointmentEditor.replace(new, durationNode, DurationText.text(minutes: durationMinutes))
            } else if let endNode = node["end"] {
                new = try AppointmentEditor.replace(new, endNode, AppointmentEditor.endText(start: newStart, minutes: durationMinutes))
            }
        } else if let endNode = node["end"], let minutes = index.timings[position].interval?.minutes {
            new = try AppointmentEditor.replace(new, endNode, AppointmentEditor.endText(start: newStart, minutes: minutes))
        }
        if case .count = recurrence.end, let count = repeatNode["count"] {
            new = try AppointmentEditor.replace(new, count, "\(after.count)", verbatim: true)
        }
        // Changes to single sessions follow them: the k-th session from `date` on keeps its
        // entry, keyed by the k-th date of the new series.
        var continued = recurrence
        if case .count = recurrence.end { continued.end = .count(after.count) }
        let newDates = continued.dates(from: newDate).dates
        for entry in (node["occurrences"]?.pairs ?? []) {
            guard let key = entry.key.scalar, let old = LocalDate.parse(key), let position = after.firstIndex(of: old),
                  position < newDates.count, newDates[position] != old else { continue }
            // A key is replaced by its own length (a plain scalar runs to the end of the line).
            let line = SourceEditor.line(entry.key.mark.line, of: new)
            let start = line.unicodeScalars.index(line.unicodeScalars.startIndex, offsetBy: entry.key.mark.column - 1, limitedBy: line.unicodeScalars.endIndex)
            guard let start, line.unicodeScalars[start...].starts(with: key.unicodeScalars) else { continue }
            let end = line.unicodeScalars.index(start, offsetBy: key.unicodeScalars.count)
            let rewritten = String(line.unicodeScalars[..<start]) + "\(newDates[position])" + String(line.unicodeScalars[end...])
            new = SourceEditor.replaceLine(entry.key.mark.line, in: new, with: rewritten)
        }
        new = removeEntries(new, node) { $0 < date }

        let newFile = "appointments/\(String(format: "%04d", newDate.year))/\(String(format: "%02d", newDate.month))/\(newID).yaml"
        let oldPath = repository.root + "/" + file
        let newPath = repository.root + "/" + newFile
        guard !FileManager.default.fileExists(atPath: newPath) else { throw Failure("\(newFile) already exists") }
        let (result, added) = try GuardedChange.apply(repository, now: now, change: { () throws(Failure) in
            try AppointmentEditor.write(old, to: oldPath)
            do {
                try FileManager.default.createDirectory(atPath: (newPath as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            } catch {
                throw Failure("cannot write \(newFile): \(error.localizedDescription)")
            }
            try AppointmentEditor.write(new, to: newPath)
        }, undo: {
            try? AppointmentEditor.write(original, to: oldPath)
            try? FileManager.default.removeItem(atPath: newPath)
        })
        guard added.isEmpty else { return .refused(added) }
        return .written(file: file, newID: newID, newFile: newFile,
                        diagnostics: result.diagnostics.filter { $0.location.file == file || $0.location.file == newFile })
    }

    /// `s-3-from-2027-02-01`, or a shorter one where ids would pass 64 characters.
    static func continuationID(_ id: String, _ date: LocalDate) -> String {
        let candidate = "\(id)-from-\(date)"
        return candidate.count <= 60 ? candidate : "s-\(date)-" + String(id.suffix(40)).trimmingCharacters(in: CharacterSet(charactersIn: "-._"))
    }

    /// The text without the `occurrences` entries whose date `remove` picks (bottom up, so
    /// the marks of those above stay true).
    private static func removeEntries(_ text: String, _ root: YAMLNode, where remove: (LocalDate) -> Bool) -> String {
        guard let pair = root.pairs.first(where: { $0.key.scalar == "occurrences" }) else { return text }
        let occurrences = pair.value
        // All of them: the key goes too.
        if !occurrences.pairs.isEmpty, occurrences.pairs.allSatisfy({ $0.key.scalar.flatMap(LocalDate.parse).map(remove) ?? false }) {
            return SourceEditor.removeEntry(at: pair.key.mark.line, column: pair.key.mark.column, in: text)
        }
        var edited = text
        for entry in occurrences.pairs.reversed() {
            guard let key = entry.key.scalar, let date = LocalDate.parse(key), remove(date) else { continue }
            edited = SourceEditor.removeEntry(at: entry.key.mark.line, column: entry.key.mark.column, in: edited)
        }
        return edited
    }
}
