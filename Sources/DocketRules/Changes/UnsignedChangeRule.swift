import DocketModel

public struct UnsignedChangeRule: CheckingRule {
    public static let description = RuleDescription(
        code: .unsignedChange,
        summary: "with --verify-signatures: a commit changing docket files has no good signature by a key known at the base",
        rationale: """
            Anyone can write any name and address into a commit; only a signature proves who made \
            it. With --verify-signatures every commit since the base that changes docket files, \
            templates or attachments must carry a good SSH signature (checked by git and ssh-keygen), \
            so an unsigned commit in the middle of a branch cannot hide behind a signed last one. \
            A merge needs one only if it brings changes of its own (a conflict resolution); edits \
            not yet committed count as unsigned. The finding sits on each file the commit changed \
            and names the commit. Needs --base.
            """,
        triggeringExamples: [
            // An unsigned commit between two signed ones.
            .signed(before: SignedChangeExamples.base, commits: [
                .init(["appointments/a-1.yaml": appointmentYAML(start: "2026-12-03T11:00")], signedBy: "dr-lee"),
                .init(["appointments/a-2.yaml": appointmentYAML(id: "a-2", start: "2026-12-04T10:00")], signedBy: nil),
                .init(["appointments/a-1.yaml": appointmentYAML(start: "2026-12-03T12:00")], signedBy: "dr-lee"),
            ], expected: ("appointments/a-2.yaml", 1, 1)),
        ],
        nonTriggeringExamples: [
            .signed(before: SignedChangeExamples.base, commits: [
                .init(["appointments/a-1.yaml": appointmentYAML(start: "2026-12-03T11:00")], signedBy: "dr-lee"),
                .init(["appointments/a-2.yaml": appointmentYAML(id: "a-2", clinician: "dr-lee", start: "2026-12-04T10:00")], signedBy: "sam"),
            ]),
            // An unsigned commit that changes no docket file (a README) is not judged.
            .signed(before: SignedChangeExamples.base, commits: [.init(["README.md": "How we book.\n"], signedBy: nil)]),
        ])

    public init() {}

    public func check(_ context: ValidationContext) -> [Diagnostic] {
        guard let commits = context.review?.commits else { return [] }
        return commits.flatMap { commit -> [Diagnostic] in
            guard case .unsigned(let reason) = commit.signature else { return [] }
            let by = if case .commit(_, _, let email) = commit.source { " (author \(email))" } else { "" }
            let what = commit.source == .workTree ? "\(commit.name) change this file, but \(reason); commit them signed"
                : "\(commit.name)\(by) changed this file, but \(reason); sign it (git commit --amend -S, or git rebase --exec 'git commit --amend --no-edit -S' for a branch) with a key you list in your people file"
            return commit.files.map { Diagnostic(.unsignedChange, what, at: SourceLocation(file: $0, line: 1, column: 1)) }
        }
    }
}
