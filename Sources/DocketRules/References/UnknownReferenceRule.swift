import DocketModel

public struct UnknownReferenceRule: CheckingRule {
    public static let description = RuleDescription(
        code: .unknownReference,
        summary: "clinician, client or createdBy names no such document",
        rationale: """
            An appointment whose clinician or client does not exist cannot be checked against anyone's \
            hours and nobody can be told about it. createdBy must name a coordinator or a clinician. \
            The finding suggests the nearest existing id.
            """,
        triggeringExamples: [
            .appointment("""
                apiVersion: docket/v1
                kind: Appointment
                id: a-1
                clinician: ↓dr-leee
                client: jane
                start: 2026-12-03T14:00-05:00
                duration: 50m

                """),
            .appointment("""
                apiVersion: docket/v1
                kind: Appointment
                id: a-1
                clinician: dr-lee
                client: ↓john
                start: 2026-12-03T14:00
                duration: 50m

                """),
            .appointment("""
                apiVersion: docket/v1
                kind: Appointment
                id: a-1
                clinician: dr-lee
                client: jane
                start: 2026-12-03T14:00
                duration: 50m
                createdBy: ↓jane

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
                createdBy: sam

                """),
            .appointment("""
                apiVersion: docket/v1
                kind: Appointment
                id: a-1
                clinician: dr-lee
                client: jane
                start: 2026-12-03T14:00
                duration: 50m
                createdBy: dr-lee

                """),
        ])

    public init() {}

    public func check(_ context: ValidationContext) -> [Diagnostic] {
        let index = context.index
        var found: [Diagnostic] = []
        func report(_ reference: Located<String>, _ what: String, among ids: some Collection<String>) {
            let hint = Suggestion.closest(to: reference.value, in: Array(ids)).map { "; did you mean '\($0)'?" } ?? ""
            found.append(Diagnostic(.unknownReference, "no \(what) has the id '\(reference.value)'\(hint)", at: reference.location))
        }
        for appointment in context.repository.appointments {
            if let clinician = appointment.clinician, !index.clinicians.contains(clinician.value) {
                report(clinician, "clinician", among: index.clinicians.keys)
            }
            if let client = appointment.client, !index.clients.contains(client.value) {
                report(client, "client", among: index.clients.keys)
            }
            if let creator = appointment.createdBy, !index.coordinators.contains(creator.value),
               !index.clinicians.contains(creator.value) {
                report(creator, "coordinator or clinician", among: Array(index.coordinators.keys) + Array(index.clinicians.keys))
            }
        }
        return found
    }
}
