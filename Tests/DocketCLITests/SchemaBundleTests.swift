import DocketTestSupport
import Foundation
import Testing

/// The JSON Schemas ship inside the binary: `docket schema` and `docket init` write them from
/// there, equal to schema/ in the repository (scripts/embed-schemas.py refreshes the bundle).
@Suite struct SchemaBundleTests {
    static func schemaFolder() throws -> [String: Data] {
        let folder = DocketProcess.packageRoot + "/schema"
        var files: [String: Data] = [:]
        for name in try FileManager.default.contentsOfDirectory(atPath: folder) where name.hasSuffix(".json") {
            files[name] = FileManager.default.contents(atPath: folder + "/" + name)
        }
        return files
    }

    static func written(in folder: String) throws -> [String: Data] {
        var files: [String: Data] = [:]
        for name in try FileManager.default.contentsOfDirectory(atPath: folder) {
            files[name] = FileManager.default.contents(atPath: folder + "/" + name)
        }
        return files
    }

    @Test func docketSchemaWritesExactlyTheRepositorysSchemas() throws {
        let repository = try TemporaryRepository()
        let output = try DocketProcess.run(["schema", "--out", repository.root + "/out"])
        #expect(output.status == 0, "\(output.stderr)")
        #expect(try Self.written(in: repository.root + "/out") == Self.schemaFolder(),
                "the bundled schemas differ from schema/: run scripts/embed-schemas.py")
    }

    /// A binary copied away from the source tree still writes the schemas its editor settings name.
    @Test func initFromAnInstalledBinaryWritesTheSchemas() throws {
        let repository = try TemporaryRepository()
        let installed = repository.root + "/bin/docket"
        try FileManager.default.createDirectory(atPath: repository.root + "/bin", withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: DocketProcess.executable, toPath: installed)
        let output = try DocketProcess.runProgram(installed, ["init", repository.root + "/clinic", "--name", "Maple Clinic"])
        #expect(output.status == 0, "\(output.stderr)")
        #expect(try Self.written(in: repository.root + "/clinic/schema") == Self.schemaFolder())
    }
}
