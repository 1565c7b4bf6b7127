import DocketCore

public struct DuplicateIDRule: CheckingRule {
    public static let description = RuleDescription(
        code: .duplicateID,
        summary: "two documents of one kind share an id",
        rationale: """
            Ids are how appointments name their clinician and client, and how e-mails and calendars \
            recognise an appointment across changes. Two documents of one kind with one id would make \
            both ambiguous; the finding sits on the one whose path sorts later and relates the first.
            """,
        triggeringExamples: [
            RuleExample(files: ["clients/old/jane.yaml": """
                apiVersion: docket/v1
                kind: Client
                id: ↓jane
                name: Jane Doe
                email: jane.doe@example.com

                """]),
        ],
        nonTriggeringExamples: [
            // A clinician and a client may share an id: ids are unique per kind.
            RuleExample(files: ["clients/dr-lee.yaml": """
                apiVersion: docket/v1
                kind: Client
                id: dr-lee
                name: Drew Lee
                email: drew@example.com

                """]),
        ])

    public init() {}

    public func check(_ context: ValidationContext) -> [Diagnostic] {
        let repository = context.repository
        let headers = repository.organizations.map(\.header) + repository.coordinators.map(\.header)
            + repository.clinicians.map(\.header) + repository.clients.map(\.header) + repository.appointments.map(\.header)
        var first: [String: DocumentHeader] = [:]
        var found: [Diagnostic] = []
        for header in headers.sorted(by: { $0.location < $1.location }) {
            let key = header.kind.rawValue + "/" + header.id.value
            if let original = first[key] {
                found.append(Diagnostic(
                    .duplicateID,
                    "\(header.kind.noun) id '\(header.id.value)' is already used by \(original.id.location.file):\(original.id.location.line); give this one another id",
                    at: header.id.location, related: [original.id.location]))
            } else {
                first[key] = header
            }
        }
        return found
    }
}
