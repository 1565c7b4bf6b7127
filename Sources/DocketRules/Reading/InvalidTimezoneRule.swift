import DocketModel

/// A time zone that is not an IANA name.
public struct InvalidTimezoneRule: Rule {
    public static let description = RuleDescription(
        code: .invalidTimezone,
        summary: "not an IANA time zone name",
        rationale: """
            Local times are read in a zone, and availability is evaluated in the clinician's zone. Only \
            IANA names (America/Toronto) say when daylight saving changes; abbreviations such as EST or \
            offsets such as GMT+5 do not, so they are refused, with the nearest name suggested.
            """,
        triggeringExamples: [
            RuleExample(files: ["clinicians/dr-lee.yaml": """
                apiVersion: docket/v1
                kind: Clinician
                id: dr-lee
                name: Dr. Ada Lee
                email: ada.lee@maple.example
                timezone: ↓America/Toronot

                """]),
            .appointment("""
                apiVersion: docket/v1
                kind: Appointment
                id: a-1
                clinician: dr-lee
                client: jane
                start: 2026-12-03T14:00
                duration: 50m
                timezone: ↓PST

                """),
        ],
        nonTriggeringExamples: [
            .appointment("""
                apiVersion: docket/v1
                kind: Appointment
                id: a-1
                clinician: dr-lee
                client: jane
                start: 2026-12-03T14:00
                duration: 50m
                timezone: Europe/Paris

                """),
        ])
}
