import DocketModel

/// A required field is absent.
public struct MissingFieldRule: Rule {
    public static let description = RuleDescription(
        code: .missingField,
        summary: "a required field is absent",
        rationale: """
            An appointment needs its clinician, client, start and a duration or end; people need a \
            name and an e-mail address. The finding points at the mapping that lacks the field and \
            shows an example line to add.
            """,
        triggeringExamples: [
            .appointment("""
                ↓apiVersion: docket/v1
                kind: Appointment
                id: a-1
                client: jane
                start: 2026-12-03T14:00
                duration: 50m

                """),
            .appointment("""
                ↓apiVersion: docket/v1
                kind: Appointment
                id: a-1
                clinician: dr-lee
                client: jane
                start: 2026-12-03T14:00

                """),
            .appointment("""
                apiVersion: docket/v1
                kind: Appointment
                id: a-1
                clinician: dr-lee
                client: jane
                start: 2026-12-03T14:00
                duration: 50m
                participants:
                  - ↓name: Sam Ortiz

                """),
        ],
        nonTriggeringExamples: [.appointment(RuleExample.validAppointment)])
}
