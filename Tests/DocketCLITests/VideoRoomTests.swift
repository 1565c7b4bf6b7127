import DocketRules
import DocketTestSupport
import Foundation
import Testing

/// Video rooms nobody can guess: `video.linkTemplate` with `{{room}}`, the room derived from
/// the appointment's id under a key that is never in the repository.
@Suite struct VideoRoomTests {
    static let now = "2026-12-01T12:00:00Z"
    static let key = "clinic-room-key-0123456789abcdef"

    /// The base clinic (whose docket.yaml has a link template) with one video appointment of its own.
    static func clinic(start: String = "2026-12-03T14:00", extra: String = "") throws -> TemporaryRepository {
        try TemporaryRepository(RuleExample(files: ["appointments/a-1.yaml": """
            apiVersion: docket/v1
            kind: Appointment
            id: a-1
            clinician: dr-lee
            client: jane
            start: \(start)
            duration: 50m
            title: Intake
            \(extra)
            """]))
    }

    /// The joining links in the messages `reconcile` wrote now, by recipient.
    static func reconcile(_ repository: TemporaryRepository, key: String = VideoRoomTests.key, now: String = VideoRoomTests.now) throws -> [String: String] {
        let outbox = repository.root + "/.docket/outbox"
        let before = Set((try? FileManager.default.contentsOfDirectory(atPath: outbox)) ?? [])
        let output = try DocketProcess.run(["reconcile", repository.root, "--now", now], environment: ["DOCKET_VIDEO_KEY": key])
        #expect(output.status == 0, "\(output.stdout)\(output.stderr)")
        let new = Set((try? FileManager.default.contentsOfDirectory(atPath: outbox)) ?? []).subtracting(before).filter { $0.hasSuffix(".eml") }
        var links: [String: String] = [:]
        for message in try CheckedMessage.read(new.map { outbox + "/" + $0 }) {
            links[message.address] = message.text.firstMatch(of: /Join:\s+(\S+)/).map { String($0.1) } ?? ""
        }
        return links
    }

    @Test func theSameKeyGivesTheSameRoomAcrossRunsAndReschedules() throws {
        let repository = try Self.clinic()
        let confirmed = try Self.reschedulable(repository)
        let link = try #require(confirmed["jane@example.com"])
        #expect(link.hasPrefix("https://video.maple.example/room/"))
        let room = String(link.dropFirst("https://video.maple.example/room/".count))
        #expect(room.count == 26 && room.allSatisfy { "abcdefghijklmnopqrstuvwxyz234567".contains($0) }, "\(room)")
        #expect(confirmed["ada.lee@maple.example"] == link)
        // Moved: the reschedule carries the same room.
        try repository.write(try String(contentsOfFile: repository.root + "/appointments/a-1.yaml", encoding: .utf8)
            .replacingOccurrences(of: "start: 2026-12-03T14:00", with: "start: 2026-12-03T16:00"), to: "appointments/a-1.yaml")
        let moved = try Self.reconcile(repository, now: "2026-12-01T13:00:00Z")
        #expect(moved["jane@example.com"] == link)
        // The invitation carries it too, as LOCATION and URL.
        let outbox = repository.root + "/.docket/outbox"
        let messages = try CheckedMessage.read(try FileManager.default.contentsOfDirectory(atPath: outbox).filter { $0.hasSuffix(".eml") }.map { outbox + "/" + $0 })
        let unfolded = try FileManager.default.contentsOfDirectory(atPath: outbox).filter { $0.hasSuffix(".eml") }.map {
            try String(contentsOfFile: outbox + "/" + $0, encoding: .utf8)
        }
        #expect(messages.count == 4)
        #expect(unfolded.allSatisfy { !$0.contains(Self.key) })
        // Another repository, same id, same key: the same room; another key: another room.
        let again = try Self.clinic()
        #expect(try Self.reconcile(again)["jane@example.com"] == link)
        let otherKey = try Self.clinic()
        #expect(try Self.reconcile(otherKey, key: "another-room-key-0123456789abcdef")["jane@example.com"] != link)
    }

    static func reschedulable(_ repository: TemporaryRepository) throws -> [String: String] {
        try Self.reconcile(repository)
    }

    @Test func anotherAppointmentGetsAnotherRoomAndAnExplicitLinkWins() throws {
        let repository = try TemporaryRepository(RuleExample(files: [
            "appointments/a-1.yaml": RuleExample.validAppointment,
            "appointments/a-2.yaml": RuleExample.validAppointment.replacingOccurrences(of: "id: a-1", with: "id: a-2")
                .replacingOccurrences(of: "2026-12-03T14:00", with: "2026-12-04T14:00"),
            "appointments/a-3.yaml": RuleExample.validAppointment.replacingOccurrences(of: "id: a-1", with: "id: a-3")
                .replacingOccurrences(of: "2026-12-03T14:00", with: "2026-12-05T14:00") + "video:\n  link: https://meet.example.com/own-room\n",
        ]))
        let output = try DocketProcess.run(["reconcile", repository.root, "--now", Self.now])
        #expect(output.status == 0)
        let outbox = repository.root + "/.docket/outbox"
        let messages = try CheckedMessage.read(try FileManager.default.contentsOfDirectory(atPath: outbox).filter { $0.hasSuffix(".eml") }.map { outbox + "/" + $0 })
        func link(_ id: String) -> String? {
            messages.first { $0.address == "jane@example.com" && $0.uid?.hasPrefix(id + "@") == true }?.text.firstMatch(of: /Join:\s+(\S+)/).map { String($0.1) }
        }
        #expect(link("a-1") != nil && link("a-2") != nil && link("a-1") != link("a-2"))
        #expect(link("a-3") == "https://meet.example.com/own-room")
    }

    @Test func reconcileWithATemplateAndNoKeyDoesNotRun() throws {
        let repository = try Self.clinic()
        for key in ["", "short"] {
            let output = try DocketProcess.run(["reconcile", repository.root, "--now", Self.now], environment: ["DOCKET_VIDEO_KEY": key])
            #expect(output.status == 2)
            #expect(output.stderr.contains(key.isEmpty ? "set DOCKET_VIDEO_KEY or pass --video-key-file" : "at least 16"), "\(output.stderr)")
            #expect(!FileManager.default.fileExists(atPath: repository.root + "/.docket/state.json"))
        }
        // From a file, and validate needs no key at all.
        try (Self.key + "\n").write(toFile: repository.root + "/../video.key", atomically: true, encoding: .utf8)
        let fromFile = try DocketProcess.run(["reconcile", repository.root, "--now", Self.now, "--video-key-file", repository.root + "/../video.key"],
                                             environment: ["DOCKET_VIDEO_KEY": ""])
        #expect(fromFile.status == 0, "\(fromFile.stderr)")
        let validate = try DocketProcess.run(["validate", repository.root, "--now", Self.now], environment: ["DOCKET_VIDEO_KEY": ""])
        #expect(validate.status == 0)
    }

    /// Published feeds, the dashboard and lists never carry a joining link.
    @Test func noRoomWhereItMustNotBe() throws {
        let repository = try Self.clinic()
        let link = try #require(try Self.reconcile(repository)["jane@example.com"])
        let room = String(link.split(separator: "/").last!)
        var published: [String] = []
        _ = try DocketProcess.run(["calendar", repository.root, "--out", repository.root + "/feeds", "--now", Self.now])
        for name in try FileManager.default.contentsOfDirectory(atPath: repository.root + "/feeds") {
            published.append(try String(contentsOfFile: repository.root + "/feeds/" + name, encoding: .utf8).replacingOccurrences(of: "\r\n ", with: ""))
        }
        _ = try DocketProcess.run(["dashboard", repository.root, "--out", repository.root + "/page", "--now", Self.now])
        published.append(try String(contentsOfFile: repository.root + "/page/index.html", encoding: .utf8))
        for format in ["table", "json", "csv"] {
            published.append(try DocketProcess.run(["list", repository.root, "--format", format, "--now", Self.now]).stdout)
        }
        published.append(try DocketProcess.run(["validate", repository.root, "--format", "json", "--now", Self.now]).stdout)
        #expect(published.count == 7)
        for text in published {
            #expect(!text.contains(room) && !text.contains("video.maple.example/room"), "a published output carries the room")
        }
    }

    @Test(arguments: [
        ("https://video.example.com/room/fixed", "has no {{room}}"),
        ("ftp://video.example.com/{{room}}", "not an http(s) link"),
        ("https://video.example.com/{{room}}/{{id}}", "may use only {{room}}"),
    ])
    func aTemplateThatCannotMakeRoomsIsInvalid(template: String, reason: String) throws {
        let repository = try TemporaryRepository(RuleExample(files: [
            "docket.yaml": MissingVideoLinkRule.organizationWithoutRooms + "video:\n  linkTemplate: \"\(template)\"\n",
        ]))
        let output = try DocketProcess.run(["validate", repository.root, "--now", Self.now])
        #expect(output.status == 1)
        #expect(output.stdout.contains("[invalid-value]") && output.stdout.contains(reason), "\(output.stdout)")
    }
}
