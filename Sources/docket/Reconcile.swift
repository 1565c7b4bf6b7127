import ArgumentParser
import DocketModel
import DocketReconcile
import DocketSupport
import DocketRules
import Foundation

struct Reconcile: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Write the e-mails that the repository's changes call for into the outbox.",
        discussion: "Errors in an appointment file hold back that appointment and those its finding names (listed as held); the rest is planned and written. Errors in docket.yaml, a people file or a template hold back everything. Exit status: 0 done (also when there is nothing to do), 1 something was held back by an error, 2 could not run.")

    @OptionGroup var repository: RepositoryOptions

    @Option(help: ArgumentHelp("The recorded state (default: PATH/.docket/state.json).", valueName: "file"))
    var state: String?

    @Option(help: ArgumentHelp("Where messages are written (default: PATH/.docket/outbox).", valueName: "dir"))
    var outbox: String?

    @Flag(help: "Print the plan; write nothing.")
    var dryRun = false

    @Flag(help: "Cancel appointments whose file was deleted (without it they are only listed as orphaned).")
    var prune = false

    @Option(help: "Output: text or json.")
    var format: ReconcileReport.Format = .text

    @Option(help: ArgumentHelp("A file holding the key of video.linkTemplate's rooms (default: the DOCKET_VIDEO_KEY environment variable).", valueName: "file"))
    var videoKeyFile: String?

    /// The video rooms' key, from the file or the environment; nil when neither gives one.
    func videoKey() throws -> [UInt8]? {
        if let videoKeyFile {
            let path = RepositoryLoader.absolute(videoKeyFile)
            // A key inside the repository would be committed with it, and every room guessable.
            if let real = RepositoryFiles.realPath(path), let root = try? repository.root(),
               RepositoryFiles.isInside(real, root: RepositoryFiles.realPath(root) ?? root) {
                throw CouldNotRun.exit("the video key file \(PrintableText.shown(videoKeyFile)) lies inside the repository, where it would be committed and every room guessable; keep it outside (a CI secret)")
            }
            do {
                return Array(try SecretFile.read(path).trimmingCharacters(in: .whitespacesAndNewlines).utf8)
            } catch {
                throw CouldNotRun.exit("cannot use the video key file \(PrintableText.shown(videoKeyFile)): \(error.description)")
            }
        }
        return ProcessInfo.processInfo.environment["DOCKET_VIDEO_KEY"].map { Array($0.utf8) }
    }

    func run() throws {
        let started = PhaseTimer.monotonicSeconds()
        defer { if PhaseTimer.isEnabled { PhaseTimer.report("reconcile", since: started) } }
        let root = try repository.root()
        let options = Reconciler.Options(root: root, statePath: state.map(RepositoryLoader.absolute),
                                         outbox: outbox.map(RepositoryLoader.absolute), now: repository.nowInstant,
                                         dryRun: dryRun, prune: prune, videoKey: try videoKey())
        let outcome: Reconciler.Outcome
        do throws(Reconciler.Failure) {
            outcome = try Reconciler.run(options)
        } catch {
            throw CouldNotRun.exit(error.description)
        }
        switch outcome {
        case .invalid(let validation):
            FileHandle.standardError.write(Data(DiagnosticFormat.text.render(validation, color: repository.color.enabled(for: 2)).utf8))
            FileHandle.standardError.write(Data("docket: the repository has errors that concern every appointment (docket.yaml, a people file or a template); nothing was planned or written\n".utf8))
            if format == .json { emit(ReconcileReport.renderHeldEverything(validation, format: .json)) }
            throw ExitCode(ExitStatus.findings)
        case .done(let plan, let written):
            emit(ReconcileReport.render(plan, format: format, outbox: outbox ?? options.outbox, dryRun: dryRun, written: written))
            // Held appointments are a finding to fix: the run did the rest, and says so.
            if plan.hasErrors { throw ExitCode(ExitStatus.findings) }
        }
    }
}

extension ReconcileReport.Format: ExpressibleByArgument {}
