import DocketModel
import DocketSupport

/// A non-cancelled appointment whose times are known: what scheduling rules compare.
///
/// A plain value of forty bytes with no reference in it: rules on both cores sort and sweep
/// the same bookings of a clinic's whole history, and a reference per booking (to its
/// appointment, or a booking object) had the cores taking turns at each one's reference
/// count. The appointment itself is `ValidationContext.appointment(of:)`.
public struct Booking: Sendable {
    public let interval: Interval
    /// The zone the appointment is shown in (its clinician's), for the times a finding quotes.
    public let zone: Zone?
    private let storedIndex: Int32
    private let storedOccurrence: Int32
    /// The clinician's and the client's numbers (`Booking.all`), -1 when the appointment names
    /// none: the sweeps group by them without hashing an id per booking per rule.
    let clinicianKey: Int32
    let clientKey: Int32
    public let status: AppointmentStatus

    init(index: Int, occurrence: Int, status: AppointmentStatus, interval: Interval, zone: Zone?, clinicianKey: Int32, clientKey: Int32) {
        self.interval = interval
        self.zone = zone
        storedIndex = Int32(index)
        storedOccurrence = Int32(occurrence)
        self.clinicianKey = clinicianKey
        self.clientKey = clientKey
        self.status = status
    }

    /// The appointment's position in `repository.appointments`.
    public var index: Int { Int(storedIndex) }

    /// The occurrence's position in `RepositoryIndex.occurrences`.
    public var occurrence: Int { Int(storedOccurrence) }

    /// Every non-cancelled occurrence with known times, in file order (a series' in date order).
    ///
    /// Each gets a number for its clinician and its client: the position of that id's file
    /// among the repository's clinicians (or clients), or for an id no file has, a number after
    /// all of those (the same for the same id). So a clinician's bookings share a number, and
    /// `ValidationContext.calendar(for:)` finds a known clinician's calendar by it.
    public static func all(in index: RepositoryIndex) -> [Booking] {
        let appointments = index.repository.appointments
        let occurrences = index.occurrences
        // Each occurrence is looked at on all cores; ids no file has are marked, then numbered
        // one after the other in file order (so the numbers never depend on timing).
        let unknown = Int32.min
        let candidates = parallelMap(count: occurrences.count) { position -> Booking? in
            let occurrence = occurrences[position]
            guard let interval = occurrence.interval, occurrence.status != .cancelled else { return nil }
            let appointment = appointments[occurrence.appointment]
            func key<Document>(_ id: Located<String>?, _ known: DocumentsByID<Document>) -> Int32 {
                guard let id else { return -1 }
                return known.position(of: id.value).map { Int32($0) } ?? unknown
            }
            return Booking(index: occurrence.appointment, occurrence: position, status: occurrence.status, interval: interval,
                           zone: index.timings[occurrence.appointment].displayZone,
                           clinicianKey: key(appointment.clinician, index.clinicians), clientKey: key(appointment.client, index.clients))
        }
        var otherClinicians = UnknownIDNumbers(first: Int32(index.repository.clinicians.count))
        var otherClients = UnknownIDNumbers(first: Int32(index.repository.clients.count))
        var bookings: [Booking] = []
        bookings.reserveCapacity(candidates.count)
        for case let booking? in candidates {
            guard booking.clinicianKey == unknown || booking.clientKey == unknown else {
                bookings.append(booking)
                continue
            }
            let appointment = appointments[booking.index]
            bookings.append(Booking(
                index: booking.index, occurrence: booking.occurrence, status: booking.status, interval: booking.interval, zone: booking.zone,
                clinicianKey: booking.clinicianKey == unknown ? otherClinicians.number(for: appointment.clinician!.value) : booking.clinicianKey,
                clientKey: booking.clientKey == unknown ? otherClients.number(for: appointment.client!.value) : booking.clientKey))
        }
        return bookings
    }

    /// Numbers, from `first` on, for the ids no file has.
    private struct UnknownIDNumbers {
        var next: Int32
        var numbers: [String: Int32] = [:]

        init(first: Int32) {
            next = first
        }

        mutating func number(for id: String) -> Int32 {
            if let number = numbers[id] { return number }
            numbers[id] = next
            next += 1
            return next - 1
        }
    }

    /// `09:00 to 09:50 America/Toronto`; a date is added where it is not `sameDayAs`'s.
    public func timesText(sameDayAs other: Booking? = nil) -> String {
        let zone = (other ?? self).zone
        let start = local(interval.start, in: zone)
        let end = local(interval.end, in: zone)
        let reference = other.map { local($0.interval.start, in: zone).date }
        let startText = start.date == reference ? start.timeText : "\(start.date) \(start.timeText)"
        let endText = end.date == start.date ? end.timeText : "\(end.date) \(end.timeText)"
        return "from \(startText) to \(endText) \(zone?.identifier ?? "UTC")"
    }

    /// `14:50 America/Toronto`: when it ends, in its zone.
    public var endText: String {
        "\(local(interval.end, in: zone).timeText) \(zone?.identifier ?? "UTC")"
    }

    private func local(_ instant: Instant, in zone: Zone?) -> LocalDateTime {
        zone?.localDateTime(at: instant) ?? LocalDateTime(secondsAsIfUTC: instant.seconds)
    }

    /// By start, then in file order (which is the order of their places): the order the
    /// sweeps go through bookings in.
    static func startsBefore(_ first: Booking, _ second: Booking) -> Bool {
        first.interval.start != second.interval.start ? first.interval.start < second.interval.start : first.storedOccurrence < second.storedOccurrence
    }
}

extension ValidationContext {
    /// The appointment a booking stands for.
    public func appointment(of booking: Booking) -> Appointment {
        repository.appointments[booking.index]
    }

    /// Where findings about a booking point: its appointment's `start`, or the entry of
    /// `occurrences` that moved it.
    public func location(of booking: Booking) -> SourceLocation {
        index.location(of: index.occurrences[booking.occurrence])
    }

    /// `a-12 (appointments/2026/12/a-12.yaml:5)`, `s-3@2027-01-18 (appointments/s-3.yaml:5)`
    public func reference(to booking: Booking) -> String {
        let location = location(of: booking)
        return "\(index.name(of: index.occurrences[booking.occurrence])) (\(location.file):\(location.line))"
    }

    /// A finding about a booking, marked with its occurrence's name when it is one of a series
    /// (so that the engine keeps one finding per series, rule and other appointment).
    public func finding(about booking: Booking, _ diagnostic: Diagnostic) -> Diagnostic {
        let occurrence = index.occurrences[booking.occurrence]
        guard occurrence.isSeriesOccurrence else { return diagnostic }
        var marked = diagnostic
        marked.occurrence = index.name(of: occurrence)
        return marked
    }
}

enum OverlapSweep {
    /// A booking that overlaps one that starts before it (or at the same moment, earlier in
    /// file order): the nearest such one, and how many other bookings of its group overlap it.
    struct Overlap {
        var booking: Booking
        var nearest: Booking
        var others: Int
    }

    /// Each booking of one group that overlaps an earlier-starting one, once.
    ///
    /// Findings must stay in proportion to the input: a bulk import that puts thousands of
    /// appointments at one time has millions of overlapping pairs, so pairs are never listed.
    /// Sorted by start, the nearest overlapping booking is the latest-starting one still
    /// running (those that ended are dropped from the back as the sweep passes them), and
    /// the number overlapping a booking is counted from the sorted starts and ends. O(n log n).
    static func overlaps(_ bookings: some Collection<Booking>) -> [Overlap] {
        let sorted = bookings.sorted(by: Booking.startsBefore)
        // Most groups (a client's appointments) overlap nowhere: the counts' arrays are made
        // only for a group that has an overlap.
        var counts: (starts: [Instant], ends: [Instant])?
        var running: [Booking] = []
        var found: [Overlap] = []
        for booking in sorted {
            while let last = running.last, last.interval.end <= booking.interval.start { running.removeLast() }
            if let nearest = running.last {
                if counts == nil { counts = (sorted.map(\.interval.start), sorted.map(\.interval.end).sorted()) }
                let (starts, ends) = counts!
                let startedBeforeItsEnd = starts.partitionPoint { $0 < booking.interval.end }
                let endedByItsStart = ends.partitionPoint { $0 <= booking.interval.start }
                // Less the booking itself and the nearest one, named in the finding.
                let others = max(0, startedBeforeItsEnd - endedByItsStart - 2)
                found.append(Overlap(booking: booking, nearest: nearest, others: others))
            }
            running.append(booking)
        }
        return found
    }

    /// ", and 3 other appointments overlap it", or nothing.
    static func othersText(_ others: Int) -> String {
        switch others {
        case 0: ""
        case 1: ", and 1 other appointment overlaps it"
        default: ", and \(others) other appointments overlap it"
        }
    }

    /// One finding per booking that overlaps an earlier one sharing its key, at that booking;
    /// `who` names the key's owner in the finding.
    static func doubleBookings(in context: ValidationContext, code: DiagnosticCode, by key: (Booking) -> Int32,
                               who: (Appointment) -> String) -> [Diagnostic] {
        groups(context.bookings, by: key).flatMap(overlaps).map { overlap in
            let booking = overlap.booking
            let nearest = overlap.nearest
            return context.finding(about: booking, Diagnostic(
                code,
                "\(who(context.appointment(of: booking))) already has \(context.reference(to: nearest)) \(nearest.timesText(sameDayAs: booking)); this appointment is \(booking.timesText())\(othersText(overlap.others)): move one of them",
                at: context.location(of: booking), related: [context.location(of: nearest)]))
        }
    }

    /// Bookings grouped by a key (a clinician's or client's number), each group in file order;
    /// those whose key is negative (no clinician or client) are left out. A counting sort of
    /// the bookings' positions: no hashing, no array per group, four bytes a booking.
    static func groups(_ bookings: [Booking], by key: (Booking) -> Int32) -> some Sequence<[Booking]> {
        var largest: Int32 = -1
        for booking in bookings { largest = max(largest, key(booking)) }
        let groupCount = Int(largest) + 1
        var starts = [Int](repeating: 0, count: groupCount + 1)
        for booking in bookings where key(booking) >= 0 { starts[Int(key(booking)) + 1] += 1 }
        for position in starts.indices.dropFirst() { starts[position] += starts[position - 1] }
        var next = starts
        var grouped = [Int32](repeating: 0, count: starts[groupCount])
        for (position, booking) in bookings.enumerated() {
            let group = Int(key(booking))
            guard group >= 0 else { continue }
            grouped[next[group]] = Int32(position)
            next[group] += 1
        }
        // Each group's bookings are made only as it is used.
        return (0..<groupCount).lazy
            .filter { starts[$0] < starts[$0 + 1] }
            .map { group in grouped[starts[group]..<starts[group + 1]].map { bookings[Int($0)] } }
    }
}
