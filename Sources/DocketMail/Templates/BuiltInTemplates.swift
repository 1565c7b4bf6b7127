import DocketModel
import Mustache

/// docket's own wording of every (action, role), as Mustache templates over the documented
/// variables: one wording per action, for every role through its role sections, written as
/// `MessageBody` reads it, from which both the text and the HTML part are made. A
/// repository's `templates/<action>.<role>.txt|html` replaces any of them.
enum BuiltInTemplates {
    /// Parsed once per process, by action (as `.txt` templates: values as they are; the HTML
    /// part escapes them).
    static let parsed: [MessageAction: MustacheTemplate] = {
        var templates: [MessageAction: MustacheTemplate] = [:]
        for action in MessageAction.allCases {
            if case .success(let template) = TemplateSet.parse(wording(action), format: .txt) { templates[action] = template }
        }
        return templates
    }()

    static func wording(_ action: MessageAction) -> String {
        switch action {
        case .confirm:
            return """
                Dear {{recipientName}},

                {{#isClinician}}A new appointment is booked with you: {{title}} with {{clientName}}.{{/isClinician}}{{#isClient}}Your appointment with {{clinicianName}} is confirmed.{{/isClient}}{{#isCoordinator}}This confirms the appointment you booked: {{title}}, {{clinicianName}} with {{clientName}}.{{/isCoordinator}}{{#isParticipant}}You are invited to join {{title}}, {{clinicianName}} with {{clientName}}.{{/isParticipant}}

                \(facts)

                \(attachments)\(setUp)
                The invitation is attached: add it to your calendar.

                {{organizationName}}
                """
        case .reschedule:
            return """
                Dear {{recipientName}},

                {{title}} ({{clinicianName}} with {{clientName}}) has moved.{{#isHandover}} You will now see {{clinicianName}} instead of {{previousClinicianName}}.{{/isHandover}}

                {{#isOccurrence}}
                Only the session of {{occurrenceDate}} has moved; the rest of the series stays as booked.

                {{/isOccurrence}}
                Now:  {{when}}
                Was:  {{previousWhen}}
                What:  {{title}}: {{clinicianName}} with {{clientName}} ({{type}}, {{duration}})
                {{#hasVideoLink}}
                Join:  {{videoLink}}
                {{/hasVideoLink}}
                \(setUp)
                Your calendar updates with the attached invitation.

                {{organizationName}}
                """
        case .update:
            return """
                Dear {{recipientName}},

                {{#isHandover}}Your appointment has been handed over to another clinician: you will now see {{clinicianName}} instead of {{previousClinicianName}}.{{/isHandover}}{{^isHandover}}The details of {{title}} ({{clinicianName}} with {{clientName}}) have changed.{{/isHandover}}

                \(facts)

                \(attachments)
                Your calendar updates with the attached invitation.

                {{organizationName}}
                """
        case .cancel:
            return """
                Dear {{recipientName}},

                {{title}} ({{clinicianName}} with {{clientName}}) on {{when}} is cancelled{{#isParticipant}} for you{{/isParticipant}}.

                {{#isOccurrence}}
                Only this session is cancelled; the rest of the series stays as booked.

                {{/isOccurrence}}
                {{#isSeries}}
                The whole series is cancelled: {{repeats}}.

                {{/isSeries}}
                {{#hasCancellationReason}}
                Reason:  {{cancellationReason}}

                {{/hasCancellationReason}}
                {{#isClient}}
                To book another time, reply to this e-mail{{#hasPortalURL}} or visit {{portalURL}}{{/hasPortalURL}}.

                {{/isClient}}
                The attached cancellation removes it from your calendar.

                {{organizationName}}
                """
        case .remind:
            return """
                Dear {{recipientName}},

                A reminder: {{title}} with {{clinicianName}} is in {{reminderLeadTime}}.

                When:  {{when}}
                What:  {{title}}: {{clinicianName}} with {{clientName}} ({{type}}, {{duration}})
                {{#hasVideoLink}}
                Join:  {{videoLink}}
                {{/hasVideoLink}}

                {{#hasReminderNote}}
                {{reminderNote}}

                {{/hasReminderNote}}
                \(setUp)
                {{^isVideo}}
                {{#hasPortalURL}}
                Please check your details and forms at {{portalURL}} before the visit.

                {{/hasPortalURL}}
                {{/isVideo}}
                {{organizationName}}
                """
        }
    }

    static let facts = """
        When:  {{when}}
        \(seriesFacts)
        What:  {{title}}: {{clinicianName}} with {{clientName}} ({{type}}, {{duration}})
        {{#hasVideoLink}}
        Join:  {{videoLink}}
        {{/hasVideoLink}}
        """

    /// A series' rule and its dates, after `When` (nothing for a single appointment).
    static let seriesFacts = """
        {{#isSeries}}
        Repeats:  {{repeats}}
        {{#hasSkippedDates}}
        Skipped:  {{skippedDates}}
        {{/hasSkippedDates}}
        {{#hasMovedDates}}
        Moved:  {{movedDates}}
        {{/hasMovedDates}}
        {{#hasDatesAdded}}
        Added:  {{datesAdded}}
        {{/hasDatesAdded}}
        {{#hasDatesRemoved}}
        Removed:  {{datesRemoved}}
        {{/hasDatesRemoved}}
        {{/isSeries}}
        """

    static let attachments = """
        {{#hasAttachments}}
        Files for you:
        {{#attachments}}
        - {{title}} ({{fileName}}){{^attached}}: too large to attach; ask us for it{{/attached}}
        {{/attachments}}

        {{/hasAttachments}}
        """

    /// The video visit's set-up steps, for the client (in a confirmation, a reschedule and a
    /// reminder: whatever changed, the client gets ready the same way).
    static let setUp = """
        {{#isClient}}
        {{#isVideo}}
        Before the video visit, please get set up:
        1. {{#hasPortalURL}}Sign in to your account at {{portalURL}} and check your details.{{/hasPortalURL}}{{^hasPortalURL}}Check that you can sign in to your account.{{/hasPortalURL}}
        2. Use a device with a camera and microphone, and allow the browser to use them.
        3. Find a quiet, private place with a good connection.
        4. Open the link a few minutes early.
        {{#hasAttachments}}
        5. Read and complete the forms attached.
        {{/hasAttachments}}

        {{/isVideo}}
        {{/isClient}}
        """

    /// The subject line, in the recipient's zone.
    static func subject(_ action: MessageAction, role: RecipientRole, title: String, other: String, date: String, time: String,
                        series: String? = nil) -> String {
        let what = "\(title) with \(other)"
        if let series {
            // A whole series: its rule rather than one date.
            switch action {
            case .confirm: return role == .clinician ? "New series: \(what), \(series)" : "Confirmed: \(what), \(series)"
            case .reschedule: return "Moved: \(what), now \(series)"
            case .update: return "Updated: \(what), \(series)"
            case .cancel: return "Cancelled: \(what), \(series)"
            case .remind: break
            }
        }
        switch action {
        case .confirm: return role == .clinician ? "New appointment: \(what), \(date) at \(time)" : "Confirmed: \(what), \(date) at \(time)"
        case .reschedule: return "Moved: \(what), now \(date) at \(time)"
        case .update: return "Updated: \(what), \(date) at \(time)"
        case .cancel: return "Cancelled: \(what), \(date) at \(time)"
        case .remind: return "Reminder: \(what), \(date) at \(time) - please get set up"
        }
    }
}
