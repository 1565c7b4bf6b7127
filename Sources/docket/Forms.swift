import ArgumentParser
import DocketDesk
import DocketModel
import DocketRules
import DocketSupport
import Foundation

struct Forms: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Write the issue forms (GitHub) and issue templates (GitLab) from which staff book, cancel and reschedule without git.",
        discussion: """
            Without --out, the forms go where the forges read them: .github/ISSUE_TEMPLATE/ \
            (book.yml, cancel.yml, reschedule.yml) and .gitlab/issue_templates/ (book.md, \
            cancel.md, reschedule.md), replacing docket's own forms there. With --out DIR, all \
            six go into DIR. Run it again when clinicians join, leave or change name: docket \
            validate warns stale-request-form until then.
            """)

    @OptionGroup var repository: RepositoryOptions

    @Option(help: ArgumentHelp("Write the six files into this folder instead of the forges' folders of the repository.", valueName: "dir"))
    var out: String?

    @Option(help: "text, or json: {\"version\":1,\"files\":[…]}.")
    var format: ListingFormat = .text

    enum ListingFormat: String, ExpressibleByArgument {
        case text, json
    }

    func run() throws {
        let loaded = try repository.load()
        let files = RequestForms.files(loaded).sorted { $0.key < $1.key }
        let targets = files.map { path, _ in
            out.map { RepositoryLoader.absolute($0) + "/" + (path as NSString).lastPathComponent } ?? loaded.root + "/" + path
        }
        if out == nil {
            // A .github or .gitlab that links out of the repository is not followed: the nearest
            // folder that exists of each target must lie inside it, before anything is written.
            let realRoot = RepositoryFiles.realPath(loaded.root) ?? loaded.root
            for (target, (path, _)) in zip(targets, files) {
                var existing = (target as NSString).deletingLastPathComponent
                while RepositoryFiles.realPath(existing) == nil, existing.count > loaded.root.count {
                    existing = (existing as NSString).deletingLastPathComponent
                }
                guard let real = RepositoryFiles.realPath(existing), RepositoryFiles.isInside(real, root: realRoot) else {
                    throw CouldNotRun.exit("\((path as NSString).deletingLastPathComponent) leads out of the repository (a symbolic link); nothing was written")
                }
            }
        }
        var written: [String] = []
        for (target, (path, text)) in zip(targets, files) {
            do {
                try FileManager.default.createDirectory(atPath: (target as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
                try DurableFile.write(Data(text.utf8), to: target)
            } catch {
                throw CouldNotRun.exit("cannot write \(target): \(error)")
            }
            written.append(out == nil ? path : target)
        }
        switch format {
        case .text: emit(written.map { "wrote \($0)\n" }.joined())
        case .json:
            struct Listing: Encodable { var version = 1; var files: [String] }
            emit(encodeJSON(Listing(files: written)) + "\n")
        }
    }
}
