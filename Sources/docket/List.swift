import ArgumentParser
import DocketDesk
import DocketModel
import DocketRules
import Foundation

extension AppointmentList.Format: ExpressibleByArgument {}

struct List: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "List the organisation's appointments, sorted by start, in its time zone.")

    @OptionGroup var repository: RepositoryOptions

    @Option(help: "Only this clinician's appointments.")
    var clinician: String?

    @Option(help: "Only this client's appointments.")
    var client: String?

    @OptionGroup var days: DayRange

    @Flag(help: "Only appointments that have not ended.")
    var upcoming = false

    @Flag(help: "Only appointments that have ended.")
    var past = false

    @Option(help: "Only this status: booked, cancelled, fulfilled or noshow.")
    var status: String?

    @Option(help: ArgumentHelp("Show times in this IANA zone (default: the organisation's).", valueName: "zone"))
    var tz: String?

    @Option(help: "Output: table, json or csv.")
    var format: AppointmentList.Format = .table

    func validate() throws {
        if upcoming && past { throw ValidationError("give --upcoming or --past, not both") }
        if let status, AppointmentStatus(rawValue: status) == nil {
            throw ValidationError("--status must be booked, cancelled, fulfilled or noshow")
        }
        if let tz, ZoneCatalog.shared.zone(named: tz) == nil { throw ValidationError("--tz '\(tz)' is not an IANA time zone") }
    }

    func run() throws {
        let loaded = try repository.load()
        let index = RepositoryIndex(loaded)
        guard let zone = tz.flatMap(ZoneCatalog.shared.zone(named:)) ?? loaded.organization?.timezone?.value
            ?? ZoneCatalog.shared.zone(named: "UTC") else { throw CouldNotRun.exit("no time zone to show times in") }
        var filter = AppointmentList.Filter()
        filter.clinician = clinician
        filter.client = client
        filter.from = days.firstDay
        filter.to = days.lastDay
        filter.when = upcoming ? .upcoming : past ? .past : .any
        filter.status = status.flatMap(AppointmentStatus.init(rawValue:))
        let (rows, unknown) = AppointmentList.rows(index, filter: filter, zone: zone, now: repository.nowInstant)
        if unknown > 0 {
            FileHandle.standardError.write(Data("docket: \(unknown) appointments left out: their times cannot be read (run docket validate)\n".utf8))
        }
        emit(AppointmentList.render(rows, format: format, zone: zone))
    }
}
