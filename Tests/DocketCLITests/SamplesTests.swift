import DocketDesk
import DocketTestSupport
import Foundation
import Testing

/// samples/ is what a clinic copies to start (the README's tour does `cp -r samples`): it must
/// stand on its own, with what `docket init` gives a new repository.
@Suite struct SamplesTests {
    static let samples = DocketProcess.packageRoot + "/samples"

    @Test func theSamplesCarryTheIgnoreFileEditorSettingsAndSchemasInitWrites() throws {
        let folder = try TemporaryRepository()
        let output = try DocketProcess.run(["init", folder.root + "/new"])
        #expect(output.status == 0)
        for path in [".gitignore", ".vscode/settings.json"] + BundledSchemaNames.all.map({ "schema/" + $0 }) {
            let shipped = try String(contentsOfFile: Self.samples + "/" + path, encoding: .utf8)
            let written = try String(contentsOfFile: folder.root + "/new/" + path, encoding: .utf8)
            #expect(shipped == written, "samples/\(path) differs from what docket init writes")
        }
    }

    /// Every `$schema` comment resolves inside samples/, so it still resolves after a copy.
    @Test func everySchemaCommentResolvesInsideTheSamples() throws {
        let files = try FileManager.default.subpathsOfDirectory(atPath: Self.samples).filter { $0.hasSuffix(".yaml") || $0.hasSuffix(".yml") }
        var checked = 0
        for file in files {
            let text = try String(contentsOfFile: Self.samples + "/" + file, encoding: .utf8)
            guard let match = text.firstMatch(of: /# yaml-language-server: \$schema=(\S+)/) else { continue }
            let target = URL(fileURLWithPath: Self.samples + "/" + file).deletingLastPathComponent().appendingPathComponent(String(match.1)).standardizedFileURL.path
            #expect(target.hasPrefix(Self.samples + "/schema/"), "\(file) points outside samples/: \(match.1)")
            #expect(FileManager.default.fileExists(atPath: target), "\(file): \(match.1) does not exist")
            checked += 1
        }
        #expect(checked >= 40)
    }
}

/// The schema files' names, as docket writes them.
enum BundledSchemaNames {
    static let all = ["appointment.schema.json", "client.schema.json", "clinician.schema.json", "coordinator.schema.json",
                      "docket.schema.json", "organization.schema.json"]
}
