import ArgumentParser
import DocketDesk
import DocketModel
import DocketSupport
import Foundation

extension Forge: ExpressibleByArgument {}
extension RequestAction: ExpressibleByArgument {}

struct Request: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Apply a booking, cancellation or reschedule asked for in an issue of the forge, if its author may make it.",
        discussion: """
            Reads the issue's body (a GitHub issue form's ### sections, or the docket-request \
            fenced block of a GitLab template) from --body, finds the coordinator or clinician whose \
            people file lists --requester, and applies the request through the same checks as \
            docket new, cancel and reschedule. Prints a reply for the issue (Markdown), or with \
            --format json the action, the appointment, the files written, the findings, free \
            times nearby on a conflict, the commit message (with its Docket-Requested-By \
            trailer) and the reply. Exit status 0 applied, 1 refused (nothing written), 2 could \
            not run.
            """)

    @OptionGroup var repository: RepositoryOptions

    @Option(help: ArgumentHelp("The issue's body, in a file ('-': standard input). Never pass it on a command line.", valueName: "file"))
    var body: String

    @Option(help: ArgumentHelp("The forge account that wrote the issue.", valueName: "login"))
    var requester: String

    @Option(help: "github or gitlab: whose accounts --requester names (the github: or gitlab: field of people files).")
    var forge: Forge

    @Option(help: "book, cancel or reschedule (from the issue's label); without it, what the fields ask for.")
    var action: RequestAction?

    @Option(help: "text (the reply) or json.")
    var format: OutputFormat = .text

    @Option(help: ArgumentHelp("Also write the reply (Markdown) to this file.", valueName: "file"))
    var replyFile: String?

    @Option(help: ArgumentHelp("When applied, also write the commit message to this file.", valueName: "file"))
    var messageFile: String?

    enum OutputFormat: String, ExpressibleByArgument {
        case text, json
    }

    func run() throws {
        let root = try repository.root()
        let bytes = try readBody()
        let outcome: ForgeRequest.Outcome
        do {
            outcome = try ForgeRequest.handle(.init(root: root, body: bytes, requester: requester, forge: forge, action: action,
                                                    now: repository.nowInstant))
        } catch {
            throw CouldNotRun.exit(error.description)
        }
        do {
            if let replyFile { try Data((outcome.reply + "\n").utf8).write(to: URL(fileURLWithPath: replyFile)) }
            if let messageFile, let message = outcome.commitMessage { try Data(message.utf8).write(to: URL(fileURLWithPath: messageFile)) }
        } catch {
            throw CouldNotRun.exit("cannot write the reply: \(error.localizedDescription)")
        }
        switch format {
        case .text: emit(outcome.reply + "\n")
        case .json: emit(encodeJSON(outcome, sortedKeys: true) + "\n")
        }
        if !outcome.applied { throw ExitCode(ExitStatus.findings) }
    }

    /// At most one byte more than a request may have: enough to say it is too long, without
    /// reading a file of any size into memory.
    func readBody() throws -> [UInt8] {
        let handle: FileHandle
        if body == "-" {
            handle = FileHandle.standardInput
        } else {
            guard let opened = FileHandle(forReadingAtPath: body) else { throw CouldNotRun.exit("cannot read the request body \(body)") }
            handle = opened
        }
        var bytes: [UInt8] = []
        while bytes.count <= RequestBody.maximumBytes {
            guard let chunk = try? handle.read(upToCount: RequestBody.maximumBytes + 1 - bytes.count), !chunk.isEmpty else { break }
            bytes += chunk
        }
        return bytes
    }
}
