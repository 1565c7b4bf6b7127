import DocketModel

public struct AmbiguousLocalTimeRule: CheckingRule {
    public static let description = RuleDescription(
        code: .ambiguousLocalTime,
        summary: "a local time falls in a daylight-saving overlap; write the offset",
        rationale: """
            When clocks fall back, an hour happens twice: 01:30 on 7 November 2027 in Toronto is both \
            05:30Z and 06:30Z. Docket will not pick one silently; write the offset that is meant \
            (2027-11-07T01:30:00-04:00 for the first, -05:00 for the second).
            """,
        triggeringExamples: [
            .appointment("""
                apiVersion: docket/v1
                kind: Appointment
                id: a-1
                clinician: dr-lee
                client: jane
                start: ↓2027-11-07T01:30
                duration: 50m

                """),
            .appointment("""
                apiVersion: docket/v1
                kind: Appointment
                id: a-1
                clinician: dr-lee
                client: jane
                start: 2027-11-07T00:30
                end: ↓2027-11-07T01:20

                """),
            .appointment("""
                apiVersion: docket/v1
                kind: Appointment
                id: a-1
                clinician: dr-lee
                client: jane
                start: ↓2027-04-04T02:15
                duration: 30m
                timezone: Australia/Sydney

                """),
        ],
        nonTriggeringExamples: [
            .appointment("""
                apiVersion: docket/v1
                kind: Appointment
                id: a-1
                clinician: dr-lee
                client: jane
                start: 2027-11-07T01:30:00-04:00
                duration: 50m

                """),
        ])

    public init() {}

    public func check(_ context: ValidationContext) -> [Diagnostic] {
        var found: [Diagnostic] = []
        for (position, timing) in context.index.timings.enumerated() where timing.hasUnresolvedTime {
            let appointment = context.repository.appointments[position]
            for (field, written, resolution) in [("start", appointment.start, timing.start), ("end", appointment.end, timing.end)] {
                guard let written, case .local(let local) = written.value, let zone = timing.readingZone,
                      case .ambiguous(let earlier, let later)? = resolution else { continue }
                let first = zone.offset(at: earlier)
                let second = zone.offset(at: later)
                found.append(Diagnostic(
                    .ambiguousLocalTime,
                    "\(field) \(local) happens twice in \(zone.identifier) as clocks fall back; write the offset: \(local):00\(Zone.offsetText(first)) (the first) or \(local):00\(Zone.offsetText(second)) (the second)",
                    at: written.location))
            }
        }
        // Occurrences of a series after the first: the same wall-clock time on another date.
        for (position, problem) in context.index.localTimeProblems.sorted(by: { $0.key < $1.key }) {
            let occurrence = context.index.occurrences[position]
            guard case .ambiguous(let earlier, let later) = problem.resolution,
                  let zone = context.index.series[occurrence.appointment]?.zone else { continue }
            let first = zone.offset(at: earlier)
            let second = zone.offset(at: later)
            var finding = Diagnostic(
                .ambiguousLocalTime,
                "\(problem.field.rawValue) \(problem.local) happens twice in \(zone.identifier) as clocks fall back (\(Zone.offsetText(first)), then \(Zone.offsetText(second))); move this occurrence with an offset (occurrences: {\(context.index.occurrences[position].date!): {start: \(problem.local):00\(Zone.offsetText(first))}}) or choose a series time that happens once",
                at: context.index.location(of: occurrence))
            finding.occurrence = context.index.name(of: occurrence)
            found.append(finding)
        }
        return found
    }
}
