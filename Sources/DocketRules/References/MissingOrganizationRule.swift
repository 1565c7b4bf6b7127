import DocketModel

public struct MissingOrganizationRule: CheckingRule {
    public static let description = RuleDescription(
        code: .missingOrganization,
        summary: "no Organization document",
        rationale: """
            The organization gives the default time zone, the sender of every e-mail and the policy. \
            Without it nothing can be notified; write it in docket.yaml at the repository root.
            """,
        triggeringExamples: [
            RuleExample(files: ["docket.yaml": """
                ↓apiVersion: docket/v1
                kind: Coordinator
                id: sam
                name: Sam Ortiz
                email: sam@maple.example

                """, "coordinators/sam.yaml": ""], standalone: true),
        ],
        nonTriggeringExamples: [.appointment(RuleExample.validAppointment)])

    public init() {}

    public func check(_ context: ValidationContext) -> [Diagnostic] {
        guard context.repository.organizations.isEmpty else { return [] }
        return [Diagnostic(
            .missingOrganization,
            "the repository has no Organization; write one in \(RepositoryLoader.organizationFile) (apiVersion: docket/v1, kind: Organization, id, name, timezone, email)",
            at: SourceLocation(file: RepositoryLoader.organizationFile, line: 1, column: 1))]
    }
}
