import DocketModel

/// iCalendar objects (RFC 5545) with an iTIP method (RFC 5546): REQUEST or CANCEL in an
/// invitation e-mail (RFC 6047), PUBLISH in a subscribed feed.
public enum ICalendar {
    /// A calendar. A feed names itself (`name`, RFC 7986 `NAME` and the `X-WR-CALNAME` most
    /// apps read), its zone, and how often subscribers should fetch it again.
    public static func document(method: String, events: [ICalendarEvent], name: String? = nil, timezone: String? = nil,
                                refreshInterval: String? = nil) -> String {
        document(method: method, serializedEvents: events.map(\.serialized), zones: events.compactMap(\.zoneSpan),
                 name: name, timezone: timezone, refreshInterval: refreshInterval)
    }

    /// The span of time over which a zone's definition is needed.
    public struct ZoneSpan: Sendable {
        public var zone: Zone
        public var from: Instant
        public var to: Instant

        public func union(_ other: ZoneSpan) -> ZoneSpan {
            ZoneSpan(zone: zone, from: min(from, other.from), to: max(to, other.to))
        }
    }

    /// A calendar of events already written (`ICalendarEvent.serialized`), for feeds that put
    /// one event in more than one calendar: each is written once. Each zone a TZID names is
    /// defined in the object (RFC 5545 3.6.5), over the span its events use.
    public static func document(method: String, serializedEvents: [String], zones: [ZoneSpan], name: String? = nil,
                                timezone: String? = nil, refreshInterval: String? = nil) -> String {
        var spans: [Zone: ZoneSpan] = [:]
        for span in zones { spans[span.zone] = spans[span.zone].map { $0.union(span) } ?? span }
        var calendar = ICalendarComponent("VCALENDAR")
        calendar.add("VERSION", .formatted("2.0"))
        calendar.add("PRODID", .text("-//docket//docket appointments//EN"))
        calendar.add("CALSCALE", .formatted("GREGORIAN"))
        calendar.add("METHOD", .formatted(method))
        if let name {
            calendar.add("NAME", .text(name))
            calendar.add("X-WR-CALNAME", .text(name))
        }
        if let timezone { calendar.add("X-WR-TIMEZONE", .text(timezone)) }
        if let refreshInterval {
            calendar.add("REFRESH-INTERVAL", .formatted(refreshInterval), [ICalendarParameter("VALUE", "DURATION")])
            calendar.add("X-PUBLISHED-TTL", .formatted(refreshInterval))
        }
        calendar.components = spans.keys.sorted { $0.identifier < $1.identifier }.map { ICalendarTimeZone.component($0, from: spans[$0]!.from, to: spans[$0]!.to) }
        // The calendar's own lines around the events, which are already folded text.
        var text = calendar.contentLines.dropLast().map(ICalendarEvent.fold).joined(separator: "\r\n") + "\r\n"
        text.reserveCapacity(text.utf8.count + serializedEvents.reduce(0) { $0 + $1.utf8.count } + 16)
        for event in serializedEvents { text += event }
        return text + "END:VCALENDAR\r\n"
    }
}

/// One appointment as a VEVENT: one stable UID per appointment, a SEQUENCE that rises with
/// every change, times in UTC.
public struct ICalendarEvent {
    public var uid: String
    public var sequence: Int
    public var stamp: Instant
    public var interval: Interval
    public var summary: String
    public var description: String
    public var location: String?
    public var url: String?
    public var cancelled: Bool
    public var organizer: (name: String?, address: String)
    public var attendees: [Recipient]
    /// In a feed, how a past appointment went: its category, shown before its summary. A
    /// no-show is not written as a confirmed event (nor as a cancelled one: the time was
    /// kept); an attended one stays confirmed.
    public var outcome: Outcome?
    /// The zone its times are written in, with TZID (a series keeps its wall-clock time in
    /// it across daylight-saving changes); nil: UTC.
    public var zone: Zone? = nil
    /// A series' master event: its RRULE, the original starts of its cancelled occurrences
    /// (EXDATE), and when its last occurrence ends (so the VTIMEZONE covers it).
    public var rrule: String? = nil
    public var exceptionDates: [Instant] = []
    public var lastOccurrenceEnd: Instant? = nil
    /// One occurrence of a series: its original start.
    public var recurrenceID: Instant? = nil

    public enum Outcome: String, Sendable {
        case attended = "Attended"
        case noShow = "No-show"
    }

    /// The zone its TZIDs name and the span of time they cover, if it is written in one.
    public var zoneSpan: ICalendar.ZoneSpan? {
        guard let zone else { return nil }
        let instants = [interval.start, interval.end] + exceptionDates + (recurrenceID.map { [$0] } ?? []) + (lastOccurrenceEnd.map { [$0] } ?? [])
        return ICalendar.ZoneSpan(zone: zone, from: instants.min()!, to: instants.max()!)
    }

    /// The VEVENT as a calendar holds it: folded lines, each ended by CRLF.
    public var serialized: String { component.serialized() }

    /// The VEVENT.
    var component: ICalendarComponent {
        var event = ICalendarComponent("VEVENT")
        event.add("UID", .text(uid))
        event.add("SEQUENCE", .formatted("\(sequence)"))
        event.add("DTSTAMP", .formatted(Self.utc(stamp)))
        event.properties.append(dateTime("DTSTART", interval.start))
        event.properties.append(dateTime("DTEND", interval.end))
        if let rrule { event.add("RRULE", .formatted(rrule)) }
        if !exceptionDates.isEmpty {
            let dates = exceptionDates.map { instant in zone.map { Self.local($0.localDateTime(at: instant)) } ?? Self.utc(instant) }
            event.add("EXDATE", .formatted(dates.joined(separator: ",")), zone.map { [ICalendarParameter("TZID", $0.identifier)] } ?? [])
        }
        if let recurrenceID { event.properties.append(dateTime("RECURRENCE-ID", recurrenceID)) }
        event.add("SUMMARY", .text((outcome.map { "\($0.rawValue): " } ?? "") + summary))
        event.add("DESCRIPTION", .text(description))
        if let location { event.add("LOCATION", .text(location)) }
        if let url { event.add("URL", .uri(url)) }
        switch outcome {
        case .noShow:
            event.add("TRANSP", .formatted("TRANSPARENT"))
        case .attended, nil:
            event.add("STATUS", .formatted(cancelled ? "CANCELLED" : "CONFIRMED"))
            event.add("TRANSP", .formatted("OPAQUE"))
        }
        if let outcome { event.add("CATEGORIES", .text(outcome.rawValue)) }
        event.add("ORGANIZER", .uri("mailto:" + organizer.address), Self.commonName(organizer.name))
        for attendee in attendees {
            let required = attendee.role == .clinician || attendee.role == .client
            let accepted = attendee.role == .clinician
            event.add("ATTENDEE", .uri("mailto:" + attendee.email), Self.commonName(attendee.name) + [
                ICalendarParameter("CUTYPE", "INDIVIDUAL"),
                ICalendarParameter("ROLE", required ? "REQ-PARTICIPANT" : "OPT-PARTICIPANT"),
                ICalendarParameter("PARTSTAT", accepted ? "ACCEPTED" : "NEEDS-ACTION"),
                ICalendarParameter("RSVP", accepted || cancelled ? "FALSE" : "TRUE"),
            ])
        }
        return event
    }

    /// `DTSTART;TZID=America/Toronto:20261203T140000` in the event's zone, else `DTSTART:20261203T190000Z`.
    private func dateTime(_ name: String, _ instant: Instant) -> ICalendarProperty {
        guard let zone else { return ICalendarProperty(name, .formatted(Self.utc(instant))) }
        return ICalendarProperty(name, .formatted(Self.local(zone.localDateTime(at: instant))), [ICalendarParameter("TZID", zone.identifier)])
    }

    /// `20261203T140000`, a local date-time with no zone.
    static func local(_ local: LocalDateTime) -> String {
        let date = local.date
        func two(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }
        return "\(date.year)\(two(date.month))\(two(date.day))T\(two(local.hour))\(two(local.minute))\(two(local.secondOfDay % 60))"
    }

    /// `20261203T190000Z`
    static func utc(_ instant: Instant) -> String {
        let local = LocalDateTime(secondsAsIfUTC: instant.seconds)
        let date = local.date
        func two(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }
        return "\(date.year)\(two(date.month))\(two(date.day))T\(two(local.hour))\(two(local.minute))\(two(local.secondOfDay % 60))Z"
    }

    /// A TEXT value: backslash, semicolon, comma and newline escaped; other controls dropped.
    static func text(_ value: String) -> String {
        // Most values (names, titles, ids) need nothing: returned as they are, without a copy.
        if !value.utf8.contains(where: { $0 < 0x20 || $0 == 0x7F || $0 == UInt8(ascii: "\\") || $0 == UInt8(ascii: ";") || $0 == UInt8(ascii: ",") }) {
            return value
        }
        var output = ""
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\\": output += "\\\\"
            case ";": output += "\\;"
            case ",": output += "\\,"
            case "\n": output += "\\n"
            case "\r": continue
            default:
                if scalar.value < 0x20 || scalar.value == 0x7F { continue }
                output.unicodeScalars.append(scalar)
            }
        }
        return output
    }

    /// `CN="…"`, or nothing for a person without a name.
    static func commonName(_ name: String?) -> [ICalendarParameter] {
        guard let name, !name.isEmpty else { return [] }
        return [ICalendarParameter("CN", name, quoted: true)]
    }

    static func uri(_ value: String) -> String {
        guard value.utf8.contains(where: { $0 <= 0x20 || $0 == 0x7F }) else { return value }
        return String(String.UnicodeScalarView(value.unicodeScalars.filter { $0.value > 0x20 && $0.value != 0x7F }))
    }

    /// Folds a content line at 75 octets, never inside a UTF-8 sequence (RFC 5545 3.1).
    static func fold(_ line: String) -> String {
        guard line.utf8.count > 75 else { return line }
        if line.utf8.allSatisfy({ $0 < 0x80 }) {
            // ASCII: one octet per character, cut by bytes.
            var output: [UInt8] = []
            let bytes = Array(line.utf8)
            output.reserveCapacity(bytes.count + bytes.count / 24)
            var start = 0
            var limit = 75
            while start < bytes.count {
                let end = min(start + limit, bytes.count)
                if start > 0 { output.append(contentsOf: [13, 10, 32]) }
                output.append(contentsOf: bytes[start..<end])
                start = end
                limit = 74  // the leading space counts
            }
            return String(decoding: output, as: UTF8.self)
        }
        var output = ""
        var count = 0
        var limit = 75
        for character in line {
            let size = character.utf8.count
            if count + size > limit {
                output += "\r\n "
                count = 0
                limit = 74  // the leading space counts
            }
            output.append(character)
            count += size
        }
        return output
    }
}

/// A VTIMEZONE (RFC 5545 3.6.5) built from the zone's own transitions over the span its
/// events use (a year either side), one observance per transition: what a calendar that
/// does not know the IANA name needs to place `DTSTART;TZID=` times.
enum ICalendarTimeZone {
    static func component(_ zone: Zone, from: Instant, to: Instant) -> ICalendarComponent {
        let year: Int64 = 366 * 86_400
        let start = from - year, end = to + year
        var transitions: [(at: Instant, from: Int, to: Int)] = []
        var day = start
        var offset = zone.offset(at: day)
        while day < end {
            let next = day + 86_400
            let nextOffset = zone.offset(at: next)
            if nextOffset != offset {
                // The first second with the new offset.
                var low = day.seconds, high = next.seconds
                while high - low > 1 {
                    let middle = (low + high) / 2
                    if zone.offset(at: Instant(seconds: middle)) == offset { low = middle } else { high = middle }
                }
                transitions.append((Instant(seconds: high), offset, nextOffset))
                offset = nextOffset
            }
            day = next
        }
        let initial = zone.offset(at: start)
        var timeZone = ICalendarComponent("VTIMEZONE", properties: [ICalendarProperty("TZID", .formatted(zone.identifier))])
        func observance(_ kind: String, starting local: LocalDateTime, from: Int, to: Int) {
            timeZone.components.append(ICalendarComponent(kind, properties: [
                ICalendarProperty("DTSTART", .formatted(ICalendarEvent.local(local))),
                ICalendarProperty("TZOFFSETFROM", .formatted(text(from))),
                ICalendarProperty("TZOFFSETTO", .formatted(text(to))),
            ]))
        }
        let standardOffset = ([initial] + transitions.map(\.to)).min()!
        observance(initial == standardOffset ? "STANDARD" : "DAYLIGHT", starting: LocalDateTime(secondsAsIfUTC: start.seconds + Int64(initial)),
                   from: initial, to: initial)
        for transition in transitions {
            observance(transition.to > transition.from ? "DAYLIGHT" : "STANDARD",
                       starting: LocalDateTime(secondsAsIfUTC: transition.at.seconds + Int64(transition.from)),
                       from: transition.from, to: transition.to)
        }
        return timeZone
    }

    /// `-0500`, `+0530`, `+003415` (with seconds only when there are some).
    static func text(_ offset: Int) -> String {
        let sign = offset < 0 ? "-" : "+"
        let magnitude = abs(offset)
        func two(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }
        return sign + two(magnitude / 3600) + two(magnitude / 60 % 60) + (magnitude % 60 == 0 ? "" : two(magnitude % 60))
    }
}
