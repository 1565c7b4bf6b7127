import DocketModel
import DocketSupport

/// `docket list`: the organisation's appointments, filtered, sorted by start, in one zone.
public enum AppointmentList {
    public struct Filter: Sendable {
        public enum When: Sendable { case any, upcoming, past }

        public var clinician: String?
        public var client: String?
        /// First and last day, inclusive, on the calendar of the listing's zone.
        public var from: LocalDate?
        public var to: LocalDate?
        public var when: When = .any
        public var status: AppointmentStatus?

        public init() {}
    }

    public struct Row: Sendable {
        /// `a-12`, or `s-3@2027-01-18` for an occurrence of a series.
        public var id: String
        /// The id of the appointment's file (the series' for an occurrence).
        public var appointmentID: String
        public var file: String
        public var clinician: String
        public var client: String
        public var clientName: String
        public var interval: Interval
        public var type: AppointmentType
        public var status: AppointmentStatus
        public var title: String?
    }

    public enum Format: String, Sendable, CaseIterable {
        case table, json, csv
    }

    /// The matching appointments, sorted by start (then id); those whose times cannot be
    /// known (an invalid file) are left out and counted.
    public static func rows(_ index: RepositoryIndex, filter: Filter, zone: Zone, now: Instant) -> (rows: [Row], unknownTimes: Int) {
        var rows: [Row] = []
        var unknown = 0
        let appointments = index.repository.appointments
        // Each occurrence of a series is a row of its own, named `id@original-date`.
        for occurrence in index.occurrences {
            let appointment = appointments[occurrence.appointment]
            let clinician = appointment.clinician?.value ?? ""
            let client = appointment.client?.value ?? ""
            guard filter.clinician.map({ $0 == clinician }) ?? true, filter.client.map({ $0 == client }) ?? true else { continue }
            guard let interval = occurrence.interval else {
                unknown += 1
                continue
            }
            let day = zone.localDateTime(at: interval.start).date
            if let from = filter.from, day < from { continue }
            if let to = filter.to, day > to { continue }
            switch filter.when {
            case .upcoming where interval.end <= now: continue
            case .past where interval.end > now: continue
            default: break
            }
            // A series cancelled as a whole cancels the occurrences not yet over; those already
            // over stay what they were.
            var status = occurrence.status
            if occurrence.isSeriesOccurrence, appointment.effectiveStatus == .cancelled, interval.end <= now,
               occurrence.override.flatMap({ appointment.occurrences[$0].status }) == nil {
                status = .booked
            }
            guard filter.status.map({ $0 == status }) ?? true else { continue }
            rows.append(Row(id: index.name(of: occurrence), appointmentID: appointment.id, file: appointment.header.file, clinician: clinician, client: client,
                            clientName: index.clients[client]?.name?.value ?? client, interval: interval,
                            type: appointment.effectiveType, status: status, title: appointment.title?.value))
        }
        rows.sort { ($0.interval.start, $0.id) < ($1.interval.start, $1.id) }
        return (rows, unknown)
    }

    public static func render(_ rows: [Row], format: Format, zone: Zone) -> String {
        switch format {
        case .table: table(rows, zone: zone)
        case .json: json(rows, zone: zone)
        case .csv: csv(rows, zone: zone)
        }
    }

    /// Fits an 80-column terminal: start, length, clinician, client, type, status.
    static func table(_ rows: [Row], zone: Zone) -> String {
        var output = cell("START", 20) + " " + cell("LEN", 5) + " " + cell("CLINICIAN", 16) + " "
            + cell("CLIENT", 15) + " " + cell("TYPE", 9) + " STATUS\n"
        for row in rows {
            let start = zone.localDateTime(at: row.interval.start)
            output += cell("\(start.date.weekday.shortName) \(start.date) \(start.timeText)", 20) + " "
                + cell(DurationText.text(minutes: row.interval.minutes), 5) + " " + cell(row.clinician, 16) + " "
                + cell(row.clientName, 15) + " " + cell(row.type.rawValue, 9) + " " + row.status.rawValue + "\n"
        }
        output += "\(rows.count) appointments, times in \(zone.identifier)\n"
        return output
    }

    /// `text` cut (with "…") or padded to `width` terminal columns; East Asian wide
    /// characters take two.
    static func cell(_ text: String, _ width: Int) -> String {
        func columns(_ character: Character) -> Int { character.unicodeScalars.first.map(columnsOf) ?? 1 }
        let total = text.reduce(0) { $0 + columns($1) }
        if total <= width { return text + String(repeating: " ", count: width - total) }
        var kept = ""
        var used = 0
        for character in text {
            guard used + columns(character) <= width - 1 else { break }
            kept.append(character)
            used += columns(character)
        }
        return kept + "…" + String(repeating: " ", count: width - used - 1)
    }

    static func columnsOf(_ scalar: Unicode.Scalar) -> Int {
        switch scalar.value {
        case 0x1100...0x115F, 0x2E80...0xA4CF, 0xAC00...0xD7A3, 0xF900...0xFAFF, 0xFE30...0xFE4F,
             0xFF00...0xFF60, 0xFFE0...0xFFE6, 0x1F300...0x1F64F, 0x20000...0x3FFFD: 2
        default: 1
        }
    }

    struct Document: Encodable {
        var version = 1
        var timezone: String
        var appointments: [Entry]
    }

    struct Entry: Encodable {
        var id, file, clinician, client, clientName, start, end: String
        var durationMinutes: Int
        var type, status: String
        var title: String?
    }

    static func entries(_ rows: [Row], zone: Zone) -> [Entry] {
        rows.map { row in
            Entry(id: row.id, file: row.file, clinician: row.clinician, client: row.client, clientName: row.clientName,
                  start: row.interval.start.rfc3339(offsetSeconds: zone.offset(at: row.interval.start)),
                  end: row.interval.end.rfc3339(offsetSeconds: zone.offset(at: row.interval.end)),
                  durationMinutes: row.interval.minutes, type: row.type.rawValue, status: row.status.rawValue, title: row.title)
        }
    }

    static func json(_ rows: [Row], zone: Zone) -> String {
        encodeJSON(Document(timezone: zone.identifier, appointments: entries(rows, zone: zone)))
    }

    /// RFC 4180: CRLF, fields with a comma, quote or line break quoted.
    static func csv(_ rows: [Row], zone: Zone) -> String {
        func field(_ text: String) -> String {
            text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" })
                ? "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : text
        }
        var output = "id,start,end,duration_minutes,clinician,client,client_name,type,status,title,file\r\n"
        for entry in entries(rows, zone: zone) {
            output += [entry.id, entry.start, entry.end, String(entry.durationMinutes), entry.clinician, entry.client,
                       entry.clientName, entry.type, entry.status, entry.title ?? "", entry.file].map(field).joined(separator: ",") + "\r\n"
        }
        return output
    }
}
