/// What a change (the work tree against `--base`) does to each appointment and document.
/// Moving or renaming a file is not a change; a changed `id` is a deletion plus a new one.
public struct ChangeSet: Sendable {
    public enum Kind: String, Sendable, Codable {
        case new, rescheduled, changed, deleted, unchanged
    }

    public struct AppointmentChange: Sendable {
        public var kind: Kind
        public var id: String
        /// The appointment now, with its times (nil when deleted).
        public var current: (appointment: Appointment, timing: AppointmentTiming)?
        /// The appointment at the base (nil when new).
        public var base: (appointment: Appointment, timing: AppointmentTiming)?
        /// The fields that differ, by their YAML names; times only when the instants differ.
        public var fields: [String]
        /// For a series (now or at the base): its occurrences now and at the base, in date
        /// order, so that rules judge occurrence by occurrence.
        public var currentOccurrences: [Occurrence]? = nil
        public var baseOccurrences: [Occurrence]? = nil

        /// Whether it is (or was) a series.
        public var concernsSeries: Bool { currentOccurrences != nil || baseOccurrences != nil }

        public init(kind: Kind, id: String, current: (appointment: Appointment, timing: AppointmentTiming)?,
                    base: (appointment: Appointment, timing: AppointmentTiming)?, fields: [String]) {
            self.kind = kind
            self.id = id
            self.current = current
            self.base = base
            self.fields = fields
        }
    }

    /// A change to an Organization, Coordinator, Clinician or Client document.
    public struct DocumentChange: Sendable {
        public var kind: Kind
        public var documentKind: DocumentKind
        public var id: String
        /// Where it is now, or where it was when deleted.
        public var location: SourceLocation
    }

    public var appointments: [AppointmentChange] = []
    public var documents: [DocumentChange] = []
    /// Files of `templates/` that differ from the base (added, changed or deleted), by path.
    public var templates: [String] = []

    /// Appointments that are not unchanged (all those `appointments` holds: unchanged ones are
    /// not listed).
    public var changedAppointments: [AppointmentChange] { appointments }

    /// The change between `base` as `GitBase.load(changedFrom:revision:)` made it (every file
    /// but `changedFiles` holding the work tree's own documents) and the work tree: worked out
    /// from the changed files alone where that is sure to agree with the whole comparison (a
    /// change of ten files then costs ten files, not two indexes of a whole history), else the
    /// whole comparison.
    public static func compare(changedFiles: Set<String>, base: Repository, current: RepositoryIndex) -> ChangeSet {
        shortcut(changedFiles: changedFiles, base: base, current: current)
            ?? compare(base: RepositoryIndex(base), current: current)
    }

    /// The change set of the changed files alone, or nil where it could differ from the whole
    /// comparison: when an organization or people file changed (a time zone moves
    /// appointments whose files did not change), or when an id of a changed appointment is
    /// used twice (which of two counts depends on every file).
    static func shortcut(changedFiles: Set<String>, base: Repository, current: RepositoryIndex) -> ChangeSet? {
        let numbers = Set(SourceFiles.shared.numbers(for: Array(changedFiles)))
        func inChanged(_ header: DocumentHeader) -> Bool { numbers.contains(header.location.fileNumber) }
        for repository in [base, current.repository] {
            guard !repository.organizations.contains(where: { inChanged($0.header) }),
                  !repository.coordinators.contains(where: { inChanged($0.header) }),
                  !repository.clinicians.contains(where: { inChanged($0.header) }),
                  !repository.clients.contains(where: { inChanged($0.header) }) else { return nil }
        }
        let changedNow = current.repository.appointments.filter { inChanged($0.header) }
        let changedThen = base.appointments.filter { inChanged($0.header) }
        let ids = Set(changedNow.map(\.id) + changedThen.map(\.id))
        for repository in [base, current.repository] {
            var seen = Set<String>()
            for appointment in repository.appointments where ids.contains(appointment.id) {
                guard seen.insert(appointment.id).inserted else { return nil }
            }
        }
        // The organization and clinicians give the times their zones; nothing else is needed.
        func partial(_ repository: Repository, _ appointments: [Appointment]) -> RepositoryIndex {
            var partial = Repository(root: repository.root)
            partial.organizations = repository.organizations
            partial.clinicians = repository.clinicians
            partial.appointments = appointments
            return RepositoryIndex(partial)
        }
        return compare(base: partial(base, changedThen), current: partial(current.repository, changedNow))
    }

    public static func compare(base: RepositoryIndex, current: RepositoryIndex) -> ChangeSet {
        var changes = ChangeSet()
        var baseAppointments: [String: (Appointment, AppointmentTiming)] = [:]
        var basePositions: [String: Int] = [:]
        for (position, (appointment, timing)) in base.appointmentsWithTimings.enumerated() where baseAppointments[appointment.id] == nil {
            baseAppointments[appointment.id] = (appointment, timing)
            basePositions[appointment.id] = position
        }
        func occurrences(_ index: RepositoryIndex, _ position: Int?) -> [Occurrence]? {
            guard let position, index.series[position] != nil else { return nil }
            return Array(index.occurrences(ofAppointmentAt: position))
        }
        var seen = Set<String>()
        for (position, (appointment, timing)) in current.appointmentsWithTimings.enumerated() where seen.insert(appointment.id).inserted {
            guard let (before, beforeTiming) = baseAppointments[appointment.id] else {
                var change = AppointmentChange(kind: .new, id: appointment.id, current: (appointment, timing), base: nil, fields: [])
                change.currentOccurrences = occurrences(current, position)
                changes.appointments.append(change)
                continue
            }
            var moved = timing.interval != beforeTiming.interval
            if !moved, appointment.isSameDecoding(as: before) { continue }
            var fields = appointment.differences(from: before)
            let now = occurrences(current, position)
            let then = occurrences(base, basePositions[appointment.id])
            // A series moves when any of its occurrences does.
            if !moved, now != nil || then != nil {
                moved = !Occurrence.sameTimes(now ?? [], then ?? [])
            }
            if !moved { fields.removeAll { AppointmentFields.time.contains($0) } }
            let kind: Kind = moved ? .rescheduled : fields.isEmpty ? .unchanged : .changed
            // A history is mostly unchanged: only what changed is kept.
            guard kind != .unchanged else { continue }
            var change = AppointmentChange(kind: kind, id: appointment.id, current: (appointment, timing),
                                           base: (before, beforeTiming), fields: fields)
            change.currentOccurrences = now
            change.baseOccurrences = then
            changes.appointments.append(change)
        }
        for (id, before) in baseAppointments.filter({ !seen.contains($0.key) }).sorted(by: { $0.key < $1.key }) {
            var change = AppointmentChange(kind: .deleted, id: id, current: nil, base: before, fields: [])
            change.baseOccurrences = occurrences(base, basePositions[id])
            changes.appointments.append(change)
        }

        func compareDocuments<Document>(_ kind: DocumentKind, _ now: [Document], _ then: [Document],
                                        header: (Document) -> DocumentHeader, fingerprint: (Document) -> String) {
            var previous: [String: Document] = [:]
            for document in then { previous[header(document).id.value] = previous[header(document).id.value] ?? document }
            var present = Set<String>()
            for document in now {
                let id = header(document).id.value
                guard present.insert(id).inserted else { continue }
                let location = header(document).location
                if let before = previous[id] {
                    if fingerprint(before) != fingerprint(document) {
                        changes.documents.append(DocumentChange(kind: .changed, documentKind: kind, id: id, location: location))
                    }
                } else {
                    changes.documents.append(DocumentChange(kind: .new, documentKind: kind, id: id, location: location))
                }
            }
            for (id, before) in previous where !present.contains(id) {
                changes.documents.append(DocumentChange(kind: .deleted, documentKind: kind, id: id, location: header(before).location))
            }
        }
        compareDocuments(.organization, current.repository.organizations, base.repository.organizations, header: \.header, fingerprint: \.fingerprint)
        compareDocuments(.coordinator, current.repository.coordinators, base.repository.coordinators, header: \.header, fingerprint: \.fingerprint)
        compareDocuments(.clinician, current.repository.clinicians, base.repository.clinicians, header: \.header, fingerprint: \.fingerprint)
        compareDocuments(.client, current.repository.clients, base.repository.clients, header: \.header, fingerprint: \.fingerprint)
        return changes
    }
}

enum AppointmentFields {
    static let time: Set<String> = ["start", "duration", "end", "timezone"]
}

extension Appointment {
    /// The fields whose values differ from `other`'s, by their YAML names.
    public func differences(from other: Appointment) -> [String] {
        fields.differences(from: other.fields)
    }
}

extension Appointment.Fields {
    /// The fields whose values differ from `other`'s, by their YAML names.
    func differences(from other: Appointment.Fields) -> [String] {
        func text(_ located: Located<String>?) -> String? { located?.value }
        let pairs: [(String, Bool)] = [
            ("clinician", text(clinician) == text(other.clinician)),
            ("client", text(client) == text(other.client)),
            ("start", start?.value == other.start?.value),
            ("duration", duration?.value == other.duration?.value),
            ("end", end?.value == other.end?.value),
            ("timezone", timezone?.value.identifier == other.timezone?.value.identifier),
            ("status", effectiveStatus == other.effectiveStatus),
            ("type", effectiveType == other.effectiveType),
            ("title", text(title) == text(other.title)),
            ("createdBy", text(createdBy) == text(other.createdBy)),
            ("participants", participants.map(\.fingerprint) == other.participants.map(\.fingerprint)),
            ("attachments", attachments.map(\.fingerprint) == other.attachments.map(\.fingerprint)),
            ("video", text(videoLink) == text(other.videoLink)),
            ("cancellation", text(cancellationReason) == text(other.cancellationReason)),
            ("notes", notes == other.notes),
            ("repeat", recurrence?.value == other.recurrence?.value),
            ("occurrences", occurrences.map(\.fingerprint) == other.occurrences.map(\.fingerprint)),
        ]
        return pairs.filter { !$0.1 }.map(\.0)
    }
}

extension Participant {
    var fingerprint: [String?] { [name?.value, email?.value.lowercased(), role?.value] }
}

extension OccurrenceOverride {
    var fingerprint: String {
        "\(date.value) \(status?.value.rawValue ?? "") \(reason?.value ?? "") \(start.map { "\($0.value)" } ?? "") \(duration?.value ?? -1) \(end.map { "\($0.value)" } ?? "")"
    }
}

extension Attachment {
    var fingerprint: [String?] { [path?.value, title?.value, effectiveAudience.rawValue] }
}

extension Organization {
    var fingerprint: String {
        let policy = self.policy
        let overrides = policy.severityOverrides.map { "\($0.key.rawValue)=\($0.value?.rawValue ?? "off")" }.sorted()
        return [name?.value, timezone?.value.identifier, email?.from?.value.address, email?.from?.value.name,
                email?.replyTo?.value.address, email?.domain?.value, portalURL?.value,
                ignore.map(\.value).joined(separator: ","),
                "\(policy.minimumNoticeHours) \(policy.bufferMinutes) \(policy.reminders.map { "\($0.minutes) \($0.types.map { $0.map(\.rawValue).sorted() } ?? []) \($0.note ?? "")" }) \(policy.maxDurationMinutes) \(policy.slotMinutes) \(policy.maxAttachmentMB)",
                overrides.joined(separator: ",")].map { $0 ?? "" }.joined(separator: "\u{1F}")
    }
}

extension Coordinator {
    var fingerprint: String {
        ([name?.value, email?.value].map { $0 ?? "" } + signingKeys.map(\.value.identity).sorted()).joined(separator: "\u{1F}")
    }
}

extension Client {
    var fingerprint: String { [name?.value, email?.value, timezone?.value.identifier].map { $0 ?? "" }.joined(separator: "\u{1F}") }
}

extension Clinician {
    var fingerprint: String {
        var parts = [name?.value ?? "", email?.value ?? "", timezone?.value.identifier ?? "", "\(isActive)",
                     signingKeys.map(\.value.identity).sorted().joined(separator: ",")]
        if let availability {
            parts.append(availability.weekly.map { weekly in
                Weekday.allCases.map { "\($0.rawValue):\((weekly[$0] ?? []).map(\.value.description))" }.joined(separator: ";")
            } ?? "no weekly")
            parts.append(availability.exceptions.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value.value.map(\.value.description))" }.joined(separator: ";"))
            parts.append(availability.timeOff.map { "\($0.from)..\($0.to) \($0.reason ?? "")" }.joined(separator: ";"))
        }
        return parts.joined(separator: "\u{1F}")
    }
}
