import DocketMail
import DocketModel
import DocketSupport

/// What rules judge: the repository, its indexes, the moment of the run and its policy.
public struct ValidationContext: Sendable {
    public let index: RepositoryIndex
    public let now: Instant
    /// Each appointment's attachments, resolved once (the three attachment rules share them).
    public let attachmentFiles: [[AttachmentFile?]]
    /// The non-cancelled appointments with known times, which every scheduling rule compares.
    public let bookings: [Booking]
    /// The calendar of each clinician file (their hours), by its position among the
    /// repository's clinicians (a booking's `clinicianKey`); nil without a valid time zone.
    let calendarsByKey: [ClinicianCalendar?]
    /// The overrides of `templates/`, parsed once for validation and for rendering.
    public let templates: TemplateSet

    /// With `--base`: the change under review and its author; change rules are skipped without it.
    public let review: ChangeReview?

    public init(index: RepositoryIndex, now: Instant, review: ChangeReview? = nil) {
        self.index = index
        self.now = now
        self.review = review
        let files = RepositoryFiles(root: index.repository.root)
        templates = TemplateSet.load(files)
        calendarsByKey = index.repository.clinicians.map(ClinicianCalendar.init)
        bookings = Booking.all(in: index)
        attachmentFiles = Self.resolveAttachments(index.repository.appointments, files: files)
    }

    /// Each attachment's file. A clinic attaches the same few forms to thousands of
    /// appointments, so each distinct path is resolved once (in parallel) and shared.
    static func resolveAttachments(_ appointments: [Appointment], files: RepositoryFiles) -> [[AttachmentFile?]] {
        var distinct = Set<String>()
        for appointment in appointments {
            for attachment in appointment.attachments {
                if let path = attachment.path { distinct.insert(path.value) }
            }
        }
        let paths = Array(distinct)
        let files = parallelMap(count: paths.count, minimumPerChunk: 16) { AttachmentFile.resolve(paths[$0], in: files) }
        let byPath = Dictionary(uniqueKeysWithValues: zip(paths, files))
        return appointments.map { appointment in
            appointment.attachments.map { attachment in attachment.path.flatMap { byPath[$0.value] } }
        }
    }

    /// The calendar of a booking's clinician, when they have a file with a time zone.
    public func calendar(for booking: Booking) -> ClinicianCalendar? {
        let key = Int(booking.clinicianKey)
        return key >= 0 && key < calendarsByKey.count ? calendarsByKey[key] : nil
    }

    public var repository: Repository { index.repository }
    public var policy: Policy { repository.policy }
}

/// A change under review: what it does and, with `--author`, who made it; with
/// `--verify-signatures`, each of its commits with who signed it.
public struct ChangeReview: Sendable {
    public var changes: ChangeSet
    public var author: String?
    /// nil unless signatures are verified.
    public var commits: [SignedHistory.CommitReview]?

    public init(changes: ChangeSet, author: String?, commits: [SignedHistory.CommitReview]? = nil) {
        self.changes = changes
        self.author = author
        self.commits = commits
    }
}
