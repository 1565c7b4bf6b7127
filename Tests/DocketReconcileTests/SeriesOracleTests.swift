import DocketModel
import DocketRules
import DocketTestSupport
import Foundation
import Testing

/// docket's series against independent expanders: the occurrences calendar programs find in
/// the feed docket writes (icalendar + recurring_ical_events read the VTIMEZONE, RRULE,
/// EXDATE and RECURRENCE-ID events), and the dates dateutil's rrule gives for the RRULE
/// docket writes, must be docket's own occurrences — across daylight-saving changes in both
/// hemispheres, intervals, several weekdays, the 31st of the month, and cancelled and moved
/// occurrences.
@Suite struct SeriesOracleTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var name: String
        var start: String
        var timezone: String?
        var repeatRule: String
        var occurrences: String = ""
        var testDescription: String { name }
    }

    static let cases: [Case] = [
        Case(name: "weekly across Toronto's spring forward, one cancelled and one moved", start: "2027-02-22T10:00", timezone: nil,
             repeatRule: "{every: week, count: 6}",
             occurrences: "occurrences:\n  2027-03-08: {status: cancelled}\n  2027-03-15: {start: 2027-03-16T11:00, duration: 1h}\n"),
        Case(name: "every 2 weeks on Monday and Thursday across Sydney's autumn change", start: "2027-03-22T09:00",
             timezone: "Australia/Sydney", repeatRule: "{every: 2 weeks, on: [monday, thursday], until: 2027-05-20}"),
        Case(name: "monthly on the 31st, months without one skipped", start: "2027-01-31T16:00", timezone: nil,
             repeatRule: "{every: month, count: 7}"),
        Case(name: "every 3 days across London's autumn change", start: "2027-10-24T09:30", timezone: "Europe/London",
             repeatRule: "{every: 3 days, count: 8}",
             occurrences: "occurrences:\n  2027-10-30: {start: \"2027-10-30T08:00:00+01:00\"}\n"),
        Case(name: "weekly on Sunday across Sydney's spring forward", start: "2027-09-19T09:00", timezone: "Australia/Sydney",
             repeatRule: "{every: week, count: 4}", occurrences: "occurrences:\n  2027-09-26: {status: cancelled}\n"),
        Case(name: "daily across Toronto's fall back", start: "2027-11-05T23:30", timezone: nil, repeatRule: "{every: day, until: 2027-11-09}"),
    ]

    static func repository(_ series: Case) throws -> TemporaryRepository {
        try TemporaryRepository(RuleExample(files: ["appointments/s-1.yaml": """
            apiVersion: docket/v1
            kind: Appointment
            id: s-1
            clinician: dr-lee
            client: jane
            start: \(series.start)
            duration: 50m
            type: phone
            \(series.timezone.map { "timezone: \($0)" } ?? "")
            repeat: \(series.repeatRule)
            \(series.occurrences)
            """]))
    }

    static func utc(_ instant: Instant) -> String { instant.description }

    @Test(arguments: cases)
    func calendarProgramsFindDocketsOccurrences(_ series: Case) throws {
        let repository = try Self.repository(series)
        let loaded = try RepositoryLoader.load(root: repository.root)
        let index = RepositoryIndex(loaded)
        let validation = Validator.validate(loaded, options: ValidationOptions(now: Instant.parseRFC3339("2026-12-01T12:00:00Z")!))
        #expect(validation.diagnostics.filter { $0.severity == .error }.isEmpty, "\(validation.diagnostics.map(\.message))")
        let ours = index.occurrences.filter { $0.status != .cancelled }.map { occurrence -> [String] in
            [Self.utc(occurrence.interval!.start), Self.utc(occurrence.interval!.end)]
        }.sorted { $0[0] < $1[0] }
        #expect(ours.count >= 3, "the case should have several occurrences")

        let feeds = repository.root + "/feeds"
        let run = try DocketProcess.run(["calendar", repository.root, "--now", "2026-12-01T12:00:00Z", "--out", feeds])
        try #require(run.status == 0, "docket calendar: \(run.stderr)")
        let expanded = try DocketProcess.runProgram("/usr/bin/env", [
            "python3", DocketProcess.packageRoot + "/Tests/MailCheck/expand_series.py", "calendar", feeds + "/dr-lee.ics",
            "2026-01-01T00:00:00Z", "2034-01-01T00:00:00Z",
        ])
        try #require(expanded.status == 0, "expand_series.py: \(expanded.stderr)")
        let theirs = try #require(try JSONSerialization.jsonObject(with: Data(expanded.stdout.utf8)) as? [[String: Any]])
        #expect(theirs.map { [$0["start"] as? String ?? "", $0["end"] as? String ?? ""] } == ours)
    }

    @Test(arguments: cases)
    func dateutilsRRuleGivesDocketsOriginalDates(_ series: Case) throws {
        let repository = try Self.repository(series)
        let index = RepositoryIndex(try RepositoryLoader.load(root: repository.root))
        let expansion = try #require(index.series[0])
        let recurrence = try #require(index.repository.appointments[0].recurrence?.value)
        let start = try #require(expansion.start)
        let expanded = try DocketProcess.runProgram("/usr/bin/env", [
            "python3", DocketProcess.packageRoot + "/Tests/MailCheck/expand_series.py", "rrule",
            "\(start.date)T\(start.timeText)", recurrence.rrule(count: expansion.originalStarts.count), expansion.zone?.identifier ?? "UTC",
        ])
        try #require(expanded.status == 0, "expand_series.py: \(expanded.stderr)")
        let theirs = try #require(try JSONSerialization.jsonObject(with: Data(expanded.stdout.utf8)) as? [String])
        #expect(theirs == expansion.originalStarts.map { "\($0.date)T\($0.timeText)" })
    }

    /// With `until` instead of `count`, dateutil is given the rule as the file states it (the
    /// last date, inclusive) rather than the count docket worked out: the same dates.
    @Test func untilMeansTheSameDatesToDateutil() throws {
        let series = Self.cases[1]
        let repository = try Self.repository(series)
        let index = RepositoryIndex(try RepositoryLoader.load(root: repository.root))
        let expansion = try #require(index.series[0])
        let start = try #require(expansion.start)
        let expanded = try DocketProcess.runProgram("/usr/bin/env", [
            "python3", DocketProcess.packageRoot + "/Tests/MailCheck/expand_series.py", "rrule",
            "\(start.date)T\(start.timeText)", "FREQ=WEEKLY;INTERVAL=2;BYDAY=MO,TH;WKST=MO;UNTIL=20270520T235959", "Australia/Sydney",
        ])
        try #require(expanded.status == 0, "expand_series.py: \(expanded.stderr)")
        let theirs = try #require(try JSONSerialization.jsonObject(with: Data(expanded.stdout.utf8)) as? [String])
        #expect(theirs == expansion.originalStarts.map { "\($0.date)T\($0.timeText)" })
        #expect(theirs.count == 10)
    }
}
