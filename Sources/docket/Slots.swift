import ArgumentParser
import DocketDesk
import DocketModel
import DocketRules
import Foundation

struct Slots: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "List a clinician's free slots, in their time zone, to find a time before writing the file.")

    enum Format: String, ExpressibleByArgument {
        case text, json
    }

    @Argument(help: "The repository (default: the nearest folder at or above the current one holding docket.yaml).")
    var path: String?

    @Option(help: "The clinician's id.")
    var clinician: String

    @Option(help: ArgumentHelp("The first day, YYYY-MM-DD, on the clinician's calendar.", valueName: "date"))
    var from: String

    @Option(help: "How many days to list.")
    var days = 7

    @Option(help: ArgumentHelp("The appointment's length: 50m, 1h, 1h30m.", valueName: "length"))
    var duration = "50m"

    @Option(help: "Output: text or json.")
    var format: Format = .text

    func validate() throws {
        guard LocalDate.parse(from) != nil else {
            throw ValidationError("--from '\(from)' is not a date written YYYY-MM-DD")
        }
        guard (1...366).contains(days) else { throw ValidationError("--days must be from 1 to 366") }
        guard case .success(let minutes) = DurationText.minutes(duration), minutes > 0 else {
            throw ValidationError("--duration '\(duration)' is not a positive length such as 50m or 1h30m")
        }
    }

    func run() throws {
        let repository = try loadRepository(at: path)
        let request = FreeSlots.Request(
            clinician: clinician, from: LocalDate.parse(from)!, days: days,
            durationMinutes: (try? DurationText.minutes(duration).get()) ?? 50)
        let found: (zone: Zone, slots: [Interval])
        do {
            found = try FreeSlots.find(request, in: RepositoryIndex(repository))
        } catch {
            if case .unknownClinician = error { throw CouldNotRun.exit(error.description) }
            FileHandle.standardError.write(Data("docket: \(error.description)\n".utf8))
            throw ExitCode(ExitStatus.findings)
        }
        switch format {
        case .json: emit(SlotsReport.json(clinician: clinician, zone: found.zone, slots: found.slots))
        case .text: emit(SlotsReport.text(request, zone: found.zone, slots: found.slots))
        }
    }
}
