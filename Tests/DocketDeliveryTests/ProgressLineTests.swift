import DocketSupport
import Foundation
import Testing

/// `docket send`'s progress: a live line on a terminal, occasional whole lines elsewhere.
@Suite struct ProgressLineTests {
    final class Recorder: @unchecked Sendable {
        private let lock = NSLock()
        private var _written: [String] = []
        private var _now = 0.0
        var written: [String] { lock.withLock { _written } }
        var now: Double {
            get { lock.withLock { _now } }
            set { lock.withLock { _now = newValue } }
        }
        func write(_ text: String) { lock.withLock { _written.append(text) } }
    }

    /// 31,000 messages over 62 seconds in a CI log: 12 lines (one per 5 s), not 1,550.
    @Test func aLogGetsALineEveryIntervalAtMost() {
        let recorder = Recorder()
        let progress = ProgressLine(live: false, interval: 5, clock: { recorder.now }, write: recorder.write)
        for done in 1...31_000 {
            recorder.now = Double(done) * 0.002
            progress.update(done: done, total: 31_000, "sent \(done)/31000")
        }
        progress.finish()
        #expect(recorder.written.count == 12, "\(recorder.written)")
        #expect(recorder.written.first == "sent 2500/31000\n")
        #expect(recorder.written.allSatisfy { $0.hasSuffix("\n") && !$0.contains("\r") })
    }

    @Test func aShortJobInALogPrintsNothing() {
        let recorder = Recorder()
        let progress = ProgressLine(live: false, interval: 5, clock: { recorder.now }, write: recorder.write)
        for done in 1...40 { progress.update(done: done, total: 40, "sent \(done)/40") }
        progress.finish()
        #expect(recorder.written.isEmpty)
    }

    @Test func aTerminalGetsOneLiveLineEndedOnce() {
        let recorder = Recorder()
        let progress = ProgressLine(live: true, clock: { recorder.now }, write: recorder.write)
        for done in 1...1000 {
            recorder.now = Double(done) * 0.001   // one second in all
            progress.update(done: done, total: 1000, "sent \(done)/1000")
        }
        progress.finish()
        let output = recorder.written.joined()
        #expect(output.hasSuffix("\r\u{1B}[Ksent 1000/1000\n"))
        #expect(output.filter { $0 == "\n" }.count == 1)
        #expect(recorder.written.count <= 12, "at most ten rewrites a second, then the last and the line end: \(recorder.written.count)")
    }
}
