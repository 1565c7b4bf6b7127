import DocketDesk
import DocketRules
import DocketTestSupport
import Foundation
import Testing

/// The wiring `docket init` writes, run as GitHub Actions and GitLab CI would run it
/// (Tests/CIWiring/run_wiring.py: the steps in order, with each system's rules for what runs
/// after a failure), against a bare git remote and a real SMTP server on 127.0.0.1 that
/// refuses one address: two scheduled runs, and someone else pushing during the first.
@Suite(.serialized) struct CIWiringTests {
    static let organization = """
        apiVersion: docket/v1
        kind: Organization
        id: maple
        name: Maple Clinic
        timezone: America/Toronto
        email:
          from: Maple Clinic <hello@maple.example>
          domain: maple.example

        """

    static func appointment(_ id: String, client: String, day: Int) -> String {
        "apiVersion: docket/v1\nkind: Appointment\nid: \(id)\nclinician: dr-lee\nclient: \(client)\nstart: 2030-03-\(day)T10:00\nduration: 50m\n"
    }

    struct Setup {
        let folder: TemporaryRepository
        let remote: String
        let server: SMTPTestServer
        var artifacts: String { folder.root + "/artifacts" }
    }

    /// A clinic made by `docket init`, two appointments (Bob's address bounces), pushed to a bare remote.
    static func setUp() throws -> Setup {
        let folder = try TemporaryRepository()
        let clinic = folder.root + "/clinic"
        let initialised = try DocketProcess.run(["init", clinic, "--name", "Maple Clinic", "--domain", "maple.example"])
        #expect(initialised.status == 0, "\(initialised.stderr)")
        let files = [
            "docket.yaml": organization,
            "clinicians/dr-lee.yaml": "apiVersion: docket/v1\nkind: Clinician\nid: dr-lee\nname: Dr. Ada Lee\nemail: ada.lee@maple.example\ntimezone: America/Toronto\n",
            "clients/jane.yaml": "apiVersion: docket/v1\nkind: Client\nid: jane\nname: Jane Doe\nemail: jane@example.com\n",
            "clients/bob.yaml": "apiVersion: docket/v1\nkind: Client\nid: bob\nname: Bob Roe\nemail: bounce@example.com\n",
            "appointments/a-1.yaml": appointment("a-1", client: "jane", day: 11),
            "appointments/a-2.yaml": appointment("a-2", client: "bob", day: 12),
        ]
        for (path, text) in files {
            try FileManager.default.createDirectory(atPath: (clinic + "/" + path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            try text.write(toFile: clinic + "/" + path, atomically: true, encoding: .utf8)
        }
        let remote = folder.root + "/remote.git"
        for command in [["init", "-q", "-b", "main", clinic], ["-C", clinic, "add", "-A"],
                        ["-C", clinic, "-c", "user.name=Sam", "-c", "user.email=sam@maple.example", "commit", "-q", "-m", "clinic"],
                        ["clone", "-q", "--bare", clinic, remote]] {
            let output = try DocketProcess.runProgram("/usr/bin/env", ["git"] + command)
            #expect(output.status == 0, "git \(command): \(output.stderr)")
        }
        try FileManager.default.createDirectory(atPath: folder.root + "/artifacts", withIntermediateDirectories: true)
        let server = try SMTPTestServer(["--perm-fail", "bounce@example.com"])
        return Setup(folder: folder, remote: remote, server: server)
    }

    /// One CI run of the wiring; its log, and whether the CI system would call it a success.
    static func run(_ system: String, _ setup: Setup, run: Int, race: String? = nil) throws -> (log: String, succeeded: Bool) {
        let workflow = setup.folder.root + "/clinic/" + (system == "github" ? ".github/workflows/docket.yml" : ".gitlab-ci.yml")
        var arguments = [DocketProcess.packageRoot + "/Tests/CIWiring/run_wiring.py", "--system", system, "--workflow", workflow,
                         "--remote", setup.remote, "--docket", DocketProcess.executable, "--run-id", "\(run)",
                         "--var", "DOCKET_SMTP_URL=smtp://127.0.0.1:\(setup.server.port)", "--secret", "DOCKET_SMTP_PASSWORD=unused-on-loopback",
                         "--artifacts", setup.artifacts, "--push-url", setup.remote]
        if let race { arguments += ["--race", race, "--race-before", system == "github" ? "Keep the state" : "send"] }
        let output = try DocketProcess.runProgram("/usr/bin/env", ["python3"] + arguments)
        let log = output.stdout + output.stderr
        print("--- \(system) run \(run)\n\(log)")
        #expect(log.contains("STATUS "), "the simulation did not finish: \(log)")
        return (log, log.contains("STATUS success"))
    }

    /// A file of the remote's main branch, or nil.
    static func remoteFile(_ setup: Setup, _ path: String) throws -> String? {
        let output = try DocketProcess.runProgram("/usr/bin/env", ["git", "--git-dir", setup.remote, "show", "main:" + path])
        return output.status == 0 ? output.stdout : nil
    }

    static func remoteFiles(_ setup: Setup, under folder: String) throws -> [String] {
        let output = try DocketProcess.runProgram("/usr/bin/env", ["git", "--git-dir", setup.remote, "ls-tree", "-r", "--name-only", "main", folder])
        return output.stdout.split(separator: "\n").map(String.init)
    }

    /// (appointment, recipient) of every message the server accepted.
    static func delivered(_ setup: Setup) -> [String] {
        setup.server.received.map { message in
            let text = String(decoding: message, as: UTF8.self)
            let appointment = text.firstMatch(of: /X-Docket-Appointment: (\S+)/).map { String($0.1) } ?? "?"
            let to = text.firstMatch(of: /\r\nTo: [^\r]*<([^>]+)>/).map { String($0.1) } ?? "?"
            return "\(appointment) → \(to)"
        }.sorted()
    }

    @Test(arguments: ["github", "gitlab"])
    func stateIsAlwaysKeptEveryMessageGoesOutOnceAndTheBounceIsReportedNotRetried(system: String) throws {
        let setup = try Self.setUp()
        // Run 1, while a coordinator books a-3 and pushes before the run keeps its state.
        let book = "printf '\(Self.appointment("a-3", client: "jane", day: 13).replacingOccurrences(of: "\n", with: "\\n"))' > appointments/a-3.yaml && git add -A && git commit -qm 'book a-3'"
        let first = try Self.run(system, setup, run: 1, race: book)
        #expect(!first.succeeded, "a bounced address must mark the run failed")
        if system == "github" {
            #expect(first.log.contains("::error title=docket send: not delivered::a-2 → bounce@example.com: 550"), "\(first.log)")
            #expect(first.log.contains("[success] Keep the state, whatever the sending answered"))
        } else {
            #expect(first.log.contains("✗ failed") && first.log.contains("bounce@example.com: 550"), "\(first.log)")
            #expect(first.log.contains("job send [failed]"))
        }
        #expect(Self.delivered(setup) == ["a-1 → ada.lee@maple.example", "a-1 → jane@example.com", "a-2 → ada.lee@maple.example"])
        // The remote holds the state (both appointments), the race's commit, and the bounce in failed/ with its reason.
        let state = try #require(try Self.remoteFile(setup, ".docket/state.json"))
        #expect(state.contains("\"a-1\"") && state.contains("\"a-2\"") && !state.contains("\"a-3\""))
        #expect(try Self.remoteFile(setup, "appointments/a-3.yaml") != nil)
        let kept = try Self.remoteFiles(setup, under: ".docket")
        #expect(kept.filter { $0.hasPrefix(".docket/outbox/failed/") && $0.hasSuffix(".eml") }.count == 1)
        #expect(kept.contains { $0.hasSuffix(".reason") })
        #expect(!kept.contains { $0.contains("/sent/") || $0.hasSuffix(".lock") }, "\(kept)")
        #expect(try Self.remoteFiles(setup, under: ".docket-sent").isEmpty)
        // The delivered messages are the run's artifact, not history.
        let artifact = try FileManager.default.subpathsOfDirectory(atPath: setup.artifacts).filter { $0.hasSuffix(".eml") }
        #expect(artifact.count == 3, "\(artifact)")

        // Run 2: only a-3 is new; nothing of run 1 goes again, the bounce is not retried, and the run is green.
        let second = try Self.run(system, setup, run: 2)
        #expect(second.succeeded, "\(second.log)")
        #expect(Self.delivered(setup) == [
            "a-1 → ada.lee@maple.example", "a-1 → jane@example.com", "a-2 → ada.lee@maple.example",
            "a-3 → ada.lee@maple.example", "a-3 → jane@example.com",
        ])
        let finalState = try #require(try Self.remoteFile(setup, ".docket/state.json"))
        #expect(finalState.contains("\"a-3\""))
        #expect(try Self.remoteFiles(setup, under: ".docket/outbox").filter { $0.hasSuffix(".eml") && !$0.contains("/failed/") }.isEmpty)
    }

    /// The state alone keeps reconcile from planning a message twice: `sent/` need not be kept.
    @Test func theStateAloneKeepsReconcileFromPlanningAgain() throws {
        let repository = try TemporaryRepository(RuleExample(files: ["appointments/a-1.yaml": Self.appointment("a-1", client: "jane", day: 11)]))
        let first = try DocketProcess.run(["reconcile", repository.root, "--now", "2026-12-01T12:00:00Z"])
        #expect(first.stdout.contains("2 messages planned, 2 written"), "\(first.stdout)")
        try FileManager.default.removeItem(atPath: repository.root + "/.docket/outbox")
        let again = try DocketProcess.run(["reconcile", repository.root, "--now", "2026-12-01T12:00:00Z"])
        #expect(again.status == 0)
        #expect(again.stdout.contains("0 messages planned, 0 written"), "\(again.stdout)")
        #expect(((try? FileManager.default.contentsOfDirectory(atPath: repository.root + "/.docket/outbox")) ?? []).filter { $0.hasSuffix(".eml") }.isEmpty)
    }

    /// Only the step (GitHub) or job (GitLab) that sends is given the SMTP password.
    @Test func onlyTheSendingStepSeesTheSecret() {
        let github = CIWiring.githubWorkflow
        #expect(github.components(separatedBy: "secrets.DOCKET_SMTP_PASSWORD").count == 2)
        let steps = github.components(separatedBy: "      - name: ")
        #expect(steps.first { $0.hasPrefix("Send") }?.contains("DOCKET_SMTP_PASSWORD: ${{ secrets.DOCKET_SMTP_PASSWORD }}") == true)
        // The video rooms' key is the planning step's, not the sending one's.
        #expect(github.components(separatedBy: "secrets.DOCKET_VIDEO_KEY").count == 2)
        #expect(steps.first { $0.hasPrefix("Plan") }?.contains("DOCKET_VIDEO_KEY: ${{ secrets.DOCKET_VIDEO_KEY }}") == true)
        let gitlab = CIWiring.gitlabCI
        // The password is a variable of the "mail" environment, which only the send job declares.
        let send = gitlab.components(separatedBy: "\nsend:\n").last ?? ""
        #expect(send.contains("  environment: mail\n"))
        #expect(gitlab.components(separatedBy: "environment: mail").count == 2)
        #expect(gitlab.components(separatedBy: "environment: rooms").count == 2)
        #expect(!gitlab.contains("DOCKET_SMTP_PASSWORD:"))
    }
}
