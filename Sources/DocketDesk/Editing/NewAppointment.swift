import DocketModel
import DocketRules
import Foundation

/// `docket new`: an appointment file in the samples' house style, kept only if the
/// repository still validates with it.
public enum NewAppointment {
    public struct Request: Sendable {
        public var clinician: String
        public var client: String
        public var start: String
        public var duration: String?
        public var end: String?
        public var type: AppointmentType?
        public var title: String?
        public var participants: [ParticipantRequest] = []
        public var attachments: [String] = []
        public var createdBy: String?
        public var videoLink: String?
        /// Internal notes, kept in the file only; may hold several lines.
        public var notes: String?
        public var id: String?
        /// A series: `week`, `2 weeks`, `day`, `month`; with `count` or `until` (a local date), and for weekly ones `on`.
        public var every: String?
        public var count: Int?
        public var until: String?
        public var on: [String] = []

        public init(clinician: String, client: String, start: String) {
            self.clinician = clinician
            self.client = client
            self.start = start
        }
    }

    /// An extra attendee: `Name <email>` (or a bare address) and an optional role.
    public struct ParticipantRequest: Sendable, Equatable {
        public var mailbox: String
        public var role: String?

        public init(mailbox: String, role: String? = nil) {
            self.mailbox = mailbox
            self.role = role
        }
    }

    public enum Outcome: Sendable {
        case written(file: String, id: String, diagnostics: [Diagnostic])
        /// Nothing written: the errors it would cause, and free slots near the time asked for.
        case refused([Diagnostic], suggestions: [Interval], zone: Zone?)
    }

    public typealias Failure = EditFailure

    /// `loaded`: the repository at `root`, when the caller has read it already.
    public static func create(_ request: Request, root: String, now: Instant, force: Bool, loaded: Repository? = nil) throws(Failure) -> Outcome {
        let repository = try GuardedChange.repository(loaded, root: root)
        let index = RepositoryIndex(repository)
        for (kind, id, known) in [("clinician", request.clinician, Array(index.clinicians.keys)), ("client", request.client, Array(index.clients.keys))]
        where !known.contains(id) {
            let hint = Suggestion.closest(to: id, in: known).map { "; did you mean '\($0)'?" } ?? ""
            throw Failure("no \(kind) has the id '\(id)'\(hint)")
        }
        guard case .success(let start) = TimeExpression.parse(request.start) else {
            throw Failure("--start '\(request.start)' is not a time such as 2026-12-03T14:00 or 2026-12-03T14:00:00-05:00")
        }
        let date: LocalDate = switch start {
        case .local(let local): local.date
        case .instant(let instant, let offset): LocalDateTime(secondsAsIfUTC: instant.seconds + Int64(offset)).date
        }
        let prefix = request.every == nil ? "a" : "s"
        let id = request.id ?? uniqueID(base: "\(prefix)-\(date)-\(request.client.split(separator: "-").first ?? "x")", taken: Set(repository.appointments.map(\.id)))
        let file = "appointments/\(String(format: "%04d", date.year))/\(String(format: "%02d", date.month))/\(id).yaml"
        let path = repository.root + "/" + file
        guard !FileManager.default.fileExists(atPath: path) else { throw Failure("\(file) already exists") }

        let text = yaml(request, id: id)
        let (after, new) = try GuardedChange.apply(repository, now: now, force: force, change: { () throws(Failure) in
            do {
                try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
                try Data(text.utf8).write(to: URL(fileURLWithPath: path), options: .atomic)
            } catch {
                throw Failure("cannot write \(file): \(error.localizedDescription)")
            }
        }, undo: {
            try? FileManager.default.removeItem(atPath: path)
        })
        guard new.isEmpty || force else {
            let new = new.map { spokenOfTheRequest($0, file: file, after: after) }
            let scheduling: Set<DiagnosticCode> = [.clinicianDoubleBooked, .outsideAvailability, .clinicianTimeOff, .clientDoubleBooked]
            guard new.contains(where: { scheduling.contains($0.code) }) else { return .refused(new, suggestions: [], zone: nil) }
            let requested = after.index.timings[after.index.repository.appointments.firstIndex { $0.id == id } ?? 0].interval
            let nearby = nearestFreeSlots(clinician: request.clinician, around: requested?.start, date: date, minutes: requested?.minutes ?? 50,
                                          in: index, now: now)
            return .refused(new, suggestions: nearby.slots, zone: nearby.zone)
        }
        return .written(file: file, id: id, diagnostics: after.diagnostics.filter { $0.location.file == file })
    }

    /// Up to five free slots of `clinician` nearest to `target` (on `date`, or the week
    /// around it), none in the past and no two overlapping (five different times to choose
    /// from, not one hour in quarter steps): what to offer when the time asked for is taken.
    /// `index` is the repository without the booking asked for.
    public static func nearestFreeSlots(clinician: String, around target: Instant?, date: LocalDate, minutes: Int,
                                        in index: RepositoryIndex, now: Instant) -> (slots: [Interval], zone: Zone?) {
        let found = try? FreeSlots.find(.init(clinician: clinician, from: date.adding(days: -1), days: 8, durationMinutes: minutes), in: index)
        let target = target ?? Instant(seconds: 0)
        var chosen: [Interval] = []
        for slot in (found?.slots ?? []).filter({ $0.start >= now })
            .sorted(by: { abs($0.start.seconds - target.seconds) < abs($1.start.seconds - target.seconds) }) where chosen.count < 5 {
            if !chosen.contains(where: { $0.overlaps(slot) }) { chosen.append(slot) }
        }
        return (chosen.sorted { $0.start < $1.start }, found?.zone)
    }

    /// A finding about the booking that was asked for, which was never written: one that a
    /// rule put on the appointment already there (it starts later, say) is said again from
    /// the request's side, at the request's start, naming the existing one.
    static func spokenOfTheRequest(_ finding: Diagnostic, file: String, after: ValidationResult) -> Diagnostic {
        guard finding.location.file != file, finding.related.contains(where: { $0.file == file }) else { return finding }
        let index = after.index
        let appointments = index.repository.appointments
        guard let mine = appointments.firstIndex(where: { $0.header.file == file }),
              let other = appointments.lastIndex(where: { $0.header.file == finding.location.file && $0.header.location.line <= finding.location.line }),
              let asked = index.timings[mine].interval, let there = index.timings[other].interval else { return finding }
        let zone = index.timings[mine].displayZone
        let local = { (instant: Instant) in zone?.localDateTime(at: instant) ?? LocalDateTime(secondsAsIfUTC: instant.seconds) }
        let subject = finding.code == .clientDoubleBooked ? appointments[mine].client?.value ?? "the client" : appointments[mine].clinician?.value ?? "the clinician"
        let existing = appointments[other]
        let place = (existing.start?.location ?? existing.header.location)
        let message = "\(subject) already has \(existing.id) (\(place.file):\(place.line)) from \(local(there.start).timeText) to \(local(there.end).timeText) "
            + "\(zone?.identifier ?? "UTC"); the booking asked for is from \(local(asked.start).date) \(local(asked.start).timeText) "
            + "to \(local(asked.end).timeText): choose another time"
        return Diagnostic(finding.code, message, at: appointments[mine].start?.location ?? appointments[mine].header.location,
                          related: [place], severity: finding.severity)
    }

    /// `notes` as a literal block, each line as written; the indentation is stated (`|2-`)
    /// when the first line starts with a space, which YAML would otherwise take for the
    /// block's indentation.
    static func notesBlock(_ notes: String) -> [String] {
        let lines = notes.split(separator: "\n", omittingEmptySubsequences: false).map { String($0) }
        let header = lines.first?.first.map { $0 == " " || $0 == "\t" } == true ? "notes: |2-" : "notes: |-"
        return [header] + lines.map { $0.isEmpty ? "" : "  " + $0 }
    }

    static func uniqueID(base: String, taken: Set<String>) -> String {
        var candidate = base
        var number = 2
        while taken.contains(candidate) {
            candidate = "\(base)-\(number)"
            number += 1
        }
        return candidate
    }

    /// The file, in the order and style of the samples.
    static func yaml(_ request: Request, id: String) -> String {
        var lines = ["apiVersion: docket/v1", "kind: Appointment", "id: \(id)", "clinician: \(request.clinician)",
                     "client: \(request.client)", "start: \(SourceEditor.yamlScalar(request.start))"]
        if let end = request.end {
            lines.append("end: \(SourceEditor.yamlScalar(end))")
        } else {
            lines.append("duration: \(request.duration ?? "50m")")
        }
        if let type = request.type { lines.append("type: \(type.rawValue)") }
        if let title = request.title { lines.append("title: \(SourceEditor.yamlScalar(title))") }
        if let createdBy = request.createdBy { lines.append("createdBy: \(createdBy)") }
        if !request.participants.isEmpty {
            lines.append("participants:")
            for participant in request.participants {
                let mailbox = (try? EmailAddress.mailbox(participant.mailbox).get()) ?? Mailbox(name: nil, address: participant.mailbox)
                lines.append("  - name: \(SourceEditor.yamlScalar(mailbox.name ?? mailbox.address))")
                lines.append("    email: \(SourceEditor.yamlScalar(mailbox.address))")
                if let role = participant.role { lines.append("    role: \(SourceEditor.yamlScalar(role))") }
            }
        }
        if !request.attachments.isEmpty {
            lines.append("attachments:")
            for attachment in request.attachments { lines.append("  - path: \(SourceEditor.yamlScalar(attachment))") }
        }
        if let link = request.videoLink { lines += ["video:", "  link: \(SourceEditor.yamlScalar(link))"] }
        if let notes = request.notes, !notes.isEmpty { lines += notesBlock(notes) }
        if let every = request.every {
            lines += ["repeat:", "  every: \(SourceEditor.yamlScalar(every))"]
            if !request.on.isEmpty { lines.append("  on: [\(request.on.map(SourceEditor.yamlScalar).joined(separator: ", "))]") }
            if let count = request.count { lines.append("  count: \(count)") }
            if let until = request.until { lines.append("  until: \(SourceEditor.yamlScalar(until))") }
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
