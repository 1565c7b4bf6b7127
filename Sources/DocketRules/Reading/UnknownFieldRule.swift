import DocketModel

/// A field the kind does not have.
public struct UnknownFieldRule: Rule {
    public static let description = RuleDescription(
        code: .unknownField,
        summary: "a field the kind does not have; suggests the closest name",
        rationale: """
            A misspelled field is otherwise silently ignored: `duraton: 2h` would leave the appointment \
            without the length its author meant. The finding names the nearest field of that kind.
            """,
        triggeringExamples: [
            .appointment("""
                apiVersion: docket/v1
                kind: Appointment
                id: a-1
                clinician: dr-lee
                client: jane
                start: 2026-12-03T14:00
                duration: 50m
                ↓colour: blue

                """),
            RuleExample(files: ["clinicians/dr-lee.yaml": """
                apiVersion: docket/v1
                kind: Clinician
                id: dr-lee
                name: Dr. Ada Lee
                email: ada.lee@maple.example
                timezone: America/Toronto
                availability:
                  weekly:
                    ↓mondy: ["09:00-17:00"]

                """]),
        ],
        nonTriggeringExamples: [.appointment(RuleExample.validAppointment)])
}
