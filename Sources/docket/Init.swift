import ArgumentParser
import DocketDesk
import DocketModel
import Foundation

struct Init: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Create a new docket repository: docket.yaml, a folder per kind, editor schema settings, CI wiring.")

    @Argument(help: "The folder to create it in (default: the current one); it must not hold a docket.yaml.")
    var path: String?

    @Option(help: "The organisation's name.")
    var name = "Our Clinic"

    @Option(help: "The organisation's IANA time zone.")
    var timezone = "America/Toronto"

    @Option(help: "The e-mail domain for the sender, Message-IDs and calendar UIDs.")
    var domain = "clinic.example"

    func validate() throws {
        guard ZoneCatalog.shared.zone(named: timezone) != nil else {
            throw ValidationError("--timezone '\(timezone)' is not an IANA time zone such as America/Toronto")
        }
        guard EmailAddress.problem("appointments@" + domain) == nil else {
            throw ValidationError("--domain '\(domain)' is not a host name such as clinic.example")
        }
        guard !name.unicodeScalars.contains(where: { $0.value < 0x20 }) else {
            throw ValidationError("--name must be a single line")
        }
    }

    func run() throws {
        let root = RepositoryLoader.absolute(path ?? ".")
        if FileManager.default.fileExists(atPath: root + "/" + RepositoryLoader.organizationFile) {
            FileHandle.standardError.write(Data("docket: \(root) already holds a docket.yaml; nothing was written\n".utf8))
            throw ExitCode(ExitStatus.findings)
        }
        var written: [String] = []
        do {
            for (file, text) in RepositorySkeleton.files(.init(name: name, timezone: timezone, domain: domain)).sorted(by: { $0.key < $1.key }) {
                let target = root + "/" + file
                guard !FileManager.default.fileExists(atPath: target) else { continue }
                try FileManager.default.createDirectory(atPath: (target as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
                try Data(text.utf8).write(to: URL(fileURLWithPath: target))
                written.append(file)
            }
            written += try copySchemas(to: root + "/schema")
        } catch {
            throw CouldNotRun.exit("cannot write in \(root): \(error.localizedDescription)")
        }
        emit(written.map { "created \($0)\n" }.joined() + "Next: add coordinators, clinicians and clients, then run docket validate.\n")
    }

    /// The JSON Schemas this binary carries, for editor support.
    func copySchemas(to folder: String) throws -> [String] {
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        var copied: [String] = []
        for (name, text) in BundledSchemas.files.sorted(by: { $0.key < $1.key }) where !FileManager.default.fileExists(atPath: folder + "/" + name) {
            try Data(text.utf8).write(to: URL(fileURLWithPath: folder + "/" + name))
            copied.append("schema/" + name)
        }
        return copied
    }
}
