import DocketModel

public struct NonexistentLocalTimeRule: CheckingRule {
    public static let description = RuleDescription(
        code: .nonexistentLocalTime,
        summary: "a local time falls in a daylight-saving gap",
        rationale: """
            When clocks spring forward, the skipped hour never happens: 02:30 on 14 March 2027 does not \
            exist in Toronto. Calendars silently move such a time, so the clinician and the client could \
            turn up an hour apart. Choose a time that exists, or write the offset.
            """,
        triggeringExamples: [
            // A weekly series at 02:30 whose third Sunday is the night clocks move forward:
            // that occurrence is named, at the series' start.
            SeriesTooLongRule.seriesExample(start: "↓2027-02-28T02:30", repeat: "{every: week, count: 3}"),
            .appointment("""
                apiVersion: docket/v1
                kind: Appointment
                id: a-1
                clinician: dr-lee
                client: jane
                start: ↓2027-03-14T02:30
                duration: 50m

                """),
            .appointment("""
                apiVersion: docket/v1
                kind: Appointment
                id: a-1
                clinician: dr-lee
                client: jane
                start: ↓2027-10-03 02:15
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
                start: 2027-03-14T03:30
                duration: 50m

                """),
            .appointment("""
                apiVersion: docket/v1
                kind: Appointment
                id: a-1
                clinician: dr-lee
                client: jane
                start: 2027-03-14T02:30:00-05:00
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
                      case .nonexistent(let before, let after)? = resolution else { continue }
                let jump = DurationText.text(minutes: abs(after - before) / 60)
                found.append(Diagnostic(
                    .nonexistentLocalTime,
                    "\(field) \(local) does not exist in \(zone.identifier): clocks move forward \(jump) that night (\(Zone.offsetText(before)) to \(Zone.offsetText(after))); choose a time that exists",
                    at: written.location))
            }
        }
        // Occurrences of a series after the first: the same wall-clock time on another date.
        for (position, problem) in context.index.localTimeProblems.sorted(by: { $0.key < $1.key }) {
            let occurrence = context.index.occurrences[position]
            guard case .nonexistent(let before, let after) = problem.resolution,
                  let zone = context.index.series[occurrence.appointment]?.zone else { continue }
            let jump = DurationText.text(minutes: abs(after - before) / 60)
            var finding = Diagnostic(
                .nonexistentLocalTime,
                "\(problem.field.rawValue) \(problem.local) does not exist in \(zone.identifier): clocks move forward \(jump) that night (\(Zone.offsetText(before)) to \(Zone.offsetText(after))); move this occurrence (occurrences: {\(context.index.occurrences[position].date!): {start: …}}) or choose a series time that exists",
                at: context.index.location(of: occurrence))
            finding.occurrence = context.index.name(of: occurrence)
            found.append(finding)
        }
        return found
    }
}
