import DocketModel
import DocketRules
import DocketTestSupport
import Foundation
import Testing

/// Hostile and broken input from issue 2: each is a finding at its place, never a crash or a hang.
@Suite struct BadInputTests {
    struct Case: CustomTestStringConvertible, Sendable {
        var name: String
        var code: DiagnosticCode
        var example: RuleExample
        var testDescription: String { name }
    }

    static func appointment(_ body: String) -> RuleExample {
        .appointment("apiVersion: docket/v1\nkind: Appointment\nid: a-1\n" + body)
    }

    static let validBody = "clinician: dr-lee\nclient: jane\nstart: 2026-12-03T14:00\nduration: 50m\n"

    static let cases: [Case] = [
        Case(name: "unclosed flow mapping deep in a list", code: .yamlSyntax, example: appointment(
            "clinician: dr-lee\nclient: jane\nparticipants:\n  - {name: Sam, email: sam@maple.example\nstart↓: 2026-12-03T14:00\n")),
        Case(name: "bad indentation at the top", code: .yamlSyntax, example: .appointment(
            "apiVersion: docket/v1\nkind: Appointment\n  id↓: a-1\n")),
        Case(name: "a tab for indentation", code: .yamlSyntax, example: appointment(
            "clinician: dr-lee\nparticipants:\n↓\t- name: Sam\n")),
        Case(name: "duplicate key in a nested mapping", code: .yamlDuplicateKey, example: appointment(
            validBody + "participants:\n  - name: Sam Ortiz\n    email: sam@maple.example\n    ↓name: Sam\n")),
        Case(name: "billion laughs", code: .yamlTooComplex, example: RuleExample(files: ["appointments/bomb.yaml": billionLaughs],
            expected: ("appointments/bomb.yaml", 5, 14))),
        Case(name: "20,000-deep nesting", code: .yamlTooComplex, example: RuleExample(
            files: ["appointments/deep.yaml": String(repeating: "[", count: 20_000) + String(repeating: "]", count: 20_000)],
            expected: ("appointments/deep.yaml", 1, 65))),
        Case(name: "20,000-deep flow mappings", code: .yamlTooComplex, example: RuleExample(
            files: ["appointments/deep.yaml": String(repeating: "{k: ", count: 20_000) + "v" + String(repeating: "}", count: 20_000)],
            expected: ("appointments/deep.yaml", 1, 257))),
        Case(name: "invalid UTF-8", code: .fileUnreadable, example: RuleExample(files: [:],
            rawFiles: ["clients/bad.yaml": Array("name: Zo".utf8) + [0xC3, 0x28] + Array("\n".utf8)],
            expected: ("clients/bad.yaml", 1, 9))),
        Case(name: "a 2 MiB file", code: .fileUnreadable, example: RuleExample(files: [:],
            rawFiles: ["appointments/huge.yaml": [UInt8](repeating: UInt8(ascii: "a"), count: 2 << 20)],
            expected: ("appointments/huge.yaml", 1, 1))),
        Case(name: "an empty file", code: .unknownKind, example: RuleExample(files: ["appointments/empty.yaml": "↓"])),
        Case(name: "a document that is a scalar", code: .invalidValue, example: .appointment("↓just some text\n")),
        Case(name: "a document that is a list", code: .invalidValue, example: .appointment("↓- apiVersion: docket/v1\n- kind: Appointment\n")),
        Case(name: "status: no", code: .invalidValue, example: appointment(validBody + "status: ↓no\n")),
        Case(name: "a list where a string goes", code: .invalidValue, example: appointment(
            "clinician: ↓[dr-lee, dr-kim]\nclient: jane\nstart: 2026-12-03T14:00\nduration: 50m\n")),
        Case(name: "a mapping where a list goes", code: .invalidValue, example: appointment(
            validBody + "participants:\n  ↓name: Sam Ortiz\n  email: sam@maple.example\n")),
        Case(name: "a mapping where a string goes", code: .invalidValue, example: appointment(
            validBody + "title:\n  ↓text: Intake\n")),
        Case(name: "a string where a mapping goes", code: .invalidValue, example: appointment(
            validBody + "video: ↓https://video.example.com/room/1\n")),
        Case(name: "an unknown field", code: .unknownField, example: appointment(validBody + "↓durations: 50m\n")),
        Case(name: "an id with a space", code: .invalidValue, example: .appointment(
            "apiVersion: docket/v1\nkind: Appointment\nid: ↓a 1\n" + validBody)),
        Case(name: "an id with capitals", code: .invalidValue, example: .appointment(
            "apiVersion: docket/v1\nkind: Appointment\nid: ↓A-1\n" + validBody)),
        Case(name: "a reference with capitals", code: .invalidValue, example: appointment(
            "clinician: ↓Dr-Lee\nclient: jane\nstart: 2026-12-03T14:00\nduration: 50m\n")),
        Case(name: "an e-mail without @", code: .invalidValue, example: RuleExample(files: ["clients/jane.yaml":
            "apiVersion: docket/v1\nkind: Client\nid: jane\nname: Jane Doe\nemail: ↓jane.example.com\n"])),
        Case(name: "an e-mail with a space", code: .invalidValue, example: RuleExample(files: ["clients/jane.yaml":
            "apiVersion: docket/v1\nkind: Client\nid: jane\nname: Jane Doe\nemail: ↓\"jane doe@example.com\"\n"])),
        Case(name: "a participant e-mail with a line break", code: .invalidValue, example: appointment(
            validBody + "participants:\n  - name: Sam\n    email: ↓\"sam@maple.example\\r\\nBcc: all@example.com\"\n")),
        Case(name: "a name holding CR/LF", code: .invalidValue, example: RuleExample(files: ["clients/jane.yaml":
            "apiVersion: docket/v1\nkind: Client\nid: jane\nname: ↓\"Jane\\r\\nBcc: x@example.com\"\nemail: jane@example.com\n"])),
        Case(name: "a name holding NUL", code: .invalidValue, example: RuleExample(files: ["clients/jane.yaml":
            "apiVersion: docket/v1\nkind: Client\nid: jane\nname: ↓\"Jane\\0Doe\"\nemail: jane@example.com\n"])),
        Case(name: "a title in a literal block", code: .invalidValue, example: appointment(
            validBody + "title: ↓|\n  Intake\n  Bcc: x@example.com\n")),
        Case(name: "a time zone that does not exist", code: .invalidTimezone, example: appointment(validBody + "timezone: ↓Mars/Olympus_Mons\n")),
        Case(name: "an abbreviation for a zone", code: .invalidTimezone, example: appointment(validBody + "timezone: ↓GMT+5\n")),
        Case(name: "start without a time", code: .invalidValue, example: appointment("clinician: dr-lee\nclient: jane\nstart: ↓2026-12-03\nduration: 50m\n")),
        Case(name: "start as a time only", code: .invalidValue, example: appointment("clinician: dr-lee\nclient: jane\nstart: ↓14:00\nduration: 50m\n")),
        Case(name: "start with slashes", code: .invalidValue, example: appointment("clinician: dr-lee\nclient: jane\nstart: ↓2026/12/03 14:00\nduration: 50m\n")),
        Case(name: "start on 30 February", code: .invalidValue, example: appointment("clinician: dr-lee\nclient: jane\nstart: ↓2027-02-30T10:00\nduration: 50m\n")),
        Case(name: "start at 25:00", code: .invalidValue, example: appointment("clinician: dr-lee\nclient: jane\nstart: ↓2026-12-03T25:00\nduration: 50m\n")),
        Case(name: "start with a bad offset", code: .invalidValue, example: appointment("clinician: dr-lee\nclient: jane\nstart: ↓2026-12-03T14:00:00-5\nduration: 50m\n")),
        Case(name: "start in words", code: .invalidValue, example: appointment("clinician: dr-lee\nclient: jane\nstart: ↓tomorrow at 2pm\nduration: 50m\n")),
        Case(name: "start as a Unix time", code: .invalidValue, example: appointment("clinician: dr-lee\nclient: jane\nstart: ↓1796324400\nduration: 50m\n")),
        Case(name: "start as a list", code: .invalidValue, example: appointment("clinician: dr-lee\nclient: jane\nstart: ↓[2026-12-03, \"14:00\"]\nduration: 50m\n")),
        Case(name: "duration 0m", code: .invalidDuration, example: appointment("clinician: dr-lee\nclient: jane\nstart: 2026-12-03T14:00\nduration: ↓0m\n")),
        Case(name: "duration -5m", code: .invalidDuration, example: appointment("clinician: dr-lee\nclient: jane\nstart: 2026-12-03T14:00\nduration: ↓-5m\n")),
        Case(name: "duration 50 minutes", code: .invalidValue, example: appointment("clinician: dr-lee\nclient: jane\nstart: 2026-12-03T14:00\nduration: ↓50 minutes\n")),
        Case(name: "both duration and end", code: .invalidValue, example: appointment(
            "clinician: dr-lee\nclient: jane\nstart: 2026-12-03T14:00\nduration: 50m\n↓end: 2026-12-03T14:50\n")),
        Case(name: "attachment ../../etc/passwd", code: .attachmentOutsideRepo, example: appointment(validBody + "attachments:\n  - path: ↓../../etc/passwd\n")),
        Case(name: "attachment /etc/passwd", code: .attachmentOutsideRepo, example: appointment(validBody + "attachments:\n  - path: ↓/etc/passwd\n")),
        Case(name: "attachment through a symlink out of the repo", code: .attachmentOutsideRepo, example: RuleExample(
            files: ["appointments/a-1.yaml": "apiVersion: docket/v1\nkind: Appointment\nid: a-1\n" + validBody + "attachments:\n  - path: ↓forms/intake.pdf\n"],
            symlinks: ["forms": "/etc"])),
        Case(name: "a dangling symlink named like a docket file", code: .fileUnreadable, example: RuleExample(files: [:],
            symlinks: ["appointments/a-9.yaml": "nowhere.yaml"], expected: ("appointments/a-9.yaml", 1, 1))),
        Case(name: "an unknown code in policy.severity", code: .invalidValue, example: RuleExample(files: ["docket.yaml":
            (RuleExample.baseFiles["docket.yaml"]!) + "policy:\n  severity:\n    ↓double-booked: off\n"])),
        Case(name: "a negative bufferMinutes", code: .invalidValue, example: RuleExample(files: ["docket.yaml":
            (RuleExample.baseFiles["docket.yaml"]!) + "policy:\n  bufferMinutes: ↓-5\n"])),
        // Forge accounts, and the request workflow's keys.
        Case(name: "a GitHub login starting with a hyphen", code: .invalidValue, example: person("github: ↓-sam\n")),
        Case(name: "a GitHub login with two hyphens running", code: .invalidValue, example: person("github: ↓sam--ortiz\n")),
        Case(name: "a GitHub login of 40 characters", code: .invalidValue, example: person("github: ↓" + String(repeating: "s", count: 40) + "\n")),
        Case(name: "a GitHub login in full-width letters", code: .invalidValue, example: person("github: ↓ＳａｍＯｒｔｉｚ\n")),
        Case(name: "a GitHub login with a Cyrillic look-alike", code: .invalidValue, example: person("github: ↓s\u{0430}m\n")),
        Case(name: "a GitHub login given as a list", code: .invalidValue, example: person("github: ↓[sam]\n")),
        Case(name: "a GitLab username with a space", code: .invalidValue, example: person("gitlab: ↓\"sam ortiz\"\n")),
        Case(name: "a GitLab username starting with a dot", code: .invalidValue, example: person("gitlab: ↓.sam\n")),
        Case(name: "a misspelled forge field", code: .unknownField, example: person("↓guthub: sam\n")),
        Case(name: "automation without signingKeys", code: .missingField, example: RuleExample(files: ["docket.yaml":
            (RuleExample.baseFiles["docket.yaml"]!) + "automation: ↓{}\n"])),
        Case(name: "an automation key that is no key", code: .invalidValue, example: RuleExample(files: ["docket.yaml":
            (RuleExample.baseFiles["docket.yaml"]!) + "automation:\n  signingKeys:\n    - ↓not-a-key\n"])),
        Case(name: "an unknown field of automation", code: .unknownField, example: RuleExample(files: ["docket.yaml":
            (RuleExample.baseFiles["docket.yaml"]!) + "automation:\n  signingKeys: []\n  ↓token: x\n"])),
        Case(name: "a window 17:00-09:00", code: .invalidValue, example: clinician("    monday: [↓\"17:00-09:00\"]\n")),
        Case(name: "a window 25:00-26:00", code: .invalidValue, example: clinician("    monday: [↓\"25:00-26:00\"]\n")),
        Case(name: "a window 9-5", code: .invalidValue, example: clinician("    monday: [↓9-5]\n")),
        Case(name: "overlapping windows", code: .invalidValue, example: clinician("    monday: [\"09:00-12:00\", ↓\"11:00-13:00\"]\n")),
        Case(name: "a misspelled weekday", code: .unknownField, example: clinician("    ↓mondy: [\"09:00-12:00\"]\n")),
        Case(name: "an exception on 2027-02-30", code: .invalidValue, example: clinician(
            "    monday: [\"09:00-12:00\"]\n  exceptions:\n    - {date: ↓2027-02-30, hours: []}\n")),
        Case(name: "time off ending before it starts", code: .invalidValue, example: clinician(
            "    monday: [\"09:00-12:00\"]\n  timeOff:\n    - {from: 2026-12-20, to: ↓2026-12-10}\n")),
    ]

    /// The base coordinator with `fields` added.
    static func person(_ fields: String) -> RuleExample {
        RuleExample(files: ["coordinators/sam.yaml": RuleExample.baseFiles["coordinators/sam.yaml"]! + fields])
    }

    static func clinician(_ availability: String) -> RuleExample {
        RuleExample(files: ["clinicians/dr-lee.yaml": """
            apiVersion: docket/v1
            kind: Clinician
            id: dr-lee
            name: Dr. Ada Lee
            email: ada.lee@maple.example
            timezone: America/Toronto
            availability:
              weekly:

            """ + availability])
    }

    static let billionLaughs = """
        lol1: &lol1 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]
        lol2: &lol2 [*lol1, *lol1, *lol1, *lol1, *lol1, *lol1, *lol1, *lol1, *lol1]
        lol3: &lol3 [*lol2, *lol2, *lol2, *lol2, *lol2, *lol2, *lol2, *lol2, *lol2]
        lol4: &lol4 [*lol3, *lol3, *lol3, *lol3, *lol3, *lol3, *lol3, *lol3, *lol3]
        lol5: &lol5 [*lol4, *lol4, *lol4, *lol4, *lol4, *lol4, *lol4, *lol4, *lol4]
        lol6: &lol6 [*lol5, *lol5, *lol5, *lol5, *lol5, *lol5, *lol5, *lol5, *lol5]
        lol7: &lol7 [*lol6, *lol6, *lol6, *lol6, *lol6, *lol6, *lol6, *lol6, *lol6]
        lol8: &lol8 [*lol7, *lol7, *lol7, *lol7, *lol7, *lol7, *lol7, *lol7, *lol7]
        lol9: &lol9 [*lol8, *lol8, *lol8, *lol8, *lol8, *lol8, *lol8, *lol8, *lol8]

        """

    @Test(arguments: cases)
    func badInputIsAFindingAtItsPlace(_ badInput: Case) throws {
        let repository = try TemporaryRepository(badInput.example)
        let marker = try #require(repository.marker)
        let clock = ContinuousClock.now
        let result = try Validator.validate(root: repository.root, options: ValidationOptions(now: Instant.parseRFC3339(RuleExample.defaultNow)!))
        #expect(ContinuousClock.now - clock < .seconds(5), "took too long")
        let expected = SourceLocation(file: marker.file, line: marker.line, column: marker.column)
        #expect(result.diagnostics.contains { $0.code == badInput.code && $0.location == expected },
                "expected [\(badInput.code)] at \(expected); got \(result.diagnostics.map { "\($0.location) [\($0.code)] \($0.message)" })")
        #expect(result.hasErrors || RuleCatalogue.severity(of: badInput.code) == .warning)
    }

    @Test func aFIFONamedLikeADocketFileIsReportedNotWaitedFor() throws {
        let repository = try TemporaryRepository(RuleExample(files: [:]))
        try FileManager.default.createDirectory(atPath: repository.root + "/appointments", withIntermediateDirectories: true)
        #expect(mkfifo(repository.root + "/appointments/pipe.yaml", 0o644) == 0)
        let result = try Validator.validate(root: repository.root, options: ValidationOptions(now: Instant(seconds: 0)))
        #expect(result.diagnostics.contains { $0.code == .fileUnreadable && $0.location.file == "appointments/pipe.yaml" })
    }

    @Test func aFileThatCannotBeOpenedIsUnreadable() throws {
        // Root reads any file whatever its mode, so an unopenable file is made by a link loop.
        let repository = try TemporaryRepository(RuleExample(files: [:], symlinks: ["clients/loop.yaml": "loop.yaml"]))
        let result = try Validator.validate(root: repository.root, options: ValidationOptions(now: Instant(seconds: 0)))
        #expect(result.diagnostics.contains { $0.code == .fileUnreadable && $0.location == SourceLocation(file: "clients/loop.yaml", line: 1, column: 1) })
    }

    @Test func aFolderNamedLikeAYAMLFileIsWalkedNotRead() throws {
        let repository = try TemporaryRepository(RuleExample(files: ["appointments/a-1.yaml/a-2.yaml": RuleExample.validAppointment]))
        let result = try Validator.validate(root: repository.root, options: ValidationOptions(now: Instant(seconds: 0)))
        #expect(result.diagnostics.isEmpty, "\(result.diagnostics)")
        #expect(result.summary.appointments == 1)
    }
}
