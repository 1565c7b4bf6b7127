import ArgumentParser
import DocketDesk
import DocketModel
import DocketSupport
import DocketRules
import Foundation

extension AppointmentType: ExpressibleByArgument {}

struct New: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Write a new appointment file, kept only if the repository still validates (unless --force).")

    @OptionGroup var repository: RepositoryOptions

    @Option(help: "The clinician's id.") var clinician: String
    @Option(help: "The client's id.") var client: String
    @Option(help: ArgumentHelp("When it starts: 2026-12-03T14:00 (the clinician's zone) or 2026-12-03T14:00:00-05:00.", valueName: "time")) var start: String
    @Option(help: ArgumentHelp("How long: 50m, 1h, 1h30m (default 50m).", valueName: "length")) var duration: String?
    @Option(help: ArgumentHelp("Or when it ends, written like --start.", valueName: "time")) var end: String?
    @Option(help: "video, phone or in-person.") var type: AppointmentType?
    @Option(help: "Shown in e-mails and calendars.") var title: String?
    @Option(help: ArgumentHelp("An extra attendee, \"Name <email>\" (repeatable).", valueName: "mailbox")) var participant: [String] = []
    @Option(help: ArgumentHelp("A file of the repository to attach (repeatable).", valueName: "path")) var attach: [String] = []
    @Option(help: ArgumentHelp("The coordinator or clinician who books it.", valueName: "id")) var createdBy: String?
    @Option(help: ArgumentHelp("The video visit's joining link.", valueName: "url")) var videoLink: String?
    @Option(help: "The appointment's id (default: a-<date>-<client>).") var id: String?
    @Option(help: ArgumentHelp("Make it a series: day, week, month, or an interval such as \"2 weeks\".", valueName: "interval")) var every: String?
    @Option(help: ArgumentHelp("With --every: how many occurrences (at most 400).", valueName: "n")) var count: Int?
    @Option(help: ArgumentHelp("With --every: the last date it may happen on, inclusive (YYYY-MM-DD).", valueName: "date")) var until: String?
    @Option(help: ArgumentHelp("With --every week: a weekday it happens on (repeatable; default: the start's).", valueName: "weekday")) var on: [String] = []
    @Flag(help: "Write the file even if the repository then has errors.") var force = false

    func validate() throws {
        if duration != nil && end != nil { throw ValidationError("give --duration or --end, not both") }
        if every == nil, count != nil || until != nil || !on.isEmpty {
            throw ValidationError("--count, --until and --on describe a series: give --every too (e.g. --every week --count 12)")
        }
        if every != nil, (count == nil) == (until == nil) {
            throw ValidationError("a series needs --count or --until (exactly one): how many times, or the last date")
        }
        if let count, count < 1 { throw ValidationError("--count must be at least 1") }
        if let until, LocalDate.parse(until) == nil { throw ValidationError("--until '\(until)' is not a date written YYYY-MM-DD") }
        for day in on where Weekday(rawValue: day.lowercased()) == nil {
            throw ValidationError("--on '\(day)' is not a weekday (monday … sunday)")
        }
    }

    func run() throws {
        let root = try repository.root()
        var request = NewAppointment.Request(clinician: clinician, client: client, start: start)
        request.duration = duration
        request.end = end
        request.type = type
        request.title = title
        request.participants = participant.map { NewAppointment.ParticipantRequest(mailbox: $0) }
        request.attachments = attach
        request.createdBy = createdBy
        request.videoLink = videoLink
        request.id = id
        request.every = every
        request.count = count
        request.until = until
        request.on = on.map { $0.lowercased() }
        let outcome: NewAppointment.Outcome
        do {
            outcome = try NewAppointment.create(request, root: root, now: repository.nowInstant, force: force)
        } catch {
            throw CouldNotRun.exit(error.description)
        }
        switch outcome {
        case .written(let file, let id, let findings):
            emit(FindingText.lines(findings, color: repository.color.enabled(for: 1)))
            emit("wrote \(id) to \(file)\n")
        case .refused(let findings, let suggestions, let zone):
            // The file was never written: the findings speak of the booking asked for.
            let lines = findings.map { "the booking asked for: \($0.severity.rawValue): [\($0.code)] \(PrintableText.shown($0.message, limit: .max))\n" }
            FileHandle.standardError.write(Data(lines.joined().utf8))
            if let zone, !suggestions.isEmpty {
                FileHandle.standardError.write(Data("free times nearby for \(clinician) (\(zone.identifier)):\n".utf8))
                for slot in suggestions {
                    let local = zone.localDateTime(at: slot.start)
                    FileHandle.standardError.write(Data("  --start \(local.date)T\(local.timeText)\n".utf8))
                }
            }
            FileHandle.standardError.write(Data("docket: nothing written (--force writes it anyway)\n".utf8))
            throw ExitCode(ExitStatus.findings)
        }
    }
}
