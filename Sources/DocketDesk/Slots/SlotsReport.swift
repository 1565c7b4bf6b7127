import DocketModel
import DocketSupport

/// `docket slots` output.
public enum SlotsReport {
    struct Document: Encodable {
        var version = 1
        var clinician: String
        var slots: [Slot]
    }

    struct Slot: Encodable {
        var start: String
        var end: String
    }

    /// `{"version":1,"clinician":…,"slots":[{"start":RFC3339,"end":RFC3339}]}`, times at the clinician's offset.
    public static func json(clinician: String, zone: Zone, slots: [Interval]) -> String {
        encodeJSON(Document(clinician: clinician, slots: slots.map { slot in
            Slot(start: slot.start.rfc3339(offsetSeconds: zone.offset(at: slot.start)),
                 end: slot.end.rfc3339(offsetSeconds: zone.offset(at: slot.end)))
        }))
    }

    /// A day a line-group, the start times of its free slots beneath.
    public static func text(_ request: FreeSlots.Request, zone: Zone, slots: [Interval]) -> String {
        var output = "Free \(DurationText.text(minutes: request.durationMinutes)) slots of \(request.clinician), \(zone.identifier), \(request.days) days from \(request.from):\n"
        var byDate: [LocalDate: [LocalDateTime]] = [:]
        for slot in slots {
            let local = zone.localDateTime(at: slot.start)
            byDate[local.date, default: []].append(local)
        }
        for offset in 0..<request.days {
            let date = request.from.adding(days: offset)
            let starts = byDate[date] ?? []
            output += "\(date.weekday.shortName) \(date)  "
            output += starts.isEmpty ? "none\n" : starts.map(\.timeText).joined(separator: " ") + "\n"
        }
        output += "\(slots.count) slots\n"
        return output
    }
}
