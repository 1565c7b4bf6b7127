/// One time an appointment happens: a single appointment's only one, or one date of a series.
///
/// The unit scheduling rules, free slots, feeds, lists and exports read: a series of twelve
/// weekly sessions is twelve occurrences, each a booking, so every rule covers series without
/// knowing about them. A plain value with no reference in it (a clinic's history holds
/// hundreds of thousands).
///
/// Forty bytes: the interval first, then the date as days since 1970 (`Int32.min` for none),
/// the positions, the status. (A series occurrence whose local time does not exist or happens
/// twice is noted beside, in `RepositoryIndex.localTimeProblems`: rare, and kept out of the
/// hundred thousand that have none.)
public struct Occurrence: Sendable {
    /// `[start, end)`, when both are known instants.
    public let interval: Interval?
    private let storedDate: Int32
    private let storedAppointment: Int32
    private let storedOverride: Int32
    public let status: AppointmentStatus

    init(appointment: Int, override: Int?, date: LocalDate?, interval: Interval?, status: AppointmentStatus) {
        storedAppointment = Int32(appointment)
        storedOverride = Int32(override ?? -1)
        storedDate = date.map { Int32($0.daysSinceEpoch) } ?? Int32.min
        self.interval = interval
        self.status = status
    }

    /// The original local date in the series' zone; nil for a single appointment.
    public var date: LocalDate? { storedDate == Int32.min ? nil : LocalDate(daysSinceEpoch: Int(storedDate)) }

    /// The appointment's position in `repository.appointments`.
    public var appointment: Int { Int(storedAppointment) }

    /// The position in the appointment's `occurrences` of the entry that changed it, if any.
    public var override: Int? { storedOverride < 0 ? nil : Int(storedOverride) }

    public var isSeriesOccurrence: Bool { storedDate != Int32.min }

    /// Whether two lists of occurrences have the same dates at the same times.
    public static func sameTimes(_ one: [Occurrence], _ other: [Occurrence]) -> Bool {
        one.count == other.count && zip(one, other).allSatisfy { $0.storedDate == $1.storedDate && $0.interval == $1.interval }
    }
}

/// A local time of a series occurrence that a zone cannot turn into one instant.
public struct LocalTimeProblem: Sendable, Hashable {
    public enum Field: String, Sendable { case start, end }
    public var field: Field
    public var local: LocalDateTime
    public var resolution: AppointmentTiming.Resolution
}

/// What docket worked out about one series: its original starts, and what is wrong with it.
public struct SeriesExpansion: Sendable {
    /// `start` as a wall-clock reading in the series' zone.
    public var start: LocalDateTime?
    /// Every original occurrence's local start, in order (each the start's wall-clock time).
    public var originalStarts: [LocalDateTime]
    /// The zone its local times are read in (nil: fixed at the written offset).
    public var zone: Zone?
    /// The written offset of a start given with one, when the series has no zone.
    public var fixedOffset: Int?
    /// More than 400 occurrences, or past five years from the start.
    public var isTooLong: Bool
    /// The positions in `occurrences` of entries whose date is no original date.
    public var unknownOverrides: [Int]
    /// Where its occurrences are in `RepositoryIndex.occurrences`.
    public var occurrences: Range<Int>

    /// The original dates.
    public var dates: [LocalDate] { originalStarts.map(\.date) }

    /// The instant a wall-clock reading of the series means, when it means exactly one.
    public func instant(of local: LocalDateTime) -> Instant? {
        if let zone {
            if case .unique(let instant) = zone.resolve(local) { return instant }
            return nil
        }
        return Instant(seconds: local.secondsAsIfUTC - Int64(fixedOffset ?? 0))
    }
}

extension RepositoryIndex {
    /// `a-12`, or `s-3@2027-01-18` for an occurrence of a series (its original local date).
    public func name(of occurrence: Occurrence) -> String {
        let id = repository.appointments[occurrence.appointment].id
        return occurrence.date.map { "\(id)@\($0)" } ?? id
    }

    /// The occurrences of the appointment at `position`, in date order.
    public func occurrences(ofAppointmentAt position: Int) -> ArraySlice<Occurrence> {
        occurrences[Int(occurrenceStarts[position])..<Int(occurrenceStarts[position + 1])]
    }

    /// Where findings about an occurrence point: the entry that moved it, else its appointment's `start`.
    public func location(of occurrence: Occurrence) -> SourceLocation {
        repository.appointments[occurrence.appointment].location(of: occurrence)
    }
}

extension Appointment {
    /// Where findings about one of its occurrences point: the entry that moved it, else `start`.
    public func location(of occurrence: Occurrence) -> SourceLocation {
        let fields = self.fields
        if let override = occurrence.override, override < fields.occurrences.count {
            let change = fields.occurrences[override]
            if change.moves { return change.start?.location ?? change.duration?.location ?? change.end?.location ?? change.date.location }
        }
        return fields.start?.location ?? fields.header.location
    }

    /// Where findings about a change to one occurrence point: its entry in `occurrences`
    /// (any), else `repeat`, else `start`.
    public func entryLocation(of date: LocalDate) -> SourceLocation {
        let fields = self.fields
        if let entry = fields.occurrences.first(where: { $0.date.value == date }) { return entry.date.location }
        return fields.recurrence?.location ?? fields.start?.location ?? fields.header.location
    }

    /// `s-3@2027-01-18`, or the id of a single appointment.
    public func name(of occurrence: Occurrence) -> String {
        occurrence.date.map { "\(id)@\($0)" } ?? id
    }
}

/// Expands documents into occurrences (once per run: the index keeps them).
enum OccurrenceExpansion {
    /// What a series expands to: its occurrences, the local-time problems among them (by
    /// position in `occurrences`), and what the rules need to know of it. A class, so that
    /// the index's table of them is a word per appointment, nil for the single ones.
    final class Expanded: Sendable {
        let occurrences: [Occurrence]
        let problems: [Int: LocalTimeProblem]
        let series: SeriesExpansion

        init(_ occurrences: [Occurrence], _ problems: [Int: LocalTimeProblem], _ series: SeriesExpansion) {
            self.occurrences = occurrences
            self.problems = problems
            self.series = series
        }
    }

    /// A series' occurrences; nil for a single appointment (its occurrence is its timing).
    static func expand(_ appointment: Appointment, at position: Int, timing: AppointmentTiming) -> Expanded? {
        guard let recurrence = appointment.recurrence?.value, let written = appointment.start?.value else { return nil }
        let zone = timing.readingZone
        let firstStart: LocalDateTime
        var fixedOffset: Int?
        switch written {
        case .local(let local): firstStart = local
        case .instant(let instant, let offset):
            if let zone {
                firstStart = zone.localDateTime(at: instant)
            } else {
                firstStart = LocalDateTime(secondsAsIfUTC: instant.seconds + Int64(offset))
                fixedOffset = offset
            }
        }
        var series = SeriesExpansion(start: firstStart, originalStarts: [], zone: zone, fixedOffset: fixedOffset, isTooLong: false,
                                     unknownOverrides: [], occurrences: 0..<0)
        // A local start without a zone (no clinician to take one from) has no instants.
        guard zone != nil || fixedOffset != nil else {
            return Expanded([], [:], series)
        }
        let expansion = recurrence.dates(from: firstStart.date)
        series.isTooLong = expansion.isTooLong
        series.originalStarts = expansion.dates.map { LocalDateTime(date: $0, secondOfDay: firstStart.secondOfDay) }
        let seriesMinutes: Int? = appointment.duration?.value ?? timing.interval?.minutes ?? endMinutes(appointment, firstStart)
        var overrides: [LocalDate: Int] = [:]
        for (index, change) in appointment.occurrences.enumerated() { overrides[change.date.value] = index }
        let status = appointment.effectiveStatus
        var occurrences: [Occurrence] = []
        var problems: [Int: LocalTimeProblem] = [:]
        occurrences.reserveCapacity(series.originalStarts.count)
        var matched = 0
        for original in series.originalStarts {
            let overrideIndex = overrides[original.date]
            let change = overrideIndex.map { appointment.occurrences[$0] }
            if change != nil { matched += 1 }
            var start = original
            var startInstant: Instant?
            var problem: LocalTimeProblem?
            if let moved = change?.start?.value {
                switch moved {
                case .instant(let instant, _): startInstant = instant
                case .local(let local): start = local
                }
            }
            if startInstant == nil {
                switch resolve(start, zone, fixedOffset) {
                case .instant(let instant): startInstant = instant
                case let other:
                    // The first occurrence as written is the document's own start (its timing tells).
                    if change?.start != nil || original.date != firstStart.date {
                        problem = LocalTimeProblem(field: .start, local: start, resolution: other)
                    }
                }
            }
            var interval: Interval?
            if let startInstant {
                var minutes = change?.duration?.value ?? seriesMinutes
                if let end = change?.end?.value {
                    let endInstant: Instant?
                    switch end {
                    case .instant(let instant, _): endInstant = instant
                    case .local(let local):
                        let resolution = resolve(local, zone, fixedOffset)
                        endInstant = resolution.instant
                        if endInstant == nil { problem = LocalTimeProblem(field: .end, local: local, resolution: resolution) }
                    }
                    minutes = endInstant.flatMap { $0 > startInstant ? Int(($0.seconds - startInstant.seconds) / 60) : nil }
                }
                if let minutes, minutes > 0 { interval = Interval(start: startInstant, end: startInstant + Int64(minutes) * 60) }
            }
            if let problem { problems[occurrences.count] = problem }
            occurrences.append(Occurrence(appointment: position, override: overrideIndex, date: original.date, interval: interval,
                                          status: change?.status?.value ?? status))
        }
        if matched < appointment.occurrences.count, !series.isTooLong {
            let dates = Set(expansion.dates)
            series.unknownOverrides = appointment.occurrences.indices.filter { !dates.contains(appointment.occurrences[$0].date.value) }
        }
        return Expanded(occurrences, problems, series)
    }

    private static func resolve(_ local: LocalDateTime, _ zone: Zone?, _ fixedOffset: Int?) -> AppointmentTiming.Resolution {
        guard let zone else { return .instant(Instant(seconds: local.secondsAsIfUTC - Int64(fixedOffset ?? 0))) }
        switch zone.resolve(local) {
        case .unique(let instant): return .instant(instant)
        case .nonexistent(let before, let after): return .nonexistent(offsetBefore: before, offsetAfter: after)
        case .ambiguous(let earlier, let later): return .ambiguous(earlier: earlier, later: later)
        }
    }

    /// A series given with `end` whose first occurrence could not be placed: its length in wall-clock minutes.
    private static func endMinutes(_ appointment: Appointment, _ start: LocalDateTime) -> Int? {
        guard case .local(let end)? = appointment.end?.value else { return nil }
        let minutes = Int((end.secondsAsIfUTC - start.secondsAsIfUTC) / 60)
        return minutes > 0 ? minutes : nil
    }
}
