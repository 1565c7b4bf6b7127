import DocketModel

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
        return Self.duplicates(repository.organizations.map(\.header))
            + Self.duplicates(repository.coordinators.map(\.header))
            + Self.duplicates(repository.clinicians.map(\.header))
            + Self.duplicates(repository.clients.map(\.header))
            + Self.duplicates(repository.appointments.map(\.header))
    }

    /// The repeats among documents of one kind, each related to the one that comes first by
    /// place. One pass finds the first of every id (comparing places only on a collision, so
    /// nothing is sorted); a second pass, only when some id repeats, reports the others.
    static func duplicates(_ headers: [DocumentHeader]) -> [Diagnostic] {
        var first: [String: Int] = [:]
        first.reserveCapacity(headers.count)
        var repeats = false
        for (position, header) in headers.enumerated() {
            if let earlier = first[header.id.value] {
                repeats = true
                if header.location < headers[earlier].location { first[header.id.value] = position }
            } else {
                first[header.id.value] = position
            }
        }
        guard repeats else { return [] }
        var found: [Diagnostic] = []
        for (position, header) in headers.enumerated() {
            guard let original = first[header.id.value].map({ headers[$0] }), first[header.id.value] != position else { continue }
            found.append(Diagnostic(
                .duplicateID,
                "\(header.kind.noun) id '\(header.id.value)' is already used by \(original.id.location.file):\(original.id.location.line); give this one another id",
                at: header.id.location, related: [original.id.location]))
        }
        return found
    }
}
