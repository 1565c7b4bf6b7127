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
        return Self.duplicates(repository.organizations, \.header)
            + Self.duplicates(repository.coordinators, \.header)
            + Self.duplicates(repository.clinicians, \.header)
            + Self.duplicates(repository.clients, \.header)
            + Self.duplicates(repository.appointments, \.header)
    }

    /// The repeats among documents of one kind, each related to the one that comes first by
    /// place. One pass finds the first of every id (comparing places only on a collision, so
    /// nothing is sorted); a second pass, only when some id repeats, reports the others.
    ///
    /// The headers are read in place (`header`), not copied into a list of their own: for a
    /// clinic's history that list was the largest thing `validate` held for a moment.
    static func duplicates<Document>(_ documents: [Document], _ header: KeyPath<Document, DocumentHeader>) -> [Diagnostic] {
        var first: [String: Int] = [:]
        first.reserveCapacity(documents.count)
        var repeats = false
        for position in documents.indices {
            let document = documents[position][keyPath: header]
            if let earlier = first[document.id.value] {
                repeats = true
                if document.location < documents[earlier][keyPath: header].location { first[document.id.value] = position }
            } else {
                first[document.id.value] = position
            }
        }
        guard repeats else { return [] }
        var found: [Diagnostic] = []
        for position in documents.indices {
            let document = documents[position][keyPath: header]
            guard let earlier = first[document.id.value], earlier != position else { continue }
            let original = documents[earlier][keyPath: header]
            found.append(Diagnostic(
                .duplicateID,
                "\(document.kind.noun) id '\(document.id.value)' is already used by \(original.id.location.file):\(original.id.location.line); give this one another id",
                at: document.id.location, related: [original.id.location]))
        }
        return found
    }
}
