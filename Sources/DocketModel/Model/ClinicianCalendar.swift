/// A clinician's working hours turned into instants, date by date on their own calendar.
///
/// Availability is written in local wall-clock time, so 09:00 in Toronto is 14:00Z in winter
/// and 13:00Z in summer; every window is converted on its own date, never by a fixed offset.
///
/// A class: rules look one up for every booking, and a reference is cheaper to hand out
/// than a copy of the clinician's whole availability.
public final class ClinicianCalendar: Sendable {
    public let clinician: Clinician
    public let zone: Zone
    /// Each time off as the instants it spans, from the start of its first day to the start
    /// of the day after its last: worked out once, not for every booking compared with it.
    private let timeOffSpans: [(period: TimeOff, span: Interval)]

    public init?(_ clinician: Clinician) {
        guard let zone = clinician.timezone?.value else { return nil }
        self.clinician = clinician
        self.zone = zone
        timeOffSpans = (clinician.availability?.timeOff ?? []).map { period in
            (period, Interval(start: Self.instant(period.from, minute: 0, preferLater: false, in: zone),
                              end: Self.instant(period.to.adding(days: 1), minute: 0, preferLater: false, in: zone)))
        }
    }

    /// Whether hours constrain this clinician at all.
    public var hasAvailability: Bool { clinician.availability != nil }

    /// The local date an instant falls on in the clinician's zone.
    public func localDate(of instant: Instant) -> LocalDate {
        zone.localDateTime(at: instant).date
    }

    /// The windows written for a date: its exception, else its weekday's hours; nil when
    /// nothing constrains that date (no availability, or no `weekly` and no exception).
    public func writtenWindows(on date: LocalDate) -> [Located<TimeWindow>]? {
        guard let availability = clinician.availability else { return nil }
        if let exception = availability.exceptions[date] { return exception.value }
        guard let weekly = availability.weekly else { return nil }
        return weekly[date.weekday] ?? []
    }

    /// The windows of a date as instants; nil when the date is not constrained.
    public func windows(on date: LocalDate) -> [Interval]? {
        writtenWindows(on: date).map { windows in
            windows.map { window in
                Interval(start: instant(date, minute: window.value.startMinute, preferLater: false),
                         end: instant(date, minute: window.value.endMinute, preferLater: true))
            }
        }
    }

    /// The time off that covers any part of `interval`, if any.
    public func timeOff(overlapping interval: Interval) -> TimeOff? {
        timeOffSpans.first { $0.span.overlaps(interval) }?.period
    }

    /// The time off covering a whole date, if any.
    public func timeOff(on date: LocalDate) -> TimeOff? {
        clinician.availability?.timeOff.first { $0.from <= date && date <= $0.to }
    }

    /// A wall-clock time on a date as an instant. A time in a spring-forward gap is read with
    /// the offset before the jump (a window from 02:00 starts when clocks show 03:00); one in
    /// a fall-back overlap is its first (or, for an end, its second) occurrence, so a window
    /// is never narrower than what the clinician wrote.
    public func instant(_ date: LocalDate, minute: Int, preferLater: Bool) -> Instant {
        Self.instant(date, minute: minute, preferLater: preferLater, in: zone)
    }

    private static func instant(_ date: LocalDate, minute: Int, preferLater: Bool, in zone: Zone) -> Instant {
        let local = LocalDateTime(secondsAsIfUTC: LocalDateTime(date: date, secondOfDay: 0).secondsAsIfUTC + Int64(minute) * 60)
        switch zone.resolve(local) {
        case .unique(let instant):
            return instant
        case .ambiguous(let earlier, let later):
            return preferLater ? later : earlier
        case .nonexistent(let before, _):
            return Instant(seconds: local.secondsAsIfUTC - Int64(before))
        }
    }
}
