import DocketModel
import DocketSupport

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
    /// place.
    ///
    /// Every id is hashed (on all cores) and the hashes sorted; only ids whose hashes meet are
    /// compared. A dictionary of a clinic's whole history of ids was the largest thing
    /// `validate` held for a moment, and slower to fill than sorting numbers.
    static func duplicates<Document>(_ documents: [Document], _ header: KeyPath<Document, DocumentHeader>) -> [Diagnostic] {
        var fingerprints = parallelMap(count: documents.count) { position in
            IDFingerprint(hash: documents[position][keyPath: header].id.value.hashValue, position: Int32(position))
        }
        fingerprints.sort(by: IDFingerprint.precedes)
        var found: [Diagnostic] = []
        var runStart = 0
        while runStart < fingerprints.count {
            var runEnd = runStart + 1
            while runEnd < fingerprints.count, fingerprints[runEnd].hash == fingerprints[runStart].hash { runEnd += 1 }
            if runEnd - runStart > 1 {
                // Equal hashes: group by the ids themselves (different ids may share a hash).
                var byID: [String: [Int]] = [:]
                for fingerprint in fingerprints[runStart..<runEnd] {
                    byID[documents[Int(fingerprint.position)][keyPath: header].id.value, default: []].append(Int(fingerprint.position))
                }
                for positions in byID.values where positions.count > 1 {
                    let earliest = positions.min { documents[$0][keyPath: header].location < documents[$1][keyPath: header].location }!
                    let original = documents[earliest][keyPath: header]
                    for position in positions where position != earliest {
                        let document = documents[position][keyPath: header]
                        found.append(Diagnostic(
                            .duplicateID,
                            "\(document.kind.noun) id '\(document.id.value)' is already used by \(original.id.location.file):\(original.id.location.line); give this one another id",
                            at: document.id.location, related: [original.id.location]))
                    }
                }
            }
            runStart = runEnd
        }
        return found
    }
}

/// An id's hash and the position of its document: what `DuplicateIDRule` sorts.
private struct IDFingerprint {
    var hash: Int
    var position: Int32

    static func precedes(_ first: IDFingerprint, _ second: IDFingerprint) -> Bool {
        first.hash != second.hash ? first.hash < second.hash : first.position < second.position
    }
}
