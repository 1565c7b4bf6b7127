import Foundation

/// An IANA time zone, with the one conversion Foundation gets subtly wrong done by hand.
///
/// `Calendar` silently moves a wall-clock time that falls in a daylight-saving gap and
/// silently picks one side of an overlap. A clinic must be told instead, so `resolve`
/// reports both cases.
public struct Zone: Sendable, Hashable {
    /// One record per zone name, made by `ZoneCatalog`: wherever the model keeps a zone (each
    /// appointment's timing keeps two) it costs one word.
    ///
    /// The catalog keeps every record it makes for the life of the process, so a `Zone`
    /// refers to its record without counting references (`unowned(unsafe)`): copying a zone,
    /// or a timing or booking that holds one, is copying a word. Every rule walks every
    /// appointment's timing, and the counting was a measurable part of `validate`.
    final class Storage: Sendable {
        let identifier: String
        let timeZone: TimeZone
        let offsets: OffsetsByDay

        init(identifier: String, timeZone: TimeZone) {
            self.identifier = identifier
            self.timeZone = timeZone
            offsets = OffsetsByDay(timeZone)
        }
    }

    private unowned(unsafe) let storage: Storage

    /// Only `ZoneCatalog` makes zones, and it keeps `storage` alive for good.
    fileprivate init(immortal storage: Storage) {
        self.storage = storage
    }

    public var identifier: String { storage.identifier }
    var timeZone: TimeZone { storage.timeZone }

    public static func == (lhs: Zone, rhs: Zone) -> Bool {
        lhs.storage === rhs.storage || lhs.identifier == rhs.identifier
    }
    public func hash(into hasher: inout Hasher) { hasher.combine(identifier) }

    /// Seconds east of UTC at an instant.
    public func offset(at instant: Instant) -> Int {
        storage.offsets.offset(at: instant.seconds)
    }

    /// The wall-clock reading in this zone at an instant.
    public func localDateTime(at instant: Instant) -> LocalDateTime {
        LocalDateTime(secondsAsIfUTC: instant.seconds + Int64(offset(at: instant)))
    }

    /// What a wall-clock reading in this zone means.
    public enum Resolution: Sendable, Hashable {
        case unique(Instant)
        /// Inside a spring-forward gap: clocks jumped from `offsetBefore` to `offsetAfter`.
        case nonexistent(offsetBefore: Int, offsetAfter: Int)
        /// Inside a fall-back overlap: the reading happens twice.
        case ambiguous(earlier: Instant, later: Instant)
    }

    public func resolve(_ local: LocalDateTime) -> Resolution {
        let pivot = local.secondsAsIfUTC
        // Real zones change offset at most once within two days, so the offsets a day
        // either side are the only candidates.
        let before = offset(at: Instant(seconds: pivot - 86_400))
        let after = offset(at: Instant(seconds: pivot + 86_400))
        func valid(_ candidate: Int) -> Instant? {
            let instant = Instant(seconds: pivot - Int64(candidate))
            return offset(at: instant) == candidate ? instant : nil
        }
        let first = valid(before)
        let second = before == after ? nil : valid(after)
        switch (first, second) {
        case (nil, nil): return .nonexistent(offsetBefore: before, offsetAfter: after)
        case (let instant?, nil), (nil, let instant?): return .unique(instant)
        case (let one?, let other?): return .ambiguous(earlier: min(one, other), later: max(one, other))
        }
    }

    /// `-05:00`
    public static func offsetText(_ seconds: Int) -> String {
        let magnitude = abs(seconds)
        return (seconds < 0 ? "-" : "+") + "\(pad(magnitude / 3600)):\(pad(magnitude / 60 % 60))"
    }
}

/// The time zones docket knows, one `Zone` per name for the life of the process.
public final class ZoneCatalog: @unchecked Sendable {
    public static let shared = ZoneCatalog()

    private let lock = NSLock()
    private var zones: [String: Zone?] = [:]
    /// Every zone's record, never released: `Zone` holds its record unowned.
    private var records: [Zone.Storage] = []

    /// The one catalog is `shared`, which lives as long as the process.
    private init() {}
    private let known = Set(TimeZone.knownTimeZoneIdentifiers)

    /// The zone named by an IANA identifier (`America/Toronto`, `UTC`, `Etc/GMT+5`), or nil.
    ///
    /// Foundation also accepts abbreviations and `GMT+0500`; those are not IANA names
    /// and mean different things in different places, so they are refused.
    public func zone(named name: String) -> Zone? {
        lock.lock()
        defer { lock.unlock() }
        if let cached = zones[name] { return cached }
        var zone: Zone?
        if Self.isIANAName(name, known: known), let timeZone = TimeZone(identifier: name) {
            let record = Zone.Storage(identifier: name, timeZone: timeZone)
            records.append(record)
            zone = Zone(immortal: record)
        }
        zones[name] = zone
        return zone
    }

    private static func isIANAName(_ name: String, known: Set<String>) -> Bool {
        if known.contains(name) { return true }
        let allowed = name.utf8.allSatisfy { byte in
            (byte >= 65 && byte <= 90) || (byte >= 97 && byte <= 122) || (byte >= 48 && byte <= 57)
                || byte == UInt8(ascii: "/") || byte == UInt8(ascii: "_") || byte == UInt8(ascii: "-")
                || byte == UInt8(ascii: "+")
        }
        guard allowed, !name.isEmpty, !name.hasPrefix("/"), !name.contains("//"),
              name.first?.isLetter == true else { return false }
        // Links such as UTC, Etc/UTC and US/Eastern are IANA names that Foundation's list omits.
        var isDirectory: ObjCBool = false
        return FileManager.default.fileExists(atPath: "/usr/share/zoneinfo/" + name, isDirectory: &isDirectory)
            && !isDirectory.boolValue
    }
}

/// A zone's offsets, remembered per UTC day where the zone keeps one offset all day (nearly
/// every day of nearly every zone).
///
/// Asking Foundation (ICU, behind a lock) is most of what converting a time costs, and
/// `validate` converts several per appointment: each clinician's hours on the appointment's
/// date, each local start and end. A day counts as constant only when the offsets at its
/// first and last second agree and the zone has no transition inside it; any other day is
/// asked about second by second, as before.
final class OffsetsByDay: @unchecked Sendable {
    private let timeZone: TimeZone
    private let lock = NSLock()
    /// By UTC day number: the day's offset, or `varies`.
    private var days: [Int64: Int32] = [:]
    private static let varies = Int32.min

    init(_ timeZone: TimeZone) {
        self.timeZone = timeZone
    }

    func offset(at seconds: Int64) -> Int {
        let day = seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400
        lock.lock()
        let known = days[day]
        lock.unlock()
        if let known, known != Self.varies { return Int(known) }
        if known == nil {
            let constant = constantOffset(day: day)
            lock.lock()
            days[day] = constant.map { Int32($0) } ?? Self.varies
            lock.unlock()
            if let constant { return constant }
        }
        return foundationOffset(seconds)
    }

    private func constantOffset(day: Int64) -> Int? {
        let start = day * 86_400
        let first = foundationOffset(start)
        guard first == foundationOffset(start + 86_399), Int32(exactly: first) != nil else { return nil }
        if let next = timeZone.nextDaylightSavingTimeTransition(after: Date(timeIntervalSince1970: TimeInterval(start))),
           next.timeIntervalSince1970 < TimeInterval(start + 86_400) {
            return nil
        }
        return first
    }

    private func foundationOffset(_ seconds: Int64) -> Int {
        timeZone.secondsFromGMT(for: Date(timeIntervalSince1970: TimeInterval(seconds)))
    }
}
