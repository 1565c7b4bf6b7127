import DocketModel

public struct DuplicateSigningKeyRule: CheckingRule {
    public static let description = RuleDescription(
        code: .duplicateSigningKey,
        summary: "two people list the same signing key",
        rationale: """
            A signed commit proves which key made it; the key must then name one person, or a \
            clinician's commit could pass as a coordinator's. A key listed by two people (a shared \
            laptop's key, a copy-paste slip) counts for neither of them until one removes it; the \
            finding sits on the later listing and relates the first.
            """,
        triggeringExamples: [
            // The finding sits on the listing whose path sorts later.
            RuleExample(files: [
                "clinicians/dr-lee.yaml": clinician(keys: [exampleKeys[0]]),
                "coordinators/sam.yaml": coordinator(keys: ["↓" + exampleKeys[0]]),
            ]),
        ],
        nonTriggeringExamples: [
            RuleExample(files: [
                "coordinators/sam.yaml": coordinator(keys: [exampleKeys[0]]),
                "clinicians/dr-lee.yaml": clinician(keys: [exampleKeys[1]]),
            ]),
            // One person may list several keys (a laptop and a desk).
            RuleExample(files: ["coordinators/sam.yaml": coordinator(keys: exampleKeys)]),
        ])

    /// Two real ed25519 public keys (their private halves were thrown away).
    static let exampleKeys = [
        "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIEbUlWoD1xL/Pnpcuy3+murJSqWUPZC1o8o8leQZkbvT sam@desk",
        "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIHmEXN5Lst1iq/Z16nfT3yPjmElLwh3pblDVT0H5GYnp ada@laptop",
    ]

    static func coordinator(keys: [String]) -> String {
        "apiVersion: docket/v1\nkind: Coordinator\nid: sam\nname: Sam Ortiz\nemail: sam@maple.example\nsigningKeys:\n"
            + keys.map { "  - \($0)\n" }.joined()
    }

    static func clinician(keys: [String]) -> String {
        "apiVersion: docket/v1\nkind: Clinician\nid: dr-lee\nname: Dr. Ada Lee\nemail: ada.lee@maple.example\ntimezone: America/Toronto\nsigningKeys:\n"
            + keys.map { "  - \($0)\n" }.joined()
    }

    public init() {}

    public func check(_ context: ValidationContext) -> [Diagnostic] {
        var first: [String: KeyHolder] = [:]
        var found: [Diagnostic] = []
        let holders = context.repository.keyHolders.sorted { $0.key.location < $1.key.location }
        for holder in holders {
            guard let original = first[holder.key.value.identity] else {
                first[holder.key.value.identity] = holder
                continue
            }
            found.append(Diagnostic(
                .duplicateSigningKey,
                "this signing key is already \(original.description)'s (\(original.key.location.file):\(original.key.location.line)); a key must name one person, so it counts for neither until one of them lists their own key",
                at: holder.key.location, related: [original.key.location]))
        }
        return found
    }
}
