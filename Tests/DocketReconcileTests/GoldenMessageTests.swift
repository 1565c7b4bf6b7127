import DocketMail
import DocketModel
import DocketReconcile
import DocketRules
import DocketTestSupport
import Foundation
import Testing

/// One message of each (action, role), byte for byte as committed under Golden/, with its
/// iCalendar part beside it. `DOCKET_UPDATE_GOLDEN=1 swift test --filter Golden` rewrites them.
@Suite struct GoldenMessageTests {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Golden").path

    /// Walks one appointment through every action, collecting the first message of each (action, role).
    static func messages() throws -> [String: Data] {
        let repository = try TemporaryRepository(RuleExample(files: [
            "docket.yaml": Clinic.organization,
            "appointments/a-1.yaml": Clinic.appointment(extra: "attachments:\n  - {path: attachments/intake.pdf, title: Intake form}\n  - {path: attachments/checklist.md, title: Checklist, audience: clinician}\n"),
            "attachments/intake.pdf": "%PDF-1.4\n% a tiny intake form\n",
            "attachments/checklist.md": "# Checklist\n",
        ]))
        var collected: [String: Data] = [:]
        func step(_ now: String, _ edit: String? = nil) throws {
            if let edit { try repository.write(edit, to: "appointments/a-1.yaml") }
            let outcome = try Reconciler.run(.init(root: repository.root, now: Instant.parseRFC3339(now)!))
            guard case .done(let plan, _) = outcome else { throw CancellationError() }
            for message in plan.messages {
                let name = "\(message.action.rawValue).\(message.recipient.role.rawValue)"
                let path = Reconciler.messagePath(message, outbox: repository.root + "/.docket/outbox")
                if collected[name] == nil { collected[name] = FileManager.default.contents(atPath: path) }
            }
        }
        try step("2026-12-01T12:00:00Z")
        try step("2026-12-02T12:00:00Z", Clinic.appointment(start: "2026-12-11T15:00"))
        try step("2026-12-03T12:00:00Z", Clinic.appointment(start: "2026-12-11T15:00").replacingOccurrences(of: "title: Intake", with: "title: Intake, part 1"))
        try step("2026-12-10T21:00:00Z")
        try step("2026-12-11T12:00:00Z", Clinic.appointment(start: "2026-12-11T15:00", extra: "status: cancelled\ncancellation:\n  reason: Clinician unwell\n")
            .replacingOccurrences(of: "title: Intake", with: "title: Intake, part 1"))
        return collected
    }

    @Test func everyActionAndRoleMatchesItsGoldenFile() throws {
        let messages = try Self.messages()
        let expectedNames = Set(RecipientRole.allCases.flatMap { role in role.actions.map { "\($0.rawValue).\(role.rawValue)" } })
        #expect(Set(messages.keys) == expectedNames)
        let update = ProcessInfo.processInfo.environment["DOCKET_UPDATE_GOLDEN"] == "1"
        if update { try FileManager.default.createDirectory(atPath: Self.folder, withIntermediateDirectories: true) }
        for (name, data) in messages.sorted(by: { $0.key < $1.key }) {
            let eml = Self.folder + "/" + name + ".eml"
            let ics = Self.folder + "/" + name + ".ics"
            let calendar = Self.calendarPart(of: data)
            if update {
                try data.write(to: URL(fileURLWithPath: eml))
                if let calendar { try calendar.write(to: URL(fileURLWithPath: ics)) }
                continue
            }
            #expect(FileManager.default.contents(atPath: eml) == data, "\(name).eml differs from its golden file")
            if let calendar { #expect(FileManager.default.contents(atPath: ics) == calendar, "\(name).ics differs") }
        }
    }

    @Test func goldenMessagesReadBackCleanly() throws {
        let files = try FileManager.default.contentsOfDirectory(atPath: Self.folder).filter { $0.hasSuffix(".eml") }.sorted()
        #expect(files.count == 17)
        for message in try CheckedMessage.read(files.map { Self.folder + "/" + $0 }) {
            #expect(message.problems.isEmpty, "\(message.file): \(message.problems)")
            let name = URL(fileURLWithPath: message.file).deletingPathExtension().lastPathComponent
            #expect(message.action == String(name.split(separator: ".")[0]))
            #expect(!message.text.contains("SECRET-NOTE"))
            let role = name.split(separator: ".")[1]
            if name.hasPrefix("confirm.") {
                // Attachments follow their audience; the invitation comes as invite.ics too.
                let expected: [String?] = ["invite.ics"] + (role == "client" ? ["intake.pdf"] : role == "clinician" ? ["checklist.md"] : [])
                #expect(message.attachments == expected, "\(name)")
            }
        }
    }

    /// The decoded `text/calendar` part of a message.
    static func calendarPart(of message: Data) -> Data? {
        let text = String(decoding: message, as: UTF8.self)
        guard let header = text.range(of: "Content-Type: text/calendar") else { return nil }
        guard let bodyStart = text.range(of: "\r\n\r\n", range: header.upperBound..<text.endIndex),
              let bodyEnd = text.range(of: "\r\n--", range: bodyStart.upperBound..<text.endIndex) else { return nil }
        return Data(base64Encoded: String(text[bodyStart.upperBound..<bodyEnd.lowerBound]), options: .ignoreUnknownCharacters)
    }
}
