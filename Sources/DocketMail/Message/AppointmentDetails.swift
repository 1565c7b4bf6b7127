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

    public static func == (lhs: AppointmentDetails, rhs: AppointmentDetails) -> Bool {
        lhs.id == rhs.id && lhs.interval == rhs.interval && lhs.title == rhs.title && lhs.attendees == rhs.attendees
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
