import DocketModel
import Mustache

/// docket's own wording of every (action, role), as Mustache templates over the documented
/// variables: a repository's `templates/<action>.<role>.txt|html` replaces any of them.
enum BuiltInTemplates {
    /// Parsed once per process, by action and format (the role is always `.client`: the
    /// built-ins serve every role through their role sections).
    static let parsed: [TemplateName: MustacheTemplate] = {
        var templates: [TemplateName: MustacheTemplate] = [:]
        for action in MessageAction.allCases {
            for format in TemplateName.Format.allCases {
                let source = format == .txt ? BuiltInTemplates.text(action) : BuiltInTemplates.html(action)
                if case .success(let template) = TemplateSet.parse(source, format: format) {
                    templates[TemplateName(action: action, role: .client, format: format)] = template
                }
            }
        }
        return templates
    }()

    static func text(_ action: MessageAction) -> String {
        switch action {
        case .confirm:
            return """
                Dear {{recipientName}},

                {{#isClinician}}A new appointment is booked with you: {{title}} with {{clientName}}.{{/isClinician}}{{#isClient}}Your appointment with {{clinicianName}} is confirmed.{{/isClient}}{{#isCoordinator}}This confirms the appointment you booked: {{title}}, {{clinicianName}} with {{clientName}}.{{/isCoordinator}}{{#isParticipant}}You are invited to join {{title}}, {{clinicianName}} with {{clientName}}.{{/isParticipant}}

                When:  {{when}}
                What:  {{title}} ({{type}}, {{duration}})
                {{#hasVideoLink}}Join:  {{videoLink}}
                {{/hasVideoLink}}
                \(attachmentsText)\(setUpText)The invitation is attached: add it to your calendar.

                {{organizationName}}

                """
        case .reschedule:
            return """
                Dear {{recipientName}},

                {{title}} ({{clinicianName}} with {{clientName}}) has moved.
                {{#isHandover}}
                You will now see {{clinicianName}} instead of {{previousClinicianName}}.
                {{/isHandover}}

                Now:   {{when}}
                Was:   {{previousWhen}}
                {{#hasVideoLink}}Join:  {{videoLink}}
                {{/hasVideoLink}}
                Your calendar updates with the attached invitation.

                {{organizationName}}

                """
        case .update:
            return """
                Dear {{recipientName}},

                {{#isHandover}}Your appointment has been handed over to another clinician: you will now see {{clinicianName}} instead of {{previousClinicianName}}.{{/isHandover}}{{^isHandover}}The details of {{title}} ({{clinicianName}} with {{clientName}}) have changed.{{/isHandover}}

                When:  {{when}}
                What:  {{title}} ({{type}}, {{duration}})
                {{#hasVideoLink}}Join:  {{videoLink}}
                {{/hasVideoLink}}
                \(attachmentsText)Your calendar updates with the attached invitation.

                {{organizationName}}

                """
        case .cancel:
            return """
                Dear {{recipientName}},

                {{title}} ({{clinicianName}} with {{clientName}}) on {{when}} is cancelled{{#isParticipant}} for you{{/isParticipant}}.
                {{#hasCancellationReason}}
                Reason: {{cancellationReason}}
                {{/hasCancellationReason}}
                {{#isClient}}To book another time, reply to this e-mail{{#hasPortalURL}} or visit {{portalURL}}{{/hasPortalURL}}.
                {{/isClient}}
                The attached cancellation removes it from your calendar.

                {{organizationName}}

                """
        case .remind:
            return """
                Dear {{recipientName}},

                A reminder: {{title}} with {{clinicianName}} is in {{reminderLeadTime}}.

                When:  {{when}}
                {{#hasVideoLink}}Join:  {{videoLink}}
                {{/hasVideoLink}}
                \(setUpText)
                {{organizationName}}

                """
        }
    }

    static let attachmentsText = """
        {{#hasAttachments}}
        Files for you:
        {{#attachments}}  - {{title}} ({{fileName}}){{^attached}}: too large to attach; ask us for it{{/attached}}
        {{/attachments}}
        {{/hasAttachments}}
        """

    static let setUpText = """
        {{#isClient}}{{#isVideo}}
        Before the video visit, please get set up:
          1. {{#hasPortalURL}}Sign in to your account at {{portalURL}} and check your details.{{/hasPortalURL}}{{^hasPortalURL}}Check that you can sign in to your account.{{/hasPortalURL}}
          2. Use a device with a camera and microphone, and allow the browser to use them.
          3. Find a quiet, private place with a good connection.
          4. Open the link a few minutes early.
        {{#hasAttachments}}  5. Read and complete the forms attached.
        {{/hasAttachments}}

        {{/isVideo}}{{/isClient}}
        """

    static func html(_ action: MessageAction) -> String {
        let heading: String
        let lead: String
        switch action {
        case .confirm:
            heading = "Appointment confirmed"
            lead = "{{#isClinician}}A new appointment is booked with you.{{/isClinician}}{{#isClient}}Your appointment with {{clinicianName}} is confirmed.{{/isClient}}{{#isCoordinator}}This confirms the appointment you booked.{{/isCoordinator}}{{#isParticipant}}You are invited to join this appointment.{{/isParticipant}}"
        case .reschedule:
            heading = "Appointment moved"
            lead = "The appointment has moved. It was {{previousWhen}}.{{#isHandover}} You will now see {{clinicianName}} instead of {{previousClinicianName}}.{{/isHandover}}"
        case .update:
            heading = "Appointment updated"
            lead = "{{#isHandover}}The appointment has been handed over: you will now see {{clinicianName}} instead of {{previousClinicianName}}.{{/isHandover}}{{^isHandover}}The details of the appointment have changed.{{/isHandover}}"
        case .cancel:
            heading = "Appointment cancelled"
            lead = "The appointment is cancelled{{#isParticipant}} for you{{/isParticipant}}.{{#hasCancellationReason}} Reason: {{cancellationReason}}{{/hasCancellationReason}}"
        case .remind:
            heading = "Reminder: {{title}} in {{reminderLeadTime}}"
            lead = "A reminder of your appointment with {{clinicianName}}."
        }
        return """
            <!DOCTYPE html>
            <html><body style="font-family: sans-serif; line-height: 1.4">
            <h2>\(heading)</h2>
            <p>Dear {{recipientName}},</p>
            <p>\(lead)</p>
            <table>
            <tr><th align="left">When</th><td>{{when}}</td></tr>
            <tr><th align="left">What</th><td>{{title}}: {{clinicianName}} with {{clientName}} ({{type}}, {{duration}})</td></tr>
            {{#hasVideoLink}}<tr><th align="left">Join</th><td><a href="{{videoLink}}">{{videoLink}}</a></td></tr>{{/hasVideoLink}}
            </table>
            {{#hasAttachments}}<p>Files for you:</p><ul>{{#attachments}}<li>{{title}} ({{fileName}}){{^attached}}: too large to attach; ask us for it{{/attached}}</li>{{/attachments}}</ul>{{/hasAttachments}}
            {{#isClient}}{{#isVideo}}{{^isCancel}}<p>Before the video visit, please get set up:</p><ol>
            <li>{{#hasPortalURL}}Sign in to <a href="{{portalURL}}">your account</a> and check your details.{{/hasPortalURL}}{{^hasPortalURL}}Check that you can sign in to your account.{{/hasPortalURL}}</li>
            <li>Use a device with a camera and microphone, and allow the browser to use them.</li>
            <li>Find a quiet, private place with a good connection.</li>
            <li>Open the link a few minutes early.</li></ol>{{/isCancel}}{{/isVideo}}{{/isClient}}
            <p>{{organizationName}}</p>
            </body></html>

            """
    }

    /// The subject line, in the recipient's zone.
    static func subject(_ action: MessageAction, role: RecipientRole, title: String, other: String, date: String, time: String) -> String {
        let what = "\(title) with \(other)"
        switch action {
        case .confirm: return role == .clinician ? "New appointment: \(what), \(date) at \(time)" : "Confirmed: \(what), \(date) at \(time)"
        case .reschedule: return "Moved: \(what), now \(date) at \(time)"
        case .update: return "Updated: \(what), \(date) at \(time)"
        case .cancel: return "Cancelled: \(what), \(date) at \(time)"
        case .remind: return "Reminder: \(what), \(date) at \(time) - please get set up"
        }
    }
}
