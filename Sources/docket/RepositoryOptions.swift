import ArgumentParser
import DocketModel
import DocketRules

/// `[PATH]` and `--now`, shared by the commands that read a repository.
struct RepositoryOptions: ParsableArguments {
    @Argument(help: "The repository (default: the nearest folder at or above the current one holding docket.yaml).")
    var path: String?

    @Option(help: ArgumentHelp("The moment to judge against, RFC 3339 with an offset (default: the clock).", valueName: "rfc3339"))
    var now: String?

    @Option(help: "Colour findings: auto (on a terminal, unless NO_COLOR is set), always or never.")
    var color: ColorChoice = .auto

    func validate() throws {
        if let now, Instant.parseRFC3339(now) == nil {
            throw ValidationError("--now '\(now)' is not an RFC 3339 time with an offset, e.g. 2026-12-01T09:00:00-05:00")
        }
    }

    var nowInstant: Instant {
        if let now, let instant = Instant.parseRFC3339(now) { return instant }
        return Instant(seconds: Int64(Date().timeIntervalSince1970.rounded(.down)))
    }

    /// The repository root, or exit status 2 with the reason.
    func root() throws -> String {
        do {
            return try RepositoryLoader.locateRoot(path)
        } catch {
            throw CouldNotRun.exit(error.description)
        }
    }

    /// The repository, read, or exit status 2 with the reason.
    func load() throws -> Repository {
        try loadRepository(at: path)
    }
}

/// The repository at or above `path` (see `RepositoryLoader.locateRoot`), read, or exit
/// status 2 with the reason.
func loadRepository(at path: String?) throws -> Repository {
    do {
        return try RepositoryLoader.load(root: RepositoryLoader.locateRoot(path))
    } catch {
        throw CouldNotRun.exit(error.description)
    }
}

import Foundation

/// `--color`: findings coloured like a compiler's, on a terminal only unless asked.
enum ColorChoice: String, ExpressibleByArgument {
    case auto, always, never

    /// Whether to colour what goes to `descriptor` (1 standard output, 2 standard error).
    func enabled(for descriptor: Int32) -> Bool {
        switch self {
        case .always: true
        case .never: false
        case .auto: isatty(descriptor) == 1 && (ProcessInfo.processInfo.environment["NO_COLOR"] ?? "").isEmpty
        }
    }
}
