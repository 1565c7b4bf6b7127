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
            FileHandle.standardError.write(Data(FindingText.lines(findings, color: color.enabled(for: 2)).utf8))
            FileHandle.standardError.write(Data("docket: not \(action): the change would leave the errors above; the file is as it was\n".utf8))
            throw ExitCode(ExitStatus.findings)
        case .success(.written(let file, let findings)):
            emit(FindingText.lines(findings, color: color.enabled(for: 1)))
            emit("\(action) \(id) in \(file)\n")
        }
    }
}

struct Cancel: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Cancel an appointment: its file gets status: cancelled (and the reason), nothing else changes.")

    @OptionGroup var target: AppointmentTarget

    @Option(help: "Why, for the cancellation e-mail.")
    var reason: String?

    func run() throws {
        let root = try target.root()
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

    func validate() throws {
        if let duration, (try? DurationText.minutes(duration).get()).map({ $0 > 0 }) != true {
            throw ValidationError("--duration '\(duration)' is not a positive length such as 50m")
        }
    }

    func run() throws {
        let root = try target.root()
        let minutes = duration.flatMap { try? DurationText.minutes($0).get() }
        try target.report(Result { () throws(AppointmentEditor.Failure) in
            try AppointmentEditor.reschedule(root: root, id: target.id, start: start, durationMinutes: minutes, now: target.nowInstant)
        }, "rescheduled")
    }
}
