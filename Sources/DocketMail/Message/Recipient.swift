import DocketModel

/// Someone an appointment's messages go to.
public struct Recipient: Codable, Sendable, Hashable {
    public var email: String
    public var name: String
    public var role: RecipientRole
    /// The IANA zone the recipient's e-mails show times in.
    public var timezone: String

    public init(email: String, name: String, role: RecipientRole, timezone: String) {
        self.email = email
        self.name = name
        self.role = role
        self.timezone = timezone
    }

    /// Everyone an appointment is for, one entry per address: the clinician, the client, the
    /// coordinator who created it, and each participant.
    public static func all(of appointment: Appointment, index: RepositoryIndex, organizationZone: String) -> [Recipient] {
        var recipients: [Recipient] = []
        func add(_ name: String?, _ email: String?, _ role: RecipientRole, _ zone: String?) {
            guard let email, !recipients.contains(where: { EmailAddress.isSame($0.email, email) }) else { return }
            recipients.append(Recipient(email: email, name: name ?? email, role: role, timezone: zone ?? organizationZone))
        }
        if let clinician = appointment.clinician.flatMap({ index.clinicians[$0.value] }) {
            add(clinician.name?.value, clinician.email?.value, .clinician, clinician.timezone?.value.identifier)
        }
        if let client = appointment.client.flatMap({ index.clients[$0.value] }) {
            add(client.name?.value, client.email?.value, .client, client.timezone?.value.identifier)
        }
        if let coordinator = appointment.createdBy.flatMap({ index.coordinators[$0.value] }) {
            add(coordinator.name?.value, coordinator.email?.value, .coordinator, nil)
        }
        for participant in appointment.participants {
            add(participant.name?.value, participant.email?.value, .participant, nil)
        }
        return recipients
    }
}

extension Instant: Codable {
    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let instant = Instant.parseRFC3339(text) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "not an RFC 3339 time: \(text)"))
        }
        self = instant
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}

extension AppointmentType: Codable {}
