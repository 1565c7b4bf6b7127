import DocketDesk
import DocketTestSupport
import Foundation
import Testing

/// The request workflow `docket init` writes, run as GitHub Actions would run it
/// (Tests/CIWiring/run_wiring.py) from an `issues` event to the branch it pushes and the pull
/// request it opens (the GitHub CLI's calls recorded, not sent), then the pull request's own
/// check (`validate --base --verify-signatures`, as the main workflow runs it) on that branch.
@Suite(.serialized) struct RequestWorkflowTests {
    struct Setup {
        let folder: TemporaryRepository
        let remote: String
        var clinic: String { folder.root + "/clinic" }
    }

    static func setUp() throws -> Setup {
        let folder = try TemporaryRepository()
        let clinic = folder.root + "/clinic"
        let initialised = try DocketProcess.run(["init", clinic, "--name", "Maple Clinic", "--domain", "maple.example",
                                                 "--source", "https://github.com/maple/docket@v1.0.0"])
        #expect(initialised.status == 0, "\(initialised.stderr)")
        let keys = TestSigningKeys.shared
        let files = try [
            "docket.yaml": """
                apiVersion: docket/v1
                kind: Organization
                id: maple
                name: Maple Clinic
                timezone: America/Toronto
                email:
                  from: Maple Clinic <hello@maple.example>
                  domain: maple.example
                automation:
                  signingKeys:
                    - \(keys.publicKey("automation"))

                """,
            "coordinators/sam.yaml": "apiVersion: docket/v1\nkind: Coordinator\nid: sam\nname: Sam Ortiz\nemail: sam@maple.example\ngithub: sam-ortiz\nsigningKeys:\n  - \(keys.publicKey("sam"))\n",
            "clinicians/dr-lee.yaml": "apiVersion: docket/v1\nkind: Clinician\nid: dr-lee\nname: Dr. Ada Lee\nemail: ada.lee@maple.example\ntimezone: America/Toronto\ngithub: ada-lee\n",
            "clinicians/dr-kim.yaml": "apiVersion: docket/v1\nkind: Clinician\nid: dr-kim\nname: Dr. Min Kim\nemail: min.kim@maple.example\ntimezone: America/Toronto\n",
            "clients/jane.yaml": "apiVersion: docket/v1\nkind: Client\nid: jane\nname: Jane Doe\nemail: jane@example.com\n",
        ]
        for (path, text) in files {
            try FileManager.default.createDirectory(atPath: (clinic + "/" + path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            try text.write(toFile: clinic + "/" + path, atomically: true, encoding: .utf8)
        }
        // The forms name the clinicians once they are listed.
        let stale = try DocketProcess.run(["validate", clinic])
        #expect(stale.stdout.contains("[stale-request-form]"), "\(stale.stdout)")
        let forms = try DocketProcess.run(["forms", clinic])
        #expect(forms.status == 0, "\(forms.stderr)")
        let fresh = try DocketProcess.run(["validate", clinic])
        #expect(fresh.status == 0 && !fresh.stdout.contains("stale-request-form"), "\(fresh.stdout)")
        // With a dropdown of clinicians now: still what GitHub accepts (SchemaStore's schema).
        let schema = try DocketProcess.runProgram("/usr/bin/env", ["check-jsonschema", "--builtin-schema", "vendor.github-issue-forms",
                                                                   "book.yml", "cancel.yml", "reschedule.yml"], in: clinic + "/.github/ISSUE_TEMPLATE")
        #expect(schema.status == 0, "\(schema.stdout)\(schema.stderr)")

        let remote = folder.root + "/remote.git"
        let signing = ["-c", "gpg.format=ssh", "-c", "user.signingkey=" + (try keys.privateKeyPath("sam"))]
        for command in [["init", "-q", "-b", "main", clinic], ["-C", clinic, "add", "-A"],
                        ["-C", clinic, "-c", "user.name=Sam", "-c", "user.email=sam@maple.example"] + signing + ["commit", "-q", "-S", "-m", "clinic"],
                        ["clone", "-q", "--bare", clinic, remote]] {
            let output = try DocketProcess.runProgram("/usr/bin/env", ["git"] + command)
            #expect(output.status == 0, "git \(command): \(output.stderr)")
        }
        return Setup(folder: folder, remote: remote)
    }

    /// An `issues` event's payload as GitHub sends it (the parts the workflow reads).
    static func event(number: Int, body: String, author: String, sender: String? = nil, action: String = "opened",
                      labels: [String] = [RequestForms.requestLabel, RequestAction.book.label], state: String = "open") throws -> Data {
        let payload: [String: Any] = [
            "action": action,
            "issue": ["number": number, "body": body, "user": ["login": author], "labels": labels.map { ["name": $0] },
                      "state": state],
            "sender": ["login": sender ?? author],
            "repository": ["default_branch": "main", "full_name": "clinic/docket"],
        ]
        return try JSONSerialization.data(withJSONObject: payload)
    }

    struct Run {
        var log: String
        var succeeded: Bool
        /// The `gh` calls, each with its arguments and the body file it sent.
        var gh: [[String: Any]]
    }

    static func run(_ setup: Setup, event: Data, number: Int) throws -> Run {
        let eventFile = setup.folder.root + "/event-\(number).json"
        try event.write(to: URL(fileURLWithPath: eventFile))
        let ghLog = setup.folder.root + "/gh-\(number).log"
        let arguments = [DocketProcess.packageRoot + "/Tests/CIWiring/run_wiring.py", "--system", "github",
                         "--workflow", setup.clinic + "/" + RequestWiring.githubWorkflowPath, "--remote", setup.remote,
                         "--docket", DocketProcess.executable, "--event", "issues", "--event-file", eventFile, "--run-id", "\(number)",
                         "--fake-gh", ghLog, "--artifacts", setup.folder.root + "/artifacts-\(number)",
                         "--secret", "DOCKET_AUTOMATION_SIGNING_KEY=" + (try String(contentsOfFile: TestSigningKeys.shared.privateKeyPath("automation"), encoding: .utf8))]
        let output = try DocketProcess.runProgram("/usr/bin/env", ["python3"] + arguments)
        let log = output.stdout + output.stderr
        print("--- request run \(number)\n\(log)")
        #expect(log.contains("STATUS "), "the simulation did not finish: \(log)")
        let calls = ((try? String(contentsOfFile: ghLog, encoding: .utf8)) ?? "").split(separator: "\n").compactMap {
            (try? JSONSerialization.jsonObject(with: Data($0.utf8))) as? [String: Any]
        }
        return Run(log: log, succeeded: log.contains("STATUS success"), gh: calls)
    }

    static func arguments(_ call: [String: Any]) -> [String] { call["args"] as? [String] ?? [] }

    static func branchExists(_ setup: Setup, _ branch: String) throws -> Bool {
        try DocketProcess.runProgram("/usr/bin/env", ["git", "--git-dir", setup.remote, "rev-parse", "--verify", "-q", "refs/heads/" + branch]).status == 0
    }

    /// The pull request's check, as the main workflow runs it, in a clone at `branch`.
    static func checkPullRequest(_ setup: Setup, _ branch: String) throws -> DocketProcess.Output {
        let clone = setup.folder.root + "/check-\(UUID().uuidString)"
        for command in [["clone", "-q", setup.remote, clone], ["-C", clone, "checkout", "-q", branch]] {
            let output = try DocketProcess.runProgram("/usr/bin/env", ["git"] + command)
            #expect(output.status == 0, "\(output.stderr)")
        }
        return try DocketProcess.run(["validate", clone, "--base", "origin/main", "--verify-signatures", "--now", "2027-01-04T09:00:00-05:00"])
    }

    static let booking = """
        ### Clinician

        Dr. Ada Lee (dr-lee)

        ### Client

        jane

        ### Date

        2030-03-11

        ### Time

        10:00

        ### Duration

        _No response_

        ### Type

        Video

        ### Title

        ${{ github.token }} `$(touch /tmp/docket-request-pwned)`

        ### Participants

        _No response_

        ### Attachments to send

        _No response_

        ### Repeats

        Does not repeat

        ### Number of visits

        _No response_

        ### Notes

        _No response_
        """

    @Test func aCoordinatorsIssueBecomesASignedPullRequestThatPassesTheCheck() throws {
        let setup = try Self.setUp()
        try? FileManager.default.removeItem(atPath: "/tmp/docket-request-pwned")
        let run = try Self.run(setup, event: Self.event(number: 7, body: Self.booking, author: "Sam-Ortiz"), number: 7)
        #expect(run.succeeded, "\(run.log)")
        #expect(!FileManager.default.fileExists(atPath: "/tmp/docket-request-pwned"), "the issue's text ran in a shell")
        #expect(try Self.branchExists(setup, "docket/request-7"))
        let create = try #require(run.gh.first { Array(Self.arguments($0).prefix(2)) == ["pr", "create"] }, "\(run.gh)")
        #expect(Self.arguments(create).contains("docket/request-7"))
        let body = create["body"] as? String ?? ""
        #expect(body.contains("Booked `a-2030-03-11-jane`") && body.contains("Closes #7"), "\(body)")
        #expect(run.gh.contains { Array(Self.arguments($0).prefix(3)) == ["issue", "comment", "7"] })
        // The commit carries the trailer and the automation key's signature; the check judges it as Sam's.
        let message = try DocketProcess.runProgram("/usr/bin/env", ["git", "--git-dir", setup.remote, "log", "-1", "--format=%B", "docket/request-7"])
        #expect(message.stdout.contains("Docket-Requested-By: sam"), "\(message.stdout)")
        let check = try Self.checkPullRequest(setup, "docket/request-7")
        #expect(check.status == 0 && check.stdout.contains("0 errors, "), "\(check.stdout)\(check.stderr)")
        // The appointment's history names who asked, not the workflow.
        let clone = setup.folder.root + "/history"
        try DocketProcess.runProgram("/usr/bin/env", ["git", "clone", "-q", "--branch", "docket/request-7", setup.remote, clone])
        let history = try DocketProcess.run(["history", clone, "a-2030-03-11-jane"])
        #expect(history.status == 0 && history.stdout.contains("the request workflow, requested by sam"), "\(history.stdout)\(history.stderr)")
    }

    @Test func aClinicianAskingForAnotherIsAnsweredAndLabelledWithNoBranch() throws {
        let setup = try Self.setUp()
        let body = Self.booking.replacingOccurrences(of: "Dr. Ada Lee (dr-lee)", with: "Dr. Min Kim (dr-kim)")
        let run = try Self.run(setup, event: Self.event(number: 8, body: body, author: "ada-lee"), number: 8)
        #expect(run.succeeded, "\(run.log)")
        #expect(try !Self.branchExists(setup, "docket/request-8"))
        #expect(!run.gh.contains { Array(Self.arguments($0).prefix(2)) == ["pr", "create"] })
        let comment = try #require(run.gh.first { Array(Self.arguments($0).prefix(3)) == ["issue", "comment", "8"] }, "\(run.gh)")
        #expect((comment["body"] as? String ?? "").contains("own appointments"))
        #expect(run.gh.contains { Self.arguments($0) == ["issue", "edit", "8", "--add-label", RequestWiring.refusedLabel] })
    }

    @Test func anEditBySomeoneElseOrAnIssueWithoutTheLabelRunsNothing() throws {
        let setup = try Self.setUp()
        let edited = try Self.run(setup, event: Self.event(number: 9, body: Self.booking, author: "ada-lee", sender: "sam-ortiz", action: "edited"), number: 9)
        #expect(edited.succeeded && edited.log.contains("job request [skipped]") && edited.gh.isEmpty, "\(edited.log)")
        let unlabelled = try Self.run(setup, event: Self.event(number: 10, body: Self.booking, author: "sam-ortiz", labels: ["question"]), number: 10)
        #expect(unlabelled.log.contains("job request [skipped]") && unlabelled.gh.isEmpty, "\(unlabelled.log)")
        // A closed issue (its pull request merged) edited later must not book again.
        let closed = try Self.run(setup, event: Self.event(number: 11, body: Self.booking, author: "sam-ortiz", action: "edited", state: "closed"), number: 11)
        #expect(closed.log.contains("job request [skipped]") && closed.gh.isEmpty, "\(closed.log)")
    }

    /// The automation key vouches only for commits naming their requester: without the trailer
    /// a commit it signs is `unknown-signer`; with a clinician's id, it is judged as theirs.
    @Test func theAutomationKeySignsOnlyForTheRequesterItNames() throws {
        let setup = try Self.setUp()
        let clone = try TemporaryRepository()
        try DocketProcess.runProgram("/usr/bin/env", ["git", "clone", "-q", setup.remote, clone.root + "/work"])
        let work = clone.root + "/work"
        let appointment = "apiVersion: docket/v1\nkind: Appointment\nid: a-x\nclinician: dr-kim\nclient: jane\nstart: 2030-03-12T10:00\nduration: 50m\n"
        try appointment.write(toFile: work + "/appointments/a-x.yaml", atomically: true, encoding: .utf8)
        let key = try TestSigningKeys.shared.privateKeyPath("automation")
        func commit(_ message: String) throws {
            for command in [["add", "-A"], ["-c", "user.name=docket", "-c", "user.email=d@example.com", "-c", "gpg.format=ssh", "-c", "user.signingkey=" + key,
                                            "commit", "-q", "--allow-empty", "-S", "-m", message]] {
                let output = try DocketProcess.runProgram("/usr/bin/env", ["git", "-C", work] + command)
                #expect(output.status == 0, "\(output.stderr)")
            }
        }
        try commit("book a-x")
        let noTrailer = try DocketProcess.run(["validate", work, "--base", "origin/main", "--verify-signatures", "--now", "2027-01-04T09:00:00-05:00"])
        #expect(noTrailer.status == 1 && noTrailer.stdout.contains("[unknown-signer]") && noTrailer.stdout.contains("Docket-Requested-By"), "\(noTrailer.stdout)")
        try DocketProcess.runProgram("/usr/bin/env", ["git", "-C", work, "reset", "-q", "--soft", "HEAD~1"])
        try commit("book a-x\n\nDocket-Requested-By: dr-lee")
        let asClinician = try DocketProcess.run(["validate", work, "--base", "origin/main", "--verify-signatures", "--now", "2027-01-04T09:00:00-05:00"])
        #expect(asClinician.status == 1 && asClinician.stdout.contains("[unauthorized-change]") && !asClinician.stdout.contains("unknown-signer"), "\(asClinician.stdout)")
        try DocketProcess.runProgram("/usr/bin/env", ["git", "-C", work, "reset", "-q", "--soft", "HEAD~1"])
        try commit("book a-x\n\nDocket-Requested-By: sam")
        let asCoordinator = try DocketProcess.run(["validate", work, "--base", "origin/main", "--verify-signatures", "--now", "2027-01-04T09:00:00-05:00"])
        #expect(asCoordinator.status == 0, "\(asCoordinator.stdout)")
    }
}
