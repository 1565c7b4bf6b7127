import DocketModel
import DocketSupport
import Foundation
import Mustache

/// Turns a planned message into an RFC 5322 message with CRLF line ends: text and HTML
/// alternatives, the iCalendar invitation (RFC 6047) and the recipient's attachments.
public struct MessageRenderer: Sendable {
    public let organization: Organization
    public let policy: Policy
    public let templates: TemplateSet
    /// The repository's files, read through its safe door (attachments).
    let files: RepositoryFiles
    public let now: Instant
    /// The rooms of video appointments without a link of their own (`video.linkTemplate`).
    public let videoRooms: VideoRooms?

    public init(organization: Organization, policy: Policy, templates: TemplateSet, root: String, now: Instant,
                videoRooms: VideoRooms? = nil) {
        self.organization = organization
        self.policy = policy
        self.templates = templates
        files = RepositoryFiles(root: root)
        self.now = now
        self.videoRooms = videoRooms
    }

    var domain: String { organization.email?.domain?.value ?? "docket.invalid" }

    /// A video appointment's joining link: its own `video.link`, else its room. Only the
    /// appointment's own recipients get it (published feeds strip it).
    func videoLink(_ details: AppointmentDetails) -> String? {
        guard details.type == .video else { return nil }
        return details.videoLink ?? videoRooms?.link(for: details.id)
    }
    var from: Mailbox { organization.email?.from?.value ?? Mailbox(name: organization.name?.value, address: "docket@\(domain)") }

    public func render(_ message: PlannedMessage) -> Data {
        let recipient = message.recipient
        let zone = ZoneCatalog.shared.zone(named: recipient.timezone) ?? ZoneCatalog.shared.zone(named: "UTC")!
        let details = message.details
        let attachments = attachments(for: message)
        let variables = self.variables(for: message, zone: zone, attachments: attachments)
        let (text, html) = bodies(message.action, recipient.role, variables)

        let key = message.key
        let mixed = "=_docket_mixed_\(key)"
        let alternative = "=_docket_alt_\(key)"
        let start = zone.localDateTime(at: details.interval.start)
        let other = recipient.role == .clinician ? details.clientName : details.clinicianName
        let subject = BuiltInTemplates.subject(
            message.action, role: recipient.role, title: details.title ?? "Appointment", other: other,
            date: DateText.day(start.date), time: "\(start.timeText) (\(zone.identifier))",
            series: details.series.map { series in
                "\(series.ruleText) from \(series.occurrences.first.map { DateText.day($0.date) } ?? "") (\(series.zone?.identifier ?? "UTC"))"
            })

        var out = ""
        out += MIMEEncoding.header("From", MIMEEncoding.mailbox(name: from.name, address: from.address, headerName: "From"))
        out += MIMEEncoding.header("To", MIMEEncoding.mailbox(name: recipient.name, address: recipient.email, headerName: "To"))
        if let replyTo = organization.email?.replyTo?.value {
            out += MIMEEncoding.header("Reply-To", MIMEEncoding.mailbox(name: replyTo.name, address: replyTo.address, headerName: "Reply-To"))
        }
        out += MIMEEncoding.header("Subject", MIMEEncoding.encodedText(subject, headerName: "Subject"))
        out += MIMEEncoding.header("Date", DateText.rfc5322(now))
        out += MIMEEncoding.header("Message-ID", "<\(key)@\(domain)>")
        out += MIMEEncoding.header("MIME-Version", "1.0")
        out += MIMEEncoding.header("Auto-Submitted", "auto-generated")
        out += MIMEEncoding.header("X-Docket-Appointment", details.name)
        out += MIMEEncoding.header("X-Docket-Action", message.action.rawValue)
        out += MIMEEncoding.header("X-Docket-Order", String(message.order))

        // The alternatives: text, HTML and, for an invitation, the calendar (as calendar
        // services send invitations); inside a multipart/mixed only when something is
        // attached: the files, and for an invitation the same calendar as invite.ics, for
        // mail programs that offer only attachments to add to a calendar.
        // Encoded once: the same calendar goes in the alternative and, as invite.ics, attached.
        let calendar = message.action.calendarMethod.map {
            (method: $0, base64: MIMEEncoding.base64(Data(invitation(for: message, method: $0, text: text).utf8)))
        }
        var alternativeBody = "--\(alternative)\r\n"
        alternativeBody += "Content-Type: text/plain; charset=UTF-8\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n"
        alternativeBody += MIMEEncoding.quotedPrintable(text) + "\r\n"
        alternativeBody += "--\(alternative)\r\n"
        alternativeBody += "Content-Type: text/html; charset=UTF-8\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n"
        alternativeBody += MIMEEncoding.quotedPrintable(html) + "\r\n"
        if let calendar {
            alternativeBody += "--\(alternative)\r\n"
            alternativeBody += "Content-Type: text/calendar; charset=UTF-8; method=\(calendar.method)\r\nContent-Transfer-Encoding: base64\r\n\r\n"
            alternativeBody += calendar.base64 + "\r\n"
        }
        alternativeBody += "--\(alternative)--\r\n"

        let files = attachments.filter { $0.data != nil }
        guard calendar != nil || !files.isEmpty else {
            out += MIMEEncoding.header("Content-Type", "multipart/alternative; boundary=\"\(alternative)\"")
            out += "\r\n"
            out += "This is a multi-part message in MIME format.\r\n"
            out += alternativeBody
            return Data(out.utf8)
        }
        out += MIMEEncoding.header("Content-Type", "multipart/mixed; boundary=\"\(mixed)\"")
        out += "\r\n"
        out += "This is a multi-part message in MIME format.\r\n"
        out += "--\(mixed)\r\n"
        out += MIMEEncoding.header("Content-Type", "multipart/alternative; boundary=\"\(alternative)\"")
        out += "\r\n"
        out += alternativeBody
        if let calendar {
            out += "--\(mixed)\r\n"
            out += MIMEEncoding.header("Content-Type", "application/ics; name=\"invite.ics\"")
            out += MIMEEncoding.header("Content-Disposition", "attachment; filename=\"invite.ics\"")
            out += "Content-Transfer-Encoding: base64\r\n\r\n"
            out += calendar.base64 + "\r\n"
        }
        for attachment in files {
            out += "--\(mixed)\r\n"
            out += MIMEEncoding.header("Content-Type", MIMEEncoding.contentType(forFile: attachment.fileName))
            out += MIMEEncoding.header("Content-Disposition", "attachment; \(MIMEEncoding.fileNameParameter(attachment.fileName))")
            out += "Content-Transfer-Encoding: base64\r\n\r\n"
            out += MIMEEncoding.base64(attachment.data!) + "\r\n"
        }
        out += "--\(mixed)--\r\n"
        return Data(out.utf8)
    }

    /// The iCalendar text of a message's invitation or cancellation.
    func invitation(for message: PlannedMessage, method: String, text: String) -> String {
        let details = message.details
        let isWholeCancel = message.action == .cancel
        // A participant removed from an appointment that goes on is cancelled alone.
        let attendees = isWholeCancel && !details.attendees.contains(message.recipient)
            ? [message.recipient] : details.attendees
        let events = calendarEvents(details, sequence: message.sequence, attendees: attendees, cancelled: isWholeCancel)
        return ICalendar.document(method: method, events: events)
    }

    /// The events of an appointment: one; for a series, its master event (`DTSTART;TZID=`,
    /// `RRULE`, `EXDATE` for cancelled occurrences) and an event per moved occurrence
    /// (`RECURRENCE-ID`); for one occurrence, that occurrence with its `RECURRENCE-ID`.
    public func calendarEvents(_ details: AppointmentDetails, sequence: Int, attendees: [Recipient], cancelled: Bool) -> [ICalendarEvent] {
        var event = calendarEvent(details, sequence: sequence, attendees: attendees, cancelled: cancelled)
        if let occurrence = details.occurrence {
            event.zone = occurrence.zone
            event.recurrenceID = occurrence.originalStart
            return [event]
        }
        guard let series = details.series else { return [event] }
        event.zone = series.zone
        event.rrule = series.rrule
        event.exceptionDates = series.cancelled.map(\.originalStart)
        event.lastOccurrenceEnd = series.occurrences.map(\.interval.end).max()
        var events = [event]
        guard !cancelled else { return events }
        for moved in series.moved {
            var instance = calendarEvent(details, sequence: sequence, attendees: attendees, cancelled: false)
            instance.interval = moved.interval
            instance.zone = series.zone
            instance.recurrenceID = moved.originalStart
            events.append(instance)
        }
        return events
    }

    /// An appointment as calendars see it, in invitations and in feeds alike.
    public func calendarEvent(_ details: AppointmentDetails, sequence: Int, attendees: [Recipient], cancelled: Bool) -> ICalendarEvent {
        let summary = "\(details.title ?? "Appointment"): \(details.clinicianName) with \(details.clientName)"
        let location: String? = switch details.type {
        case .video: videoLink(details) ?? "Video"
        case .phone: "Phone"
        case .inPerson: organization.name?.value ?? "In person"
        }
        return ICalendarEvent(
            uid: "\(details.id)@\(domain)", sequence: sequence, stamp: now,
            interval: details.interval, summary: summary,
            description: "\(summary)\(videoLink(details).map { "\nJoin: \($0)" } ?? "")",
            location: location, url: videoLink(details), cancelled: cancelled,
            organizer: (from.name, from.address), attendees: attendees, outcome: nil)
    }

    struct AttachmentContent {
        var title: String
        var fileName: String
        /// nil when the file is larger than `policy.maxAttachmentMB` and is only named.
        var data: Data?
    }

    /// The recipient's attachments: the client gets `client` and `all`, the clinician
    /// `clinician` and `all`, others none.
    func attachments(for message: PlannedMessage) -> [AttachmentContent] {
        guard message.carriesAttachments else { return [] }
        let wanted: Set<AttachmentAudience> = switch message.recipient.role {
        case .client: [.client, .all]
        case .clinician: [.clinician, .all]
        case .coordinator, .participant: []
        }
        return message.details.attachments.filter { wanted.contains($0.audience) }.compactMap { attachment in
            guard case .file(let size) = AttachmentFile.resolve(attachment.path, in: files) else { return nil }
            let fileName = (attachment.path as NSString).lastPathComponent
            let limit = policy.maxAttachmentMB << 20
            let data = size <= limit ? (try? files.read(attachment.path, limit: limit).get()).map { Data($0) } : nil
            return AttachmentContent(title: attachment.title ?? fileName, fileName: fileName, data: data)
        }
    }

    /// The text and HTML parts, from one wording: docket's, or a `.txt` override (the HTML
    /// then says the same), or an `.html` override alone (the text is read from it). Only
    /// where a repository overrides both does each part say what its own template says.
    func bodies(_ action: MessageAction, _ role: RecipientRole, _ variables: [String: Any]) -> (text: String, html: String) {
        let text = templates.templates[TemplateName(action: action, role: role, format: .txt)]
        let html = templates.templates[TemplateName(action: action, role: role, format: .html)]
        switch (text, html) {
        case (let text?, let html?):
            return (MessageBody(text: text.render(variables)).text, html.render(variables))
        case (nil, let html?):
            let rendered = html.render(variables)
            return (MessageBody(html: rendered).text, rendered)
        case (let text?, nil):
            let body = MessageBody(text: text.render(variables))
            return (body.text, body.html)
        case (nil, nil):
            let body = MessageBody(text: BuiltInTemplates.parsed[action]?.render(variables) ?? "")
            return (body.text, body.html)
        }
    }

    func variables(for message: PlannedMessage, zone: Zone, attachments: [AttachmentContent]) -> [String: Any] {
        let details = message.details
        let role = message.recipient.role
        var values: [String: Any] = [
            "recipientName": message.recipient.name,
            "recipientRole": role.rawValue,
            "organizationName": organization.name?.value ?? "",
            "appointmentId": details.id,
            "title": details.title ?? "Appointment",
            "type": details.type.rawValue,
            "clinicianName": details.clinicianName,
            "clientName": details.clientName,
            "when": DateText.when(details.interval, zone: zone),
            "date": DateText.day(zone.localDateTime(at: details.interval.start).date),
            "startTime": zone.localDateTime(at: details.interval.start).timeText,
            "endTime": zone.localDateTime(at: details.interval.end).timeText,
            "timezone": zone.identifier,
            "duration": DateText.minutes(details.interval.minutes),
            "previousWhen": message.previousInterval.map { DateText.when($0, zone: zone) } ?? "",
            "previousClinicianName": message.previousClinicianName ?? "",
            "videoLink": videoLink(details) ?? "",
            "portalURL": organization.portalURL?.value ?? "",
            "cancellationReason": details.cancellationReason ?? "",
            // The truth, not the configured offset: a reminder that goes out late says so.
            "reminderLeadTime": message.reminderOffset == nil ? "" : DateText.leadTime(from: now, to: details.interval.start),
            "replyTo": organization.email?.replyTo.map { $0.value.address } ?? from.address,
            "isVideo": details.type == .video,
            "isPhone": details.type == .phone,
            "isInPerson": details.type == .inPerson,
            "hasVideoLink": videoLink(details) != nil,
            "hasPortalURL": organization.portalURL != nil,
            "hasCancellationReason": details.cancellationReason != nil && message.action == .cancel,
            "reminderNote": message.reminderNote ?? "",
            "hasReminderNote": message.reminderNote != nil,
            "hasAttachments": !attachments.isEmpty,
            "hasParticipants": !details.participants.isEmpty,
            "isHandover": message.previousClinicianName != nil,
            "attachments": attachments.map { ["title": $0.title, "fileName": $0.fileName, "attached": $0.data != nil] as [String: Any] },
            "participants": details.participants.map { ["name": $0.name, "role": $0.role ?? ""] as [String: Any] },
        ]
        let series = details.series
        let days = { (dates: [LocalDate]) in dates.map(DateText.day).joined(separator: ", ") }
        values["isSeries"] = series != nil
        values["isOccurrence"] = details.occurrence != nil
        values["repeats"] = series.map { DateText.repeats($0) } ?? ""
        values["skippedDates"] = series.map { days($0.cancelled.map(\.date)) } ?? ""
        values["hasSkippedDates"] = series.map { !$0.cancelled.isEmpty } ?? false
        values["movedDates"] = series.map { $0.moved.map { "\(DateText.day($0.date)) → \(DateText.when($0.interval, zone: zone))" }.joined(separator: "; ") } ?? ""
        values["hasMovedDates"] = series.map { !$0.moved.isEmpty } ?? false
        values["datesAdded"] = series.map { days($0.added) } ?? ""
        values["hasDatesAdded"] = series.map { !$0.added.isEmpty } ?? false
        values["datesRemoved"] = series.map { days($0.removed) } ?? ""
        values["hasDatesRemoved"] = series.map { !$0.removed.isEmpty } ?? false
        values["occurrenceDate"] = details.occurrence.map { DateText.day($0.date) } ?? ""
        for action in MessageAction.allCases {
            values["is" + action.rawValue.prefix(1).uppercased() + action.rawValue.dropFirst()] = message.action == action
        }
        for candidate in RecipientRole.allCases {
            values["is" + candidate.rawValue.prefix(1).uppercased() + candidate.rawValue.dropFirst()] = role == candidate
        }
        return values
    }
}

/// Dates and times as messages write them, in English.
enum DateText {
    /// `Mon 30 Nov 2026`
    static func day(_ date: LocalDate) -> String {
        "\(date.shortText) \(date.year)"
    }

    /// `Mon 30 Nov 2026, 09:00–09:50 (America/Toronto)`
    static func when(_ interval: Interval, zone: Zone) -> String {
        let start = zone.localDateTime(at: interval.start)
        let end = zone.localDateTime(at: interval.end)
        let endText = end.date == start.date ? end.timeText : "\(day(end.date)) \(end.timeText)"
        return "\(day(start.date)), \(start.timeText)–\(endText) (\(zone.identifier))"
    }

    /// `every Monday at 10:00 (America/Toronto), 12 times, from Mon 11 Jan 2027 to Mon 29 Mar 2027`
    static func repeats(_ series: SeriesSummary) -> String {
        let count = series.occurrences.count
        let zone = series.zone.map { " (\($0.identifier))" } ?? " (UTC)"
        guard let first = series.occurrences.first?.date, let last = series.occurrences.last?.date else { return series.ruleText + zone }
        return "\(series.ruleText)\(zone), \(count == 1 ? "once" : "\(count) times"), from \(day(first)) to \(day(last))"
    }

    /// `50 minutes`, `1 hour 30 minutes`, `24 hours`
    static func minutes(_ minutes: Int) -> String {
        let hours = minutes / 60
        let rest = minutes % 60
        var parts: [String] = []
        if hours > 0 { parts.append(hours == 1 ? "1 hour" : "\(hours) hours") }
        if rest > 0 || hours == 0 { parts.append(rest == 1 ? "1 minute" : "\(rest) minutes") }
        return parts.joined(separator: " ")
    }

    /// How long from `now` to `start`, as a reminder says it: `45 minutes`, `1 hour 30 minutes`,
    /// `26 hours`, `3 days`, `2 days 20 hours`.
    static func leadTime(from now: Instant, to start: Instant) -> String {
        let minutes = max(0, Int((start.seconds - now.seconds) / 60))
        if minutes < 120 { return Self.minutes(max(1, minutes)) }
        let hours = (minutes + 30) / 60
        if hours < 48 { return "\(hours) hours" }
        let days = hours / 24, rest = hours % 24
        return "\(days) days" + (rest == 0 ? "" : rest == 1 ? " 1 hour" : " \(rest) hours")
    }

    /// `Sun, 29 Nov 2026 09:00:00 +0000`
    static func rfc5322(_ instant: Instant) -> String {
        let local = LocalDateTime(secondsAsIfUTC: instant.seconds)
        let date = local.date
        func two(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }
        return "\(date.weekday.shortName), \(date.day) \(date.monthAbbreviation) \(date.year) \(two(local.hour)):\(two(local.minute)):\(two(local.secondOfDay % 60)) +0000"
    }
}
