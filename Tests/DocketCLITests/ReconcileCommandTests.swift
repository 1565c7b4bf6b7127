import DocketRules
import DocketTestSupport
import Foundation
import Testing

@Suite struct ReconcileCommandTests {
    static let now = "2026-12-01T12:00:00Z"

    static func clinic(extraFiles: [String: String] = [:], appointment: String? = nil) throws -> TemporaryRepository {
        var files = RuleExample.baseFiles.merging(extraFiles) { _, new in new }
        files["appointments/a-1.yaml"] = appointment ?? RuleExample.validAppointment + "title: Intake\n"
        return try TemporaryRepository(RuleExample(files: files, standalone: true))
    }

    @Test func dryRunPrintsThePlanAndWritesNothing() throws {
        let repository = try Self.clinic()
        let output = try DocketProcess.run(["reconcile", repository.root, "--now", Self.now, "--dry-run"])
        #expect(output.status == 0, "\(output.stderr)")
        #expect(output.stdout.contains("+ confirm a-1 → jane@example.com (client)"))
        #expect(output.stdout.contains("+ confirm a-1 → ada.lee@maple.example (clinician)"))
        #expect(output.stdout.contains("2 messages planned"))
        #expect(!FileManager.default.fileExists(atPath: repository.root + "/.docket"))
    }

    @Test func jsonListsEachActionWithItsFile() throws {
        let repository = try Self.clinic()
        let output = try DocketProcess.run(["reconcile", repository.root, "--now", Self.now, "--format", "json"])
        #expect(output.status == 0, "\(output.stderr)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(output.stdout.utf8)) as? [String: Any])
        #expect(object["version"] as? Int == 1)
        let actions = try #require(object["actions"] as? [[String: Any]])
        #expect(actions.count == 2)
        for action in actions {
            #expect(Set(action.keys).isSuperset(of: ["appointment", "action", "recipient", "role", "file"]))
            #expect(FileManager.default.fileExists(atPath: action["file"] as? String ?? ""))
        }
        let again = try DocketProcess.run(["reconcile", repository.root, "--now", Self.now, "--format", "json"])
        let second = try #require(try JSONSerialization.jsonObject(with: Data(again.stdout.utf8)) as? [String: Any])
        #expect((second["actions"] as? [Any])?.isEmpty == true)
    }

    @Test(arguments: [("garbage", "not json at all"), ("truncated", "{\"version\": 1, \"appointments\": {\"a-1\": {\"file\""),
                      ("empty", ""), ("newer", "{\"version\": 99, \"appointments\": {}}"), ("wrong shape", "{\"version\": 1, \"appointments\": []}")])
    func aStateThatDoesNotReadStopsTheRunAndIsKept(_ name: String, _ content: String) throws {
        let repository = try Self.clinic()
        try repository.write(content, to: ".docket/state.json")
        let output = try DocketProcess.run(["reconcile", repository.root, "--now", Self.now])
        #expect(output.status == 2, "\(name): \(output.stdout)")
        #expect(output.stderr.contains("state"))
        #expect(try String(contentsOfFile: repository.root + "/.docket/state.json", encoding: .utf8) == content)
        #expect((try? FileManager.default.contentsOfDirectory(atPath: repository.root + "/.docket/outbox"))?.filter { $0.hasSuffix(".eml") }.isEmpty ?? true)
    }

    @Test func anOutboxThatCannotBeWrittenIsExitStatusTwo() throws {
        let repository = try Self.clinic()
        try repository.write("a file where the outbox should be", to: "blocked")
        let output = try DocketProcess.run(["reconcile", repository.root, "--now", Self.now, "--outbox", repository.root + "/blocked/outbox"])
        #expect(output.status == 2)
        #expect(!FileManager.default.fileExists(atPath: repository.root + "/.docket/state.json"))
    }

    /// Two pull requests that each validated alone, merged: a double booking on main. Both
    /// appointments are held back, listed with the finding; every other message goes out.
    @Test func aDoubleBookingHoldsBackBothAppointmentsAndTheRestGoesOut() throws {
        let other = RuleExample.validAppointment.replacingOccurrences(of: "id: a-1", with: "id: a-2")
        let third = RuleExample.validAppointment.replacingOccurrences(of: "id: a-1", with: "id: a-3").replacingOccurrences(of: "14:00", with: "16:00")
        let repository = try Self.clinic(extraFiles: ["appointments/a-2.yaml": other, "appointments/a-3.yaml": third])
        let output = try DocketProcess.run(["reconcile", repository.root, "--now", Self.now, "--format", "json"])
        #expect(output.status == 1, "\(output.stderr)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(output.stdout.utf8)) as? [String: Any])
        let actions = try #require(object["actions"] as? [[String: Any]])
        #expect(Set(actions.compactMap { $0["appointment"] as? String }) == ["a-3"])
        let held = try #require(object["held"] as? [[String: Any]])
        #expect(held.compactMap { $0["appointment"] as? String } == ["a-1", "a-2"])
        for entry in held {
            let diagnostics = try #require(entry["diagnostics"] as? [[String: Any]])
            #expect(diagnostics.contains { $0["code"] as? String == "clinician-double-booked" && $0["severity"] as? String == "error" })
            #expect(diagnostics.allSatisfy { Set($0.keys).isSuperset(of: ["severity", "code", "message", "file", "line", "column", "related"]) })
        }
        let outbox = repository.root + "/.docket/outbox"
        #expect(((try? FileManager.default.contentsOfDirectory(atPath: outbox)) ?? []).filter { $0.hasSuffix(".eml") }.count == 2)

        // Text says which are held and why.
        let text = try DocketProcess.run(["reconcile", repository.root, "--now", Self.now, "--dry-run"])
        #expect(text.status == 1)
        #expect(text.stdout.contains("! held a-1: not planned"), "\(text.stdout)")
        #expect(text.stdout.contains("[clinician-double-booked]"))
        #expect(text.stdout.contains("2 appointments held back by errors"))

        // Fixed: the two are confirmed now, and a-3 is not told again.
        try repository.write(other.replacingOccurrences(of: "14:00", with: "10:00"), to: "appointments/a-2.yaml")
        let fixed = try DocketProcess.run(["reconcile", repository.root, "--now", Self.now, "--format", "json"])
        #expect(fixed.status == 0, "\(fixed.stderr)")
        let after = try #require(try JSONSerialization.jsonObject(with: Data(fixed.stdout.utf8)) as? [String: Any])
        #expect(Set((after["actions"] as? [[String: Any]] ?? []).compactMap { $0["appointment"] as? String }) == ["a-1", "a-2"])
        #expect((after["held"] as? [Any])?.isEmpty == true)
    }

    /// A file that no longer parses is not a deleted appointment: nothing is cancelled, even
    /// with --prune, and its earlier confirmation stands.
    @Test func aFileThatNoLongerParsesIsHeldNotCancelled() throws {
        let repository = try Self.clinic()
        #expect(try DocketProcess.run(["reconcile", repository.root, "--now", Self.now]).status == 0)
        try repository.write("apiVersion: docket/v1\nkind: Appointment\nid: a-1\nstart: [unclosed\n", to: "appointments/a-1.yaml")
        let output = try DocketProcess.run(["reconcile", repository.root, "--now", Self.now, "--prune"])
        #expect(output.status == 1, "\(output.stdout)\(output.stderr)")
        #expect(output.stdout.contains("! held a-1"), "\(output.stdout)")
        #expect(output.stdout.contains("0 messages planned"), "\(output.stdout)")
    }

    /// The folder layout is a convention: an appointment file elsewhere that no longer parses
    /// still holds (only) the appointment the state recorded from it.
    @Test func aBrokenAppointmentFileOutsideAppointmentsHoldsWhatItHeld() throws {
        let other = RuleExample.validAppointment.replacingOccurrences(of: "id: a-1", with: "id: a-2").replacingOccurrences(of: "14:00", with: "16:00")
        let repository = try Self.clinic(extraFiles: ["bookings/a-2.yaml": other])
        #expect(try DocketProcess.run(["reconcile", repository.root, "--now", Self.now]).status == 0)
        try repository.write("apiVersion: docket/v1\nkind: Appointment\nid: a-2\nstart: [\n", to: "bookings/a-2.yaml")
        try repository.write(RuleExample.validAppointment + "title: Intake\nstatus: cancelled\n", to: "appointments/a-1.yaml")
        let output = try DocketProcess.run(["reconcile", repository.root, "--now", Self.now, "--format", "json"])
        #expect(output.status == 1, "\(output.stderr)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(output.stdout.utf8)) as? [String: Any])
        #expect(Set((object["actions"] as? [[String: Any]] ?? []).compactMap { $0["action"] as? String }) == ["cancel"], "\(output.stdout)")
        #expect((object["held"] as? [[String: Any]])?.compactMap { $0["appointment"] as? String } == ["a-2"])
    }

    /// A new booking that does not parse holds nothing docket knows: it is reported, the run
    /// fails, and the rest of the clinic's mail goes out.
    @Test func aNewBookingThatDoesNotParseIsReportedAndTheRestGoesOut() throws {
        let repository = try Self.clinic(extraFiles: ["appointments/typo.yaml": "apiVersion: docket/v1\nkind: Appointment\nid: a-2\nstart: [\n"])
        let output = try DocketProcess.run(["reconcile", repository.root, "--now", Self.now, "--format", "json"])
        #expect(output.status == 1, "\(output.stderr)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(output.stdout.utf8)) as? [String: Any])
        #expect(Set((object["actions"] as? [[String: Any]] ?? []).compactMap { $0["appointment"] as? String }) == ["a-1"])
        let unplaced = try #require(object["unplaced"] as? [[String: Any]])
        #expect(unplaced.first?["file"] as? String == "appointments/typo.yaml")
    }

    /// docket.yaml, a people file or a template decide what every message says: an error
    /// there holds back everything.
    @Test(arguments: [("docket.yaml", "apiVersion: docket/v1\nkind: Organization\nid: maple\nname: Maple\ntimezone: Mars/Base\nemail:\n  from: Maple <a@maple.example>\n  domain: maple.example\n"),
                      ("clients/jane.yaml", "apiVersion: docket/v1\nkind: Client\nid: jane\nname: Jane Doe\nemail: not-an-address\n"),
                      ("templates/confirm.client.txt", "Hello {{nosuchvariable}}\n")])
    func anErrorThatConcernsEveryoneWritesNothing(file: String, text: String) throws {
        let repository = try Self.clinic(extraFiles: [file: text])
        let output = try DocketProcess.run(["reconcile", repository.root, "--now", Self.now, "--format", "json"])
        #expect(output.status == 1)
        #expect(output.stderr.contains("nothing was planned or written"), "\(output.stderr)")
        #expect(!FileManager.default.fileExists(atPath: repository.root + "/.docket"))
        let object = try #require(try JSONSerialization.jsonObject(with: Data(output.stdout.utf8)) as? [String: Any])
        #expect((object["actions"] as? [Any])?.isEmpty == true)
        #expect((object["held"] as? [[String: Any]])?.compactMap { $0["appointment"] as? String } == ["a-1"])
    }

    @Test func hostileNamesAndLongTitlesStayInTheirHeaders() throws {
        let title = String(repeating: "Long title ", count: 45) + String(repeating: "x", count: 5)
        let repository = try Self.clinic(extraFiles: [
            "clients/jane.yaml": "apiVersion: docket/v1\nkind: Client\nid: jane\nname: \"O'Brien, \\\"Jr\\\" =?utf-8?q?Bcc=3A_x?= 李伟\"\nemail: jane@example.com\n",
        ], appointment: RuleExample.validAppointment + "title: \"\(title)\"\n")
        let output = try DocketProcess.run(["reconcile", repository.root, "--now", Self.now])
        #expect(output.status == 0, "\(output.stderr)")
        let messages = try CheckedMessage.read(outbox: repository.root + "/.docket/outbox")
        #expect(messages.count == 2)
        for message in messages {
            #expect(message.problems.isEmpty, "\(message.problems)")
            #expect(message.subject.contains(title))
        }
        let client = try #require(messages.first { $0.address == "jane@example.com" })
        #expect(client.to.contains("O'Brien, \"Jr\" =?utf-8?q?Bcc=3A_x?= 李伟") || client.to.contains("O'Brien, \\\"Jr\\\" =?utf-8?q?Bcc=3A_x?= 李伟"),
                "To was read as \(client.to)")
        for name in try FileManager.default.contentsOfDirectory(atPath: repository.root + "/.docket/outbox") where name.hasSuffix(".eml") {
            let raw = try String(contentsOfFile: repository.root + "/.docket/outbox/" + name, encoding: .utf8)
            #expect(!raw.contains("\r\nBcc:"))
        }
    }

    @Test func anAttachmentOverTheLimitIsNamedNotAttached() throws {
        let repository = try Self.clinic(appointment: RuleExample.validAppointment + "attachments:\n  - {path: attachments/scan.pdf, title: Scan}\n  - {path: attachments/form.pdf, title: Form}\n")
        try repository.write(Data(count: (10 << 20) + 1), to: "attachments/scan.pdf")
        try repository.write("%PDF-1.4\n", to: "attachments/form.pdf")
        let validate = try DocketProcess.run(["validate", repository.root, "--now", Self.now])
        #expect(validate.status == 0)
        #expect(validate.stdout.contains("warning: [attachment-too-large]"))
        let output = try DocketProcess.run(["reconcile", repository.root, "--now", Self.now])
        #expect(output.status == 0, "\(output.stderr)")
        let client = try #require(try CheckedMessage.read(outbox: repository.root + "/.docket/outbox").first { $0.address == "jane@example.com" })
        #expect(client.attachments == ["invite.ics", "form.pdf"])
        #expect(client.text.contains("Scan (scan.pdf): too large to attach"))
    }

    @Test func twoRunsAtOnceNeverInterleave() throws {
        let repository = try Self.clinic()
        let root = repository.root
        let group = DispatchGroup()
        let outputs = OutputBox()
        for _ in 0..<2 {
            group.enter()
            DispatchQueue.global().async {
                let output = try? DocketProcess.run(["reconcile", root, "--now", Self.now])
                outputs.append(output)
                group.leave()
            }
        }
        group.wait()
        let results = outputs.values
        #expect(results.allSatisfy { $0?.status == 0 })
        #expect(Set(results.compactMap { $0?.stdout.split(separator: "\n").last.map(String.init) }.map { $0.hasPrefix("2 messages planned") ? "2" : $0.hasPrefix("0 messages") ? "0" : $0 }) == ["2", "0"])
        let names = try FileManager.default.contentsOfDirectory(atPath: repository.root + "/.docket/outbox")
        #expect(names.filter { $0.hasSuffix(".eml") }.count == 2)
        #expect(names.allSatisfy { !$0.hasPrefix(".tmp-") })
    }
}

final class OutputBox: @unchecked Sendable {
    private let lock = NSLock()
    private var outputs: [DocketProcess.Output?] = []

    func append(_ output: DocketProcess.Output?) {
        lock.lock()
        outputs.append(output)
        lock.unlock()
    }

    var values: [DocketProcess.Output?] {
        lock.lock()
        defer { lock.unlock() }
        return outputs
    }
}
