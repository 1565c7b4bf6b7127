import DocketModel

public struct AttachmentTooLargeRule: CheckingRule {
    public static let description = RuleDescription(
        code: .attachmentTooLarge,
        severity: .warning,
        summary: "an attachment is over policy.maxAttachmentMB: it will be named, not attached",
        rationale: """
            Mail providers refuse large messages. An attachment over the limit is named in the e-mail's \
            text instead of attached, which may not be what its author expects.
            """,
        triggeringExamples: [
            RuleExample(files: [
                "docket.yaml": """
                    apiVersion: docket/v1
                    kind: Organization
                    id: maple
                    name: Maple Clinic
                    timezone: America/Toronto
                    email:
                      from: Maple Clinic <hello@maple.example>
                      domain: maple.example
                    policy:
                      maxAttachmentMB: 0

                    """,
                "appointments/a-1.yaml": """
                    apiVersion: docket/v1
                    kind: Appointment
                    id: a-1
                    clinician: dr-lee
                    client: jane
                    start: 2026-12-03T14:00
                    duration: 50m
                    attachments:
                      - path: ↓attachments/intake.pdf

                    """,
                "attachments/intake.pdf": "%PDF-1.4\n",
            ]),
        ],
        nonTriggeringExamples: [
            .appointment("""
                apiVersion: docket/v1
                kind: Appointment
                id: a-1
                clinician: dr-lee
                client: jane
                start: 2026-12-03T14:00
                duration: 50m
                attachments:
                  - path: attachments/intake.pdf

                """, extra: ["attachments/intake.pdf": "%PDF-1.4\n"]),
        ])

    public init() {}

    public func check(_ context: ValidationContext) -> [Diagnostic] {
        let limit = context.policy.maxAttachmentMB
        var found: [Diagnostic] = []
        for (appointment, files) in zip(context.repository.appointments, context.attachmentFiles) {
            for (attachment, file) in zip(appointment.attachments, files) {
                guard let path = attachment.path, case .file(let size)? = file, size > limit << 20 else { continue }
                let megabytes = Double(size) / Double(1 << 20)
                found.append(Diagnostic(
                    .attachmentTooLarge,
                    "attachment '\(path.value)' is \((megabytes * 10).rounded() / 10) MB, over policy.maxAttachmentMB (\(limit)); it will be named in the e-mail, not attached",
                    at: path.location))
            }
        }
        return found
    }
}
