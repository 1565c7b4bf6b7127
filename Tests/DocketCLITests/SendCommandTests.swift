import DocketModel
import DocketRules
import DocketTestSupport
import Foundation
import Testing

/// `docket send` against a real SMTP server on 127.0.0.1 (aiosmtpd) and a real sendmail (msmtp).
@Suite(.serialized) struct SendCommandTests {
    /// A repository whose reconcile wrote `count` messages (two per appointment).
    static func outbox(appointments count: Int) throws -> (TemporaryRepository, String) {
        var files = RuleExample.baseFiles
        for number in 0..<count {
            files["appointments/a-\(number).yaml"] = """
                apiVersion: docket/v1
                kind: Appointment
                id: a-\(number)
                clinician: dr-lee
                client: jane
                start: 2026-12-\(String(format: "%02d", 3 + number / 8))T\(String(format: "%02d", 9 + number % 8)):00
                duration: 50m
                title: Session \(number)

                """
        }
        let repository = try TemporaryRepository(RuleExample(files: files, standalone: true))
        let output = try DocketProcess.run(["reconcile", repository.root, "--now", "2026-12-01T12:00:00Z"])
        #expect(output.status == 0, "\(output.stderr)")
        return (repository, repository.root + "/.docket/outbox")
    }

    static func emls(_ folder: String) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []).filter { $0.hasSuffix(".eml") }.sorted()
    }

    @Test func aWholeOutboxArrivesByteForByte() throws {
        let (repository, outbox) = try Self.outbox(appointments: 5)
        // A line starting with "." must survive dot-stuffing.
        let dotted = "From: Maple Clinic <hello@maple.example>\r\nTo: Jane Doe <jane@example.com>\r\nSubject: dots\r\n\r\n.leading dot\r\n..two dots\r\n.\r\nend\r\n"
        try dotted.write(toFile: outbox + "/zz-dots.eml", atomically: true, encoding: .utf8)
        let originals = Self.emls(outbox).map { FileManager.default.contents(atPath: outbox + "/" + $0)! }
        let server = try SMTPTestServer()
        let output = try DocketProcess.run(["send", repository.root, "--smtp", "smtp://127.0.0.1:\(server.port)"])
        #expect(output.status == 0, "\(output.stdout)\(output.stderr)")
        #expect(output.stdout.contains("11 sent, 0 left for the next run, 0 failed"))
        #expect(Self.emls(outbox).isEmpty)
        #expect(Self.emls(outbox + "/sent").count == 11)
        #expect(Set(server.received) == Set(originals))
        #expect(server.envelopes.allSatisfy { ($0["from"] as? String) == "hello@maple.example" })
        // Nothing is left, so a second run sends nothing.
        let again = try DocketProcess.run(["send", repository.root, "--smtp", "smtp://127.0.0.1:\(server.port)"])
        #expect(again.status == 0)
        #expect(server.received.count == 11)
    }

    @Test(arguments: ["plain", "login"])
    func startTLSWithAuth(mechanism: String) throws {
        let certificates = SMTPTestServer.certificates
        let (repository, outbox) = try Self.outbox(appointments: 2)
        let server = try SMTPTestServer(["--mode", "starttls", "--cert", certificates.cert, "--key", certificates.key, "--auth", "clinic:s3cr3t-pw"])
        let output = try DocketProcess.run(
            ["send", repository.root, "--smtp", "smtp+starttls://clinic@localhost:\(server.port)", "--ca-file", certificates.ca, "--auth", mechanism],
            environment: ["DOCKET_SMTP_PASSWORD": "s3cr3t-pw"])
        #expect(output.status == 0, "\(output.stdout)\(output.stderr)")
        #expect(Self.emls(outbox + "/sent").count == 4)
        #expect(server.envelopes.count == 4)
        #expect(server.envelopes.allSatisfy { $0["tls"] as? Bool == true && $0["auth"] as? Bool == true })
    }

    @Test func implicitTLSWithThePasswordInAFile() throws {
        let certificates = SMTPTestServer.certificates
        let (repository, outbox) = try Self.outbox(appointments: 1)
        let server = try SMTPTestServer(["--mode", "implicit", "--cert", certificates.cert, "--key", certificates.key, "--auth", "clinic:s3cr3t-pw"])
        try "s3cr3t-pw\n".write(toFile: repository.root + "/password", atomically: true, encoding: .utf8)
        let output = try DocketProcess.run(
            ["send", repository.root, "--smtp", "smtps://clinic@127.0.0.1:\(server.port)", "--ca-file", certificates.ca],
            environment: ["DOCKET_SMTP_PASSWORD_FILE": repository.root + "/password"])
        #expect(output.status == 0, "\(output.stdout)\(output.stderr)")
        #expect(Self.emls(outbox + "/sent").count == 2)
        #expect(server.envelopes.allSatisfy { $0["tls"] as? Bool == true })
    }

    @Test func aCertificateFromAnUntrustedCAIsRefusedAndNothingIsLost() throws {
        let certificates = SMTPTestServer.certificates
        let (repository, outbox) = try Self.outbox(appointments: 1)
        let server = try SMTPTestServer(["--mode", "starttls", "--cert", certificates.cert, "--key", certificates.key, "--auth", "clinic:s3cr3t-pw"])
        let output = try DocketProcess.run(
            ["send", repository.root, "--smtp", "smtp+starttls://clinic:s3cr3t-pw@localhost:\(server.port)", "--ca-file", certificates.otherCA])
        #expect(output.status == 1)
        #expect(output.stdout.contains("certificate"), "\(output.stdout)")
        #expect(!(output.stdout + output.stderr).contains("s3cr3t-pw"))
        #expect(Self.emls(outbox).count == 2)
        #expect(server.received.isEmpty)
    }

    @Test func startTLSNotOfferedMeansNothingInClearText() throws {
        let (repository, outbox) = try Self.outbox(appointments: 1)
        let server = try SMTPTestServer()
        let output = try DocketProcess.run(["send", repository.root, "--smtp", "smtp+starttls://clinic:s3cr3t-pw@127.0.0.1:\(server.port)"])
        #expect(output.status == 1)
        #expect(output.stdout.contains("does not offer STARTTLS"))
        #expect(!(output.stdout + output.stderr).contains("s3cr3t-pw"))
        #expect(Self.emls(outbox).count == 2)
        #expect(server.received.isEmpty)
    }

    @Test func aWrongPasswordIsNeverPrinted() throws {
        let certificates = SMTPTestServer.certificates
        let (repository, outbox) = try Self.outbox(appointments: 1)
        let server = try SMTPTestServer(["--mode", "starttls", "--cert", certificates.cert, "--key", certificates.key, "--auth", "clinic:right"])
        let output = try DocketProcess.run(["send", repository.root, "--smtp", "smtp+starttls://clinic:wr0ng-pa55@localhost:\(server.port)", "--ca-file", certificates.ca])
        #expect(output.status == 1)
        #expect(output.stdout.contains("authentication failed"))
        #expect(!(output.stdout + output.stderr).contains("wr0ng-pa55"))
        #expect(Self.emls(outbox).count == 2)
    }

    @Test func aDroppedConnectionLeavesTheRestForTheNextRunAndNothingTwice() throws {
        let (repository, outbox) = try Self.outbox(appointments: 4)
        let all = Set(Self.emls(outbox).map { FileManager.default.contents(atPath: outbox + "/" + $0)! })
        let dropping = try SMTPTestServer(["--drop-after", "3"])
        let first = try DocketProcess.run(["send", repository.root, "--smtp", "smtp://127.0.0.1:\(dropping.port)"])
        #expect(first.status == 1)
        #expect(Self.emls(outbox + "/sent").count == 3)
        #expect(Self.emls(outbox).count == 5)
        let healthy = try SMTPTestServer()
        let second = try DocketProcess.run(["send", repository.root, "--smtp", "smtp://127.0.0.1:\(healthy.port)"])
        #expect(second.status == 0, "\(second.stdout)")
        #expect(Self.emls(outbox).isEmpty)
        let received = dropping.received + healthy.received
        #expect(received.count == 8)
        #expect(Set(received) == all)
    }

    @Test func temporaryAndPermanentRefusals() throws {
        let (repository, outbox) = try Self.outbox(appointments: 1)
        let server = try SMTPTestServer(["--temp-fail", "jane@example.com", "--perm-fail", "ada.lee@maple.example"])
        let output = try DocketProcess.run(["send", repository.root, "--smtp", "smtp://127.0.0.1:\(server.port)", "--format", "json"])
        #expect(output.status == 1)
        let object = try JSONSerialization.jsonObject(with: Data(output.stdout.utf8)) as? [String: Any]
        #expect((object?["summary"] as? [String: Int]) == ["sent": 0, "deferred": 1, "failed": 1])
        #expect(Self.emls(outbox).count == 1)
        let failed = Self.emls(outbox + "/failed")
        #expect(failed.count == 1)
        let reason = try String(contentsOfFile: outbox + "/failed/" + failed[0].replacingOccurrences(of: ".eml", with: ".reason"), encoding: .utf8)
        #expect(reason.contains("550"))
    }

    @Test func aServerThatNeverAnswersTimesOutAndLosesNothing() throws {
        let (repository, outbox) = try Self.outbox(appointments: 1)
        let server = try SMTPTestServer(["--mode", "silent"])
        let started = Date()
        let output = try DocketProcess.run(["send", repository.root, "--smtp", "smtp://127.0.0.1:\(server.port)", "--timeout", "2"])
        #expect(output.status == 1)
        #expect(output.stdout.contains("did not answer"))
        #expect(Date().timeIntervalSince(started) < 20)
        #expect(Self.emls(outbox).count == 2)
    }

    @Test func aReplyInjectedAfterTheStartTLSAnswerSendsNothing() throws {
        let (repository, outbox) = try Self.outbox(appointments: 1)
        let server = try SMTPTestServer(["--mode", "inject-after-starttls"])
        let output = try DocketProcess.run(["send", repository.root, "--smtp", "smtp+starttls://127.0.0.1:\(server.port)", "--timeout", "5"],
                                           environment: ["DOCKET_SMTP_USER": "clinic", "DOCKET_SMTP_PASSWORD": "s3cr3t-pw"])
        #expect(output.status == 1)
        #expect(output.stdout.contains("CVE-2011-0411"), "\(output.stdout)")
        #expect(Self.emls(outbox).count == 2)
        #expect(Self.emls(outbox + "/sent").isEmpty)
        // The server heard nothing after its injected reply: no TLS, no AUTH, no mail.
        let deadline = Date().addingTimeInterval(10)
        while !FileManager.default.fileExists(atPath: server.spool + "/after-starttls.bin"), Date() < deadline { usleep(50_000) }
        let after = FileManager.default.contents(atPath: server.spool + "/after-starttls.bin")
        #expect(after == Data(), "the client wrote \(after?.count ?? -1) bytes after the injection")
        #expect(!output.stdout.contains("s3cr3t-pw") && !output.stderr.contains("s3cr3t-pw"))
    }

    @Test func aServerThatStopsReadingDuringDataTimesOutAndKeepsTheMessage() throws {
        let repository = try TemporaryRepository()
        let outbox = repository.root + "/outbox"
        try FileManager.default.createDirectory(atPath: outbox, withIntermediateDirectories: true)
        // Larger than every socket buffer on the way, so the writes cannot all complete.
        let body = String(repeating: String(repeating: "x", count: 76) + "\r\n", count: 16 << 20 / 78)
        let message = "From: Maple <hello@maple.example>\r\nTo: <jane@example.com>\r\nSubject: big\r\n\r\n" + body
        try message.write(toFile: outbox + "/big.eml", atomically: false, encoding: .utf8)
        let server = try SMTPTestServer(["--mode", "stall-in-data"])
        let started = Date()
        let output = try DocketProcess.run(["send", "--outbox", outbox, "--smtp", "smtp://127.0.0.1:\(server.port)", "--timeout", "2"])
        #expect(output.status == 1, "\(output.stdout)\(output.stderr)")
        #expect(output.stdout.contains("stopped reading"), "\(output.stdout)")
        #expect(Date().timeIntervalSince(started) < 30)
        #expect(Self.emls(outbox) == ["big.eml"])
        #expect(Self.emls(outbox + "/sent").isEmpty && Self.emls(outbox + "/failed").isEmpty)
    }

    @Test func sendmailThroughMsmtpAndItsExitStatuses() throws {
        let (repository, outbox) = try Self.outbox(appointments: 1)
        let server = try SMTPTestServer()
        let msmtp = "msmtp --host=127.0.0.1 --port=\(server.port) --auth=off --tls=off --from=hello@maple.example -t"
        let output = try DocketProcess.run(["send", repository.root, "--sendmail", msmtp])
        #expect(output.status == 0, "\(output.stdout)\(output.stderr)")
        #expect(server.received.count == 2)
        #expect(Self.emls(outbox + "/sent").count == 2)

        let (other, otherOutbox) = try Self.outbox(appointments: 1)
        let temporary = try DocketProcess.run(["send", other.root, "--sendmail", "cat >/dev/null; echo busy >&2; exit 75"])
        #expect(temporary.status == 1)
        #expect(Self.emls(otherOutbox).count == 2)
        let permanent = try DocketProcess.run(["send", other.root, "--sendmail", "cat >/dev/null; echo 'no such user' >&2; exit 67"])
        #expect(permanent.status == 1)
        let failed = Self.emls(otherOutbox + "/failed")
        #expect(failed.count == 2)
        let reason = try String(contentsOfFile: otherOutbox + "/failed/" + failed[0].replacingOccurrences(of: ".eml", with: ".reason"), encoding: .utf8)
        #expect(reason.contains("no such user"))
    }

    @Test func aThousandMessagesOverOneConnection() throws {
        let repository = try TemporaryRepository()
        let outbox = repository.root + "/outbox"
        try FileManager.default.createDirectory(atPath: outbox, withIntermediateDirectories: true)
        for number in 0..<1000 {
            let message = "From: Maple <hello@maple.example>\r\nTo: <c\(number)@example.com>\r\nSubject: n\(number)\r\nMessage-ID: <\(number)@maple.example>\r\n\r\n" + String(repeating: "line of text for message \(number)\r\n", count: 60)
            try message.write(toFile: outbox + "/\(String(format: "%04d", number)).eml", atomically: false, encoding: .utf8)
        }
        let server = try SMTPTestServer()
        let started = Date()
        let output = try DocketProcess.run(["send", "--outbox", outbox, "--smtp", "smtp://127.0.0.1:\(server.port)"])
        let elapsed = Date().timeIntervalSince(started)
        #expect(output.status == 0, "\(output.stdout)")
        #expect(server.received.count == 1000)
        // Not a terminal (a CI log): at most a line every 5 seconds, then the summary.
        let progressLines = output.stderr.split(separator: "\n").filter { $0.hasPrefix("sent ") }
        #expect(progressLines.count <= Int(elapsed / 5) + 1, "\(output.stderr)")
        #expect(output.stdout.contains("1000 sent"), "\(output.stdout)")
        print("docket send: 1,000 messages to the local aiosmtpd in \(String(format: "%.2f", elapsed)) s")

        // On a terminal: one live line, rewritten in place, ended when the outbox is done.
        for number in 0..<100 {
            try "From: <hello@maple.example>\r\nTo: <t\(number)@example.com>\r\nSubject: t\r\n\r\nbody\r\n"
                .write(toFile: outbox + "/t\(number).eml", atomically: false, encoding: .utf8)
        }
        let command = "\(DocketProcess.executable) send --outbox \(outbox) --smtp smtp://127.0.0.1:\(server.port) >/dev/null"
        let terminal = try DocketProcess.runProgram("/usr/bin/script", ["-qec", command, "/dev/null"])
        #expect(terminal.status == 0, "\(terminal.stdout)")
        #expect(terminal.stdout.contains("\r\u{1B}[Ksent 100/100\r\n"), "\(terminal.stdout.debugDescription)")
        #expect(!terminal.stdout.contains("sent 20/100\r\n"), "\(terminal.stdout.debugDescription)")
    }

    @Test(arguments: [[String](), ["--smtp", "ftp://x"], ["--smtp", "smtp://x", "--sendmail", "y"], ["--smtp", "smtp://u@x"]])
    func badOptionsAreExitStatusTwo(arguments: [String]) throws {
        let (repository, _) = try Self.outbox(appointments: 1)
        let output = try DocketProcess.run(["send", repository.root] + arguments, environment: ["DOCKET_SMTP_PASSWORD": ""].filter { _ in false })
        #expect(output.status == 2, "\(arguments): \(output.stderr)")
    }
}
