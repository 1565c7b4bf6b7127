import DocketModel

/// The people of the signature examples: the base files' coordinator sam and clinician
/// dr-lee, each listing their test key at the base.
enum SignedChangeExamples {
    static let people: [String: String] = [
        "coordinators/sam.yaml": """
            apiVersion: docket/v1
            kind: Coordinator
            id: sam
            name: Sam Ortiz
            email: sam@maple.example
            signingKeys:
              - \(RuleExample.signingKey("sam"))

            """,
        "clinicians/dr-lee.yaml": """
            apiVersion: docket/v1
            kind: Clinician
            id: dr-lee
            name: Dr. Ada Lee
            email: ada.lee@maple.example
            timezone: America/Toronto
            signingKeys:
              - \(RuleExample.signingKey("dr-lee"))

            """,
    ]

    /// The people and an appointment of dr-lee's at the base.
    static let base = people.merging(["appointments/a-1.yaml": appointmentYAML(start: "2026-12-03T10:00")]) { first, _ in first }
}
