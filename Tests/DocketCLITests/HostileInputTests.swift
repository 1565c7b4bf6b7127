import DocketRules
import DocketTestSupport
import Foundation
import Testing

/// Input is data, never an instruction: what a hostile contributor (or an odd but honest
/// layout) puts in a revision, a file name, a sendmail command's behaviour, a folder tree or
/// a client's name, tried against the real programs (git, a shell, cmark-gfm).
@Suite struct HostileInputTests {
    static let now = "2026-12-01T12:00:00Z"

    static func appointment(_ id: String, start: String, clinician: String = "dr-lee", extra: String = "") -> String {
        "apiVersion: docket/v1\nkind: Appointment\nid: \(id)\nclinician: \(clinician)\nclient: jane\nstart: \(start)\nduration: 50m\n\(extra)"
    }

    /// The base files and one appointment, committed on `main` and tagged `base`.
    static func repository() throws -> TemporaryRepository {
        var files = RuleExample.baseFiles
        files["appointments/a-1.yaml"] = appointment("a-1", start: "2026-12-03T10:00")
        let repository = try TemporaryRepository(files: files)
        try repository.git("init", "-q", "-b", "main")
        try repository.commit("base")
        try repository.git("tag", "base")
        return repository
    }

    // MARK: 1. Revisions are resolved before git sees them

    @Test(arguments: ["--output=VICTIM", "-p", "HEAD --output=VICTIM", "--output VICTIM", "-", "--", "^{commit}"])
    func anOptionLikeBaseWritesNothingAndNamesTheValue(value: String) throws {
        let repository = try Self.repository()
        let victim = repository.root + "/../victim-\(UUID().uuidString)"
        try Data("keep me\n".utf8).write(to: URL(fileURLWithPath: victim))
        defer { try? FileManager.default.removeItem(atPath: victim) }
        let revision = value.replacingOccurrences(of: "VICTIM", with: victim)
        for command in [["validate", repository.root, "--base=\(revision)"],
                        ["validate", repository.root, "--base=\(revision)", "--author", "sam@maple.example"],
                        ["validate", repository.root, "--base=\(revision)", "--verify-signatures"],
                        ["diff", repository.root, "--base=\(revision)", "--format", "markdown"]] {
            let output = try DocketProcess.run(command + ["--now", Self.now].filter { _ in command[0] == "validate" })
            #expect(output.status == 2, "\(command): \(output.stdout)\(output.stderr)")
            #expect(output.stderr.contains("'\(revision)'"), "\(command): \(output.stderr)")
            #expect(try String(contentsOfFile: victim, encoding: .utf8) == "keep me\n", "\(command) wrote to the file")
            #expect(!FileManager.default.fileExists(atPath: repository.root + "/-p"))
        }
        #expect(try repository.git("status", "--porcelain").isEmpty, "nothing was written in the work tree")
    }

    /// A branch literally named `-x` (git allows it through update-ref) is a name like any
    /// other: `--base=-x` means that branch; `--base -x` is an option docket does not have.
    @Test func aBranchNamedLikeAnOptionIsJustABranch() throws {
        let repository = try Self.repository()
        try repository.git("update-ref", "refs/heads/-x", "HEAD")
        try repository.write(Self.appointment("a-2", start: "2026-12-01T08:00"), to: "appointments/a-2.yaml")
        let output = try DocketProcess.run(["validate", repository.root, "--base=-x", "--now", Self.now])
        // Judged against the branch: the new appointment starts within the notice.
        #expect(output.status == 0, "\(output.stdout)\(output.stderr)")
        #expect(output.stdout.contains("[short-notice]"), "\(output.stdout)")
        let diff = try DocketProcess.run(["diff", repository.root, "--base=-x"])
        #expect(diff.status == 0, "\(diff.stderr)")
        #expect(diff.stdout.contains("+ a-2"), "\(diff.stdout)")

        let separate = try DocketProcess.run(["validate", repository.root, "--base", "-x", "--now", Self.now])
        #expect(separate.status == 2, "\(separate.stderr)")
    }

    @Test func aControlCharacterInTheBaseIsShownEscaped() throws {
        let repository = try Self.repository()
        let output = try DocketProcess.run(["validate", repository.root, "--base=main\n::error::forged\u{1B}[2J", "--now", Self.now])
        #expect(output.status == 2)
        #expect(output.stderr.contains("main\\u{a}::error::forged\\u{1b}[2J"), "\(output.stderr)")
        #expect(!output.stderr.contains("\u{1B}"))
    }

    // MARK: 2. Names git would quote

    /// Every kind of name git quotes in its line-based output, and a leading `-` and a space.
    static let oddNames = ["café", "say \"hi\"", "back\\slash", "tab\there", "new\nline", "-leading", "a space"]

    @Test(arguments: oddNames)
    func historyFollowsAnAppointmentIntoAndOutOfAnOddName(name: String) throws {
        let repository = try Self.repository()
        try repository.git("mv", "appointments/a-1.yaml", "appointments/\(name).yaml")
        try repository.commit("into the odd name")
        try repository.write(Self.appointment("a-1", start: "2026-12-03T11:00"), to: "appointments/\(name).yaml")
        try repository.commit("moved an hour")
        try repository.git("mv", "appointments/\(name).yaml", "appointments/a-1.yaml")
        try repository.commit("out again")
        try repository.write(Self.appointment("a-1", start: "2026-12-03T12:00"), to: "appointments/a-1.yaml")
        try repository.commit("moved again")

        let output = try DocketProcess.run(["history", repository.root, "a-1", "--format", "json"])
        #expect(output.status == 0, "\(output.stderr)")
        struct History: Decodable {
            struct Entry: Decodable { var file: String; var changes: [String] }
            var entries: [Entry]
        }
        let history = try JSONDecoder().decode(History.self, from: Data(output.stdout.utf8))
        let odd = "appointments/\(name).yaml"
        #expect(history.entries.map(\.file) == ["appointments/a-1.yaml", odd, odd, "appointments/a-1.yaml", "appointments/a-1.yaml"])
        #expect(history.entries.map(\.changes) == [
            ["booked: Thu 3 Dec 10:00–10:50 America/Toronto with dr-lee for jane"],
            ["file moved: appointments/a-1.yaml → \(odd)"],
            ["moved from Thu 3 Dec 10:00–10:50 America/Toronto to 11:00–11:50 America/Toronto"],
            ["file moved: \(odd) → appointments/a-1.yaml"],
            ["moved from Thu 3 Dec 11:00–11:50 America/Toronto to 12:00–12:50 America/Toronto"],
        ])
        // In text, the name is shown with its control characters escaped, on one line.
        let text = try DocketProcess.run(["history", repository.root, "a-1"])
        #expect(text.status == 0)
        #expect(text.stdout.split(separator: "\n").count == 10, "\(text.stdout)")
    }

    @Test func historyOfAFileCreatedUnderAnOddName() throws {
        let repository = try Self.repository()
        for name in Self.oddNames {
            try repository.write(Self.appointment("b-\(Self.oddNames.firstIndex(of: name)!)", start: "2026-12-04T09:00"),
                                 to: "appointments/\(name).yaml")
        }
        try repository.commit("odd names")
        for (number, name) in Self.oddNames.enumerated() {
            let output = try DocketProcess.run(["history", repository.root, "b-\(number)", "--format", "json"])
            #expect(output.status == 0, "\(name): \(output.stderr)")
            #expect(output.stdout.contains("booked: Fri 4 Dec 09:00–09:50"), "\(name): \(output.stdout)")
        }
    }

    @Test func signaturesAreCheckedOnEveryOddName() throws {
        let keys = TestSigningKeys.shared
        var files = RuleExample.baseFiles
        files["coordinators/sam.yaml"] = "apiVersion: docket/v1\nkind: Coordinator\nid: sam\nname: Sam Ortiz\nemail: sam@maple.example\nsigningKeys:\n  - \(try keys.publicKey("sam"))\n"
        files["clinicians/dr-lee.yaml"] = "apiVersion: docket/v1\nkind: Clinician\nid: dr-lee\nname: Dr. Ada Lee\nemail: ada.lee@maple.example\ntimezone: America/Toronto\nsigningKeys:\n  - \(try keys.publicKey("dr-lee"))\n"
        files["clinicians/dr-kim.yaml"] = "apiVersion: docket/v1\nkind: Clinician\nid: dr-kim\nname: Dr. Min Kim\nemail: min.kim@maple.example\ntimezone: America/Toronto\n"
        let repository = try TemporaryRepository(files: files)
        try repository.git("init", "-q", "-b", "main")
        try repository.commit("base")
        try repository.git("tag", "base")
        // Signed by the coordinator: every odd name is read and judged, and passes.
        for (number, name) in Self.oddNames.enumerated() {
            try repository.write(Self.appointment("s-\(number)", start: "2026-12-0\(3 + number % 5)T\(11 + number):00"), to: "appointments/\(name).yaml")
        }
        try repository.commit("odd names, signed", signedBy: "sam")
        // Renamed out of one and into another by the clinician, signed.
        try repository.git("mv", "appointments/new\nline.yaml", "appointments/plain.yaml")
        try repository.git("mv", "appointments/café.yaml", "appointments/\"q\"\n.yaml")
        try repository.commit("renames", author: "Ada Lee <ada.lee@maple.example>", signedBy: "dr-lee")
        let good = try DocketProcess.run(["validate", repository.root, "--base", "base", "--verify-signatures", "--now", Self.now])
        #expect(good.status == 0, "\(good.stdout)\(good.stderr)")

        // The clinician hands dr-kim's appointment in an odd name to... anyone: not theirs.
        try repository.write(Self.appointment("k-1", start: "2026-12-08T10:00", clinician: "dr-kim"), to: "appointments/tab\there.yaml")
        try repository.commit("not mine", author: "Ada Lee <ada.lee@maple.example>", signedBy: "dr-lee")
        // And an unsigned change to a name with a newline.
        try repository.write(Self.appointment("s-4", start: "2026-12-07T15:00"), to: "appointments/plain.yaml")
        try repository.write(Self.appointment("u-1", start: "2026-12-09T10:00"), to: "appointments/-lead\nnew.yaml")
        try repository.commit("unsigned")
        let bad = try DocketProcess.run(["validate", repository.root, "--base", "base", "--verify-signatures", "--now", Self.now, "--format", "json"])
        #expect(bad.status == 1, "\(bad.stdout)\(bad.stderr)")
        struct Report: Decodable {
            struct Finding: Decodable { var code, file: String }
            var diagnostics: [Finding]
        }
        let report = try JSONDecoder().decode(Report.self, from: Data(bad.stdout.utf8))
        let found = Set(report.diagnostics.map { "\($0.code) \($0.file)" })
        #expect(found.contains("unauthorized-change appointments/tab\there.yaml"), "\(found)")
        #expect(found.contains("unsigned-change appointments/-lead\nnew.yaml"), "\(found)")
    }

    /// A commit message can hold any byte but NUL: one with git's field and record separators
    /// in its subject (and its author's name) is still judged, never skipped.
    @Test func aCommitWhoseSubjectHoldsSeparatorsIsStillJudged() throws {
        let keys = TestSigningKeys.shared
        var files = RuleExample.baseFiles
        files["coordinators/sam.yaml"] = "apiVersion: docket/v1\nkind: Coordinator\nid: sam\nname: Sam Ortiz\nemail: sam@maple.example\nsigningKeys:\n  - \(try keys.publicKey("sam"))\n"
        let repository = try TemporaryRepository(files: files)
        try repository.git("init", "-q", "-b", "main")
        try repository.commit("base")
        try repository.git("tag", "base")
        try repository.write(Self.appointment("a-9", start: "2026-12-08T10:00"), to: "appointments/a-9.yaml")
        try repository.commit("book\u{1F}a-9\u{1E}\u{1F}x\u{1F}y", author: "Mallory\u{1F}Q <sam@maple.example>")
        let output = try DocketProcess.run(["validate", repository.root, "--base", "base", "--verify-signatures", "--now", Self.now])
        #expect(output.status == 1, "\(output.stdout)\(output.stderr)")
        #expect(output.stdout.contains("appointments/a-9.yaml") && output.stdout.contains("[unsigned-change]"), "\(output.stdout)")
    }

    // MARK: 3. A sendmail command that never returns

    @Test(arguments: ["sleep 30", "head -c 200 >/dev/null; sleep 30", "cat >/dev/null; (sleep 30 &); sleep 30"])
    func aSendmailThatHangsIsStoppedAndItsMessageFailsVisibly(command: String) throws {
        var files = RuleExample.baseFiles
        files["appointments/a-1.yaml"] = Self.appointment("a-1", start: "2026-12-03T10:00")
        let repository = try TemporaryRepository(files: files)
        let planned = try DocketProcess.run(["reconcile", repository.root, "--now", Self.now])
        #expect(planned.status == 0, "\(planned.stderr)")
        let outbox = repository.root + "/.docket/outbox"
        let emls = { (folder: String) in ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []).filter { $0.hasSuffix(".eml") } }
        #expect(emls(outbox).count == 2)

        let started = Date()
        let output = try DocketProcess.run(["send", repository.root, "--sendmail", command, "--timeout", "1"])
        let elapsed = Date().timeIntervalSince(started)
        #expect(output.status == 1, "\(output.stdout)\(output.stderr)")
        // Two messages, each stopped after a second (and at most the grace period more).
        #expect(elapsed < 12, "took \(elapsed) s")
        #expect(emls(outbox).isEmpty)
        let failed = emls(outbox + "/failed")
        #expect(failed.count == 2)
        for name in failed {
            let reason = try String(contentsOfFile: outbox + "/failed/" + name.replacingOccurrences(of: ".eml", with: ".reason"), encoding: .utf8)
            #expect(reason.hasPrefix("timed out: may have been delivered"), "\(reason)")
        }
        // Never retried on its own: the next run has nothing to send.
        let again = try DocketProcess.run(["send", repository.root, "--sendmail", "cat >/dev/null"])
        #expect(again.status == 0)
        #expect(again.stdout.contains("0 sent"), "\(again.stdout)")
    }

    // MARK: Secrets named on the command line

    @Test func aVideoKeyFileThatIsNoPlainFileOrLiesInTheRepositoryIsRefused() throws {
        var files = RuleExample.baseFiles
        files["appointments/a-1.yaml"] = Self.appointment("a-1", start: "2026-12-03T10:00")
        let repository = try TemporaryRepository(files: files)
        let outside = try TemporaryRepository()
        mkfifo(outside.root + "/fifo", 0o600)
        try Data("a-key-inside-the-repository-0123456789\n".utf8).write(to: URL(fileURLWithPath: repository.root + "/video.key"))
        try Data(repeating: 65, count: 10_000).write(to: URL(fileURLWithPath: outside.root + "/huge"))
        for (file, says) in [(outside.root + "/fifo", "FIFO"), ("/dev/zero", "character device"), (outside.root + "/huge", "larger than"),
                             (repository.root + "/video.key", "inside the repository"), (outside.root + "/none", "cannot open")] {
            let started = Date()
            let output = try DocketProcess.run(["reconcile", repository.root, "--now", Self.now, "--video-key-file", file, "--dry-run"])
            #expect(output.status == 2, "\(file): \(output.stdout)\(output.stderr)")
            #expect(output.stderr.contains(says), "\(file): \(output.stderr)")
            #expect(!output.stderr.contains("a-key-inside"))
            #expect(Date().timeIntervalSince(started) < 10)
        }
        try Data("a-key-outside-the-repository-0123456789\n".utf8).write(to: URL(fileURLWithPath: outside.root + "/video.key"))
        try FileManager.default.createSymbolicLink(atPath: outside.root + "/link.key", withDestinationPath: outside.root + "/video.key")
        let good = try DocketProcess.run(["reconcile", repository.root, "--now", Self.now, "--video-key-file", outside.root + "/link.key", "--dry-run"])
        #expect(good.status == 0, "\(good.stderr)")
    }

    @Test func aFileNameCannotForgeAFindingOrAnAnnotation() throws {
        var files = RuleExample.baseFiles
        files["appointments/x\n::error file=docket.yaml::forged\u{1B}[2K.yaml"] = Self.appointment("a-1", start: "2026-12-03T10:00", clinician: "nobody")
        let repository = try TemporaryRepository(files: files)
        let text = try DocketProcess.run(["validate", repository.root, "--now", Self.now])
        #expect(text.status == 1)
        #expect(text.stdout.split(separator: "\n").count == 2, "\(text.stdout)")
        #expect(text.stdout.hasPrefix("appointments/x\\u{a}::error file=docket.yaml::forged\\u{1b}[2K.yaml:"), "\(text.stdout)")
        let github = try DocketProcess.run(["validate", repository.root, "--now", Self.now, "--format", "github"])
        let commands = github.stdout.split(separator: "\n").filter { $0.hasPrefix("::") }
        #expect(commands.count == 1, "\(github.stdout)")
        #expect(commands.first?.contains("%0A%3A%3Aerror file=docket.yaml%3A%3Aforged") == true, "\(github.stdout)")
    }

    // MARK: 4. A folder per day under a low limit of open files

    @Test func fiveThousandFoldersUnderALimitOf256OpenFiles() throws {
        var files = RuleExample.baseFiles
        files["clients/jane.yaml"] = nil
        let repository = try TemporaryRepository(files: files)
        try repository.write("apiVersion: docket/v1\nkind: Client\nid: jane\nname: Jane Doe\nemail: jane@example.com\n", to: "clients/jane.yaml")
        for number in 0..<5_000 {
            let day = number % 28 + 1, month = number / 28 % 12 + 1, year = 2027 + number / 336
            let folder = String(format: "appointments/%d/%02d/%02d/%d", year, month, day, number)
            try repository.write("apiVersion: docket/v1\nkind: Client\nid: c-\(number)\nname: Client \(number)\nemail: c\(number)@example.com\n",
                                 to: folder + "/c-\(number).yaml")
        }
        let output = try DocketProcess.runProgram("/bin/sh", ["-c", "ulimit -n 256 && exec \"$0\" validate \"$1\" --now \(Self.now)",
                                                              DocketProcess.executable, repository.root])
        #expect(output.status == 0, "\(output.stdout.prefix(2_000))\(output.stderr)")
        #expect(!output.stdout.contains("file-unreadable"))
        #expect(output.stdout.contains("in 5004 files"), "\(output.stdout.suffix(300))")
    }

    // MARK: 5. Markdown that quotes the repository

    @Test func theDiffsMarkdownShowsNamesAndTitlesAsTextOnly() throws {
        var files = RuleExample.baseFiles
        files["clients/jane.yaml"] = "apiVersion: docket/v1\nkind: Client\nid: jane\nname: \"Jane <img src=x onerror=alert(1)> | @octocat [x](https://evil.example) `code` # Doe\"\nemail: jane@example.com\n"
        let repository = try TemporaryRepository(files: files)
        try repository.git("init", "-q", "-b", "main")
        try repository.commit("base")
        try repository.write(Self.appointment("a-9", start: "2026-12-03T10:00", extra: "title: \"**bold** <script>x</script> | > quote\"\n"), to: "appointments/a-9.yaml")
        let output = try DocketProcess.run(["diff", repository.root, "--base", "main", "--format", "markdown"])
        #expect(output.status == 0, "\(output.stderr)")
        #expect(!output.stdout.contains("<img"))
        #expect(!output.stdout.contains("@octocat"))

        // Rendered as GitHub does (cmark-gfm, with raw HTML let through as GitHub's sanitizer
        // would then judge it): no tag, link, image, emphasis or mention.
        let script = """
            import sys, cmarkgfm
            from cmarkgfm.cmark import Options
            html = cmarkgfm.github_flavored_markdown_to_html(sys.stdin.read(), options=Options.CMARK_OPT_UNSAFE)
            print(html)
            """
        let rendered = try DocketProcess.runProgram("/usr/bin/env", ["python3", "-c", script], input: Data(output.stdout.utf8))
        #expect(rendered.status == 0, "is cmarkgfm installed (bash .ci/run)? \(rendered.stderr)")
        let html = rendered.stdout
        // One row, as many cells as the header has columns (five, six with signatures).
        #expect(html.components(separatedBy: "<tr>").count - 1 == 2, "\(html)")
        #expect(html.components(separatedBy: "<td>").count == html.components(separatedBy: "<th>").count, "\(html)")
        for forbidden in ["<img", "<script", "<a ", "<strong", "<code>code", "<blockquote", "<h1"] {
            #expect(!html.contains(forbidden), "\(forbidden) in \(html)")
        }
        #expect(html.contains("Jane &lt;img src=x onerror=alert(1)&gt; | @\u{200B}octocat [x](https://evil.example) `code` # Doe"), "\(html)")
    }
}

extension HostileInputTests {
    /// Series written to cost as much as possible: unbounded counts, `until` at the end of the
    /// calendar, daily series of 400 on one clinician all at one time. Expansion stops at the
    /// limits, findings stay one per series, rule and other appointment, and the run is quick.
    @Test func hostileSeriesStayBoundedAndProportional() throws {
        var files = RuleExample.baseFiles
        for number in 0..<200 {
            let repeatRule = switch number % 4 {
            case 0: "{every: day, count: 99999999999999999999}"
            case 1: "{every: day, until: 9999-12-31}"
            case 2: "{every: 0 weeks, count: 4}"
            default: "{every: day, count: 400}"
            }
            files["appointments/s-\(number).yaml"] = Self.appointment("s-\(number)", start: "2027-01-04T10:00", extra: "type: phone\nrepeat: \(repeatRule)\n")
        }
        let repository = try TemporaryRepository(files: files)
        let started = ContinuousClock.now
        let output = try DocketProcess.run(["validate", repository.root, "--now", Self.now, "--format", "json"])
        let elapsed = ContinuousClock.now - started
        #expect(output.status == 1)
        let json = try #require(try JSONSerialization.jsonObject(with: Data(output.stdout.utf8)) as? [String: Any])
        let diagnostics = try #require(json["diagnostics"] as? [[String: Any]])
        let codes = diagnostics.map { $0["code"] as? String ?? "" }
        #expect(codes.filter { $0 == "series-too-long" }.count == 100)
        #expect(codes.filter { $0 == "invalid-value" }.count == 50)
        // 150 series of 400 days at one time for one clinician and one client (the 50 with an
        // invalid rule count as single appointments): 199 others overlap each; the double
        // bookings are one finding per series and nearest other appointment, not per pair.
        #expect(codes.filter { $0 == "clinician-double-booked" }.count < 400, "\(codes.count) findings")
        #expect(diagnostics.count < 1_000)
        #expect(elapsed < .seconds(20), "validate took \(elapsed)")
    }
}
