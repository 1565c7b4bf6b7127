import DocketMail
import DocketModel
import DocketReconcile

/// `docket calendar`: one iCalendar feed per clinician and one for the organisation
/// (METHOD:PUBLISH, without attendees), for calendar apps to subscribe to. Past appointments
/// show how they went: "Attended: …" (confirmed) or "No-show: …" (neither confirmed nor
/// cancelled, and not busy time), with the same word as their category. Each appointment keeps the UID of its
/// e-mails and, when the recorded state knows it, their SEQUENCE; cancelled ones stay in the
/// feed as STATUS:CANCELLED so subscribed calendars drop them. A feed is published, so it
/// carries no notes and no joining link (those go only to the appointment's own
/// recipients); `redacted`, it names no client either.
public enum CalendarFeeds {
    /// How often subscribers should fetch a feed again (docket runs hourly in CI).
    public static let refreshInterval = "PT1H"

    /// The organisation's feed's file name; clinicians' feeds are `<id>.ics`.
    public static let organizationFeed = "organization.ics"

    /// File name → feed.
    public static func feeds(index: RepositoryIndex, state: RecordedState, now: Instant, redacted: Bool = false) -> [String: String] {
        guard let organization = index.repository.organization else { return [:] }
        let renderer = MessageRenderer(organization: organization, policy: index.repository.policy, templates: TemplateSet(),
                                       root: index.repository.root, now: now)
        let organizationZone = organization.timezone?.value.identifier ?? "UTC"
        var all: [(start: Instant, clinician: String, event: ICalendarEvent)] = []
        for (position, (appointment, timing)) in index.appointmentsWithTimings.enumerated() {
            guard let clinician = appointment.clinician?.value else { continue }
            let attendees = Recipient.all(of: appointment, index: index, organizationZone: organizationZone)
            // A series is its master event (RRULE, EXDATE) and an event per moved occurrence,
            // with the UID and SEQUENCE of its invitations.
            if let expansion = index.series[position] {
                let details = AppointmentDetails(series: appointment, at: position, expansion: expansion, attendees: attendees, index: index)
                guard details.series?.occurrences.isEmpty == false else { continue }
                var events = renderer.calendarEvents(details, sequence: state.appointments[appointment.id]?.sequence ?? 0, attendees: attendees,
                                                     cancelled: appointment.effectiveStatus == .cancelled)
                for position in events.indices { publish(&events[position], details, redacted: redacted) }
                all += events.map { (details.interval.start, clinician, $0) }
                continue
            }
            guard let interval = timing.interval else { continue }
            let details = AppointmentDetails(appointment, interval: interval, attendees: attendees, index: index)
            var event = renderer.calendarEvent(details, sequence: state.appointments[appointment.id]?.sequence ?? 0,
                                               attendees: attendees, cancelled: appointment.effectiveStatus == .cancelled)
            publish(&event, details, redacted: redacted)
            event.outcome = switch appointment.effectiveStatus {
            case .fulfilled: .attended
            case .noshow: .noShow
            default: nil
            }
            all.append((interval.start, clinician, event))
        }
        all.sort { ($0.start, $0.event.uid) < ($1.start, $1.event.uid) }
        let name = organization.name?.value ?? "docket"
        var feeds = [organizationFeed: ICalendar.document(
            method: "PUBLISH", events: all.map(\.event), name: name, timezone: organizationZone, refreshInterval: refreshInterval)]
        for (id, clinician) in index.clinicians {
            feeds[id + ".ics"] = ICalendar.document(
                method: "PUBLISH", events: all.filter { $0.clinician == id }.map(\.event),
                name: "\(name) — \(clinician.name?.value ?? id)", timezone: clinician.timezone?.value.identifier ?? organizationZone,
                refreshInterval: refreshInterval)
        }
        return feeds
    }

    /// What a published event may show: no joining link and no attendee (RFC 5546 section
    /// 3.2.1: a PUBLISH carries none); redacted, the client only as initials, no title, and a
    /// UID that does not carry the appointment's id (ids often hold the client's name).
    static func publish(_ event: inout ICalendarEvent, _ details: AppointmentDetails, redacted: Bool) {
        if details.type == .video { event.location = "Video" }
        event.url = nil
        event.attendees = []
        if redacted {
            event.summary = "Appointment: \(details.clinicianName) with \(Redaction.initials(details.clientName))"
            event.uid = Redaction.opaqueID(details.id) + "@" + (event.uid.split(separator: "@").last.map(String.init) ?? "docket.invalid")
        }
        event.description = event.summary
    }
}
