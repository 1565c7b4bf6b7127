/// The five kinds of document a docket repository holds.
public enum DocumentKind: String, Sendable, CaseIterable {
    case organization = "Organization"
    case coordinator = "Coordinator"
    case clinician = "Clinician"
    case client = "Client"
    case appointment = "Appointment"

    /// `clinician`, as messages name a document of this kind.
    public var noun: String { rawValue.lowercased() }
}

/// What every document has: its kind, its id and where it starts.
public struct DocumentHeader: Sendable {
    public var kind: DocumentKind
    public var id: Located<String>
    /// Where the document's top mapping starts.
    public var location: SourceLocation

    public var file: String { location.file }

    public init(kind: DocumentKind, id: Located<String>, location: SourceLocation) {
        self.kind = kind
        self.id = id
        self.location = location
    }
}

/// `kind: Organization`, the clinic itself; exactly one per repository, normally in `docket.yaml`.
public struct Organization: Sendable {
    public var header: DocumentHeader
    public var name: Located<String>?
    public var timezone: Located<Zone>?
    public var email: OrganizationEmail?
    public var portalURL: Located<String>?
    /// `video.linkTemplate`: a URL with `{{room}}`, the joining link of video appointments
    /// that give none of their own.
    public var videoLinkTemplate: Located<String>?
    public var ignore: [Located<String>]
    public var policy: Policy
    /// `automation.signingKeys`: the keys that sign the request workflow's commits, each
    /// judged as the change of the person its `Docket-Requested-By` trailer names.
    public var automationKeys: [Located<SigningKey>] = []
}

public struct OrganizationEmail: Sendable {
    public var from: Located<Mailbox>?
    public var replyTo: Located<Mailbox>?
    /// The right-hand side of Message-IDs and iCalendar UIDs.
    public var domain: Located<String>?
}

/// An e-mail address with an optional display name: `Maple Clinic <hello@maple.example>`.
public struct Mailbox: Sendable, Hashable {
    public var name: String?
    public var address: String

    public init(name: String?, address: String) {
        self.name = name
        self.address = address
    }
}

/// One entry of `policy.reminders`: `24h`, or `{before: 24h, types: [in-person], note: …}`.
public struct ReminderRule: Sendable, Equatable {
    public var minutes: Int
    /// nil: every type.
    public var types: Set<AppointmentType>?
    public var note: String?

    public init(minutes: Int, types: Set<AppointmentType>? = nil, note: String? = nil) {
        self.minutes = minutes
        self.types = types
        self.note = note
    }
}

/// The clinic's scheduling and messaging rules, each with the spec's default.
public struct Policy: Sendable {
    public var minimumNoticeHours = 3
    public var bufferMinutes = 0
    /// When the client is reminded: offsets before the start, for some types or all, each
    /// with its note.
    public var reminders: [ReminderRule] = [ReminderRule(minutes: 72 * 60), ReminderRule(minutes: 24 * 60)]

    /// Every offset, for any type, in minutes, largest first.
    public var reminderOffsets: [Int] { Array(Set(reminders.map(\.minutes))).sorted(by: >) }

    /// The reminders of an appointment of `type`: offset → note, largest offset first.
    public func reminders(for type: AppointmentType) -> [(minutes: Int, note: String?)] {
        var byOffset: [Int: String?] = [:]
        for rule in reminders where rule.types?.contains(type) ?? true {
            if byOffset[rule.minutes] == nil || byOffset[rule.minutes]! == nil { byOffset[rule.minutes] = rule.note }
        }
        return byOffset.map { ($0.key, $0.value) }.sorted { $0.minutes > $1.minutes }
    }
    public var maxDurationMinutes = 480
    public var slotMinutes = 15
    public var maxAttachmentMB = 10
    /// `policy.severity`: a code mapped to a new severity, or to nil for `off`.
    public var severityOverrides: [DiagnosticCode: Severity?] = [:]
    /// The codes `policy.severity` names, where they are written: whether each is a code
    /// docket has is for the rule catalogue to say (`invalid-value`).
    public var severityCodes: [Located<DiagnosticCode>] = []

    public init() {}
}

/// A person's accounts on the forges whose issue forms docket reads: `github: <login>`,
/// `gitlab: <username>`. Both forges compare these without regard to case.
public struct ForgeAccounts: Sendable {
    public var github: Located<String>?
    public var gitlab: Located<String>?

    public init() {}

    public subscript(forge: Forge) -> Located<String>? {
        switch forge {
        case .github: github
        case .gitlab: gitlab
        }
    }
}

/// The forges whose issue forms docket writes and reads.
public enum Forge: String, Sendable, CaseIterable {
    case github, gitlab

    /// How people write it: GitHub, GitLab.
    public var name: String { self == .github ? "GitHub" : "GitLab" }

    /// Whether `account` is written as this forge allows its logins (ASCII only: a login
    /// that differs by a look-alike letter is not the same login).
    public func accepts(_ account: String) -> Bool {
        let bytes = Array(account.utf8)
        guard let first = bytes.first, bytes.allSatisfy({ $0 < 0x80 }) else { return false }
        let alphanumeric = { (byte: UInt8) in (0x30...0x39).contains(byte) || (0x41...0x5A).contains(byte) || (0x61...0x7A).contains(byte) }
        switch self {
        case .github:
            // Letters, digits and single hyphens, not at either end; at most 39.
            guard bytes.count <= 39, alphanumeric(first), alphanumeric(bytes.last!) else { return false }
            return bytes.allSatisfy { alphanumeric($0) || $0 == 0x2D } && !account.contains("--")
        case .gitlab:
            guard bytes.count <= 255, alphanumeric(first) || first == 0x5F else { return false }
            return bytes.allSatisfy { alphanumeric($0) || $0 == 0x5F || $0 == 0x2E || $0 == 0x2D }
        }
    }

    /// What a login of this forge looks like, for messages.
    public var accountForm: String {
        switch self {
        case .github: "letters, digits and single hyphens, up to 39 characters (e.g. ada-lee)"
        case .gitlab: "letters, digits, '_', '.' and '-', up to 255 characters (e.g. ada.lee)"
        }
    }
}

/// `kind: Coordinator`: administrative staff who may book and change any appointment.
public struct Coordinator: Sendable {
    public var header: DocumentHeader
    public var name: Located<String>?
    public var email: Located<String>?
    /// The SSH public keys their signed commits are checked against.
    public var signingKeys: [Located<SigningKey>] = []
    /// Their forge accounts, for requests from issue forms (`docket request`).
    public var forgeAccounts = ForgeAccounts()
}

/// `kind: Clinician`.
public struct Clinician: Sendable {
    public var header: DocumentHeader
    public var name: Located<String>?
    public var email: Located<String>?
    public var timezone: Located<Zone>?
    public var active: Located<Bool>?
    /// The SSH public keys their signed commits are checked against.
    public var signingKeys: [Located<SigningKey>] = []
    /// Their forge accounts, for requests from issue forms (`docket request`).
    public var forgeAccounts = ForgeAccounts()
    /// nil: not constrained by hours at all.
    public var availability: Availability?

    public init(header: DocumentHeader) {
        self.header = header
    }

    public var isActive: Bool { active?.value ?? true }
}

/// When a clinician works, in their own zone.
public struct Availability: Sendable {
    /// Windows per weekday; a weekday not listed is not available. nil when the file gives
    /// no `weekly` at all: then only exceptions and time off constrain the clinician.
    public var weekly: [Weekday: [Located<TimeWindow>]]?
    /// Dates whose hours replace the weekly ones; an empty list is a day off.
    public var exceptions: [LocalDate: Located<[Located<TimeWindow>]>] = [:]
    public var timeOff: [TimeOff] = []

    public init() {}
}

/// Local hours within one day, `09:00-12:00`, as minutes since midnight (end may be 24:00).
public struct TimeWindow: Sendable, Hashable {
    public var startMinute: Int
    public var endMinute: Int

    public init(startMinute: Int, endMinute: Int) {
        self.startMinute = startMinute
        self.endMinute = endMinute
    }

    public var description: String {
        "\(pad(startMinute / 60)):\(pad(startMinute % 60))-\(pad(endMinute / 60)):\(pad(endMinute % 60))"
    }
}

/// Whole days off, inclusive.
public struct TimeOff: Sendable {
    public var from: LocalDate
    public var to: LocalDate
    public var reason: String?
    public var location: SourceLocation
}

/// `kind: Client`: the person the appointment is for.
public struct Client: Sendable {
    public var header: DocumentHeader
    public var name: Located<String>?
    public var email: Located<String>?
    public var timezone: Located<Zone>?
}

public enum AppointmentStatus: String, Sendable, CaseIterable {
    case booked, cancelled, fulfilled, noshow
}

public enum AppointmentType: String, Sendable, CaseIterable {
    case video, phone
    case inPerson = "in-person"
}

public enum AttachmentAudience: String, Sendable, CaseIterable {
    case client, clinician, all
}

/// `kind: Appointment`.
///
/// A value, but its fields live in one shared box: rules, indexes and reports pass a
/// clinic's whole history around, and copying twenty located fields (each holding its file's
/// path) per appointment per pass was a fifth of `validate`'s time. A copy is one retain;
/// the first change to a shared copy copies the fields (copy on write).
@dynamicMemberLookup
public struct Appointment: Sendable {
    /// What the file says, field by field.
    public struct Fields: Sendable {
        public var header: DocumentHeader
        public var clinician: Located<String>?
        public var client: Located<String>?
        public var start: Located<TimeExpression>?
        /// Minutes, when the file gives `duration`.
        public var duration: Located<Int>?
        /// When the file gives `end` instead.
        public var end: Located<TimeExpression>?
        public var timezone: Located<Zone>?
        public var status: Located<AppointmentStatus>?
        public var type: Located<AppointmentType>?
        public var title: Located<String>?
        public var createdBy: Located<String>?
        public var participants: [Participant] = []
        public var attachments: [Attachment] = []
        public var videoLink: Located<String>?
        public var cancellationReason: Located<String>?
        /// Internal; never leaves the repository.
        public var notes: String?
        /// `repeat` and `occurrences`, in a box of their own: most appointments have neither,
        /// and a clinic's history holds a hundred thousand (a word each, not seventy bytes).
        private var seriesBox: SeriesBox?

        /// `repeat`: makes the file a series.
        public var recurrence: Located<Recurrence>? {
            get { seriesBox?.fields.recurrence }
            set { changeSeries { $0.recurrence = newValue } }
        }
        /// Where `repeat`'s `count` or `until` is written, for `series-too-long`.
        public var recurrenceEndLocation: SourceLocation? {
            get { seriesBox?.fields.endLocation }
            set { changeSeries { $0.endLocation = newValue } }
        }
        /// Where `repeat`'s `on` is written.
        public var recurrenceDaysLocation: SourceLocation? {
            get { seriesBox?.fields.daysLocation }
            set { changeSeries { $0.daysLocation = newValue } }
        }
        /// `occurrences`: changes to single occurrences of a series, in file order.
        public var occurrences: [OccurrenceOverride] {
            get { seriesBox?.fields.occurrences ?? [] }
            set { changeSeries { $0.occurrences = newValue } }
        }

        private mutating func changeSeries(_ change: (inout SeriesFields) -> Void) {
            var fields = seriesBox?.fields ?? SeriesFields()
            change(&fields)
            seriesBox = SeriesBox(fields)
        }

        public init(header: DocumentHeader) {
            self.header = header
        }

        public var effectiveStatus: AppointmentStatus { status?.value ?? .booked }
        public var effectiveType: AppointmentType { type?.value ?? .video }
    }

    /// Mutated only while uniquely referenced (see the subscript's setter), so sharing it
    /// between threads is safe.
    @usableFromInline
    final class Storage: @unchecked Sendable {
        @usableFromInline var fields: Fields

        @usableFromInline
        init(_ fields: Fields) {
            self.fields = fields
        }
    }

    @usableFromInline var storage: Storage

    /// Whether both are the same decoded appointment (one shares the other's fields), which
    /// makes them equal without comparing a field: `--base` carries every unchanged file's
    /// appointments over from the work tree.
    public func isSameDecoding(as other: Appointment) -> Bool {
        storage === other.storage
    }

    public init(header: DocumentHeader) {
        storage = Storage(Fields(header: header))
    }

    public init(_ fields: Fields) {
        storage = Storage(fields)
    }

    /// All fields at once.
    public var fields: Fields { storage.fields }

    @inlinable
    public subscript<Value>(dynamicMember field: WritableKeyPath<Fields, Value>) -> Value {
        get { storage.fields[keyPath: field] }
        set {
            if !isKnownUniquelyReferenced(&storage) { storage = Storage(storage.fields) }
            storage.fields[keyPath: field] = newValue
        }
    }

    public var id: String { storage.fields.header.id.value }
    /// Whether the file is a series (it has `repeat`).
    public var isSeries: Bool { storage.fields.recurrence != nil }
    public var effectiveStatus: AppointmentStatus { storage.fields.effectiveStatus }
    public var effectiveType: AppointmentType { storage.fields.effectiveType }
}

/// What makes an appointment a series, as its file writes it.
struct SeriesFields: Sendable {
    var recurrence: Located<Recurrence>?
    var endLocation: SourceLocation?
    var daysLocation: SourceLocation?
    var occurrences: [OccurrenceOverride] = []
}

/// An appointment's series fields, shared between copies (they are set once, while decoding).
final class SeriesBox: Sendable {
    let fields: SeriesFields

    init(_ fields: SeriesFields) {
        self.fields = fields
    }
}

/// An extra attendee: a coordinator who joins, an interpreter.
public struct Participant: Sendable {
    public var name: Located<String>?
    public var email: Located<String>?
    public var role: Located<String>?
    public var location: SourceLocation
}

public struct Attachment: Sendable {
    public var path: Located<String>?
    public var title: Located<String>?
    public var audience: Located<AttachmentAudience>?
    public var location: SourceLocation

    public var effectiveAudience: AttachmentAudience { audience?.value ?? .client }
}

/// One decoded document of any kind.
///
/// The kinds other than `Appointment` (which is already one reference) are boxed, so a list
/// of documents costs a word each rather than the size of the largest kind.
public enum DocketDocument: Sendable {
    indirect case organization(Organization)
    indirect case coordinator(Coordinator)
    indirect case clinician(Clinician)
    indirect case client(Client)
    case appointment(Appointment)

    public var header: DocumentHeader {
        switch self {
        case .organization(let document): document.header
        case .coordinator(let document): document.header
        case .clinician(let document): document.header
        case .client(let document): document.header
        case .appointment(let document): document.header
        }
    }
}
