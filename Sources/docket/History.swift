import ArgumentParser
import DocketDesk
import DocketModel
import DocketSupport
import Foundation

extension AppointmentHistory.Format: ExpressibleByArgument {}

struct History: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Who changed an appointment, when, and how, from git.",
        discussion: "Follows the appointment by its id through renames, moves and re-creation. Exit status: 0 found, 1 the id was never in the history, 2 could not run (no docket.yaml at or above PATH or the current folder, or not in a git work tree).")

    @OptionGroup var target: AppointmentTarget

    @Option(help: "Output: text or json.")
    var format: AppointmentHistory.Format = .text

    func run() throws {
        let root = try target.root()
        let entries: [AppointmentHistory.Entry]
        do {
            let repository = try RepositoryLoader.load(root: root)
            entries = try AppointmentHistory.entries(of: target.id, repository: repository)
        } catch {
            throw CouldNotRun.exit(error.description)
        }
        guard !entries.isEmpty else {
            FileHandle.standardError.write(Data("docket: no appointment '\(PrintableText.shown(target.id))' was ever in this repository's history\n".utf8))
            throw ExitCode(ExitStatus.findings)
        }
        emit(AppointmentHistory.render(entries, id: target.id, format: format))
    }
}
