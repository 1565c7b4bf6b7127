import DocketMail
import DocketModel
@testable import DocketReconcile
import DocketTestSupport
import Foundation
import Testing

/// The state's fast reader against `JSONDecoder`, the reference: on random states written the
/// way docket writes them (it must read them, and read them the same), and on those states
/// damaged (wherever it reads one, `JSONDecoder` must read the same; everything else it leaves
/// to `JSONDecoder`).
@Suite struct StateReaderAgreementTests {
    /// Text with what JSON must escape or carry through: quotes, backslashes, slashes, line
    /// breaks, tabs, other control characters, accents, CJK, emoji.
    static func text(_ random: inout SeededRandom) -> String {
        let pieces = ["a", "Dr. Ada Lee", "\"", "\\", "/", "\n", "\t", "\r", "\u{1}", "\u{1F}", "é", "e\u{301}", "日本",
                      "🩺", " ", "https://video.example/room/1?x=1&y=2", "<b>", "{{when}}", "\u{7F}", "\u{2028}"]
        return (0..<random.below(6)).map { _ in random.pick(pieces) }.joined()
    }

    static func state(seed: Int) -> RecordedState {
        var random = SeededRandom(seed: UInt64(seed))
        var state = RecordedState()
        for number in 0..<(1 + random.below(40)) {
            let start = Instant(seconds: Int64(1_700_000_000 + random.below(100_000_000)))
            let recipients = (0..<random.below(5)).map { _ in
                Recipient(email: "p\(random.below(100))@example.org", name: text(&random),
                          role: random.pick(RecipientRole.allCases), timezone: random.pick(["America/Toronto", "UTC", "Europe/Paris"]))
            }
            var reminders: [String: ReminderOutcome] = [:]
            for offset in ["4320", "1440", "60"] where random.below(2) == 0 {
                reminders[offset] = random.pick([.sent, .skipped])
            }
            state.appointments["a-\(number)-\(text(&random))"] = RecordedAppointment(
                file: "appointments/\(text(&random)).yaml",
                status: random.pick([.booked, .cancelled, .history]),
                start: start, end: start + Int64(60 * (1 + random.below(240))),
                sequence: random.below(5) == 0 ? random.below(1_000_000) : random.below(3),
                title: random.below(3) == 0 ? nil : text(&random),
                type: random.pick(AppointmentType.allCases),
                videoLink: random.below(2) == 0 ? nil : text(&random),
                attachments: (0..<random.below(3)).map { _ in "attachments/\(text(&random)).pdf" },
                cancellationReason: random.below(4) == 0 ? text(&random) : nil,
                recipients: recipients, reminders: reminders,
                confirmedAt: Instant(seconds: Int64(1_600_000_000 + random.below(100_000_000))))
        }
        return state
    }

    @Test(arguments: 1...40)
    func statesDocketWritesReadTheSame(seed: Int) throws {
        let state = Self.state(seed: seed)
        let written = [UInt8](state.encoded())
        let reference = try JSONDecoder().decode(RecordedState.self, from: Data(written))
        #expect(reference == state)
        let fast = StateFastReader.read(written)
        #expect(fast != nil, "the fast reader gave up on a state docket wrote")
        if let fast { #expect(fast == reference) }
        // Compact, as another writer might: the same.
        let compact = [UInt8](try JSONEncoder().encode(state))
        if let fast = StateFastReader.read(compact) { #expect(fast == reference) }
    }

    /// Damaged states: whatever the fast reader still takes, JSONDecoder takes too, the same.
    @Test(arguments: 1...12)
    func damagedStatesAreNeverReadDifferently(seed: Int) throws {
        var random = SeededRandom(seed: UInt64(1000 + seed))
        let written = [UInt8](Self.state(seed: seed).encoded())
        var takenByBoth = 0
        for _ in 0..<200 {
            var damaged = written
            switch random.below(6) {
            case 0: damaged.removeSubrange(random.below(damaged.count)...)                       // cut short
            case 1: damaged.remove(at: random.below(damaged.count))                              // a byte lost
            case 2: damaged.insert(random.pick(Array("{}[],:\"\\0-.e \n".utf8)), at: random.below(damaged.count))
            case 3: damaged[random.below(damaged.count)] = UInt8(random.below(256))               // any byte
            case 4:                                                                               // a field twice
                let text = String(decoding: damaged, as: UTF8.self)
                damaged = Array(text.replacingOccurrences(of: "\"sequence\" : ", with: "\"sequence\" : 1, \"sequence\" : ").utf8)
            default:                                                                              // numbers in other forms
                let text = String(decoding: damaged, as: UTF8.self)
                damaged = Array(text.replacingOccurrences(of: "\"version\" : 1", with: random.pick(["\"version\" : 1.0", "\"version\" : 01", "\"version\" : 1e0", "\"version\" : -0"])).utf8)
            }
            let reference = try? JSONDecoder().decode(RecordedState.self, from: Data(damaged))
            guard let fast = StateFastReader.read(damaged) else { continue }
            #expect(reference == fast, "the fast reader read what JSONDecoder reads otherwise or refuses")
            if reference != nil { takenByBoth += 1 }
        }
        #expect(takenByBoth > 0, "no damage left a state both read; the test compared nothing")
    }

    /// A state with a newer version is still refused, whichever reader read it.
    @Test func aNewerVersionIsRefused() throws {
        let folder = NSTemporaryDirectory() + "docket-state-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        var state = Self.state(seed: 3)
        state.version = RecordedState.currentVersion + 1
        try state.encoded().write(to: URL(fileURLWithPath: folder + "/state.json"))
        #expect(StateFastReader.read([UInt8](state.encoded())) != nil)
        #expect(throws: RecordedState.LoadError.self) { try RecordedState.load(path: folder + "/state.json") }
    }
}
