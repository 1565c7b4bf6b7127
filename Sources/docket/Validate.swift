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

    @Flag(help: ArgumentHelp("With --base: every commit since it that changes docket files must be signed (SSH) by a key a coordinator or clinician lists at the base, and is judged by its signer's role."))
    var verifySignatures = false

    func validate() throws {
        if author != nil, base == nil {
            throw ValidationError("--author needs --base: who made a change is judged against what the change does")
        }
        if verifySignatures, base == nil {
            throw ValidationError("--verify-signatures needs --base: the keys that count are those listed at the base, and the commits judged are those since it")
        }
    }

    func run() throws {
        let started = PhaseTimer.monotonicSeconds()
        let root = try repository.root()
        let result: ValidationResult
        do {
            result = try Validator.validate(root: root, options: ValidationOptions(
                now: repository.nowInstant, strict: strict, base: base, author: author, verifySignatures: verifySignatures))
        } catch {
            throw CouldNotRun.exit(error.description)
        }
        let prefix = format.pathsFromWorkTree ? reportPathPrefix(root: root) : ""
        PhaseTimer.measure("report") { emit(format.render(result, pathPrefix: prefix, color: repository.color.enabled(for: 1))) }
        if PhaseTimer.isEnabled { PhaseTimer.report("validate", since: started) }
        // The run ends here. Returning would first release the whole history value by value
        // (a tenth of a large run) only for the kernel to take the memory back anyway;
        // standard output is written unbuffered, so nothing is lost.
        Foundation.exit(result.hasErrors ? ExitStatus.findings : 0)
    }
}

/// What goes before a repository path so that it reads from the top of the git work tree
/// holding the repository, or, outside git, from the current folder.
func reportPathPrefix(root: String) -> String {
    if let prefix = GitBase.prefix(of: root) { return prefix }
    let here = URL(fileURLWithPath: FileManager.default.currentDirectoryPath).standardizedFileURL.resolvingSymlinksInPath().pathComponents
    let there = URL(fileURLWithPath: root).standardizedFileURL.resolvingSymlinksInPath().pathComponents
    let shared = zip(here, there).prefix { $0 == $1 }.count
    let parts = Array(repeating: "..", count: here.count - shared) + there.dropFirst(shared)
    return parts.map { $0 + "/" }.joined()
}
