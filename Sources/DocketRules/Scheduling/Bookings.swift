import DocketModel

/// A non-cancelled appointment whose times are known: what scheduling rules compare.
///
/// It keeps the appointment (one reference: an appointment's fields live in a shared box)
/// and what the comparisons work out from it. A class, because the sweeps sort and group
/// them: moving a reference is one retain.
public final class Booking: Sendable {
    /// The appointment's position in `repository.appointments`.
    public let index: Int
    public let appointment: Appointment
    public let status: AppointmentStatus
    public let interval: Interval
    /// The zone the appointment is shown in (its clinician's), for the times a finding quotes.
    public let zone: Zone?
    /// Where findings about it point: its `start`.
    public let location: SourceLocation

    init(index: Int, appointment: Appointment, interval: Interval, zone: Zone?) {
        self.index = index
        self.appointment = appointment
        status = appointment.effectiveStatus
        self.interval = interval
        self.zone = zone
        location = appointment.start?.location ?? appointment.header.location
    }

    public var id: String { appointment.id }
    public var clinician: String? { appointment.clinician?.value }
    public var client: String? { appointment.client?.value }

    public static func all(in index: RepositoryIndex) -> [Booking] {
        var bookings: [Booking] = []
        bookings.reserveCapacity(index.timings.count)
        for (position, timing) in index.timings.enumerated() {
            guard let interval = timing.interval else { continue }
            let appointment = index.repository.appointments[position]
            guard appointment.effectiveStatus != .cancelled else { continue }
            bookings.append(Booking(index: position, appointment: appointment, interval: interval, zone: timing.displayZone))
        }
        return bookings
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

    /// `a-12 (appointments/2026/12/a-12.yaml:5)`
    public var reference: String { "\(id) (\(location.file):\(location.line))" }
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
    static func overlaps(_ bookings: [Booking]) -> [Overlap] {
        let sorted = bookings.sorted { ($0.interval.start, $0.location) < ($1.interval.start, $1.location) }
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
                let startedBeforeItsEnd = partition(starts) { $0 < booking.interval.end }
                let endedByItsStart = partition(ends) { $0 <= booking.interval.start }
                // Less the booking itself and the nearest one, named in the finding.
                let others = max(0, startedBeforeItsEnd - endedByItsStart - 2)
                found.append(Overlap(booking: booking, nearest: nearest, others: others))
            }
            running.append(booking)
        }
        return found
    }

    /// How many leading elements of `sorted` satisfy `isBefore` (which holds for a prefix).
    private static func partition(_ sorted: [Instant], _ isBefore: (Instant) -> Bool) -> Int {
        var low = 0
        var high = sorted.count
        while low < high {
            let middle = (low + high) / 2
            if isBefore(sorted[middle]) { low = middle + 1 } else { high = middle }
        }
        return low
    }

    /// ", and 3 other appointments overlap it", or nothing.
    static func othersText(_ others: Int) -> String {
        switch others {
        case 0: ""
        case 1: ", and 1 other appointment overlaps it"
        default: ", and \(others) other appointments overlap it"
        }
    }

    /// One finding per booking that overlaps an earlier one sharing its key, at that booking.
    static func doubleBookings(_ bookings: [Booking], code: DiagnosticCode, by key: (Booking) -> String?) -> [Diagnostic] {
        groups(bookings, by: key).flatMap(overlaps).map { overlap in
            let booking = overlap.booking
            let nearest = overlap.nearest
            let who = key(booking).map { code == .clientDoubleBooked ? "client \($0)" : $0 } ?? "someone"
            return Diagnostic(
                code,
                "\(who) already has \(nearest.reference) \(nearest.timesText(sameDayAs: booking)); this appointment is \(booking.timesText())\(othersText(overlap.others)): move one of them",
                at: booking.location, related: [nearest.location])
        }
    }

    /// Bookings grouped by a key (clinician, client); those without one are left out.
    static func groups(_ bookings: [Booking], by key: (Booking) -> String?) -> some Collection<[Booking]> {
        var groups: [String: [Booking]] = [:]
        for booking in bookings {
            if let key = key(booking) { groups[key, default: []].append(booking) }
        }
        return groups.values
    }
}
