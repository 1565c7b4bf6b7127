import DocketModel

/// The variables e-mail templates may use. Overrides in `templates/` are checked against
/// this list, so a misspelled `{{clientNmae}}` is a validation error, not a blank in a
/// client's e-mail. docs/templates.md documents each (a test keeps its table equal to
/// `markdownTable`), and the renderer fills each (a test checks that too).
public enum TemplateVariables {
    /// Single values, by name, with what they hold.
    public static let values: [(name: String, meaning: String)] = [
        ("recipientName", "the recipient's name"),
        ("recipientRole", "clinician, client, coordinator or participant"),
        ("organizationName", "the organisation's name"),
        ("appointmentId", "the appointment's id"),
        ("title", "the appointment's title, or \"Appointment\""),
        ("type", "video, phone or in-person"),
        ("clinicianName", "the clinician's name"),
        ("clientName", "the client's name"),
        ("when", "date, times and zone in the recipient's time zone: Mon 30 Nov 2026, 09:00–09:50 (America/Toronto)"),
        ("date", "the date in the recipient's zone: Mon 30 Nov 2026"),
        ("startTime", "the start in the recipient's zone: 09:00"),
        ("endTime", "the end in the recipient's zone: 09:50"),
        ("timezone", "the recipient's IANA zone: America/Toronto"),
        ("duration", "the length: 50 minutes"),
        ("previousWhen", "for a reschedule, the old time as `when` writes it"),
        ("previousClinicianName", "for a handover, the clinician the recipient was to see"),
        ("videoLink", "the joining link of a video appointment"),
        ("portalURL", "the client's account page"),
        ("cancellationReason", "for a cancellation, the reason given"),
        ("reminderLeadTime", "for a reminder, the time from the message's date to the start: 26 hours (the truth when a reminder goes out late, not its configured offset)"),
        ("reminderNote", "for a reminder, the note `policy.reminders` gives it (for its appointment types)"),
        ("replyTo", "where replies go"),
        ("repeats", "for a series, how it repeats: every Monday at 10:00 (America/Toronto), 12 times, from Mon 11 Jan 2027 to Mon 29 Mar 2027"),
        ("skippedDates", "for a series, its cancelled dates: Mon 15 Feb 2027, Mon 1 Mar 2027"),
        ("movedDates", "for a series, its moved dates and where to: Mon 1 Feb 2027 → Tue 2 Feb 2027, 10:00–10:50 (America/Toronto)"),
        ("datesAdded", "for an update of a series, the dates it gained"),
        ("datesRemoved", "for an update of a series, the dates it lost"),
        ("occurrenceDate", "for a message about one occurrence of a series, its original date: Mon 1 Feb 2027"),
    ]

    /// True/false flags, for `{{#isVideo}}…{{/isVideo}}` sections.
    public static let flags: [(name: String, meaning: String)] = [
        ("isVideo", "a video appointment"),
        ("isPhone", "a phone appointment"),
        ("isInPerson", "an in-person appointment"),
        ("hasVideoLink", "a video link is given"),
        ("hasPortalURL", "the organisation has a portal"),
        ("hasCancellationReason", "a cancellation reason is given"),
        ("hasReminderNote", "a reminder with a note"),
        ("hasAttachments", "files come with this message"),
        ("hasParticipants", "the appointment has participants"),
        ("isHandover", "the appointment moved to another clinician (with the update or reschedule that says so)"),
        ("isReschedule", "the action is a reschedule (also isConfirm, isUpdate, isCancel, isRemind)"),
        ("isConfirm", "the action is a confirmation"),
        ("isUpdate", "the action is an update"),
        ("isCancel", "the action is a cancellation"),
        ("isRemind", "the action is a reminder"),
        ("isClinician", "the recipient is the clinician (also isClient, isCoordinator, isParticipant)"),
        ("isClient", "the recipient is the client"),
        ("isCoordinator", "the recipient is the coordinator who booked it"),
        ("isParticipant", "the recipient is a participant"),
        ("isSeries", "the message is about a whole series (a recurring appointment)"),
        ("isOccurrence", "the message is about one occurrence of a series only"),
        ("hasSkippedDates", "the series has cancelled dates"),
        ("hasMovedDates", "the series has moved dates"),
        ("hasDatesAdded", "the update gives the series more dates"),
        ("hasDatesRemoved", "the update takes dates from the series"),
    ]

    /// Lists, for `{{#attachments}}…{{/attachments}}`, with the fields of each item.
    public static let lists: [(name: String, fields: [String], meaning: String)] = [
        ("attachments", ["title", "fileName", "attached"], "files for this recipient: title, fileName, and attached (false when too large and only named)"),
        ("participants", ["name", "role"], "the extra attendees: name and role"),
    ]

    public static var allNames: Set<String> {
        Set(values.map(\.name) + flags.map(\.name) + lists.map(\.name))
    }

    /// The reference's table of every variable.
    public static var markdownTable: String {
        var table = "| variable | what it holds |\n|---|---|\n"
        for value in values { table += "| `{{\(value.name)}}` | \(value.meaning) |\n" }
        for flag in flags { table += "| `{{#\(flag.name)}}` | \(flag.meaning) |\n" }
        for list in lists { table += "| `{{#\(list.name)}}` | \(list.meaning) |\n" }
        return table
    }
}
