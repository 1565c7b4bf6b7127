import DocketModel

extension ChangeSet.AppointmentChange {
    /// Whether the change puts a booked appointment at a new time: new or rescheduled.
    var isNewTime: Bool {
        (kind == .new || kind == .rescheduled) && current?.appointment.effectiveStatus == .booked
    }

    /// Where a finding about this change points: the first changed field's value, else the
    /// document (for a deletion, where the file was).
    var location: SourceLocation {
        guard let appointment = current?.appointment else { return base!.appointment.header.location }
        for field in fields {
            if let location = appointment.location(ofField: field) { return location }
        }
        return appointment.header.location
    }
}

extension ChangeSet.AppointmentChange {
    /// A series: its booked occurrences that are new or at a new time (against the base).
    var occurrencesAtNewTimes: [Occurrence] {
        guard let now = currentOccurrences else { return [] }
        var then: [LocalDate: Occurrence] = [:]
        for occurrence in baseOccurrences ?? [] { if let date = occurrence.date { then[date] = then[date] ?? occurrence } }
        let single = baseOccurrences == nil ? base?.timing.interval : nil
        return now.filter { occurrence in
            guard occurrence.status == .booked, let interval = occurrence.interval else { return false }
            if let single { return interval != single }
            guard let before = occurrence.date.flatMap({ then[$0] }) else { return true }
            return before.interval != interval || before.status == .cancelled
        }
    }

    /// A finding about one occurrence of this change's series, marked for the engine to keep
    /// one per series.
    func finding(_ code: DiagnosticCode, _ message: String, about occurrence: Occurrence, at location: SourceLocation) -> Diagnostic {
        var finding = Diagnostic(code, message, at: location)
        if let appointment = current?.appointment ?? base?.appointment { finding.occurrence = appointment.name(of: occurrence) }
        return finding
    }
}

extension Appointment {
    func location(ofField field: String) -> SourceLocation? {
        fields.location(ofField: field)
    }
}

extension Appointment.Fields {
    func location(ofField field: String) -> SourceLocation? {
        switch field {
        case "clinician": clinician?.location
        case "client": client?.location
        case "start": start?.location
        case "duration": duration?.location
        case "end": end?.location
        case "timezone": timezone?.location
        case "status": status?.location
        case "type": type?.location
        case "title": title?.location
        case "createdBy": createdBy?.location
        case "participants": participants.first?.location
        case "attachments": attachments.first?.location
        case "video": videoLink?.location
        case "cancellation": cancellationReason?.location
        case "repeat": recurrence?.location
        case "occurrences": occurrences.first?.date.location
        default: nil
        }
    }
}

extension RuleExample {
    /// A change example: `before` at the base commit, `after` in the work tree, both
    /// appointments/a-1.yaml unless a path is given.
    static func change(before: String?, after: String?, author: String? = nil, now: String = RuleExample.defaultNow,
                       expected: (file: String, line: Int, column: Int)? = nil) -> RuleExample {
        RuleExample(files: after.map { ["appointments/a-1.yaml": $0] } ?? [:], now: now, expected: expected,
                    before: before.map { ["appointments/a-1.yaml": $0] } ?? [:], author: author)
    }
}

/// An appointment of jane's for a change example.
func appointmentYAML(id: String = "a-1", clinician: String = "dr-lee", start: String, extra: String = "") -> String {
    "apiVersion: docket/v1\nkind: Appointment\nid: \(id)\nclinician: \(clinician)\nclient: jane\nstart: \(start)\nduration: 50m\n\(extra)"
}
