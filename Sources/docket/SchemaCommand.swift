import ArgumentParser
import DocketDesk
import DocketModel
import Foundation

struct SchemaCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "schema",
        abstract: "Write the JSON Schemas (draft-07) of docket's files, for editors and other tools, or the field reference.",
        discussion: "The schemas are the decoder's own table of fields. Exit status: 0 written, 2 could not write.")

    enum Format: String, ExpressibleByArgument {
        case json, markdown
    }

    @Option(help: "The folder to write the schemas into (created if missing; files there are replaced).")
    var out: String?

    @Option(help: "json (the schemas, into --out) or markdown (the field reference, on standard output).")
    var format: Format = .json

    func validate() throws {
        if format == .json, out == nil { throw ValidationError("give --out DIR to write the schemas into") }
    }

    func run() throws {
        guard format == .json, let out else {
            emit(FieldReference.markdown())
            return
        }
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
