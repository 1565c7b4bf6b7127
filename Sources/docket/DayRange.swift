import ArgumentParser
import DocketModel

/// `--from` and `--to`: a range of days, inclusive, on the calendar of the command's zone.
struct DayRange: ParsableArguments {
    @Option(help: ArgumentHelp("From this day, YYYY-MM-DD (in the organisation's zone, or --tz where the command has it).", valueName: "date"))
    var from: String?

    @Option(help: ArgumentHelp("Up to this day, YYYY-MM-DD, inclusive.", valueName: "date"))
    var to: String?

    func validate() throws {
        for (name, value) in [("--from", from), ("--to", to)] {
            if let value, LocalDate.parse(value) == nil { throw ValidationError("\(name) '\(value)' is not a date written YYYY-MM-DD") }
        }
    }

    var firstDay: LocalDate? { from.flatMap(LocalDate.parse) }
    var lastDay: LocalDate? { to.flatMap(LocalDate.parse) }
}
