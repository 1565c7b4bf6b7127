@testable import DocketModel
import DocketYAML
import Testing

/// The decoder's fields come from the JSON Schemas docket carries; these pin that the
/// fields the decoder *requires* (a check written in the decoder) are the ones the schemas
/// mark required, mapping by mapping.
@Suite struct FieldTableTests {
    /// The `missing-field` findings of decoding `yaml`, by the field they name.
    static func missing(_ yaml: String) -> Set<String> {
        let loaded = RepositoryLoader.decodeFile(Array(yaml.utf8), relativePath: "x.yaml", number: SourceFiles.shared.number(for: "x.yaml"),
                                                 limits: YAMLLimits())
        return Set(loaded.diagnostics.filter { $0.code == .missingField }.compactMap { finding in
            finding.message.firstMatch(of: /has no '([A-Za-z]+)'/).map { String($0.1) }
        })
    }

    static let header = "apiVersion: docket/v1\nkind: %KIND%\nid: x-1\n"

    @Test(arguments: DocumentKind.allCases)
    func aDocumentWithOnlyItsHeaderLacksExactlyTheRequiredFields(kind: DocumentKind) {
        // (An appointment also needs duration or end, one of two, which the schema says with
        // oneOf and the decoder in words of its own.)
        let expected = Set(FieldTable.required(kind.rawValue)).subtracting(["apiVersion", "kind", "id"])
        #expect(Self.missing(Self.header.replacingOccurrences(of: "%KIND%", with: kind.rawValue)) == expected)
    }

    @Test(arguments: [
        ("Organization.email", "apiVersion: docket/v1\nkind: Organization\nid: o\nname: O\ntimezone: UTC\nemail: {replyTo: a@b.example}\n"),
        ("Appointment.participants[]", "apiVersion: docket/v1\nkind: Appointment\nid: a\nclinician: c\nclient: d\nstart: 2026-12-03T14:00\nduration: 50m\nparticipants:\n  - {role: interpreter}\n"),
        ("Appointment.attachments[]", "apiVersion: docket/v1\nkind: Appointment\nid: a\nclinician: c\nclient: d\nstart: 2026-12-03T14:00\nduration: 50m\nattachments:\n  - {title: Form}\n"),
        ("Appointment.video", "apiVersion: docket/v1\nkind: Appointment\nid: a\nclinician: c\nclient: d\nstart: 2026-12-03T14:00\nduration: 50m\nvideo: {}\n"),
        ("Clinician.availability.exceptions[]", "apiVersion: docket/v1\nkind: Clinician\nid: c\nname: C\nemail: c@b.example\ntimezone: UTC\navailability:\n  exceptions:\n    - {}\n"),
        ("Clinician.availability.timeOff[]", "apiVersion: docket/v1\nkind: Clinician\nid: c\nname: C\nemail: c@b.example\ntimezone: UTC\navailability:\n  timeOff:\n    - {reason: Away}\n"),
    ])
    func nestedMappingsRequireWhatTheSchemaMarks(path: String, yaml: String) {
        #expect(Self.missing(yaml) == Set(FieldTable.required(path)), "\(path)")
    }

    @Test func everyMappingTheDecoderReadsIsInTheTable() {
        for path in ["Organization", "Organization.email", "Organization.policy", "Coordinator", "Clinician", "Clinician.availability",
                     "Clinician.availability.weekly", "Clinician.availability.exceptions[]", "Clinician.availability.timeOff[]", "Client",
                     "Appointment", "Appointment.participants[]", "Appointment.attachments[]", "Appointment.video", "Appointment.cancellation"] {
            #expect(FieldTable.mappings[path] != nil, "\(path)")
        }
        #expect(FieldTable.fields("Clinician.availability.weekly") == Weekday.allCases.map(\.rawValue))
        #expect(DocumentDecoder.fields[.appointment]?.starts(with: ["apiVersion", "kind", "id", "clinician", "client", "start"]) == true)
    }
}
