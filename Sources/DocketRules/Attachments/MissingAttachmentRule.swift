import DocketModel

public struct MissingAttachmentRule: CheckingRule {
    public static let description = RuleDescription(
        code: .missingAttachment,
        summary: "an attachment path does not exist (or is a folder)",
        rationale: """
            An intake form that is not in the repository cannot be sent: commit the file, or correct \
            the path (relative to the repository root, with '/').
            """,
        triggeringExamples: [
            .appointment("""
                apiVersion: docket/v1
                kind: Appointment
                id: a-1
                clinician: dr-lee
                client: jane
                start: 2026-12-03T14:00
                duration: 50m
                attachments:
                  - path: ↓attachments/intake.pdf

                """),
            RuleExample(files: [
                "appointments/a-1.yaml": """
                    apiVersion: docket/v1
                    kind: Appointment
                    id: a-1
                    clinician: dr-lee
                    client: jane
                    start: 2026-12-03T14:00
                    duration: 50m
                    attachments:
                      - path: ↓attachments

                    """,
            ], folders: ["attachments"]),
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
                    title: Intake form

                """, extra: ["attachments/intake.pdf": "%PDF-1.4\n"]),
        ])

    public init() {}

    public func check(_ context: ValidationContext) -> [Diagnostic] {
        var found: [Diagnostic] = []
        for (appointment, files) in zip(context.repository.appointments, context.attachmentFiles) {
            for (attachment, file) in zip(appointment.attachments, files) {
                guard let path = attachment.path else { continue }
                switch file {
                case .missing?:
                    found.append(Diagnostic(.missingAttachment, "attachment '\(path.value)' does not exist; commit the file or correct the path (relative to the repository root)", at: path.location))
                case .notAFile(let kind)?:
                    found.append(Diagnostic(.missingAttachment, "attachment '\(path.value)' is \(kind), not a plain file; name the file to attach", at: path.location))
                case .unreadable(let reason)?:
                    found.append(Diagnostic(.missingAttachment, "attachment '\(path.value)' cannot be read (\(reason)); commit it as a plain, readable file", at: path.location))
                default:
                    break
                }
            }
        }
        return found
    }
}
