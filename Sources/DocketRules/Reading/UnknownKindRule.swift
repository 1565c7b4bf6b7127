import DocketModel

/// `kind` missing or not one of the five.
public struct UnknownKindRule: Rule {
    public static let description = RuleDescription(
        code: .unknownKind,
        summary: "kind is missing or not one of the five kinds (or the file or document is empty)",
        rationale: """
            Every document is an Organization, Coordinator, Clinician, Client or Appointment. A \
            misspelled kind gets a suggestion; an empty file or document, which has no kind, is \
            reported too rather than silently skipped.
            """,
        triggeringExamples: [
            .appointment("""
                apiVersion: docket/v1
                kind: ↓Appointmnet
                id: a-1

                """),
            .appointment("""
                ↓apiVersion: docket/v1
                id: a-1

                """),
            RuleExample(files: ["appointments/empty.yaml": "↓"]),
        ],
        nonTriggeringExamples: [.appointment(RuleExample.validAppointment)])
}
