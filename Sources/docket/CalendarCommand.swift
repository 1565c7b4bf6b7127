import ArgumentParser
import DocketDesk
import DocketModel
import DocketReconcile
import DocketSupport
import Foundation

struct CalendarCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "calendar",
        abstract: "Write iCalendar feeds: one per clinician and one for the organisation, for calendar apps to subscribe to.")

    @OptionGroup var repository: RepositoryOptions

    @Option(help: ArgumentHelp("The folder to write the .ics files to.", valueName: "dir"))
    var out: String

    @Option(help: ArgumentHelp("The recorded state, for each appointment's SEQUENCE (default: PATH/.docket/state.json).", valueName: "file"))
    var state: String?

    @Flag(help: "For feeds served without access control: clients as initials, no titles, no attendees but the clinician.")
    var redact = false

    func run() throws {
        let loaded = try repository.load()
        do {
            let recorded = try RecordedState.load(path: state.map(RepositoryLoader.absolute) ?? loaded.root + "/.docket/state.json")
            let feeds = CalendarFeeds.feeds(index: RepositoryIndex(loaded), state: recorded, now: repository.nowInstant, redacted: redact)
            guard !feeds.isEmpty else { throw CouldNotRun.exit("the repository has no organization") }
            let folder = RepositoryLoader.absolute(out)
            try DurableFile.createFolder(folder)
            for (name, text) in feeds.sorted(by: { $0.key < $1.key }) {
                try DurableFile.write(Data(text.utf8), to: folder + "/" + name)
                emit("wrote \(name)\n")
            }
        } catch let exit as ExitCode {
            throw exit
        } catch {
            throw CouldNotRun.exit("\(error)")
        }
    }
}
