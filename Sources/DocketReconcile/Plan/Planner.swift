import DocketMail
import DocketModel
import DocketRules
import DocketSupport

/// A deleted appointment file that `--prune` would cancel.
public struct Orphan: Sendable, Equatable {
    public var appointmentID: String
    public var file: String

    public init(appointmentID: String, file: String) {
        self.appointmentID = appointmentID
        self.file = file
    }
}

/// The difference between the repository and the recorded state, as e-mails (SPEC section 3).
public struct Plan: Sendable {
    public var messages: [PlannedMessage] = []
    public var orphaned: [Orphan] = []
    /// Appointments recorded without e-mail (history, or cancelled before anyone was told).
    public var recordedWithoutMail: [String] = []
    /// The state to write once the messages are in the outbox.
    public var state: RecordedState
    /// Whether `state` differs from the state the plan started from (so it must be written).
    public var stateChanged = false
    /// Appointments an error held back: not planned, their recorded state left as it was.
    public var held: [HeldAppointment] = []
    /// Errors in appointment files that hold no appointment docket knows: reported, and the
    /// run fails, but nothing else is held back.
    public var unplaced: [Diagnostic] = []

    /// Whether an error held something back or went unplaced (reconcile then exits 1).
    public var hasErrors: Bool { !held.isEmpty || !unplaced.isEmpty }
}

/// An appointment a finding held back, with the findings.
public struct HeldAppointment: Sendable {
    public var id: String
    public var diagnostics: [Diagnostic]
}

public enum Planner {
    public static func plan(index: RepositoryIndex, state: RecordedState, now: Instant, prune: Bool, held: HeldBack = .nothing) -> Plan {
        var plan = Plan(state: state)
        if case .appointments(let byID, _, let unplaced) = held {
            plan.held = byID.map { HeldAppointment(id: $0.key, diagnostics: $0.value) }.sorted { $0.id < $1.id }
            plan.unplaced = unplaced
        }
        let organizationZone = index.repository.organization?.timezone?.value.identifier ?? "UTC"
        let policy = index.repository.policy
        // Reminders depend on the appointment's type (policy.reminders' `types`): worked out
        // once per type, not per appointment.
        var remindersByType: [AppointmentType: [(minutes: Int, note: String?)]] = [:]
        for type in AppointmentType.allCases { remindersByType[type] = policy.reminders(for: type) }

        // The first appointment of each id with known times, in file order; each is planned
        // on its own (on all cores: a history holds a hundred thousand), then gathered in order.
        var seen = Set<String>()
        var positions: [Int] = []
        for (position, (appointment, timing)) in index.appointmentsWithTimings.enumerated()
        where (timing.interval != nil || index.series[position] != nil) && seen.insert(appointment.id).inserted {
            if held.holds(appointment.id, recordedFrom: state.appointments[appointment.id]?.file) { continue }
            positions.append(position)
        }
        let appointments = index.repository.appointments
        let timings = index.timings
        let steps = parallelMap(count: positions.count, minimumPerChunk: 512) { number -> PlannedStep in
            let appointment = appointments[positions[number]]
            let recipients = Recipient.all(of: appointment, index: index, organizationZone: organizationZone)
            if let expansion = index.series[positions[number]] {
                let reminders = remindersByType[appointment.effectiveType] ?? []
                var step = SeriesStep(appointment: appointment, position: positions[number], index: index, expansion: expansion,
                                      recipients: recipients, state: state, now: now, offsets: reminders.map(\.minutes),
                                      notes: Dictionary(uniqueKeysWithValues: reminders.compactMap { rule in rule.note.map { (rule.minutes, $0) } }))
                step.plan()
                return PlannedStep(id: appointment.id, messages: step.messages, records: step.records,
                                   recordedWithoutMail: step.recordedWithoutMail)
            }
            let details = AppointmentDetails(appointment, interval: timings[positions[number]].interval!, attendees: recipients, index: index)
            let previous = state.appointments[appointment.id]
            let reminders = remindersByType[details.type] ?? []
            var step = AppointmentStep(details: details, recorded: previous, now: now, offsets: reminders.map(\.minutes),
                                       notes: Dictionary(uniqueKeysWithValues: reminders.compactMap { rule in rule.note.map { (rule.minutes, $0) } }))
            step.plan(status: appointment.effectiveStatus, recipients: recipients)
            return PlannedStep(id: appointment.id, messages: step.messages,
                               records: previous == step.recorded ? [:] : [appointment.id: step.recorded],
                               recordedWithoutMail: step.recordedWithoutMail)
        }
        for step in steps {
            plan.messages += step.messages
            if step.recordedWithoutMail { plan.recordedWithoutMail.append(step.id) }
            for (key, record) in step.records where state.appointments[key] != record {
                plan.state.appointments[key] = record
                plan.stateChanged = true
            }
        }

        // An occurrence's entry (`<id>@<date>`) goes with its series: planned with it, or
        // with the series' own entry when the file is gone.
        let gone = state.appointments.filter {
            !$0.key.contains("@") && !seen.contains($0.key) && !held.holds($0.key, recordedFrom: $0.value.file)
        }
        for (id, recorded) in gone.sorted(by: { $0.key < $1.key }) {
            guard recorded.status == .booked, recorded.end > now else { continue }
            guard prune else {
                plan.orphaned.append(Orphan(appointmentID: id, file: recorded.file))
                continue
            }
            var cancelled = recorded
            cancelled.sequence += 1
            cancelled.status = .cancelled
            let details = AppointmentDetails(id: id, recorded: recorded)
            plan.messages += recorded.recipients.map {
                PlannedMessage(action: .cancel, recipient: $0, sequence: cancelled.sequence, details: details, carriesAttachments: false)
            }
            plan.state.appointments[id] = cancelled
            plan.stateChanged = true
            if recorded.dates != nil {
                for date in recorded.dates ?? [] {
                    guard var occurrence = state.appointments["\(id)@\(date)"], occurrence.status == .booked else { continue }
                    occurrence.status = .cancelled
                    plan.state.appointments["\(id)@\(date)"] = occurrence
                }
            }
        }

        plan.messages.sort { lhs, rhs in
            (lhs.details.interval.start, lhs.details.id, lhs.action, lhs.recipient.role, lhs.recipient.email)
                < (rhs.details.interval.start, rhs.details.id, rhs.action, rhs.recipient.role, rhs.recipient.email)
        }
        for position in plan.messages.indices { plan.messages[position].order = position }
        return plan
    }
}

/// What planning one appointment gave.
struct PlannedStep: Sendable {
    var id: String
    var messages: [PlannedMessage]
    /// Entries of the state to write, by key: the appointment's, and a series' occurrences'.
    var records: [String: RecordedAppointment]
    var recordedWithoutMail: Bool
}

/// The decision for one appointment of the repository against what was recorded.
struct AppointmentStep {
    let details: AppointmentDetails
    let previous: RecordedAppointment?
    let now: Instant
    /// Reminder offsets in minutes for this appointment's type, largest first.
    let offsets: [Int]
    /// The note of each offset that has one.
    let notes: [Int: String]

    var recorded: RecordedAppointment
    var messages: [PlannedMessage] = []
    var recordedWithoutMail = false

    init(details: AppointmentDetails, recorded: RecordedAppointment?, now: Instant, offsets: [Int], notes: [Int: String] = [:]) {
        self.notes = notes
        self.details = details
        self.previous = recorded
        self.now = now
        self.offsets = offsets
        self.recorded = recorded ?? RecordedAppointment(
            file: details.file, status: .history, start: details.interval.start, end: details.interval.end,
            sequence: 0, title: details.title, type: details.type, videoLink: details.videoLink,
            attachments: details.attachments.map(\.path), cancellationReason: details.cancellationReason,
            recipients: [], reminders: [:], confirmedAt: now)
    }

    var hasEnded: Bool { details.interval.end <= now }

    mutating func plan(status: AppointmentStatus, recipients: [Recipient]) {
        recorded.file = details.file
        guard let previous else {
            firstSight(status: status, recipients: recipients)
            return
        }
        switch previous.status {
        case .history:
            // Moved from the past into the future: a new booking as far as anyone knows.
            if status == .booked, !hasEnded, details.interval != Interval(start: previous.start, end: previous.end) {
                confirm(recipients, sequence: previous.sequence + 1)
            }
        case .cancelled:
            if status == .booked, !hasEnded { confirm(recipients, sequence: previous.sequence + 1) }
        case .booked:
            guard !hasEnded, status != .fulfilled, status != .noshow else { return }
            if status == .cancelled {
                cancel(previous.recipients, sequence: previous.sequence + 1)
                recorded.status = .cancelled
                return
            }
            change(from: previous, to: recipients)
            remind()
        }
    }

    private mutating func firstSight(status: AppointmentStatus, recipients: [Recipient]) {
        guard status == .booked, !hasEnded else {
            recorded.status = status == .cancelled ? .cancelled : .history
            recordedWithoutMail = true
            return
        }
        confirm(recipients, sequence: 0)
    }

    private mutating func confirm(_ recipients: [Recipient], sequence: Int) {
        recorded.status = .booked
        recorded.sequence = sequence
        recorded.recipients = recipients
        recordDetails()
        resetReminders()
        messages += recipients.map { message(.confirm, to: $0, attachments: true) }
    }

    private mutating func cancel(_ recipients: [Recipient], sequence: Int) {
        recorded.sequence = sequence
        recorded.cancellationReason = details.cancellationReason
        messages += recipients.map { message(.cancel, to: $0, attachments: false) }
    }

    private mutating func change(from previous: RecordedAppointment, to recipients: [Recipient]) {
        // Mostly the same people in the same order: then nobody is added or removed, and no
        // address needs lower-casing.
        let samePeople = previous.recipients.count == recipients.count
            && zip(previous.recipients, recipients).allSatisfy { EmailAddress.isSame($0.email, $1.email) }
        let before = samePeople ? [] : Set(previous.recipients.map { $0.email.lowercased() })
        let after = samePeople ? [] : Set(recipients.map { $0.email.lowercased() })
        let added = samePeople ? [] : recipients.filter { !before.contains($0.email.lowercased()) }
        let removed = samePeople ? [] : previous.recipients.filter { !after.contains($0.email.lowercased()) }
        let kept = samePeople ? recipients : recipients.filter { before.contains($0.email.lowercased()) }
        let moved = details.interval != Interval(start: previous.start, end: previous.end)
        let attachmentsChanged = details.attachments.map(\.path) != previous.attachments
        // A handover: the appointment is now another clinician's. The old one is cancelled and
        // the new one confirmed (as recipients who leave and arrive); everyone who stays is
        // told who they will now see.
        let oldClinician = previous.recipients.first { $0.role == .clinician }
        let newClinician = recipients.first { $0.role == .clinician }
        let handedOverFrom = oldClinician.flatMap { old in
            newClinician.map { !EmailAddress.isSame($0.email, old.email) } == true ? old.name : nil
        }
        let updated = details.title != previous.title || details.type != previous.type
            || details.videoLink != previous.videoLink || attachmentsChanged || handedOverFrom != nil
        guard moved || updated || !added.isEmpty || !removed.isEmpty else {
            recorded.recipients = recipients
            return
        }
        recorded.sequence = previous.sequence + 1
        recorded.recipients = recipients
        recordDetails()
        if moved {
            messages += kept.map {
                message(.reschedule, to: $0, attachments: false, previous: Interval(start: previous.start, end: previous.end),
                        previousClinician: handedOverFrom)
            }
            resetReminders()
        } else if updated {
            messages += kept.map { message(.update, to: $0, attachments: attachmentsChanged, previousClinician: handedOverFrom) }
        }
        messages += added.map { message(.confirm, to: $0, attachments: true) }
        messages += removed.map { message(.cancel, to: $0, attachments: false) }
    }

    /// Reminders whose time has come: the nearest is sent, older ones are skipped.
    private mutating func remind() {
        guard recorded.status == .booked, now < details.interval.start,
              let client = recorded.recipients.first(where: { $0.role == .client }) else { return }
        let due = offsets.filter { offset in
            recorded.reminders[String(offset)] == nil && details.interval.start - Int64(offset) * 60 <= now
        }
        guard let nearest = due.min() else { return }
        for offset in due where offset != nearest { recorded.reminders[String(offset)] = .skipped }
        recorded.reminders[String(nearest)] = .sent
        var reminder = message(.remind, to: client, attachments: false)
        reminder.reminderOffset = nearest
        reminder.reminderNote = notes[nearest]
        messages.append(reminder)
    }

    /// After a confirmation or reschedule: reminders start over, and those whose time has
    /// already come are skipped (a client booked two hours ahead gets no "in 24 hours").
    private mutating func resetReminders() {
        recorded.confirmedAt = now
        recorded.reminders = [:]
        for offset in offsets where details.interval.start - Int64(offset) * 60 <= now {
            recorded.reminders[String(offset)] = .skipped
        }
    }

    private mutating func recordDetails() {
        recorded.start = details.interval.start
        recorded.end = details.interval.end
        recorded.title = details.title
        recorded.type = details.type
        recorded.videoLink = details.videoLink
        recorded.attachments = details.attachments.map(\.path)
        recorded.cancellationReason = details.cancellationReason
    }

    private func message(_ action: MessageAction, to recipient: Recipient, attachments: Bool,
                         previous: Interval? = nil, previousClinician: String? = nil) -> PlannedMessage {
        PlannedMessage(action: action, recipient: recipient, sequence: recorded.sequence, details: details,
                       previousInterval: previous, carriesAttachments: attachments, previousClinicianName: previousClinician)
    }
}
