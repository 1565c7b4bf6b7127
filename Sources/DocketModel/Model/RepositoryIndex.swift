import DocketSupport
/// Lookups and derived facts over a `Repository`, computed once and shared by every rule
/// and command: documents by id, and each appointment's times as instants.
public struct RepositoryIndex: Sendable {
    public let repository: Repository
    public let clinicians: DocumentsByID<Clinician>
    public let clients: DocumentsByID<Client>
    public let coordinators: DocumentsByID<Coordinator>
    /// `timings[i]` belongs to `repository.appointments[i]`.
    public let timings: [AppointmentTiming]
    /// Every occurrence of every appointment, appointment by appointment in file order, a
    /// series' in date order: what scheduling rules, slots, feeds and lists read.
    public let occurrences: [Occurrence]
    /// Where each appointment's occurrences start in `occurrences` (one more entry than
    /// appointments: the last is `occurrences.count`).
    let occurrenceStarts: [Int32]
    /// Each series by its position in `repository.appointments`.
    public let series: [Int: SeriesExpansion]
    /// Series occurrences (after the first as written) whose local start or end does not
    /// exist or happens twice, by position in `occurrences`.
    public let localTimeProblems: [Int: LocalTimeProblem]

    public init(_ repository: Repository) {
        self.repository = repository
        clinicians = DocumentsByID(repository.clinicians, \.header)
        clients = DocumentsByID(repository.clients, \.header)
        coordinators = DocumentsByID(repository.coordinators, \.header)
        let organizationZone = repository.organization?.timezone?.value
        let clinicianZones = self.clinicians.compactMapValues { $0.timezone?.value }
        let appointments = repository.appointments
        timings = parallelMap(count: appointments.count) { position in
            let appointment = appointments[position]
            return AppointmentTiming(appointment, clinicianZone: appointment.clinician.flatMap { clinicianZones[$0.value] },
                                     organizationZone: organizationZone)
        }
        let timings = timings
        // Each series is expanded once, here, on all cores; a single appointment is its own
        // occurrence, made from its timing as the list is gathered.
        let expanded = parallelMap(count: appointments.count) { position in
            appointments[position].isSeries ? OccurrenceExpansion.expand(appointments[position], at: position, timing: timings[position]) : nil
        }
        var occurrences: [Occurrence] = []
        occurrences.reserveCapacity(appointments.count)
        var starts: [Int32] = []
        starts.reserveCapacity(appointments.count + 1)
        var series: [Int: SeriesExpansion] = [:]
        var problems: [Int: LocalTimeProblem] = [:]
        for position in appointments.indices {
            starts.append(Int32(occurrences.count))
            guard let expansion = expanded[position] else {
                occurrences.append(Occurrence(appointment: position, override: nil, date: nil, interval: timings[position].interval,
                                              status: appointments[position].effectiveStatus))
                continue
            }
            var summary = expansion.series
            summary.occurrences = occurrences.count..<(occurrences.count + expansion.occurrences.count)
            for (offset, problem) in expansion.problems { problems[occurrences.count + offset] = problem }
            occurrences += expansion.occurrences
            series[position] = summary
        }
        starts.append(Int32(occurrences.count))
        self.occurrences = occurrences
        occurrenceStarts = starts
        self.series = series
        localTimeProblems = problems
    }

    /// The appointments with their timings, in file order.
    public var appointmentsWithTimings: Zip2Sequence<[Appointment], [AppointmentTiming]> {
        zip(repository.appointments, timings)
    }
}

/// An appointment's times as instants, and what stopped them from being known.
public struct AppointmentTiming: Sendable {
    /// The zone a local `start`/`end` is read in: the appointment's `timezone`, else the clinician's.
    public let readingZone: Zone?
    /// The zone people see the appointment in: the clinician's, else the reading zone, else the organization's.
    public let displayZone: Zone?
    public let start: Resolution?
    public let end: Resolution?
    /// `[start, end)`, when both resolved to one instant each.
    public let interval: Interval?

    /// What a written time came to. The local time and the zone of the two problem cases are
    /// not repeated here (they are the appointment's written time and `readingZone`): a
    /// timing per appointment of a clinic's history, kept small.
    public enum Resolution: Sendable, Hashable {
        case instant(Instant)
        /// In a spring-forward gap of `readingZone`: clocks jumped from one offset to the other.
        case nonexistent(offsetBefore: Int, offsetAfter: Int)
        /// In a fall-back overlap of `readingZone`: the reading happens twice.
        case ambiguous(earlier: Instant, later: Instant)

        public var instant: Instant? {
            if case .instant(let instant) = self { return instant }
            return nil
        }
    }

    /// Whether `start` or `end` is a local time that does not exist or happens twice.
    public var hasUnresolvedTime: Bool {
        func isUnresolved(_ resolution: Resolution?) -> Bool {
            if case .instant? = resolution { return false }
            return resolution != nil
        }
        return isUnresolved(start) || isUnresolved(end)
    }

    init(_ appointment: Appointment, clinicianZone: Zone?, organizationZone: Zone?) {
        readingZone = appointment.timezone?.value ?? clinicianZone
        displayZone = clinicianZone ?? readingZone ?? organizationZone
        let zone = readingZone
        func resolve(_ expression: TimeExpression?) -> Resolution? {
            switch expression {
            case nil: return nil
            case .instant(let instant, _)?: return .instant(instant)
            case .local(let local)?:
                guard let zone else { return nil }
                switch zone.resolve(local) {
                case .unique(let instant): return .instant(instant)
                case .nonexistent(let before, let after): return .nonexistent(offsetBefore: before, offsetAfter: after)
                case .ambiguous(let earlier, let later): return .ambiguous(earlier: earlier, later: later)
                }
            }
        }
        start = resolve(appointment.start?.value)
        end = resolve(appointment.end?.value)
        if let startInstant = start?.instant {
            if let minutes = appointment.duration?.value {
                interval = Interval(start: startInstant, end: startInstant + Int64(minutes) * 60)
            } else if let endInstant = end?.instant, endInstant > startInstant {
                interval = Interval(start: startInstant, end: endInstant)
            } else {
                interval = nil
            }
        } else {
            interval = nil
        }
    }
}

/// A half-open span of time `[start, end)`: back-to-back appointments do not overlap.
public struct Interval: Sendable, Hashable {
    public var start: Instant
    public var end: Instant

    public init(start: Instant, end: Instant) {
        self.start = start
        self.end = end
    }

    public var minutes: Int { Int((end.seconds - start.seconds) / 60) }

    public func overlaps(_ other: Interval) -> Bool { start < other.end && other.start < end }
}

/// The documents of one kind by id; the first of an id wins (a repeat is `duplicate-id`'s to
/// report).
///
/// Positions in the repository's list, not copies of the documents: a dictionary holds room
/// for a third more entries than it has, and a clinic's twenty thousand clients copied into
/// one was several megabytes for nothing.
public struct DocumentsByID<Document: Sendable>: Sendable, Sequence {
    private let documents: [Document]
    private let positions: [String: Int]

    init(_ documents: [Document], _ header: KeyPath<Document, DocumentHeader>) {
        self.documents = documents
        var positions: [String: Int] = [:]
        positions.reserveCapacity(documents.count)
        for position in documents.indices where positions[documents[position][keyPath: header].id.value] == nil {
            positions[documents[position][keyPath: header].id.value] = position
        }
        self.positions = positions
    }

    public subscript(id: String) -> Document? {
        positions[id].map { documents[$0] }
    }

    /// Where the file of `id` is in the repository's list of this kind.
    public func position(of id: String) -> Int? {
        positions[id]
    }

    public func contains(_ id: String) -> Bool {
        positions[id] != nil
    }

    /// Every id, in no particular order.
    public var keys: Dictionary<String, Int>.Keys { positions.keys }

    public var count: Int { positions.count }

    /// The documents transformed, by id, leaving out those `transform` makes nil.
    public func compactMapValues<Transformed>(_ transform: (Document) throws -> Transformed?) rethrows -> [String: Transformed] {
        try positions.compactMapValues { try transform(documents[$0]) }
    }

    /// Each id with its document, in no particular order.
    public func makeIterator() -> some IteratorProtocol<(key: String, value: Document)> {
        positions.lazy.map { (key: $0.key, value: self.documents[$0.value]) }.makeIterator()
    }
}
