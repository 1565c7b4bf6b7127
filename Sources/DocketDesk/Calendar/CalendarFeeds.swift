import DocketMail
import DocketModel
import DocketReconcile

/// `docket calendar`: one iCalendar feed per clinician and one for the organisation
/// (METHOD:PUBLISH), for calendar apps to subscribe to. Each appointment keeps the UID of its
/// e-mails and, when the recorded state knows it, their SEQUENCE; cancelled ones stay in the
/// feed as STATUS:CANCELLED so subscribed calendars drop them; notes never appear.
public enum CalendarFeeds {
    /// The organisation's feed's file name; clinicians' feeds are `<id>.ics`.
    public static let organizationFeed = "organization.ics"

    /// File name → feed.
    public static func feeds(index: RepositoryIndex, state: RecordedState, now: Instant) -> [String: String] {
        guard let organization = index.repository.organization else { return [:] }
        let renderer = MessageRenderer(organization: organization, policy: index.repository.policy, templates: TemplateSet(),
                                       root: index.repository.root, now: now)
        let organizationZone = organization.timezone?.value.identifier ?? "UTC"
        var all: [(start: Instant, clinician: String, event: ICalendarEvent)] = []
        for (appointment, timing) in index.appointmentsWithTimings {
            guard let interval = timing.interval, let clinician = appointment.clinician?.value else { continue }
            let attendees = Recipient.all(of: appointment, index: index, organizationZone: organizationZone)
            let details = AppointmentDetails(appointment, interval: interval, attendees: attendees, index: index)
            let event = renderer.calendarEvent(details, sequence: state.appointments[appointment.id]?.sequence ?? 0,
                                               attendees: attendees, cancelled: appointment.effectiveStatus == .cancelled)
            all.append((interval.start, clinician, event))
        }
        all.sort { ($0.start, $0.event.uid) < ($1.start, $1.event.uid) }
        var feeds = [organizationFeed: ICalendar.document(method: "PUBLISH", events: all.map(\.event))]
        for clinician in index.clinicians.keys {
            feeds[clinician + ".ics"] = ICalendar.document(method: "PUBLISH", events: all.filter { $0.clinician == clinician }.map(\.event))
        }
        return feeds
    }
}
