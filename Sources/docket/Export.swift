import ArgumentParser
import DocketDesk
import DocketModel
import Foundation

struct Export: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Export the appointments for an EHR: a FHIR R4 Bundle of Practitioner, Patient and Appointment resources.",
        discussion: "No notes and no video links are ever exported. Exit status: 0 written, 2 could not run.")

    enum Format: String, ExpressibleByArgument {
        case fhirR4 = "fhir-r4"
    }

    @OptionGroup var repository: RepositoryOptions

    @Option(help: "The export format: fhir-r4.")
    var format: Format

    @Option(help: ArgumentHelp("Write the bundle to this file (default: standard output).", valueName: "file"))
    var out: String?

    @OptionGroup var days: DayRange

    func run() throws {
        let loaded = try repository.load()
        let index = RepositoryIndex(loaded)
        guard let zone = loaded.organization?.timezone?.value ?? ZoneCatalog.shared.zone(named: "UTC") else {
            throw CouldNotRun.exit("no time zone to read --from and --to in")
        }
        var filter = AppointmentList.Filter()
        filter.from = days.firstDay
        filter.to = days.lastDay
        let (rows, unknown) = AppointmentList.rows(index, filter: filter, zone: zone, now: repository.nowInstant)
        if unknown > 0 {
            FileHandle.standardError.write(Data("docket: \(unknown) appointments left out: their times cannot be read (run docket validate)\n".utf8))
        }
        let bundle = FHIRExport.bundle(index, rows: rows, now: repository.nowInstant)
        guard let out else {
            emit(bundle)
            return
        }
        do {
            try Data(bundle.utf8).write(to: URL(fileURLWithPath: out), options: .atomic)
        } catch {
            throw CouldNotRun.exit("cannot write \(out): \(error.localizedDescription)")
        }
        emit("wrote \(rows.count) appointments to \(out)\n")
    }
}
