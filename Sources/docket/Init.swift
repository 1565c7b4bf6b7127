import ArgumentParser
import DocketDesk
import DocketModel
import DocketSupport
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

    @Option(help: ArgumentHelp("Where CI gets docket: its source's git URL and the tag or commit to build (default: where this docket was built from; when that is not known, the wiring reads the CI variables DOCKET_SOURCE_URL and DOCKET_VERSION).", valueName: "url[@rev]"))
    var source: String?

    /// The defaults of the three settings, to say which were kept.
    static let defaults = (name: "Our Clinic", timezone: "America/Toronto", domain: "clinic.example")

    func validate() throws {
        guard ZoneCatalog.shared.zone(named: timezone) != nil else {
            throw ValidationError("--timezone '\(timezone)' is not an IANA time zone such as America/Toronto")
        }
        guard EmailAddress.problem("appointments@" + domain) == nil else {
            throw ValidationError("--domain '\(domain)' is not a host name such as clinic.example")
        }
        guard !name.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }) else {
            throw ValidationError("--name must be a single line")
        }
        if let source {
            do {
                _ = try DocketSource.parse(source, defaultRevision: DocketSource.built?.revision)
            } catch {
                throw ValidationError(error.description)
            }
        }
    }

    func run() throws {
        let root = RepositoryLoader.absolute(path ?? ".")
        if FileManager.default.fileExists(atPath: root + "/" + RepositoryLoader.organizationFile) {
            FileHandle.standardError.write(Data("docket: \(root) already holds a docket.yaml; nothing was written\n".utf8))
            throw ExitCode(ExitStatus.findings)
        }
        let docketSource = try source.map { try DocketSource.parse($0, defaultRevision: DocketSource.built?.revision) } ?? DocketSource.built
        var written: [String] = []
        do {
            let settings = RepositorySkeleton.Settings(name: name, timezone: timezone, domain: domain, source: docketSource)
            for (file, text) in RepositorySkeleton.files(settings).sorted(by: { $0.key < $1.key }) {
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
        let checklist = InitChecklist.steps(
            isGitRepository: GitBase.prefix(of: root) != nil,
            defaultsKept: [name == Self.defaults.name ? "--name (\"\(name)\")" : nil,
                           timezone == Self.defaults.timezone ? "--timezone (\(timezone))" : nil,
                           domain == Self.defaults.domain ? "--domain (\(domain))" : nil].compactMap { $0 },
            source: docketSource)
        emit(written.map { "created \($0)\n" }.joined() + "\n" + InitChecklist.render(checklist))
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
