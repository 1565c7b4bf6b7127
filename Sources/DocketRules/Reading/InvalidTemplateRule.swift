import DocketModel

public struct InvalidTemplateRule: CheckingRule {
    public static let description = RuleDescription(
        code: .invalidTemplate,
        summary: "a template in templates/ does not parse or names an unknown variable",
        rationale: """
            templates/<action>.<role>.txt and .html override docket's wording of an e-mail with a \
            Mustache template. A template that does not parse, or names a variable docket does not \
            have (which Mustache would silently render as nothing), would send clients a broken \
            message; it is caught here, before anything is sent. The README lists the variables.
            """,
        triggeringExamples: [
            RuleExample(files: ["templates/confirm.client.txt": "Dear {{↓clientNmae}},\nsee you {{when}}.\n"]),
            RuleExample(files: ["templates/confirm.client.html": "<p>{{#isVideo}}Join {{videoLink}}</p>\n"],
                        expected: ("templates/confirm.client.html", 1, 1)),
            RuleExample(files: ["templates/remind.clinician.txt": "Reminder {{when}}\n"],
                        expected: ("templates/remind.clinician.txt", 1, 1)),
            RuleExample(files: ["templates/cancel.client.txt": "{{> footer}}\n"],
                        expected: ("templates/cancel.client.txt", 1, 1)),
        ],
        nonTriggeringExamples: [
            RuleExample(files: ["templates/confirm.client.txt": """
                Dear {{recipientName}},

                your {{title}} with {{clinicianName}} is booked for {{when}}.
                {{#hasVideoLink}}Join here: {{videoLink}}{{/hasVideoLink}}
                {{#attachments}}- {{title}} ({{fileName}}){{/attachments}}
                {{^hasAttachments}}No files this time.{{/hasAttachments}}

                """]),
        ])

    public init() {}

    public func check(_ context: ValidationContext) -> [Diagnostic] {
        context.templates.diagnostics
    }
}
