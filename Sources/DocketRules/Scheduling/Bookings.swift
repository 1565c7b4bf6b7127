import DocketCore

/// A non-cancelled appointment whose times are known: what scheduling rules compare.
public struct Booking: Sendable {
    public let appointment: Appointment
    public let interval: Interval
    /// The zone its times are shown in: the clinician's.
    public let zone: Zone?
    /// Where findings about its time point: its `start` value.
    public let location: SourceLocation

    /// Every booking of the repository, in file order. Cancelled appointments take part in no check.
    public static func all(in context: ValidationContext) -> [Booking] {
        context.index.appointmentsWithTimings.compactMap { appointment, timing in
            guard appointment.effectiveStatus != .cancelled, let interval = timing.interval else { return nil }
            return Booking(appointment: appointment, interval: interval, zone: timing.displayZone,
                           location: appointment.start?.location ?? appointment.header.location)
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

    /// `a-12 (appointments/2026/12/a-12.yaml:5)`
    public var reference: String { "\(appointment.id) (\(location.file):\(location.line))" }
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

    /// Bookings grouped by a key (clinician, client, participant e-mail), in a stable order.
    static func groups(_ bookings: [Booking], by keys: (Booking) -> [String]) -> [[Booking]] {
        var groups: [String: [Booking]] = [:]
        for booking in bookings {
            for key in Set(keys(booking)) { groups[key, default: []].append(booking) }
        }
        return groups.keys.sorted().map { groups[$0]! }
    }
}
