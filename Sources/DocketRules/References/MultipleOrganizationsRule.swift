import DocketModel

public struct MultipleOrganizationsRule: CheckingRule {
    public static let description = RuleDescription(
        code: .multipleOrganizations,
        summary: "more than one Organization document",
        rationale: """
            A repository is one clinic: its policy, zone and e-mail sender must be unambiguous. Keep \
            the organization in docket.yaml and remove the others.
            """,
        triggeringExamples: [
            RuleExample(files: ["other.yaml": """
                ↓apiVersion: docket/v1
                kind: Organization
                id: birch
                name: Birch Clinic
                timezone: America/Toronto
                email:
                  from: Birch Clinic <hello@birch.example>
                  domain: birch.example

                """]),
        ],
        nonTriggeringExamples: [.appointment(RuleExample.validAppointment)])

    public init() {}

    public func check(_ context: ValidationContext) -> [Diagnostic] {
        let organizations = context.repository.organizations.sorted { lhs, rhs in
            // The one in docket.yaml is the organization; others are the extras.
            (lhs.header.file == RepositoryLoader.organizationFile ? 0 : 1, lhs.header.location)
                < (rhs.header.file == RepositoryLoader.organizationFile ? 0 : 1, rhs.header.location)
        }
        guard let first = organizations.first else { return [] }
        return organizations.dropFirst().map { extra in
            Diagnostic(
                .multipleOrganizations,
                "a second Organization ('\(extra.header.id.value)'); the repository already has '\(first.header.id.value)' in \(first.header.file); keep one",
                at: extra.header.location, related: [first.header.location])
        }
    }
}
