import DocketModel
import Testing

@Suite struct TimeTests {
    @Test func datesRoundTripThroughDaysSinceEpoch() throws {
        for days in stride(from: -800_000, through: 800_000, by: 997) {
            let date = LocalDate(daysSinceEpoch: days)
            #expect(date.daysSinceEpoch == days)
        }
        #expect(LocalDate(year: 1970, month: 1, day: 1)?.weekday == .thursday)
        #expect(LocalDate(year: 2026, month: 12, day: 3)?.weekday == .thursday)
        #expect(LocalDate(year: 2027, month: 2, day: 29) == nil)
        #expect(LocalDate(year: 2028, month: 2, day: 29) != nil)
        #expect(LocalDate(year: 2100, month: 2, day: 29) == nil)
    }

    @Test(arguments: [
        ("2026-12-03T14:00:00-05:00", "2026-12-03T19:00:00Z"),
        ("2026-12-03T19:00:00Z", "2026-12-03T19:00:00Z"),
        ("2026-12-03t19:00:00.250z", "2026-12-03T19:00:00Z"),
        ("2026-12-03 14:00+05:30", "2026-12-03T08:30:00Z"),
    ])
    func offsetTimesAreInstants(_ written: String, _ utc: String) throws {
        guard case .instant(let instant, _) = try TimeExpression.parse(written).get() else {
            Issue.record("\(written) is not an instant")
            return
        }
        #expect(instant.description == utc)
    }

    @Test(arguments: ["2026-12-03T14:00", "2026-12-03 14:00", "2026-12-03T14:00:30"])
    func timesWithoutOffsetAreLocal(_ written: String) throws {
        guard case .local(let local) = try TimeExpression.parse(written).get() else {
            Issue.record("\(written) is not local")
            return
        }
        #expect(local.date == LocalDate(year: 2026, month: 12, day: 3))
        #expect(local.hour == 14)
    }

    @Test(arguments: ["2026-12-03", "14:00", "2026/12/03 14:00", "2026-12-03T24:00", "2026-12-03T14:60",
                      "2026-02-30T10:00", "2026-12-03T14:00:00-5", "2026-12-03T14:00Zulu", "", "2026-12-3T14:00",
                      "2026-12-03T14:00:00.", "+2026-12-03T14:00"])
    func malformedTimesAreRejected(_ written: String) {
        #expect((try? TimeExpression.parse(written).get()) == nil)
    }

    @Test func torontoSpringGapIsNonexistent() throws {
        let toronto = try #require(ZoneCatalog.shared.zone(named: "America/Toronto"))
        let local = LocalDateTime(date: LocalDate(year: 2027, month: 3, day: 14)!, secondOfDay: 2 * 3600 + 1800)
        #expect(toronto.resolve(local) == .nonexistent(offsetBefore: -5 * 3600, offsetAfter: -4 * 3600))
        let justAfter = LocalDateTime(date: local.date, secondOfDay: 3 * 3600)
        #expect(toronto.resolve(justAfter) == .unique(Instant.parseRFC3339("2027-03-14T07:00:00Z")!))
        let justBefore = LocalDateTime(date: local.date, secondOfDay: 2 * 3600 - 60)
        #expect(toronto.resolve(justBefore) == .unique(Instant.parseRFC3339("2027-03-14T06:59:00Z")!))
    }

    @Test func torontoAutumnOverlapIsAmbiguous() throws {
        let toronto = try #require(ZoneCatalog.shared.zone(named: "America/Toronto"))
        let local = LocalDateTime(date: LocalDate(year: 2027, month: 11, day: 7)!, secondOfDay: 3600 + 1800)
        #expect(toronto.resolve(local) == .ambiguous(
            earlier: Instant.parseRFC3339("2027-11-07T05:30:00Z")!, later: Instant.parseRFC3339("2027-11-07T06:30:00Z")!))
    }

    @Test func sydneyGapAndOverlapAreTheOtherWayRound() throws {
        let sydney = try #require(ZoneCatalog.shared.zone(named: "Australia/Sydney"))
        let gap = LocalDateTime(date: LocalDate(year: 2027, month: 10, day: 3)!, secondOfDay: 2 * 3600 + 900)
        #expect(sydney.resolve(gap) == .nonexistent(offsetBefore: 10 * 3600, offsetAfter: 11 * 3600))
        let overlap = LocalDateTime(date: LocalDate(year: 2027, month: 4, day: 4)!, secondOfDay: 2 * 3600 + 900)
        guard case .ambiguous = sydney.resolve(overlap) else {
            Issue.record("02:15 on 4 April 2027 in Sydney should happen twice")
            return
        }
    }

    @Test func nineOClockInTorontoIsFourteenZuluInWinterAndThirteenInSummer() throws {
        let toronto = try #require(ZoneCatalog.shared.zone(named: "America/Toronto"))
        let winter = LocalDateTime(date: LocalDate(year: 2027, month: 1, day: 4)!, secondOfDay: 9 * 3600)
        let summer = LocalDateTime(date: LocalDate(year: 2027, month: 7, day: 5)!, secondOfDay: 9 * 3600)
        #expect(toronto.resolve(winter) == .unique(Instant.parseRFC3339("2027-01-04T14:00:00Z")!))
        #expect(toronto.resolve(summer) == .unique(Instant.parseRFC3339("2027-07-05T13:00:00Z")!))
    }

    @Test(arguments: [("America/Toronto", true), ("UTC", true), ("Etc/UTC", true), ("US/Eastern", true),
                      ("Europe/Paris", true), ("PST", false), ("GMT+5", false), ("Mars/Phobos", false),
                      ("america/toronto", false), ("../etc/passwd", false), ("", false), ("America//Toronto", false)])
    func onlyIANANamesAreZones(_ name: String, _ valid: Bool) {
        #expect((ZoneCatalog.shared.zone(named: name) != nil) == valid)
    }

    @Test(arguments: [("50m", 50), ("1h", 60), ("1h30m", 90), ("72h", 4320), ("0m", 0)])
    func durationsReadAsMinutes(_ text: String, _ minutes: Int) {
        #expect(DurationText.minutes(text) == .success(minutes))
        #expect(DurationText.minutes(DurationText.text(minutes: minutes)) == .success(minutes))
    }

    @Test(arguments: ["50", "50 minutes", "m", "1m1h", "1h1h", "h30m", "1.5h", "", "1d", "9999999m"])
    func malformedDurationsAreFormatErrors(_ text: String) {
        #expect(DurationText.minutes(text) == .failure(.format))
    }

    @Test func aNegativeDurationIsNamedAsSuch() {
        #expect(DurationText.minutes("-5m") == .failure(.negative))
    }
}
