import DocketModel

public struct UnknownSignerRule: CheckingRule {
    public static let description = RuleDescription(
        code: .unknownSigner,
        summary: "with --verify-signatures: signed by a key that no coordinator or clinician lists at the base",
        rationale: """
            A good signature proves only that the holder of that key made the commit. The keys \
            that count are the signingKeys of the people files at the base revision: a key the \
            change itself adds does not vouch for the change (a new colleague's key counts once a \
            coordinator's commit adding it is merged). A key of docket.yaml's \
            automation.signingKeys (the request workflow's) vouches only for a commit whose one \
            Docket-Requested-By trailer names a coordinator or clinician at the base, judged as \
            theirs. The finding sits on each file the commit changed and gives the key's \
            fingerprint. Needs --base.
            """,
        triggeringExamples: [
            // A key listed by nobody.
            .signed(before: SignedChangeExamples.base, commits: [
                .init(["appointments/a-1.yaml": appointmentYAML(start: "2026-12-03T11:00")], signedBy: "stranger"),
            ], expected: ("appointments/a-1.yaml", 1, 1)),
            // A key that the same branch adds to a people file.
            .signed(before: SignedChangeExamples.base, commits: [
                .init(["clinicians/dr-kim.yaml": """
                    apiVersion: docket/v1
                    kind: Clinician
                    id: dr-kim
                    name: Dr. Min Kim
                    email: min.kim@maple.example
                    timezone: America/Toronto
                    signingKeys:
                      - \(RuleExample.signingKey("dr-kim"))

                    """], signedBy: "dr-kim"),
            ], expected: ("clinicians/dr-kim.yaml", 1, 1)),
            // The request workflow's key, on a commit that names nobody who asked.
            .signed(before: SignedChangeExamples.withAutomation, commits: [
                .init(["appointments/a-1.yaml": appointmentYAML(start: "2026-12-03T11:00")], signedBy: "requests"),
            ], expected: ("appointments/a-1.yaml", 1, 1)),
            // … or names someone who is no coordinator or clinician.
            .signed(before: SignedChangeExamples.withAutomation, commits: [
                .init(["appointments/a-1.yaml": appointmentYAML(start: "2026-12-03T11:00")], signedBy: "requests",
                      trailers: ["Docket-Requested-By: jane"]),
            ], expected: ("appointments/a-1.yaml", 1, 1)),
        ],
        nonTriggeringExamples: [
            .signed(before: SignedChangeExamples.base, commits: [
                .init(["appointments/a-1.yaml": appointmentYAML(start: "2026-12-03T11:00")], signedBy: "sam"),
            ]),
            // The request workflow's key, for the coordinator who asked.
            .signed(before: SignedChangeExamples.withAutomation, commits: [
                .init(["appointments/a-1.yaml": appointmentYAML(start: "2026-12-03T11:00")], signedBy: "requests",
                      trailers: ["Docket-Requested-By: sam"]),
            ]),
        ])

    public init() {}

    public func check(_ context: ValidationContext) -> [Diagnostic] {
        guard let commits = context.review?.commits else { return [] }
        return commits.flatMap { commit -> [Diagnostic] in
            guard case .unknownKey(let fingerprint) = commit.signature else { return [] }
            let message = commit.automationProblem.map { "\(commit.name): \($0); only the request workflow commits with that key, naming the person who asked" }
                ?? "\(commit.name) is signed by key \(fingerprint), which no coordinator or clinician lists at the base; a coordinator adds it to the signer's people file first (a key added in the same change does not count)"
            return commit.files.map { Diagnostic(.unknownSigner, message, at: SourceLocation(file: $0, line: 1, column: 1)) }
        }
    }
}
