import DocketModel

public struct StaleRequestFormRule: CheckingRule {
    public static let description = RuleDescription(
        code: .staleRequestForm,
        severity: .warning,
        summary: "a committed request form's clinician list differs from the active clinicians",
        rationale: """
            Staff who book from the forge's issue form pick the clinician from its list, which \
            docket forms wrote from the clinicians of that day. When a clinician joins, leaves, \
            is made inactive or changes name, the list no longer says who can be booked: a new \
            colleague cannot be picked, a departed one still can (and the request is then \
            refused). The finding sits on the form's list and names who is missing and who \
            should go; docket forms writes the forms again.
            """,
        triggeringExamples: [
            // A clinician joined after the form was written.
            RuleExample(files: [
                ".github/ISSUE_TEMPLATE/book.yml": bookForm(["Dr. Ada Lee (dr-lee)"], marked: true),
                "clinicians/dr-kim.yaml": "apiVersion: docket/v1\nkind: Clinician\nid: dr-kim\nname: Dr. Min Kim\nemail: min.kim@maple.example\ntimezone: America/Toronto\n",
            ]),
            // A clinician who is no longer active is still offered.
            RuleExample(files: [
                ".github/ISSUE_TEMPLATE/book.yml": bookForm(["Dr. Ada Lee (dr-lee)", "Dr. Min Kim (dr-kim)"], marked: true),
                "clinicians/dr-kim.yaml": "apiVersion: docket/v1\nkind: Clinician\nid: dr-kim\nname: Dr. Min Kim\nemail: min.kim@maple.example\ntimezone: America/Toronto\nactive: false\n",
            ]),
            // The GitLab template's list.
            RuleExample(files: [
                ".gitlab/issue_templates/Book.md": "Book an appointment\n\n↓<!-- docket: clinicians -->\n- Dr. Ada Leigh (dr-lee)\n<!-- /docket: clinicians -->\n",
            ]),
        ],
        nonTriggeringExamples: [
            RuleExample(files: [".github/ISSUE_TEMPLATE/book.yml": bookForm(["Dr. Ada Lee (dr-lee)"], marked: false)]),
            // Other forms of the repository are none of docket's business.
            RuleExample(files: [".github/ISSUE_TEMPLATE/bug.yml": "name: Bug\ndescription: A bug\nbody:\n  - type: input\n    id: what\n    attributes:\n      label: What\n"]),
        ])

    static func bookForm(_ options: [String], marked: Bool) -> String {
        """
        name: Book an appointment
        description: Book a visit with a clinician.
        body:
          - type: dropdown
            id: clinician
            attributes:
              label: Clinician
              \(marked ? "↓" : "")options:
        \(options.map { "          - \($0)" }.joined(separator: "\n"))

        """
    }

    public init() {}

    public func check(_ context: ValidationContext) -> [Diagnostic] {
        let lists = RequestFormFiles.committedLists(root: context.repository.root)
        guard !lists.isEmpty else { return [] }
        let expected = RequestFormFiles.options(in: context.repository)
        return lists.compactMap { list in
            let missing = expected.filter { !list.options.contains($0) }
            let extra = list.options.filter { !expected.contains($0) }
            guard !missing.isEmpty || !extra.isEmpty else { return nil }
            var parts: [String] = []
            if !missing.isEmpty { parts.append("it does not offer \(missing.joined(separator: ", "))") }
            if !extra.isEmpty { parts.append("it offers \(extra.joined(separator: ", ")), who is not an active clinician (or not by that name)") }
            return Diagnostic(.staleRequestForm,
                              "this request form's clinician list is out of date: \(parts.joined(separator: "; ")); run docket forms to write the forms again",
                              at: list.location, severity: .warning)
        }
    }
}
