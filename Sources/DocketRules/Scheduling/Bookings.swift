import DocketCore

/// A non-cancelled appointment whose times are known: what scheduling rules compare.
///
/// It holds only what the comparisons need, not the appointment: a clinic's history has
/// hundreds of thousands of these, and copying a whole appointment into each costs more
/// than the checks themselves. A class, because the sweeps sort and group them: moving a
/// reference is one retain, moving eight fields was eight.
public final class Booking: Sendable {
    /// The appointment's position in `repository.appointments`.
    public let index: Int
    public let id: String
    public let clinician: String?
    public let client: String?
    public let status: AppointmentStatus
    public let interval: Interval
    /// The zone its times are shown in: the clinician's.
    public let zone: Zone?
    /// Where findings about its time point: its `start` value.
    public let location: SourceLocation

    init(index: Int, id: String, clinician: String?, client: String?, status: AppointmentStatus, interval: Interval,
         zone: Zone?, location: SourceLocation) {
        self.index = index
        self.id = id
        self.clinician = clinician
        self.client = client
        self.status = status
        self.interval = interval
        self.zone = zone
        self.location = location
    }

    /// Every booking of the repository, in file order. Cancelled appointments take part in no check.
    static func all(in index: RepositoryIndex) -> [Booking] {
        var bookings: [Booking] = []
        bookings.reserveCapacity(index.timings.count)
        for (position, timing) in index.timings.enumerated() {
            guard let interval = timing.interval else { continue }
            let appointment = index.repository.appointments[position]
            guard appointment.effectiveStatus != .cancelled else { continue }
            bookings.append(Booking(
                index: position, id: appointment.id, clinician: appointment.clinician?.value,
                client: appointment.client?.value, status: appointment.effectiveStatus, interval: interval,
                zone: timing.displayZone, location: appointment.start?.location ?? appointment.header.location))
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
    /// Each overlapping pair of one group's bookings once, the later-starting one second.
    ///
    /// Sorted by start, a sweep keeps only the bookings still running: O(n log n) plus one
    /// step per overlapping pair, never all pairs.
    static func overlappingPairs(_ bookings: [Booking]) -> [(earlier: Booking, later: Booking)] {
        let sorted = bookings.sorted { ($0.interval.start, $0.location) < ($1.interval.start, $1.location) }
        var running: [Booking] = []
        var pairs: [(earlier: Booking, later: Booking)] = []
        for booking in sorted {
            running.removeAll { $0.interval.end <= booking.interval.start }
            for earlier in running { pairs.append((earlier, booking)) }
            running.append(booking)
        }
        return pairs
    }

    /// One finding per overlapping pair of bookings that share a key, at the later one.
    static func doubleBookings(_ bookings: [Booking], code: DiagnosticCode, by key: (Booking) -> String?) -> [Diagnostic] {
        groups(bookings, by: key).flatMap(overlappingPairs).map { earlier, later in
            let who = key(later).map { code == .clientDoubleBooked ? "client \($0)" : $0 } ?? "someone"
            return Diagnostic(
                code,
                "\(who) already has \(earlier.reference) \(earlier.timesText(sameDayAs: later)); this appointment is \(later.timesText()): move one of them",
                at: later.location, related: [earlier.location])
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
