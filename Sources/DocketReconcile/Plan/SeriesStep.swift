import DocketMail
import DocketModel

/// The decision for one series against what was recorded (SPEC section 3's series rows).
///
/// The series has an entry of its own in the state (its people, its details, its dates and
/// rule), and each occurrence one keyed `<id>@<date>` (its time, status and reminders). A
/// new series is one `confirm` of the whole series; a series-wide change one `update`
/// naming the dates added or removed; one occurrence cancelled or moved a `cancel` or
/// `reschedule` of that occurrence only (its `RECURRENCE-ID`); reminders go per occurrence.
/// Every entry is written after the messages, like any appointment's, so a run killed
/// half-way plans the same messages again (under the same keys) and nothing twice.
struct SeriesStep {
    let appointment: Appointment
    let occurrences: ArraySlice<Occurrence>
    let expansion: SeriesExpansion
    let state: RecordedState
    let now: Instant
    let offsets: [Int]
    let notes: [Int: String]
    let recipients: [Recipient]
    let details: AppointmentDetails

    /// Entries to write: the series' and its occurrences', by key.
    var records: [String: RecordedAppointment] = [:]
    var messages: [PlannedMessage] = []
    var recordedWithoutMail = false

    init(appointment: Appointment, position: Int, index: RepositoryIndex, expansion: SeriesExpansion, recipients: [Recipient],
         state: RecordedState, now: Instant, offsets: [Int], notes: [Int: String]) {
        self.appointment = appointment
        self.expansion = expansion
        self.state = state
        self.now = now
        self.offsets = offsets
        self.notes = notes
        self.recipients = recipients
        occurrences = index.occurrences(ofAppointmentAt: position).filter { $0.interval != nil }[...]
        details = AppointmentDetails(series: appointment, at: position, expansion: expansion, attendees: recipients, index: index)
    }

    var id: String { appointment.id }

    /// How the series' dates and time read in the state: a change is an update of the series.
    var ruleKey: String {
        guard let series = details.series else { return "" }
        return "\(series.rrule)|\(details.interval.minutes)m|\(series.zone?.identifier ?? "UTC")|\(expansion.start?.description ?? "")"
    }

    var dateKeys: [String] { occurrences.map { "\($0.date!)" } }

    func key(_ occurrence: Occurrence) -> String { "\(id)@\(occurrence.date!)" }

    /// Whether an occurrence that is still to come is booked.
    var hasUpcoming: Bool { occurrences.contains { $0.status == .booked && $0.interval!.end > now } }

    mutating func plan() {
        let previous = state.appointments[id]
        guard let previous, previous.status == .booked else {
            firstConfirmation(previous: previous)
            return
        }
        if appointment.effectiveStatus == .cancelled {
            cancelSeries(previous)
            return
        }
        var series = previous
        series.file = appointment.header.file
        let seriesSequence = changeSeries(previous, into: &series)
        records[id] = series
        planOccurrences(sequence: seriesSequence, timeChanged: previous.rule != ruleKey)
        for removed in Set(previous.dates ?? []).subtracting(dateKeys) {
            let key = "\(id)@\(removed)"
            guard var record = state.appointments[key], record.status == .booked else { continue }
            record.status = .cancelled
            records[key] = record
        }
    }

    /// A series docket has not told anyone about (or one cancelled before and booked again).
    private mutating func firstConfirmation(previous: RecordedAppointment?) {
        guard appointment.effectiveStatus == .booked, hasUpcoming else {
            if previous == nil {
                var record = seriesRecord(sequence: 0)
                record.status = appointment.effectiveStatus == .cancelled ? .cancelled : .history
                records[id] = record
                recordedWithoutMail = true
            }
            return
        }
        let sequence = previous.map { $0.sequence + 1 } ?? 0
        records[id] = seriesRecord(sequence: sequence)
        messages += recipients.map { message(.confirm, to: $0, details: details, sequence: sequence, attachments: true) }
        for occurrence in occurrences {
            records[key(occurrence)] = occurrenceRecord(occurrence, sequence: sequence)
        }
    }

    private mutating func cancelSeries(_ previous: RecordedAppointment) {
        var record = previous
        record.file = appointment.header.file
        record.status = .cancelled
        let upcoming = occurrences.filter { $0.interval!.end > now && (state.appointments[key($0)]?.status ?? .booked) == .booked }
        if let next = upcoming.first {
            record.sequence = previous.sequence + 1
            record.cancellationReason = appointment.cancellationReason?.value
            var cancelled = details
            cancelled.interval = next.interval!
            cancelled.cancellationReason = appointment.cancellationReason?.value
            messages += previous.recipients.map { message(.cancel, to: $0, details: cancelled, sequence: record.sequence, attachments: false) }
        }
        records[id] = record
        for occurrence in occurrences {
            guard var entry = state.appointments[key(occurrence)], entry.status == .booked else { continue }
            entry.status = .cancelled
            records[key(occurrence)] = entry
        }
    }

    /// A series-wide change: people, details, dates, rule. Returns the series' sequence now.
    private mutating func changeSeries(_ previous: RecordedAppointment, into series: inout RecordedAppointment) -> Int {
        let before = Set(previous.recipients.map { $0.email.lowercased() })
        let after = Set(recipients.map { $0.email.lowercased() })
        let added = recipients.filter { !before.contains($0.email.lowercased()) }
        let removed = previous.recipients.filter { !after.contains($0.email.lowercased()) }
        let kept = recipients.filter { before.contains($0.email.lowercased()) }
        let previousDates = Set(previous.dates ?? [])
        let datesAdded = occurrences.filter { !previousDates.contains("\($0.date!)") }.map { $0.date! }
        let currentDates = Set(dateKeys)
        let datesRemoved = (previous.dates ?? []).filter { !currentDates.contains($0) }.compactMap(LocalDate.parse)
        let attachmentsChanged = details.attachments.map(\.path) != previous.attachments
        let oldClinician = previous.recipients.first { $0.role == .clinician }
        let newClinician = recipients.first { $0.role == .clinician }
        let handedOverFrom = oldClinician.flatMap { old in
            newClinician.map { !EmailAddress.isSame($0.email, old.email) } == true ? old.name : nil
        }
        let updated = details.title != previous.title || details.type != previous.type || details.videoLink != previous.videoLink
            || attachmentsChanged || handedOverFrom != nil || !datesAdded.isEmpty || !datesRemoved.isEmpty || previous.rule != ruleKey
        series.recipients = recipients
        guard updated || !added.isEmpty || !removed.isEmpty else { return previous.sequence }
        series = seriesRecord(sequence: previous.sequence + 1)
        var changed = details
        changed.series?.added = datesAdded
        changed.series?.removed = datesRemoved
        if updated {
            messages += kept.map {
                var update = message(.update, to: $0, details: changed, sequence: series.sequence, attachments: attachmentsChanged)
                update.previousClinicianName = handedOverFrom
                return update
            }
        }
        messages += added.map { message(.confirm, to: $0, details: details, sequence: series.sequence, attachments: true) }
        messages += removed.map { message(.cancel, to: $0, details: details, sequence: series.sequence, attachments: false) }
        return series.sequence
    }

    /// Each occurrence against its own entry: cancelled or moved alone, reminders.
    private mutating func planOccurrences(sequence seriesSequence: Int, timeChanged: Bool) {
        for occurrence in occurrences {
            let key = key(occurrence)
            let interval = occurrence.interval!
            guard var record = state.appointments[key] else {
                // A date the series gained: the series' update named it.
                records[key] = occurrenceRecord(occurrence, sequence: seriesSequence)
                continue
            }
            let recordedInterval = Interval(start: record.start, end: record.end)
            let ended = interval.end <= now && recordedInterval.end <= now
            let moves = occurrence.override.map { appointment.occurrences[$0].moves } ?? false
            let sequence = max(record.sequence, seriesSequence) + 1
            switch record.status {
            case .booked:
                if occurrence.status == .cancelled {
                    record.status = .cancelled
                    if !ended {
                        record.sequence = sequence
                        var cancelled = occurrenceDetails(occurrence)
                        cancelled.cancellationReason = occurrence.override.flatMap { appointment.occurrences[$0].reason?.value }
                        messages += recipients.map { message(.cancel, to: $0, details: cancelled, sequence: sequence, attachments: false) }
                    }
                    records[key] = record
                    continue
                }
                if interval != recordedInterval {
                    record.start = interval.start
                    record.end = interval.end
                    if !ended && (moves || !timeChanged) {
                        record.sequence = sequence
                        messages += recipients.map {
                            var moved = message(.reschedule, to: $0, details: occurrenceDetails(occurrence), sequence: sequence, attachments: false)
                            moved.previousInterval = recordedInterval
                            return moved
                        }
                    }
                    resetReminders(&record, interval)
                    records[key] = record
                }
                if occurrence.status == .booked, remind(&record, occurrence) { records[key] = record }
            case .cancelled:
                guard occurrence.status == .booked, interval.end > now else { continue }
                // Booked again after it was cancelled alone: confirmed alone.
                record.status = .booked
                record.sequence = sequence
                record.start = interval.start
                record.end = interval.end
                resetReminders(&record, interval)
                messages += recipients.map { message(.confirm, to: $0, details: occurrenceDetails(occurrence), sequence: sequence, attachments: false) }
                records[key] = record
            case .history:
                continue
            }
        }
    }

    private func occurrenceDetails(_ occurrence: Occurrence) -> AppointmentDetails {
        var single = details
        single.series = nil
        single.interval = occurrence.interval!
        let original = details.series?.occurrences.first { $0.date == occurrence.date }?.originalStart ?? occurrence.interval!.start
        single.occurrence = OccurrenceReference(date: occurrence.date!, originalStart: original, zone: expansion.zone)
        return single
    }

    private func seriesRecord(sequence: Int) -> RecordedAppointment {
        RecordedAppointment(
            file: appointment.header.file, status: .booked, start: details.interval.start,
            end: occurrences.map { $0.interval!.end }.max() ?? details.interval.end, sequence: sequence,
            title: details.title, type: details.type, videoLink: details.videoLink, attachments: details.attachments.map(\.path),
            cancellationReason: details.cancellationReason, recipients: recipients, reminders: [:], confirmedAt: now,
            dates: dateKeys, rule: ruleKey)
    }

    /// An occurrence's own entry: its time, status and reminders (its people are the series').
    private func occurrenceRecord(_ occurrence: Occurrence, sequence: Int) -> RecordedAppointment {
        let interval = occurrence.interval!
        var record = RecordedAppointment(
            file: appointment.header.file,
            status: occurrence.status == .cancelled ? .cancelled : interval.end <= now ? .history : .booked,
            start: interval.start, end: interval.end, sequence: sequence, title: nil, type: details.type, videoLink: nil,
            attachments: [], cancellationReason: nil, recipients: [], reminders: [:], confirmedAt: now)
        resetReminders(&record, interval)
        return record
    }

    /// After a confirmation or a move: reminders start over; those already due are skipped.
    private func resetReminders(_ record: inout RecordedAppointment, _ interval: Interval) {
        record.confirmedAt = now
        record.reminders = [:]
        for offset in offsets where interval.start - Int64(offset) * 60 <= now {
            record.reminders[String(offset)] = .skipped
        }
    }

    /// The nearest reminder due for one occurrence, to the client; older ones are skipped.
    private mutating func remind(_ record: inout RecordedAppointment, _ occurrence: Occurrence) -> Bool {
        let interval = occurrence.interval!
        guard record.status == .booked, now < interval.start, let client = recipients.first(where: { $0.role == .client }) else { return false }
        let due = offsets.filter { record.reminders[String($0)] == nil && interval.start - Int64($0) * 60 <= now }
        guard let nearest = due.min() else { return false }
        for offset in due where offset != nearest { record.reminders[String(offset)] = .skipped }
        record.reminders[String(nearest)] = .sent
        var reminder = message(.remind, to: client, details: occurrenceDetails(occurrence), sequence: record.sequence, attachments: false)
        reminder.reminderOffset = nearest
        reminder.reminderNote = notes[nearest]
        messages.append(reminder)
        return true
    }

    private func message(_ action: MessageAction, to recipient: Recipient, details: AppointmentDetails, sequence: Int,
                         attachments: Bool) -> PlannedMessage {
        PlannedMessage(action: action, recipient: recipient, sequence: sequence, details: details, carriesAttachments: attachments)
    }
}
