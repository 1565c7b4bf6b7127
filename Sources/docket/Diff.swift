import ArgumentParser
import DocketDesk
import DocketModel
import DocketRules

extension ChangeReport.Format: ExpressibleByArgument {}

struct Diff: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Say what a change does to appointments, for a reviewer (and a pull-request comment).")

    @Argument(help: "The repository (default: the nearest folder at or above the current one holding docket.yaml).")
    var path: String?

    @Option(help: ArgumentHelp("The git revision the change is against, e.g. origin/main.", valueName: "rev"))
    var base: String

    @Option(help: "Output: text, json, or markdown (a table for a pull-request comment or $GITHUB_STEP_SUMMARY).")
    var format: ChangeReport.Format = .text

    func run() throws {
        do {
            let root = try RepositoryLoader.locateRoot(path)
            let base = try GitCommit.resolve(self.base, in: root)
            let repository = try RepositoryLoader.load(root: root)
            let (before, changedFiles, _) = try GitBase.load(changedFrom: repository, revision: base)
            let index = RepositoryIndex(repository)
            let changes = ChangeSet.compare(changedFiles: changedFiles, base: before, current: index)
            // Who signed what: shown when git and ssh-keygen can tell; the change itself is
            // still worth reading without them.
            var commits: [SignedHistory.CommitReview]?
            do {
                commits = try SignedHistory.review(root: repository.root, revision: base, base: before, current: repository)
            } catch {
                warn("signatures not shown: \(error.description)")
            }
            emit(ChangeReport.render(changes, index: index, format: format, commits: commits))
        } catch {
            throw CouldNotRun.exit(error.description)
        }
    }
}
