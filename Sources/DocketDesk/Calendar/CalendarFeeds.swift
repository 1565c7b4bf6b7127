import DocketMail
import DocketModel
import DocketReconcile
import DocketSupport

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
        // Each appointment's events are made and written once, on all cores, then put in the
        // organisation's feed and its clinician's.
        let appointments = index.repository.appointments
        let perAppointment = parallelMap(count: appointments.count, minimumPerChunk: 512) { position -> [FeedEvent] in
            let appointment = appointments[position]
            guard let clinician = appointment.clinician?.value else { return [] }
            // A feed names no attendee (publish empties them): none are looked up.
            let sequence = state.appointments[appointment.id]?.sequence ?? 0
            let cancelled = appointment.effectiveStatus == .cancelled
            // A series is its master event (RRULE, EXDATE) and an event per moved occurrence,
            // with the UID and SEQUENCE of its invitations.
            if let expansion = index.series[position] {
                let details = AppointmentDetails(series: appointment, at: position, expansion: expansion, attendees: [], index: index)
                guard details.series?.occurrences.isEmpty == false else { return [] }
                return renderer.calendarEvents(details, sequence: sequence, attendees: [], cancelled: cancelled).map { event in
                    var event = event
                    publish(&event, details, redacted: redacted)
                    return FeedEvent(start: details.interval.start, clinician: clinician, event: event)
                }
            }
            guard let interval = index.timings[position].interval else { return [] }
            let details = AppointmentDetails(appointment, interval: interval, attendees: [], index: index)
            var event = renderer.calendarEvent(details, sequence: sequence, attendees: [], cancelled: cancelled)
            publish(&event, details, redacted: redacted)
            event.outcome = switch appointment.effectiveStatus {
            case .fulfilled: .attended
            case .noshow: .noShow
            default: nil
            }
            return [FeedEvent(start: interval.start, clinician: clinician, event: event)]
        }
        var all = perAppointment.flatMap { $0 }
        all.sort { ($0.start, $0.uid) < ($1.start, $1.uid) }
        let name = organization.name?.value ?? "docket"
        var feeds = [organizationFeed: ICalendar.document(
            method: "PUBLISH", serializedEvents: all.map(\.text), zones: all.compactMap(\.zoneSpan), name: name, timezone: organizationZone,
            refreshInterval: refreshInterval)]
        var byClinician: [String: [Int]] = [:]
        for (position, event) in all.enumerated() { byClinician[event.clinician, default: []].append(position) }
        for (id, clinician) in index.clinicians {
            let mine = (byClinician[id] ?? []).map { all[$0] }
            feeds[id + ".ics"] = ICalendar.document(
                method: "PUBLISH", serializedEvents: mine.map(\.text), zones: mine.compactMap(\.zoneSpan),
                name: "\(name) — \(clinician.name?.value ?? id)", timezone: clinician.timezone?.value.identifier ?? organizationZone,
                refreshInterval: refreshInterval)
        }
        return feeds
    }

    /// One event of a feed, written once.
    struct FeedEvent: Sendable {
        var start: Instant
        var clinician: String
        var uid: String
        var text: String
        var zoneSpan: ICalendar.ZoneSpan?

        init(start: Instant, clinician: String, event: ICalendarEvent) {
            self.start = start
            self.clinician = clinician
            uid = event.uid
            text = event.serialized
            zoneSpan = event.zoneSpan
        }
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
