import DocketModel
import DocketSupport
import DocketYAML
import Foundation

/// `docket cancel` and `docket reschedule`: an appointment's file edited in place, one or two
/// lines, then the repository validated; an edit that leaves errors is undone.
public enum AppointmentEditor {
    public enum Outcome: Sendable {
        /// Written; the findings that remain (warnings only).
        case written(file: String, diagnostics: [Diagnostic])
        /// Refused and undone: the errors the edit would cause.
        case refused([Diagnostic])
    }

    public typealias Failure = EditFailure

    /// `loaded`: the repository at `root`, when the caller has read it already.
    public static func cancel(root: String, id: String, reason: String?, now: Instant, loaded: Repository? = nil) throws(Failure) -> Outcome {
        if let reason, reason.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }) {
            throw Failure("--reason must be a single line")
        }
        return try edit(root: root, id: id, now: now, loaded: loaded) { text, _, node throws(Failure) in
            var text = text
            if let status = node["status"] {
                text = try replace(text, status, "cancelled")
            } else {
                text = SourceEditor.insertLines(["status: cancelled"], in: text, after: lastLine(ofKey: ["duration", "end", "start"], in: node))
            }
            guard let reason else { return text }
            let written = SourceEditor.yamlScalar(reason)
            let reparsed = try reload(text)
            if let cancellation = reparsed["cancellation"] {
                if let existing = cancellation["reason"] { return try replace(text, existing, written) }
                let indent = String(repeating: " ", count: max(2, cancellation.mark.column - 1))
                return SourceEditor.insertLines(["\(indent)reason: \(written)"], in: text, after: key(of: "cancellation", in: reparsed)?.line ?? 0)
            }
            // Indented as the file indents its other nested mappings.
            let indent = String(repeating: " ", count: SourceEditor.indentation(of: reparsed))
            return SourceEditor.insertLines(["cancellation:", "\(indent)reason: \(written)"], in: text,
                                            after: lastLine(ofKey: ["status"], in: reparsed))
        }
    }

    public static func reschedule(root: String, id: String, start: String, durationMinutes: Int?, now: Instant,
                                  loaded: Repository? = nil) throws(Failure) -> Outcome {
        guard case .success(let expression) = TimeExpression.parse(start) else {
            throw Failure("--start '\(start)' is not a time such as 2026-12-03T14:00 or 2026-12-03T14:00:00-05:00")
        }
        return try edit(root: root, id: id, now: now, loaded: loaded) { text, currentMinutes, node throws(Failure) in
            guard let startNode = node["start"] else { throw Failure("the appointment has no start to change") }
            var text = try replace(text, startNode, start)
            let reparsed = try reload(text)
            if let durationNode = reparsed["duration"], let durationMinutes {
                text = try replace(text, durationNode, DurationText.text(minutes: durationMinutes))
            } else if let endNode = reparsed["end"] {
                // Keep the length (or take the new one) and write the end the way start is written.
                let length = durationMinutes ?? currentMinutes ?? 0
                guard length > 0 else { throw Failure("give --duration: the appointment's length cannot be read") }
                var end = endText(start: expression, minutes: length)
                // `2026-12-03 15:00` or `2026-12-03T15:00`, as the start was given.
                if start.contains(" "), case .local = expression { end = end.replacingOccurrences(of: "T", with: " ") }
                text = try replace(text, endNode, end)
            } else if let durationMinutes {
                text = SourceEditor.insertLines(["duration: \(DurationText.text(minutes: durationMinutes))"], in: text, after: startNode.mark.line)
            }
            return text
        }
    }

    // MARK: The edit, its check, and its undo

    static func edit(root: String, id: String, now: Instant, loaded: Repository? = nil,
                     change: (_ text: String, _ minutes: Int?, _ node: YAMLNode) throws(Failure) -> String) throws(Failure) -> Outcome {
        let repository = try GuardedChange.repository(loaded, root: root)
        let matches = repository.appointments.filter { $0.id == id }
        guard let appointment = matches.first else {
            let hint = Suggestion.closest(to: id, in: repository.appointments.map(\.id)).map { "; did you mean '\($0)'?" } ?? ""
            throw Failure("no appointment has the id '\(id)'\(hint)")
        }
        guard matches.count == 1 else { throw Failure("more than one appointment has the id '\(id)'; fix that first") }
        let file = appointment.header.file
        let path = repository.root + "/" + file
        let data: [UInt8]
        switch RepositoryFiles(root: repository.root).read(file, limit: RepositoryLoader.maxFileSize, utf8: true) {
        case .success(let bytes): data = bytes
        case .failure(let refusal): throw Failure("cannot edit \(file): \(refusal)")
        }
        let original = String(decoding: data, as: UTF8.self)
        let documents = YAMLLoader.load(data).documents
        guard documents.count == 1, let node = documents.first?.root else {
            throw Failure("\(file) holds more than one document; edit it by hand")
        }
        // The appointment's current length, for a reschedule that keeps it.
        let minutes = repository.appointments.firstIndex { $0.id == id }
            .flatMap { RepositoryIndex(repository).timings[$0].interval?.minutes }
        let edited = try change(original, minutes, node)
        let (after, added) = try GuardedChange.apply(repository, now: now, change: { () throws(Failure) in
            try write(edited, to: path)
        }, undo: {
            try? write(original, to: path)
        })
        guard added.isEmpty else { return .refused(added) }
        return .written(file: file, diagnostics: after.diagnostics.filter { $0.location.file == file })
    }

    static func write(_ text: String, to path: String) throws(Failure) {
        do {
            try Data(text.utf8).write(to: URL(fileURLWithPath: path), options: .atomic)
        } catch {
            throw Failure("cannot write \(path): \(error.localizedDescription)")
        }
    }

    static func replace(_ text: String, _ node: YAMLNode, _ value: String, verbatim: Bool = false) throws(Failure) -> String {
        do {
            return try SourceEditor.replaceScalar(in: text, at: node.mark, with: value, verbatim: verbatim)
        } catch {
            throw Failure(error.description)
        }
    }

    static func reload(_ text: String) throws(Failure) -> YAMLNode {
        guard let root = YAMLLoader.load(Array(text.utf8)).documents.first?.root else {
            throw Failure("the edited file no longer parses; nothing was written")
        }
        return root
    }

    private static func key(of name: String, in mapping: YAMLNode) -> Mark? {
        mapping.pairs.first { $0.key.scalar == name }?.key.mark
    }

    /// The line after which to insert: that of the first of `keys` present (its value is one line).
    private static func lastLine(ofKey keys: [String], in mapping: YAMLNode) -> Int {
        for name in keys {
            if let value = mapping[name], value.kind == .scalar { return value.mark.line }
        }
        return mapping.pairs.last.map { $0.value.mark.line } ?? 0
    }

    static func endText(start: TimeExpression, minutes: Int) -> String {
        switch start {
        case .instant(let instant, let offset):
            return (instant + Int64(minutes) * 60).rfc3339(offsetSeconds: offset)
        case .local(let local):
            return LocalDateTime(secondsAsIfUTC: local.secondsAsIfUTC + Int64(minutes) * 60).description
        }
    }
}
