import DocketModel

public struct AttachmentOutsideRepoRule: CheckingRule {
    public static let description = RuleDescription(
        code: .attachmentOutsideRepo,
        summary: "an attachment path is absolute, has '..', or resolves (symlinks) outside the root",
        rationale: """
            Attachments are e-mailed to clients. A path that leaves the repository, by '..', by being \
            absolute or through a symbolic link, could mail any file of the CI machine (its secrets \
            among them), so it is refused before anything is sent.
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
                  - path: ↓../../etc/passwd

                """),
            .appointment("""
                apiVersion: docket/v1
                kind: Appointment
                id: a-1
                clinician: dr-lee
                client: jane
                start: 2026-12-03T14:00
                duration: 50m
                attachments:
                  - path: ↓/etc/passwd

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
                      - path: ↓attachments/passwd

                    """,
            ], symlinks: ["attachments/passwd": "/etc/passwd"]),
        ],
        nonTriggeringExamples: [
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
                      - path: attachments/current-intake.pdf

                    """,
                "attachments/intake-v2.pdf": "%PDF-1.4\n",
            ], symlinks: ["attachments/current-intake.pdf": "intake-v2.pdf"]),
        ])

    public init() {}

    public func check(_ context: ValidationContext) -> [Diagnostic] {
        var found: [Diagnostic] = []
        for (appointment, files) in zip(context.repository.appointments, context.attachmentFiles) {
            for (attachment, file) in zip(appointment.attachments, files) {
                guard let path = attachment.path, case .outside(let reason)? = file else { continue }
                found.append(Diagnostic(.attachmentOutsideRepo, "attachment '\(path.value)' \(reason)", at: path.location))
            }
        }
        return found
    }
}
