import DocketRules
import DocketTestSupport
import Foundation
import Testing

/// schema/ checked by an independent validator (python jsonschema, Draft 7): the samples are
/// valid, and on a set of invalid documents it and docket both say no.
@Suite struct SchemaAgreementTests {
    static let script = DocketProcess.packageRoot + "/Tests/SchemaCheck/validate_documents.py"
    static let fixtures = DocketProcess.packageRoot + "/Tests/DocketCLITests/Fixtures/schema-invalid"

    struct Verdict: Decodable {
        var file: String
        var valid: Bool
        var errors: [String]
    }

    static func jsonschemaVerdicts(_ files: [String]) throws -> [String: Verdict] {
        let output = try DocketProcess.runProgram("/usr/bin/env", ["python3", script] + files)
        guard output.status == 0 else { throw HelperFailure(description: "the schema check could not run: \(output.stderr)") }
        let verdicts = try output.stdout.split(separator: "\n").map {
            try JSONDecoder().decode(Verdict.self, from: Data($0.utf8))
        }
        return Dictionary(uniqueKeysWithValues: verdicts.map { ($0.file, $0) })
    }

    @Test func everySampleIsValidAgainstItsSchema() throws {
        let root = DocketProcess.packageRoot + "/samples"
        let files = try FileManager.default.subpathsOfDirectory(atPath: root)
            .filter { $0.hasSuffix(".yaml") && !$0.hasPrefix("drafts/") }
            .map { root + "/" + $0 }
        #expect(files.count > 40)
        let verdicts = try Self.jsonschemaVerdicts(files)
        #expect(verdicts.count == files.count)
        for verdict in verdicts.values {
            #expect(verdict.valid, "\(verdict.file): \(verdict.errors)")
        }
    }

    @Test func theExampleBaseRepositoryIsValidAgainstTheSchema() throws {
        let repository = try TemporaryRepository(RuleExample.appointment(RuleExample.validAppointment))
        let files = RuleExample.baseFiles.keys.map { repository.root + "/" + $0 } + [repository.root + "/appointments/a-1.yaml"]
        for verdict in try Self.jsonschemaVerdicts(files).values {
            #expect(verdict.valid, "\(verdict.file): \(verdict.errors)")
        }
    }

    @Test func docketAndTheSchemaBothRejectEachInvalidDocument() throws {
        let names = try FileManager.default.contentsOfDirectory(atPath: Self.fixtures).filter { $0.hasSuffix(".yaml") }.sorted()
        #expect(names.count >= 20)
        let verdicts = try Self.jsonschemaVerdicts(names.map { Self.fixtures + "/" + $0 })
        for name in names {
            let verdict = try #require(verdicts[Self.fixtures + "/" + name])
            #expect(!verdict.valid, "jsonschema accepts \(name)")

            let text = try String(contentsOfFile: Self.fixtures + "/" + name, encoding: .utf8)
            let target = switch name.split(separator: "-").first {
            case "organization": "docket.yaml"
            case "client": "clients/fixture.yaml"
            case "clinician": "clinicians/fixture.yaml"
            case "coordinator": "coordinators/fixture.yaml"
            default: "appointments/fixture.yaml"
            }
            let repository = try TemporaryRepository(RuleExample(files: [target: text]))
            let output = try DocketProcess.run(["validate", repository.root, "--format", "json", "--now", "2026-12-01T00:00:00Z"])
            #expect(output.status == 1, "docket accepts \(name)")
            let object = try JSONSerialization.jsonObject(with: Data(output.stdout.utf8)) as? [String: Any]
            let diagnostics = object?["diagnostics"] as? [[String: Any]] ?? []
            #expect(diagnostics.contains { $0["file"] as? String == target && $0["severity"] as? String == "error" },
                    "docket reports nothing in \(target) for \(name): \(diagnostics)")
        }
    }
}
