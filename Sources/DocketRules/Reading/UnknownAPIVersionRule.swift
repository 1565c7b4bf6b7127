import DocketModel

/// `apiVersion` missing or not `docket/v1`.
public struct UnknownAPIVersionRule: Rule {
    public static let description = RuleDescription(
        code: .unknownAPIVersion,
        summary: "apiVersion is missing or not docket/v1",
        rationale: """
            The apiVersion says which schema a document follows. A document for another version (or \
            none) is not read further, since its fields may mean something else.
            """,
        triggeringExamples: [
            .appointment("""
                apiVersion: ↓docket/v2
                kind: Appointment
                id: a-1

                """),
            .appointment("""
                ↓kind: Appointment
                id: a-1

                """),
        ],
        nonTriggeringExamples: [.appointment(RuleExample.validAppointment)])
}
