import DocketModel

/// What a message says about an appointment, from the repository or, for an appointment
/// whose file was deleted, from the recorded state. `notes` are deliberately absent: they
/// never leave the repository.
public struct AppointmentDetails: Sendable, Equatable {
    public struct AttachmentDetails: Sendable, Equatable {
        public var path: String
        public var title: String?
        public var audience: AttachmentAudience
    }

    public var id: String
    public var file: String
    public var title: String?
    public var type: AppointmentType
    public var interval: Interval
    public var videoLink: String?
    public var cancellationReason: String?
    public var attachments: [AttachmentDetails]
    public var clinicianName: String
    public var clientName: String
    public var participants: [(name: String, role: String?)]
    /// Everyone invited, for the invitation's attendee list.
    public var attendees: [Recipient]
    /// For a message about a whole series: how it repeats (nil for a single appointment and
    /// for a message about one occurrence).
    public var series: SeriesSummary?
    /// For a message about one occurrence of a series: which.
    public var occurrence: OccurrenceReference?

    /// `a-12`, or `s-3@2027-01-18` for a message about one occurrence.
    public var name: String { occurrence.map { "\(id)@\($0.date)" } ?? id }

    public static func == (lhs: AppointmentDetails, rhs: AppointmentDetails) -> Bool {
        lhs.id == rhs.id && lhs.interval == rhs.interval && lhs.title == rhs.title && lhs.attendees == rhs.attendees
            && lhs.series == rhs.series && lhs.occurrence == rhs.occurrence
    }

    public init(id: String, file: String, title: String?, type: AppointmentType, interval: Interval, videoLink: String?,
                cancellationReason: String?, attachments: [AttachmentDetails], clinicianName: String, clientName: String,
                participants: [(name: String, role: String?)], attendees: [Recipient]) {
        self.id = id
        self.file = file
        self.title = title
        self.type = type
        self.interval = interval
        self.videoLink = videoLink
        self.cancellationReason = cancellationReason
        self.attachments = attachments
        self.clinicianName = clinicianName
        self.clientName = clientName
        self.participants = participants
        self.attendees = attendees
    }

    /// From the appointment's file.
    public init(_ appointment: Appointment, interval: Interval, attendees: [Recipient], index: RepositoryIndex) {
        id = appointment.id
        file = appointment.header.file
        title = appointment.title?.value
        type = appointment.effectiveType
        self.interval = interval
        videoLink = appointment.videoLink?.value
        cancellationReason = appointment.cancellationReason?.value
        attachments = appointment.attachments.compactMap { attachment in
            attachment.path.map { AttachmentDetails(path: $0.value, title: attachment.title?.value, audience: attachment.effectiveAudience) }
        }
        clinicianName = appointment.clinician.flatMap { index.clinicians[$0.value]?.name?.value } ?? appointment.clinician?.value ?? ""
        clientName = appointment.client.flatMap { index.clients[$0.value]?.name?.value } ?? appointment.client?.value ?? ""
        participants = appointment.participants.compactMap { participant in
            participant.name.map { ($0.value, participant.role?.value) }
        }
        self.attendees = attendees
    }
}

extension AppointmentDetails {
    /// A whole series: its first original occurrence's time, and how it repeats.
    public init(series appointment: Appointment, at position: Int, expansion: SeriesExpansion, attendees: [Recipient],
                index: RepositoryIndex) {
        let occurrences = index.occurrences(ofAppointmentAt: position).filter { $0.interval != nil }
        let start = expansion.start ?? LocalDateTime(secondsAsIfUTC: 0)
        let minutes = occurrences.first { $0.override == nil }?.interval?.minutes ?? occurrences.first?.interval?.minutes ?? 0
        let summaries = occurrences.map { occurrence -> SeriesOccurrence in
            let original = expansion.instant(of: LocalDateTime(date: occurrence.date!, secondOfDay: start.secondOfDay)) ?? occurrence.interval!.start
            let moved = occurrence.override.map { appointment.occurrences[$0].moves } ?? false
            return SeriesOccurrence(date: occurrence.date!, originalStart: original, interval: occurrence.interval!,
                                    cancelled: occurrence.status == .cancelled, moved: moved)
        }
        let recurrence = appointment.recurrence!.value
        let first = summaries.first.map { Interval(start: $0.originalStart, end: $0.originalStart + Int64(minutes) * 60) }
            ?? Interval(start: Instant(seconds: 0), end: Instant(seconds: 0))
        self.init(appointment, interval: first, attendees: attendees, index: index)
        series = SeriesSummary(
            ruleText: recurrence.ruleText(firstDate: start.date, time: start.timeText),
            rrule: recurrence.rrule(count: expansion.originalStarts.count), zone: expansion.zone, occurrences: summaries)
    }
}

/// A series as its messages describe it and its invitation carries it.
public struct SeriesSummary: Sendable, Equatable {
    /// `every Monday at 10:00`, in the series' zone.
    public var ruleText: String
    /// The RRULE value, e.g. `FREQ=WEEKLY;WKST=MO;COUNT=12`.
    public var rrule: String
    /// The zone its local times are kept in (iCalendar's TZID); nil: UTC times.
    public var zone: Zone?
    /// Every original occurrence, in order.
    public var occurrences: [SeriesOccurrence]
    /// For an update: original dates it gained and lost.
    public var added: [LocalDate] = []
    public var removed: [LocalDate] = []

    public init(ruleText: String, rrule: String, zone: Zone?, occurrences: [SeriesOccurrence]) {
        self.ruleText = ruleText
        self.rrule = rrule
        self.zone = zone
        self.occurrences = occurrences
    }

    public var cancelled: [SeriesOccurrence] { occurrences.filter(\.cancelled) }
    public var moved: [SeriesOccurrence] { occurrences.filter { !$0.cancelled && $0.moved } }
}

/// One original occurrence of a series.
public struct SeriesOccurrence: Sendable, Equatable {
    public var date: LocalDate
    /// Its original start (the RECURRENCE-ID).
    public var originalStart: Instant
    /// When it happens (its original time unless moved).
    public var interval: Interval
    public var cancelled: Bool
    public var moved: Bool

    public init(date: LocalDate, originalStart: Instant, interval: Interval, cancelled: Bool, moved: Bool) {
        self.date = date
        self.originalStart = originalStart
        self.interval = interval
        self.cancelled = cancelled
        self.moved = moved
    }
}

/// One occurrence of a series, for a message about it alone.
public struct OccurrenceReference: Sendable, Equatable {
    /// Its original local date (its name: `<id>@<date>`).
    public var date: LocalDate
    /// Its original start: the RECURRENCE-ID that points calendars at it.
    public var originalStart: Instant
    /// The series' zone (TZID); nil: UTC.
    public var zone: Zone?

    public init(date: LocalDate, originalStart: Instant, zone: Zone?) {
        self.date = date
        self.originalStart = originalStart
        self.zone = zone
    }
}
