import DocketModel

public struct UnknownAuthorRule: CheckingRule {
    public static let description = RuleDescription(
        code: .unknownAuthor,
        summary: "with --author: the e-mail is no coordinator's or clinician's",
        rationale: """
            Only the clinic's coordinators and clinicians may change its appointments. A change by \
            anyone else (or by a colleague whose file has another address) is reported on each file it \
            touches. Needs --base and --author.
            """,
        triggeringExamples: [
            .change(before: nil, after: appointmentYAML(start: "2026-12-03T10:00"), author: "stranger@example.com",
                    expected: ("appointments/a-1.yaml", 1, 1)),
        ],
        nonTriggeringExamples: [
            .change(before: appointmentYAML(start: "2026-12-03T10:00"), after: appointmentYAML(start: "2026-12-03T10:00"), author: "stranger@example.com"),
            .change(before: nil, after: appointmentYAML(start: "2026-12-03T10:00"), author: "SAM@maple.example"),
        ])

    public init() {}

    public func check(_ context: ValidationContext) -> [Diagnostic] {
        guard let review = context.review, let author = ChangeAuthor(review.author, in: context), case .unknown = author else { return [] }
        let message = "\(review.author ?? "") is neither a coordinator nor a clinician of this clinic; only they may change it (add them, or check the commit's author address)"
        return review.changes.changedAppointments.map { Diagnostic(.unknownAuthor, message, at: $0.current?.appointment.header.location ?? $0.location) }
            + review.changes.documents.map { Diagnostic(.unknownAuthor, message, at: $0.location) }
            + review.changes.templates.map { Diagnostic(.unknownAuthor, message, at: SourceLocation(file: $0, line: 1, column: 1)) }
    }
}
