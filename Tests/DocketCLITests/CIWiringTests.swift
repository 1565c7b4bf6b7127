import DocketDesk
import DocketSupport
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

    /// The simulator's arguments for one CI run of the wiring.
    static func arguments(_ system: String, _ setup: Setup, run: Int, race: String? = nil) -> [String] {
        let workflow = setup.folder.root + "/clinic/" + (system == "github" ? ".github/workflows/docket.yml" : ".gitlab-ci.yml")
        var arguments = [DocketProcess.packageRoot + "/Tests/CIWiring/run_wiring.py", "--system", system, "--workflow", workflow,
                         "--remote", setup.remote, "--docket", DocketProcess.executable, "--run-id", "\(run)",
                         "--var", "DOCKET_SMTP_URL=smtp://127.0.0.1:\(setup.server.port)", "--secret", "DOCKET_SMTP_PASSWORD=unused-on-loopback",
                         "--secret", "DOCKET_PUSH_TOKEN=unused-here", "--artifacts", setup.artifacts, "--push-url", setup.remote]
        if let race { arguments += ["--race", race, "--race-before", system == "github" ? "Keep the state" : "send"] }
        return arguments
    }

    /// One CI run of the wiring; its log, and whether the CI system would call it a success.
    static func run(_ system: String, _ setup: Setup, run: Int, race: String? = nil) throws -> (log: String, succeeded: Bool) {
        let output = try DocketProcess.runProgram("/usr/bin/env", ["python3"] + arguments(system, setup, run: run, race: race))
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

    /// Two pipelines triggered at once (two pushes a second apart) on the same commit: the
    /// second waits for the first's whole plan–send–push (GitHub's concurrency group, GitLab's
    /// resource group on the trigger job), then starts from the state the first pushed, so
    /// every message goes out once.
    @Test(arguments: ["github", "gitlab"])
    func twoOverlappingRunsSendEachMessageOnce(system: String) throws {
        let setup = try Self.setUp()
        let logs = [setup.folder.root + "/run1.log", setup.folder.root + "/run2.log"]
        let quote = { (text: String) in "'" + text.replacingOccurrences(of: "'", with: "'\\''") + "'" }
        let commands = (1...2).map { run in
            (["python3"] + Self.arguments(system, setup, run: run)).map(quote).joined(separator: " ") + " > \(quote(logs[run - 1])) 2>&1"
        }
        let both = try DocketProcess.runProgram("/bin/sh", ["-c", "\(commands[0]) & \(commands[1]) & wait"])
        #expect(both.status == 0)
        let text = try logs.map { try String(contentsOfFile: $0, encoding: .utf8) }
        print(text.joined(separator: "\n---\n"))
        #expect(text.allSatisfy { $0.contains("STATUS ") }, "\(text)")
        // Every message once: a-2's client bounces (550) in whichever run sent first.
        #expect(Self.delivered(setup) == ["a-1 → ada.lee@maple.example", "a-1 → jane@example.com", "a-2 → ada.lee@maple.example"])
        let state = try #require(try Self.remoteFile(setup, ".docket/state.json"))
        #expect(state.contains("\"a-1\"") && state.contains("\"a-2\""))
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
    @Test(arguments: [nil, DocketSource(url: "https://github.com/maple/docket", revision: "v1.0.0")])
    func onlyTheSendingStepSeesTheSecret(source: DocketSource?) {
        let github = CIWiring.githubWorkflow(source: source)
        #expect(github.components(separatedBy: "secrets.DOCKET_SMTP_PASSWORD").count == 2)
        let steps = github.components(separatedBy: "      - name: ")
        #expect(steps.first { $0.hasPrefix("Send") }?.contains("DOCKET_SMTP_PASSWORD: ${{ secrets.DOCKET_SMTP_PASSWORD }}") == true)
        // The video rooms' key is the planning step's, not the sending one's.
        #expect(github.components(separatedBy: "secrets.DOCKET_VIDEO_KEY").count == 2)
        #expect(steps.first { $0.hasPrefix("Plan") }?.contains("DOCKET_VIDEO_KEY: ${{ secrets.DOCKET_VIDEO_KEY }}") == true)
        let gitlab = CIWiring.gitlabNotify(source: source)
        // The password is a variable of the "mail" environment, which only the send job declares.
        let send = gitlab.components(separatedBy: "\nsend:\n").last ?? ""
        #expect(send.contains("  environment: mail\n"))
        #expect(gitlab.components(separatedBy: "environment: mail").count == 2)
        #expect(gitlab.components(separatedBy: "environment: rooms").count == 2)
        #expect(!gitlab.contains("DOCKET_SMTP_PASSWORD:") && !CIWiring.gitlabCI(source: source).contains("DOCKET_SMTP_PASSWORD:"))
        #expect(!CIWiring.files(source: source).values.joined().contains("your-org"), "no placeholder")
    }

    /// What `docket init` writes passes the tools the forges and pre-commit use: actionlint
    /// (with shellcheck on every run: block), the SchemaStore schemas check-jsonschema vendors
    /// for GitHub workflows and GitLab CI, pre-commit's own config check, and yamllint's
    /// relaxed rules (errors; its line-length warnings are style); with a known source and without one.
    @Test(arguments: [["--source", "https://github.com/maple/docket@v1.0.0"], []])
    func theWiringPassesTheForgesLinters(source: [String]) throws {
        let folder = try TemporaryRepository()
        let clinic = folder.root + "/clinic"
        let initialised = try DocketProcess.run(["init", clinic, "--name", "The \"Best\" Clinic, Inc."] + source)
        #expect(initialised.status == 0, "\(initialised.stderr)")
        let checks: [[String]] = [
            ["actionlint", "-shellcheck", "shellcheck", ".github/workflows/docket.yml", RequestWiring.githubWorkflowPath],
            ["check-jsonschema", "--builtin-schema", "vendor.github-workflows", ".github/workflows/docket.yml", RequestWiring.githubWorkflowPath],
            ["check-jsonschema", "--builtin-schema", "vendor.github-issue-forms", ".github/ISSUE_TEMPLATE/book.yml",
             ".github/ISSUE_TEMPLATE/cancel.yml", ".github/ISSUE_TEMPLATE/reschedule.yml"],
            ["check-jsonschema", "--builtin-schema", "vendor.gitlab-ci", ".gitlab-ci.yml", CIWiring.gitlabNotifyPath],
            ["pre-commit", "validate-config", ".pre-commit-config.yaml"],
            ["yamllint", "-d", "relaxed", "docket.yaml", ".github/workflows/docket.yml", RequestWiring.githubWorkflowPath, ".github/ISSUE_TEMPLATE",
             ".gitlab-ci.yml", CIWiring.gitlabNotifyPath, ".pre-commit-config.yaml"],
            ["shellcheck", "--version"],
        ]
        for check in checks {
            let output = try DocketProcess.runProgram("/usr/bin/env", check, in: clinic)
            #expect(output.status == 0, "\(check.joined(separator: " ")): \(output.stdout)\(output.stderr)")
        }
        let validate = try DocketProcess.run(["validate", clinic])
        #expect(validate.status == 0 && validate.stdout == "0 errors, 0 warnings in 1 file\n", "\(validate.stdout)")
        for (path, text) in CIWiring.files(source: nil) where !source.isEmpty {
            #expect(try String(contentsOfFile: clinic + "/" + path, encoding: .utf8) != text || path == ".gitignore", "\(path) does not name the source")
        }
    }

    /// Without a known source, a run stops at once and names the variables to set.
    @Test func withoutASourceTheRunStopsNamingTheVariables() throws {
        let script = CIWiring.githubWorkflow(source: nil)
        #expect(script.contains("DOCKET_SOURCE_URL: ${{ vars.DOCKET_SOURCE_URL }}"))
        let build = try #require(script.components(separatedBy: "run: |\n").dropFirst().first)
        let lines = build.split(separator: "\n").prefix { $0.hasPrefix("          ") }.map { String($0.dropFirst(10)) }
        let output = try DocketProcess.runProgram("/bin/bash", ["-e", "-c", lines.joined(separator: "\n")],
                                                  environment: ["DOCKET_SOURCE_URL": "", "DOCKET_VERSION": ""])
        #expect(output.status == 1)
        #expect(output.stdout.contains("set the CI variables DOCKET_SOURCE_URL") && output.stdout.contains("DOCKET_VERSION"), "\(output.stdout)")
    }

    /// A source given or recorded at build time is pinned; a user or token in its URL is refused.
    @Test func theSourceIsPinnedAndCarriesNoCredentials() throws {
        let folder = try TemporaryRepository()
        let good = try DocketProcess.run(["init", folder.root + "/a", "--source", "https://gitlab.example/tools/docket.git@0123456789abcdef0123456789abcdef01234567"])
        #expect(good.status == 0, "\(good.stderr)")
        let gitlab = try String(contentsOfFile: folder.root + "/a/.gitlab/docket-notify.yml", encoding: .utf8)
        #expect(gitlab.contains("DOCKET_SOURCE_URL: https://gitlab.example/tools/docket.git\n"))
        #expect(gitlab.contains("DOCKET_VERSION: 0123456789abcdef0123456789abcdef01234567\n"))
        let precommit = try String(contentsOfFile: folder.root + "/a/.pre-commit-config.yaml", encoding: .utf8)
        #expect(precommit.contains("rev: 0123456789abcdef0123456789abcdef01234567") && !precommit.contains("rev: main"))
        #expect(good.stdout.contains("CI builds docket from https://gitlab.example/tools/docket.git at 0123456789abcdef0123456789abcdef01234567"))
        for bad in ["https://oauth2:glpat-secret@gitlab.example/tools/docket.git@v1", "https://x.example/docket@v1;rm -rf /", "--upload-pack=evil@v1", "https://x.example/d@-v"] {
            let refused = try DocketProcess.run(["init", folder.root + "/b", "--source", bad])
            #expect(refused.status == 2, "\(bad): \(refused.stdout)")
            #expect(!refused.stderr.contains("glpat-secret"))
            #expect(!FileManager.default.fileExists(atPath: folder.root + "/b/docket.yaml"))
        }
    }

    /// init ends with what is left, in order, naming the defaults it kept; docs/ci.md has the
    /// same steps per forge.
    @Test func initEndsWithTheChecklistThatDocsCiHasToo() throws {
        let folder = try TemporaryRepository()
        let output = try DocketProcess.run(["init", folder.root + "/clinic", "--timezone", "Europe/Paris"])
        #expect(output.status == 0)
        let list = try #require(output.stdout.components(separatedBy: "What is left, in order:\n").last)
        #expect(list.contains("1. Make it a git repository: git init"), "\(list)")
        #expect(list.contains("--name (\"Our Clinic\")") && list.contains("--domain (clinic.example)") && !list.contains("--timezone ("))
        #expect(list.contains("DOCKET_SOURCE_URL") || list.contains("CI builds docket from"))
        let page = try String(contentsOfFile: DocketProcess.packageRoot + "/docs/ci.md", encoding: .utf8)
        let steps = InitChecklist.steps(isGitRepository: false, defaultsKept: [], source: nil)
        for step in steps {
            #expect(list.contains(step.key), "init's list lacks \(step.key)")
            #expect(page.contains(step.key), "docs/ci.md lacks the step \(step.key)")
        }
        for forge in ["On GitHub:", "On GitLab:"] { #expect(list.contains(forge) && page.contains(forge)) }
        // In a folder that already is a git repository, no `git init` step.
        let inGit = try TemporaryRepository()
        try inGit.git("init", "-q", "-b", "main")
        let again = try DocketProcess.run(["init", inGit.root])
        #expect(again.status == 0)
        #expect(!again.stdout.contains("git init"), "\(again.stdout)")
    }
}
