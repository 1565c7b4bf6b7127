import DocketModel
import DocketRules

/// The free slots of a clinician: their hours, minus time off, minus booked appointments
/// widened by the buffer, stepped by `policy.slotMinutes`. Any slot it lists can be booked
/// and validate clean against the scheduling rules.
public enum FreeSlots {
    public struct Request: Sendable {
        public var clinician: String
        public var from: LocalDate
        public var days: Int
        public var durationMinutes: Int

        public init(clinician: String, from: LocalDate, days: Int, durationMinutes: Int) {
            self.clinician = clinician
            self.from = from
            self.days = days
            self.durationMinutes = durationMinutes
        }
    }

    public enum Refusal: Error, Equatable, CustomStringConvertible {
        case unknownClinician(String, suggestion: String?)
        case noTimezone(String)
        case inactive(String)
        case tooLong(minutes: Int, maximum: Int)

        public var description: String {
            switch self {
            case .unknownClinician(let id, let suggestion):
                "no clinician has the id '\(id)'" + (suggestion.map { "; did you mean '\($0)'?" } ?? "")
            case .noTimezone(let id): "clinician '\(id)' has no valid timezone; fix their file first"
            case .inactive(let id): "clinician '\(id)' is not active (active: false) and takes no appointments"
            case .tooLong(let minutes, let maximum): "a \(minutes)-minute appointment is longer than policy.maxDurationMinutes (\(maximum))"
            }
        }
    }

    public static func find(_ request: Request, in index: RepositoryIndex) throws(Refusal) -> (zone: Zone, slots: [Interval]) {
        guard let clinician = index.clinicians[request.clinician] else {
            throw .unknownClinician(request.clinician, suggestion: Suggestion.closest(to: request.clinician, in: Array(index.clinicians.keys)))
        }
        guard let calendar = ClinicianCalendar(clinician) else { throw .noTimezone(request.clinician) }
        guard clinician.isActive else { throw .inactive(request.clinician) }
        let policy = index.repository.policy
        guard request.durationMinutes <= policy.maxDurationMinutes else {
            throw .tooLong(minutes: request.durationMinutes, maximum: policy.maxDurationMinutes)
        }
        let buffer = Int64(policy.bufferMinutes) * 60
        let length = Int64(request.durationMinutes) * 60
        let step = Int64(policy.slotMinutes) * 60
        let busy = Booking.all(in: index).filter { index.repository.appointments[$0.index].clinician?.value == request.clinician }.map {
            Interval(start: $0.interval.start - buffer, end: $0.interval.end + buffer)
        }

        var slots: [Interval] = []
        for offset in 0..<request.days {
            let date = request.from.adding(days: offset)
            guard calendar.timeOff(on: date) == nil else { continue }
            let windows = calendar.windows(on: date) ?? [Interval(
                start: calendar.instant(date, minute: 0, preferLater: false),
                end: calendar.instant(date.adding(days: 1), minute: 0, preferLater: false))]
            for window in windows {
                var start = window.start
                while start + length <= window.end {
                    let slot = Interval(start: start, end: start + length)
                    if !busy.contains(where: { $0.overlaps(slot) }), calendar.timeOff(overlapping: slot) == nil {
                        slots.append(slot)
                    }
                    start = start + step
                }
            }
        }
        return (calendar.zone, slots)
    }
}
