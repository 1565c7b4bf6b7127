import DocketModel

/// The people of the signature examples: the base files' coordinator sam and clinician
/// dr-lee, each listing their test key at the base.
enum SignedChangeExamples {
    static let people: [String: String] = [
        "coordinators/sam.yaml": RuleExample.baseFiles["coordinators/sam.yaml"]! + "signingKeys:\n  - \(RuleExample.signingKey("sam"))\n",
        "clinicians/dr-lee.yaml": RuleExample.baseFiles["clinicians/dr-lee.yaml"]! + "signingKeys:\n  - \(RuleExample.signingKey("dr-lee"))\n",
    ]

    /// The people and an appointment of dr-lee's at the base.
    static let base = people.merging(["appointments/a-1.yaml": appointmentYAML(start: "2026-12-03T10:00")]) { first, _ in first }

    /// The base, with the request workflow's key (test key `requests`) in docket.yaml.
    static let withAutomation = base.merging(["docket.yaml": RuleExample.baseFiles["docket.yaml"]!
        + "automation:\n  signingKeys:\n    - \(RuleExample.signingKey("requests"))\n"]) { _, new in new }
}
