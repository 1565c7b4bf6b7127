import ArgumentParser
import DocketDesk
import Foundation

struct SchemaCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "schema",
        abstract: "Write the JSON Schemas (draft-07) of docket's files, for editors and other tools.",
        discussion: "Exit status: 0 written, 2 could not write.")

    @Option(help: "The folder to write them into (created if missing; files there are replaced).")
    var out: String

    func run() throws {
        do {
            try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
            for (name, text) in BundledSchemas.files.sorted(by: { $0.key < $1.key }) {
                try Data(text.utf8).write(to: URL(fileURLWithPath: out + "/" + name), options: .atomic)
                emit("wrote \(out)/\(name)\n")
            }
        } catch {
            throw CouldNotRun.exit("cannot write the schemas into \(out): \(error.localizedDescription)")
        }
    }
}
