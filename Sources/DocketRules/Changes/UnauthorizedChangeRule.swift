import DocketModel

public struct UnauthorizedChangeRule: CheckingRule {
    public static let description = RuleDescription(
        code: .unauthorizedChange,
        summary: "with --author: a clinician changed what is not theirs",
        rationale: """
            Coordinators may change anything. A clinician may change only appointments that are theirs \
            both before and after the change (so not hand one to a colleague), and no people files, \
            docket.yaml or templates/ (a template decides what every client reads). The finding sits on \
            what they changed. Needs --base and --author.
            """,
        triggeringExamples: [
            RuleExample(files: ["appointments/a-2.yaml": appointmentYAML(id: "a-2", clinician: "↓dr-kim", start: "2026-12-03T10:00", extra: "title: Intake\n")],
                        before: ["appointments/a-2.yaml": appointmentYAML(id: "a-2", clinician: "dr-kim", start: "2026-12-03T10:00"), "clinicians/dr-kim.yaml": drKim],
                        author: "ada.lee@maple.example"),
            RuleExample(files: ["appointments/a-1.yaml": appointmentYAML(clinician: "↓dr-kim", start: "2026-12-03T10:00")],
                        before: ["appointments/a-1.yaml": appointmentYAML(start: "2026-12-03T10:00"), "clinicians/dr-kim.yaml": drKim],
                        author: "ada.lee@maple.example"),
            RuleExample(files: ["docket.yaml": RuleExample.baseFiles["docket.yaml"]! + "policy:\n  minimumNoticeHours: 0\n"],
                        expected: ("docket.yaml", 1, 1), before: [:], author: "Ada.Lee@maple.example").giving(2),
            RuleExample(files: ["templates/confirm.client.txt": "Dear {{recipientName}}, see you {{when}}.\n"],
                        expected: ("templates/confirm.client.txt", 1, 1), before: [:], author: "ada.lee@maple.example").giving(2),
        // (dr-kim's file, new at the base-less examples, is a second finding there.)
        ].map { example in
            var example = example
            example.files["clinicians/dr-kim.yaml"] = drKim
            return example
        } + [
            // With --verify-signatures: a commit whose author is the coordinator's address but
            // whose signature is the clinician's is judged as the clinician's.
            .signed(before: SignedChangeExamples.base.merging(["appointments/a-2.yaml": appointmentYAML(id: "a-2", clinician: "dr-kim", start: "2026-12-03T10:00"),
                                                               "clinicians/dr-kim.yaml": drKim]) { first, _ in first },
                    commits: [.init(["appointments/a-2.yaml": appointmentYAML(id: "a-2", clinician: "↓dr-lee", start: "2026-12-03T10:00")], signedBy: "dr-lee")]),
        ],
        nonTriggeringExamples: [
            .change(before: appointmentYAML(start: "2026-12-03T10:00"), after: appointmentYAML(start: "2026-12-04T10:00"), author: "ada.lee@maple.example"),
            .change(before: nil, after: appointmentYAML(start: "2026-12-04T10:00"), author: "ada.lee@maple.example"),
            RuleExample(files: ["appointments/a-2.yaml": appointmentYAML(id: "a-2", clinician: "dr-kim", start: "2026-12-03T10:00", extra: "title: Intake\n"),
                                "clinicians/dr-kim.yaml": drKim],
                        before: ["appointments/a-2.yaml": appointmentYAML(id: "a-2", clinician: "dr-kim", start: "2026-12-03T10:00"), "clinicians/dr-kim.yaml": drKim],
                        author: "sam@maple.example"),
            // A clinician's signed change to their own appointment.
            .signed(before: SignedChangeExamples.base, commits: [
                .init(["appointments/a-1.yaml": appointmentYAML(start: "2026-12-03T11:00")], signedBy: "dr-lee"),
            ]),
        ])

    static let drKim = "apiVersion: docket/v1\nkind: Clinician\nid: dr-kim\nname: Dr. Min Kim\nemail: min.kim@maple.example\ntimezone: America/Toronto\n"

    public init() {}

    public func check(_ context: ValidationContext) -> [Diagnostic] {
        guard let review = context.review else { return [] }
        var found: [Diagnostic] = []
        if let author = ChangeAuthor(review.author, in: context), case .clinician(let clinician) = author {
            found += Self.findings(review.changes, clinician: clinician, who: "\(review.author ?? "") is clinician \(clinician)")
        }
        // With --verify-signatures: each commit by its signer's role at the base, so that a
        // clinician's commit in a branch a coordinator finishes is still judged as theirs.
        for commit in review.commits ?? [] {
            guard let signer = commit.signer, signer.role == .clinician else { continue }
            found += Self.findings(commit.changes, clinician: signer.id, who: "\(commit.name) is signed by \(signer.description)")
        }
        return found
    }

    /// What a clinician may not do in `changes`: touch appointments that are not theirs before
    /// and after, or any other document or template.
    static func findings(_ changes: ChangeSet, clinician: String, who: String) -> [Diagnostic] {
        var found: [Diagnostic] = []
        for change in changes.changedAppointments {
            let before = change.base?.appointment.clinician?.value
            let after = change.current?.appointment.clinician?.value
            guard (before.map { $0 != clinician } ?? false) || (after.map { $0 != clinician } ?? false) else { continue }
            let whose = [before, after].compactMap { $0 }.filter { $0 != clinician }.first ?? "another clinician"
            let location = change.current?.appointment.clinician?.location ?? change.location
            found.append(Diagnostic(
                .unauthorizedChange,
                "\(who) and may change only their own appointments; \(change.id) is \(before == clinician ? "given to" : "an appointment of") \(whose). Ask a coordinator to make this change",
                at: location))
        }
        for change in changes.documents {
            found.append(Diagnostic(
                .unauthorizedChange,
                "\(who); only coordinators may change \(change.documentKind == .organization ? "docket.yaml" : "people files") (\(change.documentKind.noun) '\(change.id)' is \(change.kind.rawValue))",
                at: change.location))
        }
        for path in changes.templates {
            found.append(Diagnostic(
                .unauthorizedChange,
                "\(who); only coordinators may change templates, which decide what every client reads (\(path) differs from the base). Ask a coordinator to make this change",
                at: SourceLocation(file: path, line: 1, column: 1)))
        }
        return found
    }
}

/// Who `--author` is, by e-mail address (case does not matter); coordinators first.
enum ChangeAuthor {
    case coordinator(String)
    case clinician(String)
    case unknown

    init?(_ email: String?, in context: ValidationContext) {
        guard let email = email?.lowercased() else { return nil }
        if let coordinator = context.repository.coordinators.first(where: { $0.email?.value.lowercased() == email }) {
            self = .coordinator(coordinator.header.id.value)
        } else if let clinician = context.repository.clinicians.first(where: { $0.email?.value.lowercased() == email }) {
            self = .clinician(clinician.header.id.value)
        } else {
            self = .unknown
        }
    }
}
