import ArgumentParser
import DocketDesk
import DocketModel
import DocketRules
import Foundation

/// `[PATH] ID`: the repository is optional, the appointment is not.
struct AppointmentTarget: ParsableArguments {
    @Argument(help: "[PATH] ID: the repository (default: the nearest folder holding docket.yaml) and the appointment's id.")
    var arguments: [String] = []

    @Option(help: ArgumentHelp("The moment to judge against, RFC 3339 with an offset (default: the clock).", valueName: "rfc3339"))
    var now: String?

    @Option(help: "Colour findings: auto (on a terminal, unless NO_COLOR is set), always or never.")
    var color: ColorChoice = .auto

    func validate() throws {
        guard (1...2).contains(arguments.count) else { throw ValidationError("give the appointment's id, after the repository's path if needed") }
        if let now, Instant.parseRFC3339(now) == nil { throw ValidationError("--now '\(now)' is not an RFC 3339 time with an offset") }
    }

    var id: String { arguments.last ?? "" }

    var nowInstant: Instant {
        now.flatMap(Instant.parseRFC3339) ?? Instant(seconds: Int64(Date().timeIntervalSince1970))
    }

    func root() throws -> String {
        do {
            return try RepositoryLoader.locateRoot(arguments.count == 2 ? arguments[0] : nil)
        } catch {
            throw CouldNotRun.exit(error.description)
        }
    }

    /// Prints what happened; a refusal is exit status 1 with the file as it was.
    func report(_ outcome: Result<AppointmentEditor.Outcome, AppointmentEditor.Failure>, _ action: String) throws {
        switch outcome {
        case .failure(let failure):
            throw CouldNotRun.exit(failure.description)
        case .success(.refused(let findings)):
            try refuse(findings, action)
        case .success(.written(let file, let findings)):
            written(findings, "\(action) \(id) in \(file)")
        }
    }

    /// The findings a refused edit would have caused, on standard error; exit status 1.
    func refuse(_ findings: [Diagnostic], _ action: String, undone: String = "the file is as it was") throws -> Never {
        FileHandle.standardError.write(Data(FindingText.lines(findings, color: color.enabled(for: 2)).utf8))
        FileHandle.standardError.write(Data("docket: not \(action): the change would leave the errors above; \(undone)\n".utf8))
        throw ExitCode(ExitStatus.findings)
    }

    /// The findings left after an edit was kept (warnings), then what was done.
    func written(_ findings: [Diagnostic], _ done: String) {
        emit(FindingText.lines(findings, color: color.enabled(for: 1)))
        emit(done + "\n")
    }
}

struct Cancel: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Cancel an appointment: its file gets status: cancelled (and the reason), nothing else changes.")

    @OptionGroup var target: AppointmentTarget

    @Option(help: "Why, for the cancellation e-mail.")
    var reason: String?

    @Option(help: ArgumentHelp("Cancel one occurrence of a series only: its original date (YYYY-MM-DD).", valueName: "date"))
    var on: String?

    func validate() throws {
        if let on, LocalDate.parse(on) == nil { throw ValidationError("--on '\(on)' is not a date written YYYY-MM-DD") }
    }

    func run() throws {
        let root = try target.root()
        if let date = on.flatMap(LocalDate.parse) {
            try target.report(Result { () throws(AppointmentEditor.Failure) in
                try OccurrenceEditor.cancel(root: root, id: target.id, on: date, reason: reason, now: target.nowInstant)
            }, "cancelled the occurrence of \(date) of")
            return
        }
        try target.report(Result { () throws(AppointmentEditor.Failure) in
            try AppointmentEditor.cancel(root: root, id: target.id, reason: reason, now: target.nowInstant)
        }, "cancelled")
    }
}

struct Reschedule: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Move an appointment: its start (and duration or end) change in place, then the repository is validated.")

    @OptionGroup var target: AppointmentTarget

    @Option(help: ArgumentHelp("The new start, written as in the file: 2026-12-03T14:00 or 2026-12-03T14:00:00-05:00.", valueName: "time"))
    var start: String

    @Option(help: ArgumentHelp("A new length: 50m, 1h, 1h30m.", valueName: "length"))
    var duration: String?

    @Option(help: ArgumentHelp("Move one occurrence of a series only: its original date (YYYY-MM-DD).", valueName: "date"))
    var on: String?

    @Option(help: ArgumentHelp("Move this occurrence of a series and the following: the series ends before it and a new series file starts at --start.", valueName: "date"))
    var from: String?

    @Option(help: ArgumentHelp("With --from: the new series' id (default: <id>-from-<date>).", valueName: "id"))
    var newID: String?

    func validate() throws {
        if let duration, (try? DurationText.minutes(duration).get()).map({ $0 > 0 }) != true {
            throw ValidationError("--duration '\(duration)' is not a positive length such as 50m")
        }
        if on != nil && from != nil { throw ValidationError("give --on (one occurrence) or --from (this and the following), not both") }
        for (name, value) in [("--on", on), ("--from", from)] {
            if let value, LocalDate.parse(value) == nil { throw ValidationError("\(name) '\(value)' is not a date written YYYY-MM-DD") }
        }
        if newID != nil && from == nil { throw ValidationError("--new-id names the new series of --from") }
    }

    func run() throws {
        let root = try target.root()
        let minutes = duration.flatMap { try? DurationText.minutes($0).get() }
        if let date = on.flatMap(LocalDate.parse) {
            try target.report(Result { () throws(AppointmentEditor.Failure) in
                try OccurrenceEditor.reschedule(root: root, id: target.id, on: date, start: start, durationMinutes: minutes, now: target.nowInstant)
            }, "rescheduled the occurrence of \(date) of")
            return
        }
        if let date = from.flatMap(LocalDate.parse) {
            let outcome: OccurrenceEditor.SplitOutcome
            do {
                outcome = try OccurrenceEditor.split(root: root, id: target.id, from: date, start: start, durationMinutes: minutes,
                                                     newID: newID, now: target.nowInstant)
            } catch {
                throw CouldNotRun.exit(error.description)
            }
            switch outcome {
            case .refused(let findings):
                try target.refuse(findings, "rescheduled", undone: "the files are as they were")
            case .written(let file, let newID, let newFile, let findings):
                target.written(findings, "ended \(target.id) before \(date) in \(file); the rest is \(newID) in \(newFile)")
            }
            return
        }
        try target.report(Result { () throws(AppointmentEditor.Failure) in
            try AppointmentEditor.reschedule(root: root, id: target.id, start: start, durationMinutes: minutes, now: target.nowInstant)
        }, "rescheduled")
    }
}
