import DocketModel

/// A value of the wrong type or form.
public struct InvalidValueRule: Rule {
    public static let description = RuleDescription(
        code: .invalidValue,
        summary: "wrong type, bad format, not in the enum, bad id, bad e-mail address",
        rationale: """
            Scalars are typed by docket's schema, never by YAML's implicit tags, so `status: no` is the \
            string "no", which is not a status. Names and titles are single lines: a line break in one \
            could otherwise add a header to an e-mail. Each finding says what form is expected.
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
                status: ↓no

                """),
            .appointment("""
                apiVersion: docket/v1
                kind: Appointment
                id: ↓A 1
                clinician: dr-lee

                """),
            .appointment("""
                apiVersion: docket/v1
                kind: Appointment
                id: a-1
                clinician: dr-lee
                client: jane
                start: ↓2026-12-03
                duration: 50m

                """),
            RuleExample(files: ["clients/jane.yaml": """
                apiVersion: docket/v1
                kind: Client
                id: jane
                name: Jane Doe
                email: ↓jane.example.com

                """]),
            RuleExample(files: ["clients/jane.yaml": """
                apiVersion: docket/v1
                kind: Client
                id: jane
                name: ↓"Jane\\r\\nBcc: everyone@example.com"
                email: jane@example.com

                """]),
            .appointment("""
                apiVersion: docket/v1
                kind: Appointment
                id: a-1
                clinician: dr-lee
                client: jane
                start: 2026-12-03T14:00
                duration: 50m
                title: ↓[Intake]

                """),
        ],
        nonTriggeringExamples: [
            .appointment(RuleExample.validAppointment),
            .appointment("""
                apiVersion: docket/v1
                kind: Appointment
                id: a-1
                clinician: dr-lee
                client: jane
                start: "2026-12-03 14:00"
                duration: 1h30m
                status: booked
                type: in-person
                title: Intake, part 1
                notes: |
                  First visit.
                  Prefers mornings.

                """),
        ])
}
