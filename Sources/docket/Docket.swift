import ArgumentParser
import Foundation

@main
struct Docket: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "docket",
        abstract: "Checks and runs a clinic's appointments kept as YAML in a git repository.",
        version: "0.1.0",
        subcommands: [Validate.self, Diff.self, Reconcile.self, Send.self, New.self, Cancel.self, Reschedule.self, List.self, CalendarCommand.self, DashboardCommand.self, Slots.self, Init.self, Forms.self, Request.self, Rules.self, SchemaCommand.self, Export.self, History.self])

    /// Runs the command, with the exit statuses of SPEC section 2: swift-argument-parser's
    /// usage errors (64) become 2, "could not do its job".
    static func main() async {
        // A sendmail command that exits early must not kill docket by SIGPIPE.
        signal(SIGPIPE, SIG_IGN)
        do {
            var command = try parseAsRoot()
            if var asyncCommand = command as? AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch {
            let code = exitCode(for: error)
            if code == .validationFailure {
                FileHandle.standardError.write(Data((fullMessage(for: error) + "\n").utf8))
                Foundation.exit(ExitStatus.couldNotRun)
            }
            exit(withError: error)
        }
    }
}

/// SPEC's exit statuses.
enum ExitStatus {
    static let findings: Int32 = 1
    static let couldNotRun: Int32 = 2
}

/// A command that could not do its job: printed as `docket: error: …`, exit status 2.
enum CouldNotRun {
    static func exit(_ description: String) -> ExitCode {
        FileHandle.standardError.write(Data("docket: error: \(description)\n".utf8))
        return ExitCode(ExitStatus.couldNotRun)
    }
}

/// Writes to standard output without buffering surprises when the process exits.
func emit(_ text: String) {
    FileHandle.standardOutput.write(Data(text.utf8))
}

/// A note on standard error that does not stop the command: `docket: warning: …`.
func warn(_ description: String) {
    FileHandle.standardError.write(Data("docket: warning: \(description)\n".utf8))
}
