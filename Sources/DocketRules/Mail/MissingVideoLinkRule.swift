import DocketModel

public struct MissingVideoLinkRule: CheckingRule {
    public static let description = RuleDescription(
        code: .missingVideoLink,
        severity: .warning,
        summary: "a booked video appointment with no video.link and no video.linkTemplate",
        rationale: """
            A video appointment's client is confirmed and reminded to get set up before the visit; \
            without a joining link they have nowhere to go. Give the appointment its own video.link, \
            or set video.linkTemplate in docket.yaml so that docket makes an unguessable room for every \
            video appointment. Appointments that are over, cancelled, by phone or in person are not judged.
            """,
        triggeringExamples: [
            RuleExample(files: ["docket.yaml": Self.organizationWithoutRooms, "appointments/a-1.yaml": """
                apiVersion: docket/v1
                kind: Appointment
                id: a-1
                clinician: dr-lee
                client: jane
                start: 2026-12-03T14:00
                duration: 50m
                type: ↓video

                """]),
        ],
        nonTriggeringExamples: [
            RuleExample(files: ["docket.yaml": Self.organizationWithoutRooms,
                                "appointments/a-1.yaml": RuleExample.validAppointment + "video:\n  link: https://video.maple.example/room/a-1\n"]),
            RuleExample(files: ["docket.yaml": Self.organizationWithoutRooms, "appointments/a-1.yaml": RuleExample.validAppointment + "type: phone\n"]),
            // The base organisation makes rooms (video.linkTemplate).
            RuleExample(files: ["appointments/a-1.yaml": RuleExample.validAppointment]),
        ])

    public static let organizationWithoutRooms = RuleExample.baseFiles["docket.yaml"]!
        .replacingOccurrences(of: "video:\n  linkTemplate: https://video.maple.example/room/{{room}}\n", with: "")

    public init() {}

    public func check(_ context: ValidationContext) -> [Diagnostic] {
        guard context.repository.organization?.videoLinkTemplate == nil else { return [] }
        var found: [Diagnostic] = []
        for (position, (appointment, timing)) in context.index.appointmentsWithTimings.enumerated() {
            guard appointment.effectiveStatus == .booked, appointment.effectiveType == .video, appointment.videoLink == nil else { continue }
            // A series needs its link while any of its occurrences is still to come.
            let end = appointment.isSeries ? context.index.occurrences(ofAppointmentAt: position).compactMap(\.interval?.end).max() : timing.interval?.end
            guard let end, end > context.now else { continue }
            found.append(Diagnostic(
                .missingVideoLink,
                "\(appointment.id) is a video appointment with no joining link; add video.link, or set video.linkTemplate in docket.yaml so docket makes a room for every video appointment",
                at: appointment.type?.location ?? appointment.header.id.location))
        }
        return found
    }
}
