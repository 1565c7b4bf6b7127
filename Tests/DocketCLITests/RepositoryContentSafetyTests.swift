import DocketRules
import DocketTestSupport
import Foundation
import Testing

/// Whatever a repository holds where docket expects a file — a link out of it to a secret, a
/// link to a folder outside, a FIFO, a device, a folder, a file too large — docket neither
/// hangs nor crashes, says what is wrong, and no byte of what lies outside reaches any output,
/// outbox file or calendar feed.
@Suite(.serialized) struct RepositoryContentSafetyTests {
    enum Content: String, CaseIterable {
        case docketFile, template, attachment

        /// Where the hazard is put.
        var path: String {
            switch self {
            case .docketFile: "clients/more/zed.yaml"
            case .template: "templates/confirm.client.txt"
            case .attachment: "attachments/intake-form.pdf"
            }
        }
    }

    enum Hazard: String, CaseIterable {
        case linkToSecretFile, linkToFolderOutside, fifo, characterDevice, folder, tooLarge
    }

    /// A secret outside the repository, as a CI job's environment or key file would be.
    final class Outside {
        let folder: String
        let secret = "SECRET-" + UUID().uuidString

        init() throws {
            folder = NSTemporaryDirectory() + "docket-outside-" + UUID().uuidString
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            // Under every name a hazard may lead to, each holding the secret in a form the
            // reader would accept if it got that far.
            let client = "apiVersion: docket/v1\nkind: Client\nid: zed\nname: \(secret)\nemail: zed@example.com\n"
            try client.write(toFile: folder + "/zed.yaml", atomically: true, encoding: .utf8)
            try "Your secret: \(secret) {{when}}\n".write(toFile: folder + "/confirm.client.txt", atomically: true, encoding: .utf8)
            try secret.write(toFile: folder + "/intake-form.pdf", atomically: true, encoding: .utf8)
            try secret.write(toFile: folder + "/secret.txt", atomically: true, encoding: .utf8)
        }

        deinit { try? FileManager.default.removeItem(atPath: folder) }
    }

    static let appointment = RuleExample.validAppointment + """
        title: Intake
        attachments:
          - { path: attachments/intake-form.pdf, title: Intake form }

        """

    /// A valid repository with a future appointment that attaches a form and a template
    /// override; then the hazard in place of `content`.
    static func repository(_ content: Content, _ hazard: Hazard, outside: Outside) throws -> TemporaryRepository {
        var files = RuleExample.baseFiles
        files["appointments/a-1.yaml"] = appointment
        files["attachments/intake-form.pdf"] = "%PDF-1.4 intake form\n"
        files["templates/confirm.client.txt"] = "Dear {{recipientName}}, see you {{when}}.\n"
        files["clients/more/zed.yaml"] = "apiVersion: docket/v1\nkind: Client\nid: zed\nname: Zed Ng\nemail: zed@example.com\n"
        if content == .attachment, hazard == .tooLarge {
            files["docket.yaml"] = files["docket.yaml"]! + "policy:\n  maxAttachmentMB: 1\n"
        }
        let repository = try TemporaryRepository(RuleExample(files: files, standalone: true))
        let path = repository.root + "/" + content.path
        let name = (content.path as NSString).lastPathComponent
        try FileManager.default.removeItem(atPath: path)
        switch hazard {
        case .linkToSecretFile:
            try FileManager.default.createSymbolicLink(atPath: path, withDestinationPath: outside.folder + "/" + name)
        case .linkToFolderOutside:
            // The folder that holds it is a link to a folder outside holding the same name.
            let folder = (path as NSString).deletingLastPathComponent
            try FileManager.default.removeItem(atPath: folder)
            try FileManager.default.createSymbolicLink(atPath: folder, withDestinationPath: outside.folder)
        case .fifo:
            #expect(mkfifo(path, 0o644) == 0)
        case .characterDevice:
            // The same device as /dev/zero: endless, so reading it would never finish.
            #expect(mknod(path, S_IFCHR | 0o644, 0x105 /* makedev(1, 5): /dev/zero */) == 0, "mknod needs root")
        case .folder:
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: false)
            try outside.secret.write(toFile: path + "/inside.txt", atomically: true, encoding: .utf8)
        case .tooLarge:
            let size = switch content {
            case .docketFile: (1 << 20) + 1
            case .template: (64 << 10) + 1
            case .attachment: (1 << 20) + 1
            }
            let header = content == .docketFile ? "apiVersion: docket/v1\nkind: Client\nid: zed\nname: Zed\nemail: zed@example.com\n#" : "x"
            try Data((header + String(repeating: "x", count: size - header.utf8.count)).utf8).write(to: URL(fileURLWithPath: path))
        }
        return repository
    }

    /// What validate reports about the hazard, by code.
    static func expectedCode(_ content: Content, _ hazard: Hazard) -> String? {
        switch (content, hazard) {
        case (.docketFile, .folder), (.docketFile, .linkToFolderOutside): nil  // folders are walked; links to folders are not followed
        case (.docketFile, _): "file-unreadable"
        case (.template, _): "invalid-template"
        case (.attachment, .linkToSecretFile), (.attachment, .linkToFolderOutside): "attachment-outside-repo"
        case (.attachment, .tooLarge): "attachment-too-large"
        case (.attachment, _): "missing-attachment"
        }
    }

    /// docket with a time limit: a hang fails the test (exit 124) instead of holding CI.
    static func docket(_ arguments: [String]) throws -> DocketProcess.Output {
        try DocketProcess.runProgram("/usr/bin/timeout", ["-s", "KILL", "60", DocketProcess.executable] + arguments)
    }

    static var cases: [(Content, Hazard)] {
        Content.allCases.flatMap { content in
            Hazard.allCases.filter { $0 != .characterDevice || geteuid() == 0 }.map { (content, $0) }
        }
    }

    @Test(arguments: cases)
    func nothingFromOutsideReachesAnyOutput(content: Content, hazard: Hazard) throws {
        let outside = try Outside()
        let repository = try Self.repository(content, hazard, outside: outside)
        let now = ["--now", "2026-11-29T12:00:00Z"]

        let validate = try Self.docket(["validate", repository.root, "--format", "json"] + now)
        #expect(validate.status != 124 && validate.status < 3, "validate hung or crashed: \(validate.status) \(validate.stderr)")
        let json = try JSONSerialization.jsonObject(with: Data(validate.stdout.utf8)) as? [String: Any]
        let findings = (json?["diagnostics"] as? [[String: Any]]) ?? []
        let codes = findings.compactMap { $0["code"] as? String }
        if let expected = Self.expectedCode(content, hazard) {
            let finding = findings.first { ($0["code"] as? String) == expected }
            #expect(finding != nil, "\(content) \(hazard): expected \(expected), got \(codes)")
            #expect((finding?["message"] as? String)?.isEmpty == false)
        } else {
            #expect(codes.isEmpty, "\(content) \(hazard): \(codes)")
        }

        let reconcile = try Self.docket(["reconcile", repository.root] + now)
        let feeds = repository.root + "/feeds"
        let calendar = try Self.docket(["calendar", repository.root, "--out", feeds] + now)
        for run in [validate, reconcile, calendar] {
            #expect(run.status != 124 && run.status < 3, "a run hung or crashed: \(run.status) \(run.stderr)")
            #expect(!run.stdout.contains(outside.secret) && !run.stderr.contains(outside.secret), "\(content) \(hazard): the secret was printed")
        }
        let errors = findings.contains { ($0["severity"] as? String) == "error" }
        #expect(reconcile.status == (errors ? 1 : 0), "\(content) \(hazard): \(reconcile.stdout)\(reconcile.stderr)")
        let outbox = repository.root + "/.docket/outbox"
        // A hazard in a people file or a template holds back everything; in an attachment it
        // holds back its appointment, the only one here.
        if errors {
            #expect(((try? FileManager.default.contentsOfDirectory(atPath: outbox)) ?? []).filter { $0.hasSuffix(".eml") }.isEmpty)
        }
        for folder in [outbox, feeds] {
            for name in (try? FileManager.default.subpathsOfDirectory(atPath: folder)) ?? [] {
                guard let data = FileManager.default.contents(atPath: folder + "/" + name) else { continue }
                #expect(!String(decoding: data, as: UTF8.self).contains(outside.secret), "\(content) \(hazard): the secret is in \(name)")
                // Attachments are base64 in the message.
                #expect(!String(decoding: data, as: UTF8.self).contains(Data(outside.secret.utf8).base64EncodedString().prefix(24)),
                        "\(content) \(hazard): the secret is attached in \(name)")
            }
        }
    }

    /// The report in the issue: a template linked to the process's environment, with the
    /// SMTP password in it, as the shipped workflow sets it.
    @Test func aTemplateLinkedToTheEnvironmentIsRefusedAndThePasswordNeverRendered() throws {
        var files = RuleExample.baseFiles
        files["appointments/a-1.yaml"] = RuleExample.validAppointment
        let repository = try TemporaryRepository(RuleExample(files: files, standalone: true))
        try FileManager.default.createDirectory(atPath: repository.root + "/templates", withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(atPath: repository.root + "/templates/confirm.client.txt", withDestinationPath: "/proc/self/environ")
        let password = "pw-" + UUID().uuidString
        let environment = ["DOCKET_SMTP_PASSWORD": password]
        let validate = try DocketProcess.run(["validate", repository.root, "--now", "2026-11-29T12:00:00Z"], environment: environment)
        #expect(validate.status == 1)
        #expect(validate.stdout.contains("templates/confirm.client.txt:1:1: error: [invalid-template]"), "\(validate.stdout)")
        #expect(validate.stdout.contains("symbolic link to /proc/self/environ"))
        let reconcile = try DocketProcess.run(["reconcile", repository.root, "--now", "2026-11-29T12:00:00Z"], environment: environment)
        #expect(reconcile.status == 1)
        #expect(!FileManager.default.fileExists(atPath: repository.root + "/.docket/outbox") ||
                ((try? FileManager.default.contentsOfDirectory(atPath: repository.root + "/.docket/outbox")) ?? []).filter { $0.hasSuffix(".eml") }.isEmpty)
        #expect(!(validate.stdout + validate.stderr + reconcile.stdout + reconcile.stderr).contains(password))
    }

    /// Links that stay inside the repository are fine, however they get there.
    @Test func linksInsideTheRepositoryAreRead() throws {
        var files = RuleExample.baseFiles
        files["appointments/a-1.yaml"] = Self.appointment
        files["forms/v2/intake.pdf"] = "%PDF-1.4 intake form\n"
        files["wording/confirm.client.txt"] = "Dear {{recipientName}}, see you {{when}}.\n"
        let repository = try TemporaryRepository(RuleExample(files: files, standalone: true))
        // attachments -> forms/v2 (a folder link), templates/confirm.client.txt -> ../wording/… (relative,
        // climbing back in), and an absolute link to a file inside the root.
        try FileManager.default.createSymbolicLink(atPath: repository.root + "/attachments", withDestinationPath: "forms/v2")
        try FileManager.default.createSymbolicLink(atPath: repository.root + "/forms/v2/intake-form.pdf", withDestinationPath: repository.root + "/forms/v2/intake.pdf")
        try FileManager.default.createDirectory(atPath: repository.root + "/templates", withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(atPath: repository.root + "/templates/confirm.client.txt", withDestinationPath: "../wording/confirm.client.txt")
        let validate = try Self.docket(["validate", repository.root, "--now", "2026-11-29T12:00:00Z"])
        #expect(validate.status == 0, "\(validate.stdout)")
        let reconcile = try Self.docket(["reconcile", repository.root, "--now", "2026-11-29T12:00:00Z"])
        #expect(reconcile.status == 0, "\(reconcile.stdout)\(reconcile.stderr)")
        let messages = try CheckedMessage.read(outbox: repository.root + "/.docket/outbox")
        let client = messages.first { $0.address == "jane@example.com" && $0.action == "confirm" }
        #expect(client?.text.contains("Dear Jane Doe, see you") == true)
        #expect(client?.attachments == ["invite.ics", "intake-form.pdf"])
    }
}
