import DocketModel

/// One e-mail to write.
public struct PlannedMessage: Sendable {
    public var action: MessageAction
    public var recipient: Recipient
    /// The iCalendar SEQUENCE this message carries.
    public var sequence: Int
    /// For a reminder, its offset before the start, in minutes.
    public var reminderOffset: Int?
    /// For a reminder, the note `policy.reminders` gives it (shown in both parts).
    public var reminderNote: String?
    public var details: AppointmentDetails
    /// For a reschedule, the time it moved from.
    public var previousInterval: Interval?
    /// Whether the recipient's attachments go with it (confirmations and attachment updates).
    public var carriesAttachments: Bool
    /// For a handover (the appointment moved to another clinician): who the recipient was to see.
    public var previousClinicianName: String?
    /// Its place in the run's plan (`X-Docket-Order`): `docket send` delivers a run's
    /// messages in this order.
    public var order = 0

    /// The stable name of its `.eml`: the same appointment, action, recipient and sequence (or
    /// reminder) always give the same key, so a rerun finds what an earlier run wrote.
    public init(action: MessageAction, recipient: Recipient, sequence: Int, reminderOffset: Int? = nil, details: AppointmentDetails,
                previousInterval: Interval? = nil, carriesAttachments: Bool, previousClinicianName: String? = nil) {
        self.action = action
        self.recipient = recipient
        self.sequence = sequence
        self.reminderOffset = reminderOffset
        self.details = details
        self.previousInterval = previousInterval
        self.carriesAttachments = carriesAttachments
        self.previousClinicianName = previousClinicianName
    }

    public var key: String { MessageKey.make(keyParts) }

    /// The key an earlier docket (before SHA-256 keys) gave this message; see `MessageKey.legacy`.
    public var legacyKey: String { MessageKey.legacy(keyParts) }

    private var keyParts: [String] {
        var discriminator = "seq\(sequence)"
        if let reminderOffset { discriminator += "-remind\(reminderOffset)" }
        return [details.name, action.rawValue, recipient.email.lowercased(), discriminator]
    }
}
