/// A calendar date with no zone, as written in `2026-12-24`.
public struct LocalDate: Sendable, Hashable, Comparable, CustomStringConvertible {
    // Kept in eight bytes rather than three words: every appointment holds a few dates
    // (its start, its end, each timing), and a clinic's history holds many appointments.
    private var storedYear: Int32
    private var storedMonth: UInt8
    private var storedDay: UInt8

    public var year: Int {
        get { Int(storedYear) }
        set { storedYear = Int32(clamping: newValue) }
    }

    public var month: Int {
        get { Int(storedMonth) }
        set { storedMonth = UInt8(clamping: newValue) }
    }

    public var day: Int {
        get { Int(storedDay) }
        set { storedDay = UInt8(clamping: newValue) }
    }

    public init?(year: Int, month: Int, day: Int) {
        guard (1...9999).contains(year), (1...12).contains(month),
              (1...LocalDate.daysIn(month: month, year: year)).contains(day) else { return nil }
        storedYear = Int32(year)
        storedMonth = UInt8(month)
        storedDay = UInt8(day)
    }

    /// Days since 1970-01-01 (Howard Hinnant's `days_from_civil`), so dates compare and step as integers.
    public var daysSinceEpoch: Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    public init(daysSinceEpoch days: Int) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let mp = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        storedYear = Int32(clamping: yearOfEra + era * 400 + (month <= 2 ? 1 : 0))
        storedMonth = UInt8(month)
        storedDay = UInt8(day)
    }

    public var weekday: Weekday {
        // 1970-01-01 was a Thursday.
        Weekday.allCases[((daysSinceEpoch % 7) + 7 + 3) % 7]
    }

    public func adding(days: Int) -> LocalDate { LocalDate(daysSinceEpoch: daysSinceEpoch + days) }

    /// `Nov`
    public var monthAbbreviation: String {
        ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"][month - 1]
    }

    /// `Mon 30 Nov`, as people read a date in a message or on a page.
    public var shortText: String { "\(weekday.shortName) \(day) \(monthAbbreviation)" }

    public static func < (lhs: LocalDate, rhs: LocalDate) -> Bool {
        (lhs.year, lhs.month, lhs.day) < (rhs.year, rhs.month, rhs.day)
    }

    public var description: String { "\(pad(year, 4))-\(pad(month))-\(pad(day))" }

    static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    /// Reads exactly `YYYY-MM-DD`.
    public static func parse(_ text: String) -> LocalDate? {
        var scanner = DigitScanner(text)
        guard let date = scanner.date(), scanner.isAtEnd else { return nil }
        return date
    }
}

public enum Weekday: String, Sendable, CaseIterable {
    case monday, tuesday, wednesday, thursday, friday, saturday, sunday

    /// `Mon`, as a reviewer reads it in a plan.
    public var shortName: String { rawValue.prefix(1).uppercased() + rawValue.dropFirst().prefix(2) }
}

/// A date and wall-clock time with no zone, as written in `2026-12-03T14:00`.
public struct LocalDateTime: Sendable, Hashable, Comparable, CustomStringConvertible {
    public var date: LocalDate
    private var storedSecondOfDay: Int32

    /// Seconds since local midnight.
    public var secondOfDay: Int {
        get { Int(storedSecondOfDay) }
        set { storedSecondOfDay = Int32(clamping: newValue) }
    }

    public init(date: LocalDate, secondOfDay: Int) {
        self.date = date
        storedSecondOfDay = Int32(clamping: secondOfDay)
    }

    /// The seconds this wall-clock reading would be if it were UTC: the pivot for zone arithmetic.
    public var secondsAsIfUTC: Int64 { Int64(date.daysSinceEpoch) * 86_400 + Int64(secondOfDay) }

    public init(secondsAsIfUTC seconds: Int64) {
        let days = Int((seconds >= 0 ? seconds : seconds - 86_399) / 86_400)
        date = LocalDate(daysSinceEpoch: days)
        storedSecondOfDay = Int32(seconds - Int64(days) * 86_400)
    }

    public var hour: Int { secondOfDay / 3600 }
    public var minute: Int { secondOfDay / 60 % 60 }

    /// `14:00`
    public var timeText: String { "\(pad(hour)):\(pad(minute))" }

    public static func < (lhs: LocalDateTime, rhs: LocalDateTime) -> Bool {
        lhs.secondsAsIfUTC < rhs.secondsAsIfUTC
    }

    public var description: String {
        let seconds = secondOfDay % 60
        return "\(date)T\(timeText)" + (seconds == 0 ? "" : ":\(pad(seconds))")
    }
}

/// A point in time, in whole seconds since 1970-01-01T00:00:00Z.
///
/// Appointments are minute-grained; integers keep sorting and sweeping cheap and exact.
public struct Instant: Sendable, Hashable, Comparable, CustomStringConvertible {
    public var seconds: Int64

    public init(seconds: Int64) { self.seconds = seconds }

    public static func < (lhs: Instant, rhs: Instant) -> Bool { lhs.seconds < rhs.seconds }

    public static func + (lhs: Instant, rhs: Int64) -> Instant { Instant(seconds: lhs.seconds + rhs) }
    public static func - (lhs: Instant, rhs: Int64) -> Instant { Instant(seconds: lhs.seconds - rhs) }

    /// RFC 3339 in UTC: `2026-12-03T19:00:00Z`.
    public var description: String { rfc3339(offsetSeconds: 0) }

    /// RFC 3339 at the given UTC offset: `2026-12-03T14:00:00-05:00`.
    public func rfc3339(offsetSeconds offset: Int) -> String {
        let local = LocalDateTime(secondsAsIfUTC: seconds + Int64(offset))
        let clock = "\(pad(local.hour)):\(pad(local.minute)):\(pad(local.secondOfDay % 60))"
        let zone: String
        if offset == 0 {
            zone = "Z"
        } else {
            let magnitude = abs(offset)
            zone = (offset < 0 ? "-" : "+") + "\(pad(magnitude / 3600)):\(pad(magnitude / 60 % 60))"
        }
        return "\(local.date)T\(clock)\(zone)"
    }

    /// Reads an RFC 3339 time with its offset (what `--now` takes).
    public static func parseRFC3339(_ text: String) -> Instant? {
        guard case .instant(let instant, _)? = try? TimeExpression.parse(text).get() else { return nil }
        return instant
    }
}

/// A time as an appointment file writes it: either a fixed instant (it has an offset) or
/// a wall-clock reading that a zone must turn into one.
public enum TimeExpression: Sendable, Hashable {
    case instant(Instant, offsetSeconds: Int)
    case local(LocalDateTime)

    public struct FormatError: Error, Sendable, Equatable {
        public var reason: String
    }

    /// Reads `2026-12-03T14:00:00-05:00`, `2026-12-03T19:00:00Z`, `2026-12-03T14:00` or
    /// `2026-12-03 14:00`; seconds are optional, fractions of a second are dropped.
    public static func parse(_ text: String) -> Result<TimeExpression, FormatError> {
        var scanner = DigitScanner(text)
        guard let parts = scanner.dateParts() else {
            return .failure(FormatError(reason: "does not start with a date written YYYY-MM-DD"))
        }
        guard let date = LocalDate(year: parts.year, month: parts.month, day: parts.day) else {
            return .failure(FormatError(reason: "has a date that is not in the calendar"))
        }
        guard scanner.skip(anyOf: "Tt ") else {
            return .failure(FormatError(reason: "has no time after the date (write T14:00 or a space and 14:00)"))
        }
        guard let hour = scanner.number(digits: 2), scanner.skip(anyOf: ":"),
              let minute = scanner.number(digits: 2) else {
            return .failure(FormatError(reason: "has no time written HH:MM after the date"))
        }
        var second = 0
        if scanner.skip(anyOf: ":") {
            guard let value = scanner.number(digits: 2) else {
                return .failure(FormatError(reason: "has seconds that are not two digits"))
            }
            second = value
            if scanner.skip(anyOf: ".") {
                guard scanner.skipDigits() > 0 else {
                    return .failure(FormatError(reason: "has a '.' with no fraction of a second after it"))
                }
            }
        }
        guard hour < 24, minute < 60, second < 60 else {
            return .failure(FormatError(reason: "has a time of day that does not exist (\(pad(hour)):\(pad(minute)))"))
        }
        let local = LocalDateTime(date: date, secondOfDay: hour * 3600 + minute * 60 + second)
        if scanner.isAtEnd { return .success(.local(local)) }
        var offset = 0
        if scanner.skip(anyOf: "Zz") {
            offset = 0
        } else if let sign = scanner.sign() {
            guard let hours = scanner.number(digits: 2), scanner.skip(anyOf: ":"),
                  let minutes = scanner.number(digits: 2), hours < 24, minutes < 60 else {
                return .failure(FormatError(reason: "has an offset that is not ±HH:MM"))
            }
            offset = sign * (hours * 3600 + minutes * 60)
        } else {
            return .failure(FormatError(reason: "has unexpected text after the time"))
        }
        guard scanner.isAtEnd else {
            return .failure(FormatError(reason: "has unexpected text after the offset"))
        }
        return .success(.instant(Instant(seconds: local.secondsAsIfUTC - Int64(offset)), offsetSeconds: offset))
    }
}

/// Reads fixed-width numbers without Foundation: times are parsed for every appointment.
struct DigitScanner {
    private let bytes: [UInt8]
    private var position = 0

    init(_ text: String) { bytes = Array(text.utf8) }

    var isAtEnd: Bool { position == bytes.count }

    mutating func number(digits: Int) -> Int? {
        guard position + digits <= bytes.count else { return nil }
        var value = 0
        for byte in bytes[position..<position + digits] {
            guard byte >= 48, byte <= 57 else { return nil }
            value = value * 10 + Int(byte - 48)
        }
        position += digits
        return value
    }

    mutating func skipDigits() -> Int {
        let start = position
        while position < bytes.count, bytes[position] >= 48, bytes[position] <= 57 { position += 1 }
        return position - start
    }

    mutating func skip(anyOf characters: String) -> Bool {
        guard position < bytes.count, characters.utf8.contains(bytes[position]) else { return false }
        position += 1
        return true
    }

    mutating func sign() -> Int? {
        if skip(anyOf: "+") { return 1 }
        if skip(anyOf: "-") { return -1 }
        return nil
    }

    mutating func date() -> LocalDate? {
        guard let parts = dateParts() else { return nil }
        return LocalDate(year: parts.year, month: parts.month, day: parts.day)
    }

    mutating func dateParts() -> (year: Int, month: Int, day: Int)? {
        guard let year = number(digits: 4), skip(anyOf: "-"), let month = number(digits: 2), skip(anyOf: "-"),
              let day = number(digits: 2) else { return nil }
        return (year, month, day)
    }
}

func pad(_ value: Int, _ width: Int = 2) -> String {
    let text = String(value)
    return text.count >= width ? text : String(repeating: "0", count: width - text.count) + text
}
