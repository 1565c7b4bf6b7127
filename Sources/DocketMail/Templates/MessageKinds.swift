/// What an e-mail does (SPEC section 3).
public enum MessageAction: String, Sendable, Codable, CaseIterable, Comparable {
    case confirm, reschedule, update, cancel, remind

    public static func < (lhs: MessageAction, rhs: MessageAction) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }

    /// The iCalendar METHOD its invitation carries; reminders carry none.
    public var calendarMethod: String? {
        switch self {
        case .confirm, .reschedule, .update: "REQUEST"
        case .cancel: "CANCEL"
        case .remind: nil
        }
    }
}

/// Who an e-mail is for, which decides its wording and its attachments.
public enum RecipientRole: String, Sendable, Codable, CaseIterable, Comparable {
    case clinician, client, coordinator, participant

    public static func < (lhs: RecipientRole, rhs: RecipientRole) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }

    /// The actions a role can receive: reminders go to the client only.
    public var actions: [MessageAction] {
        self == .client ? MessageAction.allCases : MessageAction.allCases.filter { $0 != .remind }
    }
}
