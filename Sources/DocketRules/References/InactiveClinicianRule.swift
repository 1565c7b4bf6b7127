import DocketModel

public struct InactiveClinicianRule: CheckingRule {
    public static let description = RuleDescription(
        code: .inactiveClinician,
        summary: "a booked future appointment with a clinician whose active is false",
        rationale: """
            A clinician who has left keeps their file for history, marked active: false. A booked \
            appointment still ahead with them would leave a client waiting for nobody: move it to \
            another clinician or cancel it. Past appointments are history and are not reported.
            """,
        triggeringExamples: [
            RuleExample(files: [
                "clinicians/dr-lee.yaml": """
                    apiVersion: docket/v1
                    kind: Clinician
                    id: dr-lee
                    name: Dr. Ada Lee
                    email: ada.lee@maple.example
                    timezone: America/Toronto
                    active: false

                    """,
                "appointments/a-1.yaml": """
                    apiVersion: docket/v1
                    kind: Appointment
                    id: a-1
                    clinician: ↓dr-lee
                    client: jane
                    start: 2026-12-03T14:00
                    duration: 50m

                    """,
            ]),
        ],
        nonTriggeringExamples: [
            RuleExample(files: [
                "clinicians/dr-lee.yaml": """
                    apiVersion: docket/v1
                    kind: Clinician
                    id: dr-lee
                    name: Dr. Ada Lee
                    email: ada.lee@maple.example
                    timezone: America/Toronto
                    active: false

                    """,
                "appointments/a-1.yaml": """
                    apiVersion: docket/v1
                    kind: Appointment
                    id: a-1
                    clinician: dr-lee
                    client: jane
                    start: 2026-11-03T14:00
                    duration: 50m
                    status: fulfilled

                    """,
            ]),
        ])

    public init() {}

    public func check(_ context: ValidationContext) -> [Diagnostic] {
        // Most clinics have nobody inactive: then there is nothing to look up per appointment.
        guard context.repository.clinicians.contains(where: { !$0.isActive }) else { return [] }
        var found: [Diagnostic] = []
        for (position, (appointment, timing)) in context.index.appointmentsWithTimings.enumerated() {
            guard appointment.effectiveStatus == .booked, let reference = appointment.clinician,
                  let clinician = context.index.clinicians[reference.value], !clinician.isActive else { continue }
            // A series is ahead while any of its booked occurrences is.
            let ahead = appointment.isSeries
                ? context.index.occurrences(ofAppointmentAt: position).contains { $0.status == .booked && ($0.interval?.start ?? context.now) > context.now }
                : (timing.start?.instant).map { $0 >= context.now } ?? false
            guard ahead else { continue }
            found.append(Diagnostic(
                .inactiveClinician,
                "clinician '\(reference.value)' is not active (active: false) but has this booked appointment ahead; give it to another clinician or cancel it",
                at: reference.location, related: clinician.active.map { [$0.location] } ?? []))
        }
        return found
    }
}
