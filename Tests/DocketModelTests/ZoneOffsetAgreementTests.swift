import DocketModel
import Foundation
import Testing

/// `Zone.offset(at:)` remembers a zone's offset per UTC day; Foundation's own answer, second by
/// second, is the reference. Zones with every awkward history: daylight saving north and south,
/// none at all, abolished (São Paulo 2019), standard offsets moved (Moscow 2011 and 2014), a
/// day skipped (Apia, 30 December 2011), Ramadan suspensions a month apart (Casablanca),
/// half-hour and 45-minute offsets, Lord Howe's 30-minute daylight saving.
@Suite struct ZoneOffsetAgreementTests {
    static let zones = ["America/Toronto", "Europe/Paris", "Australia/Sydney", "Asia/Kolkata", "America/Sao_Paulo",
                        "Europe/Moscow", "Pacific/Apia", "Africa/Casablanca", "America/St_Johns", "Asia/Kathmandu",
                        "Australia/Lord_Howe", "UTC", "Pacific/Chatham", "America/Santiago"]

    @Test(arguments: zones)
    func offsetsAgreeWithFoundationEverywhere(name: String) throws {
        let zone = try #require(ZoneCatalog.shared.zone(named: name))
        let reference = try #require(TimeZone(identifier: name))
        func expected(_ seconds: Int64) -> Int { reference.secondsFromGMT(for: Date(timeIntervalSince1970: TimeInterval(seconds))) }
        // Around every transition from 1970 to 2040: the seconds either side, and the days' ends.
        var instants: [Int64] = []
        var date = Date(timeIntervalSince1970: 0)
        while let next = reference.nextDaylightSavingTimeTransition(after: date), next.timeIntervalSince1970 < 2_208_988_800 {
            let seconds = Int64(next.timeIntervalSince1970)
            instants += [seconds - 1, seconds, seconds + 1, seconds - 3_600, seconds + 3_600, seconds / 86_400 * 86_400,
                         seconds / 86_400 * 86_400 + 86_399]
            date = next
        }
        // And a spread of others, negative ones (before 1970) included.
        var state: UInt64 = 0x1234_5678
        for _ in 0..<3_000 {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            instants.append(Int64(state >> 33) % 4_500_000_000 - 500_000_000)
        }
        for seconds in instants {
            #expect(zone.offset(at: Instant(seconds: seconds)) == expected(seconds), "\(name) at \(seconds)")
        }
        // Asked again (now remembered), the same.
        for seconds in instants.prefix(500) {
            #expect(zone.offset(at: Instant(seconds: seconds)) == expected(seconds), "\(name) at \(seconds), again")
        }
    }
}
