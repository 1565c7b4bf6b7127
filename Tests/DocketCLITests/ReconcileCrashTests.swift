import DocketModel
import DocketRules
import DocketSupport
import DocketTestSupport
import Foundation
import Testing

/// Kills `docket reconcile` with SIGKILL at random moments over a few hundred appointments,
/// reruns it, and compares the outbox with a clean run's, file for file.
@Suite struct ReconcileCrashTests {
    static let now = "2026-12-01T12:00:00Z"

    static func repositoryFiles(appointments: Int) -> [String: String] {
        var files = RuleExample.baseFiles
        for client in 0..<30 {
            files["clients/c-\(client).yaml"] = "apiVersion: docket/v1\nkind: Client\nid: c-\(client)\nname: Client \(client) Ünïcode\nemail: c\(client)@example.com\n"
        }
        for clinician in 0..<6 {
            files["clinicians/dr-\(clinician).yaml"] = "apiVersion: docket/v1\nkind: Clinician\nid: dr-\(clinician)\nname: Dr. \(clinician)\nemail: dr\(clinician)@maple.example\ntimezone: America/Toronto\n"
        }
        for number in 0..<appointments {
            // Each clinician sees one client an hour, from the 2nd of December on.
            let clinician = number % 6
            let hour = number / 6
            let day = 2 + hour / 10
            let start = String(format: "2026-12-%02dT%02d:00", day, 8 + hour % 10)
            files["appointments/a-\(number).yaml"] = """
                apiVersion: docket/v1
                kind: Appointment
                id: a-\(number)
                clinician: dr-\(clinician)
                client: c-\((number * 7) % 30)
                start: \(start)
                duration: 50m
                title: Session \(number)
                createdBy: sam
                video:
                  link: https://video.maple.example/room/a-\(number)

                """
        }
        return files
    }

    static func snapshot(_ root: String) throws -> [String: Data] {
        var files: [String: Data] = [:]
        let outbox = root + "/.docket/outbox"
        for name in try FileManager.default.contentsOfDirectory(atPath: outbox) {
            files["outbox/" + name] = FileManager.default.contents(atPath: outbox + "/" + name)
        }
        files["state.json"] = FileManager.default.contents(atPath: root + "/.docket/state.json")
        return files
    }

    @Test func aKilledRunRerunLeavesTheSameOutboxAsACleanOne() throws {
        let files = Self.repositoryFiles(appointments: 240)
        let clean = try TemporaryRepository(RuleExample(files: files, standalone: true))
        let started = ContinuousClock.now
        let cleanRun = try DocketProcess.run(["reconcile", clean.root, "--now", Self.now])
        let duration = ContinuousClock.now - started
        #expect(cleanRun.status == 0, "\(cleanRun.stderr)")
        let expected = try Self.snapshot(clean.root)
        #expect(expected.count == 240 * 3 + 1)

        let crashed = try TemporaryRepository(RuleExample(files: files, standalone: true))
        var generator = SystemRandomNumberGenerator()
        var kills = 0
        for attempt in 0..<12 {
            let process = try ChildProcess.start(
                DocketProcess.executable, ["reconcile", crashed.root, "--now", Self.now],
                environment: ProcessInfo.processInfo.environment.merging(["DOCKET_VIDEO_KEY": DocketProcess.testVideoKey]) { _, key in key })
            // Spread the kills over the whole run: early ones land before the first message,
            // late ones between the last message and the state.
            let fraction = Double(attempt) / 12 + Double.random(in: 0..<(1.0 / 12), using: &generator)
            let delay = Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
            usleep(UInt32(max(1_000, fraction * delay * 1_000_000)))
            if process.isRunning {
                process.send(SIGKILL)
                kills += 1
            }
            process.wait()
        }
        let final = try DocketProcess.run(["reconcile", crashed.root, "--now", Self.now])
        #expect(final.status == 0, "\(final.stderr)")
        #expect(kills > 0, "no run was killed; the test proved nothing")
        let actual = try Self.snapshot(crashed.root)
        #expect(Set(actual.keys) == Set(expected.keys), "missing: \(Set(expected.keys).subtracting(actual.keys).sorted().prefix(5)), extra: \(Set(actual.keys).subtracting(expected.keys).sorted().prefix(5))")
        let differing = expected.keys.filter { actual[$0] != expected[$0] }
        #expect(differing.isEmpty, "differ: \(differing.sorted().prefix(5))")
        print("reconcile crash test: clean run \(duration), \(kills) runs killed, outbox identical: \(differing.isEmpty)")
    }
}

extension ReconcileCrashTests {
    /// Killed exactly at each step of the batched writing (temporary files written, flushed to
    /// disk, renamed, folder flushed) in batches of 50: the rerun leaves exactly the clean
    /// run's outbox and state, no temporary file, no message twice.
    @Test(arguments: ["batch 1 written", "batch 3 flushed", "batch 7 renamed", "batch 15 durable"])
    func aRunKilledAtABatchBoundaryIsCompletedExactlyOnceByTheRerun(point: String) throws {
        let files = Self.repositoryFiles(appointments: 240)
        let clean = try TemporaryRepository(RuleExample(files: files, standalone: true))
        let cleanRun = try DocketProcess.run(["reconcile", clean.root, "--now", Self.now])
        #expect(cleanRun.status == 0, "\(cleanRun.stderr)")
        let expected = try Self.snapshot(clean.root)

        let crashed = try TemporaryRepository(RuleExample(files: files, standalone: true))
        let killed = try DocketProcess.run(["reconcile", crashed.root, "--now", Self.now],
                                           environment: ["DOCKET_OUTBOX_BATCH": "50", "DOCKET_FAULT_INJECT": point])
        #expect(killed.status == 9, "the run was not killed at \(point): \(killed.status) \(killed.stderr)")
        #expect(!FileManager.default.fileExists(atPath: crashed.root + "/.docket/state.json"), "the state was written before every message was durable")
        let batch = Int(point.split(separator: " ")[1])!
        let names = try FileManager.default.contentsOfDirectory(atPath: crashed.root + "/.docket/outbox")
        let messages = names.filter { $0.hasSuffix(".eml") && !$0.hasPrefix(".") }
        let done = min(720, point.hasSuffix("written") || point.hasSuffix("flushed") ? (batch - 1) * 50 : batch * 50)
        #expect(messages.count == done, "\(point): \(messages.count) messages under their names")

        let rerun = try DocketProcess.run(["reconcile", crashed.root, "--now", Self.now])
        #expect(rerun.status == 0, "\(rerun.stderr)")
        let actual = try Self.snapshot(crashed.root)
        #expect(Set(actual.keys) == Set(expected.keys), "\(point): missing \(Set(expected.keys).subtracting(actual.keys).sorted().prefix(3)), extra \(Set(actual.keys).subtracting(expected.keys).sorted().prefix(3))")
        #expect(expected.keys.filter { actual[$0] != expected[$0] }.isEmpty)
    }
}

extension ReconcileCrashTests {
    /// Sixty weekly series, each of ten occurrences.
    static func seriesFiles(changed: Bool) -> [String: String] {
        var files = repositoryFiles(appointments: 0)
        for number in 0..<60 {
            let clinician = number % 6
            let hour = 8 + number / 6
            // Occurrence 3 cancelled and occurrence 5 moved an hour later, once `changed`.
            let changes = changed
                ? "occurrences:\n  2026-12-23: {status: cancelled, reason: Closed}\n  2027-01-06: {start: 2027-01-06T\(String(format: "%02d", hour + 1)):00}\n"
                : ""
            files["appointments/s-\(number).yaml"] = """
                apiVersion: docket/v1
                kind: Appointment
                id: s-\(number)
                clinician: dr-\(clinician)
                client: c-\((number * 7) % 30)
                start: 2026-12-09T\(String(format: "%02d", hour)):00
                duration: 50m
                title: Course \(number)
                createdBy: sam
                video:
                  link: https://video.maple.example/room/s-\(number)
                repeat: {every: week, count: 10}
                \(changes)
                """
        }
        return files
    }

    /// A series' confirmation, then its single occurrences cancelled and moved and its first
    /// reminders: killed at batch boundaries of each run, the reruns leave exactly the clean
    /// runs' outbox and state.
    @Test(arguments: ["batch 1 written", "batch 2 renamed", "batch 4 durable"])
    func aKilledRunOfSeriesIsCompletedExactlyOnceByTheRerun(point: String) throws {
        let clean = try TemporaryRepository(RuleExample(files: Self.seriesFiles(changed: false), standalone: true))
        let crashed = try TemporaryRepository(RuleExample(files: Self.seriesFiles(changed: false), standalone: true))
        for (stage, now) in [(false, "2026-12-01T12:00:00Z"), (true, "2026-12-08T16:00:00Z")] {
            if stage {
                for (path, text) in Self.seriesFiles(changed: true) where path.hasPrefix("appointments/") {
                    try clean.write(text, to: path)
                    try crashed.write(text, to: path)
                }
            }
            let cleanRun = try DocketProcess.run(["reconcile", clean.root, "--now", now])
            #expect(cleanRun.status == 0, "\(cleanRun.stderr)")
            let killed = try DocketProcess.run(["reconcile", crashed.root, "--now", now],
                                               environment: ["DOCKET_OUTBOX_BATCH": "20", "DOCKET_FAULT_INJECT": point])
            #expect(killed.status == 9, "the run was not killed at \(point): \(killed.status) \(killed.stderr)")
            let rerun = try DocketProcess.run(["reconcile", crashed.root, "--now", now])
            #expect(rerun.status == 0, "\(rerun.stderr)")
            let expected = try Self.snapshot(clean.root)
            let actual = try Self.snapshot(crashed.root)
            #expect(Set(actual.keys) == Set(expected.keys), "\(point): missing \(Set(expected.keys).subtracting(actual.keys).sorted().prefix(3)), extra \(Set(actual.keys).subtracting(expected.keys).sorted().prefix(3))")
            #expect(expected.keys.filter { actual[$0] != expected[$0] }.isEmpty)
            let again = try DocketProcess.run(["reconcile", crashed.root, "--now", now])
            #expect(again.stdout.hasPrefix("0 messages planned") || again.stdout.contains("\n0 messages planned"), "\(again.stdout.prefix(300))")
        }
        // What the runs wrote: per series, 3 confirmations (clinician, client, coordinator); then
        // per series 3 cancellations and 3 reschedules of single occurrences and the client's
        // first reminder (the 9 December session, 24 hours before: the 72-hour one is skipped).
        let messages = try Self.snapshot(clean.root).keys.filter { $0.hasSuffix(".eml") }
        #expect(messages.count == 60 * 3 + 60 * (3 + 3 + 1))
    }
}
