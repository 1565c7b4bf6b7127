import DocketModel

/// A mapping that repeats a key.
public struct YAMLDuplicateKeyRule: Rule {
    public static let description = RuleDescription(
        code: .yamlDuplicateKey,
        summary: "a mapping repeats a key",
        rationale: """
            YAML parsers disagree on which of two equal keys wins, so a repeated `start:` may mean one \
            time to an editor and another to docket. Keep exactly one; the finding points at the repeat \
            and relates the first.
            """,
        triggeringExamples: [
            .appointment("""
                apiVersion: docket/v1
                kind: Appointment
                id: a-1
                clinician: dr-lee
                client: jane
                start: 2026-12-03T14:00
                ↓start: 2026-12-03T15:00
                duration: 50m

                """),
        ],
        nonTriggeringExamples: [.appointment(RuleExample.validAppointment)])
}
