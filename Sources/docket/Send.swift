import ArgumentParser
import DocketModel
import DocketDelivery
import DocketSupport
import Foundation
import NIOCore

struct Send: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Deliver the outbox over SMTP or through a sendmail command.",
        discussion: """
            Delivered messages move to OUTBOX/sent/ (or --sent-dir), permanent failures (5xx) to OUTBOX/failed/ with the \
            server's answer in a .reason file; temporary failures (4xx, a lost connection) stay for the next run. \
            The password comes from the URL, DOCKET_SMTP_PASSWORD or the file DOCKET_SMTP_PASSWORD_FILE names.
            Exit status: 0 all delivered, 1 some left or failed, 2 could not run.
            """)

    @Argument(help: "The repository, for the default outbox (default: the nearest folder holding docket.yaml).")
    var path: String?

    @Option(help: ArgumentHelp("The outbox (default: PATH/.docket/outbox).", valueName: "dir"))
    var outbox: String?

    @Option(help: ArgumentHelp("Where delivered messages go (default: OUTBOX/sent). Outside the repository, so sent mail is not committed: CI keeps it as an artifact.", valueName: "dir"))
    var sentDir: String?

    @Option(help: ArgumentHelp("smtp://host:port, smtp+starttls://user@host:587 or smtps://user@host:465.", valueName: "url"))
    var smtp: String?

    @Option(help: ArgumentHelp("A sendmail-compatible command that reads the message on standard input, e.g. \"msmtp -t\".", valueName: "command"))
    var sendmail: String?

    @Option(help: ArgumentHelp("The envelope sender (default: each message's From address).", valueName: "address"))
    var from: String?

    @Option(help: ArgumentHelp("Seconds to wait for the connection and for each reply, or for the sendmail command to finish (then it is stopped and its message moves to failed/: it may have been delivered).", valueName: "seconds"))
    var timeout = 60

    @Option(help: ArgumentHelp("Trust the CA certificates in this PEM file as well (a private relay).", valueName: "file"))
    var caFile: String?

    @Option(help: ArgumentHelp("Use this AUTH mechanism: plain or login (default: plain when offered).", valueName: "mechanism"))
    var auth: String?

    @Flag(help: "Do not verify the server's certificate (a test relay only).")
    var insecureSkipVerify = false

    @Flag(help: "List what would be sent; send nothing.")
    var dryRun = false

    @Option(help: "Output: text, json, or github (an annotation for each message not delivered).")
    var format: SendReport.Format = .text

    func validate() throws {
        guard (smtp == nil) != (sendmail == nil) else {
            throw ValidationError("give exactly one of --smtp URL or --sendmail \"COMMAND\"")
        }
        guard timeout > 0 else { throw ValidationError("--timeout must be at least 1 second") }
        if let auth, !["plain", "login"].contains(auth.lowercased()) {
            throw ValidationError("--auth must be plain or login")
        }
        if let smtp {
            do {
                _ = try SMTPEndpoint.parse(smtp)
            } catch {
                throw ValidationError(error.description)
            }
        }
    }

    func run() async throws {
        let folder: String
        if let outbox {
            folder = RepositoryLoader.absolute(outbox)
        } else {
            do {
                folder = try RepositoryLoader.locateRoot(path) + "/.docket/outbox"
            } catch {
                throw CouldNotRun.exit(error.description)
            }
        }
        let transport: Transport
        if let smtp, let endpoint = try? SMTPEndpoint.parse(smtp) {
            var options = SMTPOptions()
            options.timeout = .seconds(Int64(timeout))
            options.insecureSkipVerify = insecureSkipVerify
            options.caFile = caFile
            options.authMechanism = auth
            if insecureSkipVerify {
                FileHandle.standardError.write(Data("docket: WARNING: --insecure-skip-verify: the server's certificate is NOT checked; anyone in between can read this mail. Use it only with a test relay.\n".utf8))
            }
            transport = .smtp(endpoint, options)
        } else {
            transport = .sendmail(sendmail ?? "", timeout: Double(timeout))
        }
        if dryRun {
            do {
                let messages = try OutboxDelivery.messages(in: folder)
                emit(SendReport.dryRun(messages, format: format))
            } catch {
                throw CouldNotRun.exit(error.description)
            }
            return
        }
        let report: DeliveryReport
        let progress = ProgressLine.standardError()
        do {
            report = try await OutboxDelivery.run(outbox: folder, sentFolder: sentDir.map(RepositoryLoader.absolute), transport: transport,
                                                  envelopeFrom: from) { done, total in
                progress.update(done: done, total: total, "sent \(done)/\(total)")
            }
            progress.finish()
        } catch {
            progress.finish()
            throw CouldNotRun.exit(error.description)
        }
        emit(SendReport.render(report, format: format))
        if !report.allDelivered { throw ExitCode(ExitStatus.findings) }
    }
}

extension SendReport.Format: ExpressibleByArgument {}
