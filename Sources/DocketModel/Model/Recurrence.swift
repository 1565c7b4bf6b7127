/// `repeat:` — how a series repeats its first occurrence (SPEC section 1, "Series").
///
/// The same wall-clock time in the series' zone on every occurrence date, so a weekly 10:00
/// stays at 10:00 across daylight-saving changes. The dates follow RFC 5545's RRULE (which
/// is what the invitation carries): weekly with `on` days in weeks starting on Monday, every
/// `interval` weeks from the week of the start; monthly on the start's day of the month,
/// skipping months without that day.
public struct Recurrence: Sendable, Hashable {
    public enum Unit: String, Sendable, Hashable {
        case day, week, month

        /// `FREQ=` of an RRULE.
        public var frequency: String {
            switch self {
            case .day: "DAILY"
            case .week: "WEEKLY"
            case .month: "MONTHLY"
            }
        }
    }

    /// How it ends: after so many occurrences, or with the last on or before a local date.
    public enum End: Sendable, Hashable {
        case count(Int)
        case until(LocalDate)
    }

    public var unit: Unit
    /// Every `interval` units: `2 weeks` is 2.
    public var interval: Int
    /// Weekly only: the days of each week it happens on, Monday first; empty means the start's weekday.
    public var weekdays: [Weekday]
    public var end: End

    /// At most this many occurrences (else `series-too-long`).
    public static let maximumOccurrences = 400
    /// Every occurrence within this many years of the start (else `series-too-long`).
    public static let maximumYears = 5

    public init(unit: Unit, interval: Int = 1, weekdays: [Weekday] = [], end: End) {
        self.unit = unit
        self.interval = interval
        self.weekdays = weekdays
        self.end = end
    }

    /// The original dates of a series whose first occurrence is on `start`, in order.
    ///
    /// Never more than `maximumOccurrences + 1` dates and never past `maximumYears` (plus a
    /// day): one date beyond either limit is kept, so `isTooLong` can tell, and hostile
    /// input (`count: 99999999999999999999`, `until: 9999-12-31`) costs a few hundred steps.
    public func dates(from start: LocalDate) -> Expansion {
        let limit = Self.lastAllowedDate(from: start)
        var dates: [LocalDate] = []
        var tooLong = false
        func accept(_ date: LocalDate) -> Bool {
            switch end {
            case .count(let count) where dates.count >= count: return false
            case .until(let last) where date > last: return false
            default: break
            }
            if dates.count >= Self.maximumOccurrences || date > limit {
                tooLong = true
                return false
            }
            dates.append(date)
            return true
        }
        switch unit {
        case .day:
            var date = start
            while accept(date) { date = date.adding(days: interval) }
        case .week:
            let days = Set(weekdays.isEmpty ? [start.weekday] : weekdays)
            let startOffset = Weekday.allCases.firstIndex(of: start.weekday)!
            var monday = start.adding(days: -startOffset)
            weeks: while true {
                for (offset, weekday) in Weekday.allCases.enumerated() where days.contains(weekday) {
                    let date = monday.adding(days: offset)
                    guard date >= start else { continue }
                    guard accept(date) else { break weeks }
                }
                monday = monday.adding(days: 7 * interval)
            }
        case .month:
            // Counted in months from the start; a month without the day is skipped, and as
            // the count of months grows the limit ends the loop (so never more than 61 steps
            // past the last date kept).
            var months = 0
            while true {
                let total = start.month - 1 + months
                let year = start.year + total / 12
                if let date = LocalDate(year: year, month: total % 12 + 1, day: start.day) {
                    guard accept(date) else { break }
                } else if year > limit.year + 1 {
                    break
                }
                months += interval
            }
        }
        return Expansion(dates: dates, isTooLong: tooLong)
    }

    /// The dates of one series, and whether it went past a limit.
    public struct Expansion: Sendable {
        public var dates: [LocalDate]
        public var isTooLong: Bool
    }

    /// The last date an occurrence may fall on: five years from the start, less a day.
    public static func lastAllowedDate(from start: LocalDate) -> LocalDate {
        let year = start.year + maximumYears
        let sameDay = LocalDate(year: year, month: start.month, day: start.day)
            ?? LocalDate(year: year, month: start.month, day: start.day - 1)!
        return sameDay.adding(days: -1)
    }

    /// `every Monday at 10:00`, `every 2 weeks on Monday and Thursday at 10:00`, `every month
    /// on the 31st at 10:00` (months without one are skipped), `every 3 days at 10:00`.
    public func ruleText(firstDate: LocalDate, time: String) -> String {
        let days = weekdays.isEmpty ? [firstDate.weekday] : weekdays
        switch unit {
        case .day:
            return interval == 1 ? "every day at \(time)" : "every \(interval) days at \(time)"
        case .week:
            let names = Self.list(days.map(\.displayName))
            return interval == 1 ? "every \(names) at \(time)" : "every \(interval) weeks on \(names) at \(time)"
        case .month:
            let day = Self.ordinal(firstDate.day)
            let every = interval == 1 ? "every month" : "every \(interval) months"
            return "\(every) on the \(day) at \(time)" + (firstDate.day > 28 ? " (months without one are skipped)" : "")
        }
    }

    /// The RRULE value (RFC 5545 §3.3.10) for the dates of `expansion`: `FREQ=WEEKLY;INTERVAL=2;BYDAY=MO,TH;WKST=MO;COUNT=12`.
    ///
    /// The end is always written as the `COUNT` of the dates docket expanded, whichever of
    /// `count` or `until` the file gave: the same set, with no conversion of a local date to
    /// the UTC `UNTIL` a zoned start requires.
    public func rrule(count: Int) -> String {
        var parts = ["FREQ=\(unit.frequency)"]
        if interval != 1 { parts.append("INTERVAL=\(interval)") }
        if unit == .week {
            if !weekdays.isEmpty { parts.append("BYDAY=" + weekdays.map(\.icalendarCode).joined(separator: ",")) }
            parts.append("WKST=MO")
        }
        parts.append("COUNT=\(count)")
        return parts.joined(separator: ";")
    }

    static func list(_ names: [String]) -> String {
        switch names.count {
        case 0: ""
        case 1: names[0]
        default: names.dropLast().joined(separator: ", ") + " and " + names.last!
        }
    }

    static func ordinal(_ day: Int) -> String {
        let suffix: String
        switch (day % 10, day % 100) {
        case (_, 11...13): suffix = "th"
        case (1, _): suffix = "st"
        case (2, _): suffix = "nd"
        case (3, _): suffix = "rd"
        default: suffix = "th"
        }
        return "\(day)\(suffix)"
    }
}

extension Weekday {
    /// `Monday`
    public var displayName: String { rawValue.prefix(1).uppercased() + rawValue.dropFirst() }

    /// `MO`, as RRULE's BYDAY names it.
    public var icalendarCode: String { rawValue.prefix(2).uppercased() }
}

/// One entry of `occurrences:` — a change to one occurrence, keyed by its original local date.
public struct OccurrenceOverride: Sendable {
    /// The original local date it changes (the key).
    public var date: Located<LocalDate>
    public var status: Located<AppointmentStatus>?
    public var reason: Located<String>?
    /// A moved occurrence's new start, and its new duration or end (else the series' duration).
    public var start: Located<TimeExpression>?
    public var duration: Located<Int>?
    public var end: Located<TimeExpression>?

    public init(date: Located<LocalDate>) {
        self.date = date
    }

    /// Whether it moves the occurrence (rather than only changing its status).
    public var moves: Bool { start != nil || duration != nil || end != nil }
}
