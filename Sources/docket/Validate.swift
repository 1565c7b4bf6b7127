import ArgumentParser
import DocketModel
import DocketRules
import DocketSupport
import Foundation

extension DiagnosticFormat: ExpressibleByArgument {}

struct Validate: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Check every docket file of the repository.",
        discussion: "Exit status: 0 no error, 1 at least one error, 2 could not run.")

    @OptionGroup var repository: RepositoryOptions

    @Option(help: "Output: text, json, github (workflow commands) or sarif.")
    var format: DiagnosticFormat = .text

    @Flag(help: "Count warnings as errors.")
    var strict = false

    @Option(help: ArgumentHelp("Judge the change from this git revision (new, rescheduled, changed appointments).", valueName: "rev"))
    var base: String?

    @Option(help: ArgumentHelp("With --base: the e-mail of who made the change, to check they may.", valueName: "email"))
    var author: String?

    func validate() throws {
        if author != nil, base == nil {
            throw ValidationError("--author needs --base: who made a change is judged against what the change does")
        }
    }

    func run() throws {
        let started = PhaseTimer.monotonicSeconds()
        let root = try repository.root()
        let result: ValidationResult
        do {
            result = try Validator.validate(root: root, options: ValidationOptions(
                now: repository.nowInstant, strict: strict, base: base, author: author))
        } catch {
            throw CouldNotRun.exit(error.description)
        }
        PhaseTimer.measure("report") { emit(format.render(result)) }
        if PhaseTimer.isEnabled { PhaseTimer.report("validate", since: started) }
        // The run ends here. Returning would first release the whole history value by value
        // (a tenth of a large run) only for the kernel to take the memory back anyway;
        // standard output is written unbuffered, so nothing is lost.
        Foundation.exit(result.hasErrors ? ExitStatus.findings : 0)
    }
}
