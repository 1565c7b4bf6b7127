import ArgumentParser
import DocketDesk
import DocketModel
import DocketReconcile
import DocketRules
import DocketSupport
import Foundation

struct DashboardCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dashboard",
        abstract: "Write a static HTML dashboard: validation status, each clinician's week, upcoming and past appointments.")

    @OptionGroup var repository: RepositoryOptions

    @Option(help: ArgumentHelp("The folder to write index.html to.", valueName: "dir"))
    var out: String

    @Flag(help: "For a page served without access control: clients as initials, no appointment ids, no findings.")
    var redact = false

    func run() throws {
        let root = try repository.root()
        do {
            let now = repository.nowInstant
            let result = try Validator.validate(root: root, options: ValidationOptions(now: now))
            let folder = RepositoryLoader.absolute(out)
            try DurableFile.createFolder(folder)
            try DurableFile.write(Data(Dashboard.page(result, now: now, redacted: redact).utf8), to: folder + "/index.html")
            emit("wrote \(folder)/index.html\n")
        } catch {
            throw CouldNotRun.exit("\(error)")
        }
    }
}
