import DocketModel

/// libyaml's own verdict, at libyaml's mark.
public struct YAMLSyntaxRule: Rule {
    public static let description = RuleDescription(
        code: .yamlSyntax,
        summary: "libyaml cannot parse the file",
        rationale: """
            A file that is not YAML cannot be read at all, so nothing in it is checked or notified. \
            The finding sits where libyaml stopped; an unclosed bracket or quote is often reported on the \
            line after it, and a related location points at where the construct began.
            """,
        triggeringExamples: [
            .appointment("""
                apiVersion: docket/v1
                kind: Appointment
                id: a-1
                clinician: dr-lee
                client: jane
                start: 2026-12-03T14:00
                ↓	duration: 50m

                """),
            .appointment("""
                apiVersion: docket/v1
                kind: Appointment
                id: a-1
                clinician: dr-lee
                client: jane
                participants: [{name: Sam, email: sam@maple.example}
                ↓start: 2026-12-03T14:00
                duration: 50m

                """),
            .appointment("""
                apiVersion: docket/v1
                kind: Appointment
                id: a-1
                title: "Intake
                clinician: dr-lee
                ↓
                """),
        ],
        nonTriggeringExamples: [
            .appointment(RuleExample.validAppointment),
        ])
}
