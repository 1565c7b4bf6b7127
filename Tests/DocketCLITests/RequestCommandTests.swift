import DocketDesk
import DocketModel
import DocketTestSupport
import Foundation
import Testing

/// `docket request`: issue bodies as GitHub renders a form (the format of GitHub's
/// documentation of issue forms: `### Label`, a blank line, the value, `_No response_` for a
/// field left empty, `- [X]` for a ticked box) and as GitLab's template's fenced block; who
/// may ask for what; what is written, refused and answered.
@Suite struct RequestCommandTests {
    static let now = "2027-01-04T09:00:00-05:00"

    static let files: [String: String] = [
        "docket.yaml": """
            apiVersion: docket/v1
            kind: Organization
            id: maple
            name: Maple Clinic
            timezone: America/Toronto
            email:
              from: Maple Clinic <hello@maple.example>
              domain: maple.example
            policy:
              bufferMinutes: 10

            """,
        "coordinators/sam.yaml": "apiVersion: docket/v1\nkind: Coordinator\nid: sam\nname: Sam Ortiz\nemail: sam@maple.example\ngithub: sam-ortiz\ngitlab: sam.ortiz\n",
        "clinicians/dr-lee.yaml": """
            apiVersion: docket/v1
            kind: Clinician
            id: dr-lee
            name: Dr. Ada Lee
            email: ada.lee@maple.example
            timezone: America/Toronto
            github: ada-lee
            availability:
              weekly:
                monday: ["09:00-17:00"]
                tuesday: ["09:00-17:00"]
                wednesday: ["09:00-17:00"]

            """,
        "clinicians/dr-kim.yaml": "apiVersion: docket/v1\nkind: Clinician\nid: dr-kim\nname: Dr. Min Kim\nemail: min.kim@maple.example\ntimezone: America/Vancouver\ngithub: min-kim\n",
        "clients/jane.yaml": "apiVersion: docket/v1\nkind: Client\nid: jane\nname: Jane Doe\nemail: jane@example.com\n",
        "clients/omar.yaml": "apiVersion: docket/v1\nkind: Client\nid: omar\nname: Omar Haddad\nemail: omar@example.com\n",
        "attachments/intake-form.pdf": "%PDF-1.4 intake\n",
        "appointments/a-lee.yaml": "apiVersion: docket/v1\nkind: Appointment\nid: a-lee\nclinician: dr-lee\nclient: omar\nstart: 2027-01-11T10:00\nduration: 50m\n",
        "appointments/a-kim.yaml": "apiVersion: docket/v1\nkind: Appointment\nid: a-kim\nclinician: dr-kim\nclient: omar\nstart: 2027-01-12T10:00\nduration: 50m\n",
        "appointments/s-lee.yaml": """
            apiVersion: docket/v1
            kind: Appointment
            id: s-lee
            clinician: dr-lee
            client: jane
            start: 2027-01-13T14:00
            duration: 50m
            repeat: {every: week, count: 6}

            """,
    ]

    /// A body as GitHub writes a submitted book form: every field, in the form's order.
    static func bookBody(clinician: String = "Dr. Ada Lee (dr-lee)", client: String = "jane", date: String = "2027-01-11",
                         time: String = "14:00", title: String = "_No response_", participants: String = "_No response_",
                         attachments: String = "- [ ] attachments/intake-form.pdf", repeats: String = "Does not repeat",
                         count: String = "_No response_", notes: String = "_No response_") -> String {
        """
        ### Clinician

        \(clinician)

        ### Client

        \(client)

        ### Date

        \(date)

        ### Time

        \(time)

        ### Duration

        _No response_

        ### Type

        Video

        ### Title

        \(title)

        ### Participants

        \(participants)

        ### Attachments to send

        \(attachments)

        ### Repeats

        \(repeats)

        ### Number of visits

        \(count)

        ### Notes

        \(notes)
        """
    }

    struct Result {
        var status: Int32
        var json: [String: Any]
        var stdout: String
        var stderr: String
        var reply: String { json["reply"] as? String ?? "" }
    }

    static func request(_ repository: TemporaryRepository, _ body: String, as login: String, forge: String = "github",
                        action: String? = nil) throws -> Result {
        try request(repository, Data(body.utf8), as: login, forge: forge, action: action)
    }

    static func request(_ repository: TemporaryRepository, _ body: Data, as login: String, forge: String = "github",
                        action: String? = nil) throws -> Result {
        let path = repository.root + "/../body-\(UUID().uuidString).md"
        try body.write(to: URL(fileURLWithPath: path))
        defer { try? FileManager.default.removeItem(atPath: path) }
        var arguments = ["request", repository.root, "--body", path, "--requester", login, "--forge", forge, "--now", now, "--format", "json"]
        if let action { arguments += ["--action", action] }
        let output = try DocketProcess.run(arguments)
        let json = (try? JSONSerialization.jsonObject(with: Data(output.stdout.utf8))) as? [String: Any] ?? [:]
        return Result(status: output.status, json: json, stdout: output.stdout, stderr: output.stderr)
    }

    static func clinic() throws -> TemporaryRepository {
        try TemporaryRepository(files: files)
    }

    static func appointmentFiles(_ repository: TemporaryRepository) -> [String] {
        let enumerator = FileManager.default.enumerator(atPath: repository.root + "/appointments")
        return (enumerator?.allObjects as? [String] ?? []).filter { $0.hasSuffix(".yaml") }.sorted()
    }

    // MARK: Reading bodies

    @Test func aFormBodyGivesEachFieldByItsId() throws {
        let body = Self.bookBody(participants: "Ana Ruiz <ana@example.com>, interpreter\nBo Li <bo@example.com>",
                                 attachments: "- [X] attachments/intake-form.pdf\n- [ ] attachments/consent.pdf",
                                 notes: "Prefers mornings.\n\n### not a heading of the form\nSecond line.")
        // Browsers send text areas with CRLF line ends.
        let parsed = try RequestBody.parse(Array(body.replacingOccurrences(of: "\n", with: "\r\n").utf8)).get()
        #expect(parsed.value("clinician") == "Dr. Ada Lee (dr-lee)")
        #expect(parsed.value("date") == "2027-01-11" && parsed.value("time") == "14:00")
        #expect(parsed.fields["duration"] == nil && parsed.fields["title"] == nil, "_No response_ is no value")
        #expect(parsed.value("type") == "Video" && parsed.value("repeat") == "Does not repeat")
        #expect(parsed.fields["participants"] == ["Ana Ruiz <ana@example.com>, interpreter", "Bo Li <bo@example.com>"])
        #expect(parsed.fields["attachments"] == ["attachments/intake-form.pdf"], "only the ticked box")
        #expect(parsed.fields["notes"] == ["Prefers mornings.", "", "### not a heading of the form", "Second line."])
    }

    @Test func headingsAreReadByLabelOrIdInAnyCaseAndSpacing() throws {
        let body = "### new DATE\n\n2027-01-12\n\n### TIME\n\n09:30\n\n### appointment\n\na-1\n\n### Only this date of the series:\n\n2027-01-11\n\n### Action\n\nreschedule\n"
        let parsed = try RequestBody.parse(Array(body.utf8)).get()
        #expect(parsed.fields == ["date": ["2027-01-12"], "time": ["09:30"], "appointment": ["a-1"], "occurrence": ["2027-01-11"]])
        #expect(parsed.action == .reschedule)
    }

    @Test func theFencedBlockOfGitLabsTemplateGivesTheSameFields() throws {
        let body = """
            Some words the coordinator left above the block.

            ```docket-request
            action: book
            clinician: dr-lee      # an id from the list above
            client: jane
            date: 2027-01-11
            time: "14:00"
            duration:
            participants:
              - Ana Ruiz <ana@example.com>, interpreter
            notes: |
              Two lines
              of notes.
            ```
            """
        let parsed = try RequestBody.parse(Array(body.utf8)).get()
        #expect(parsed.action == .book)
        #expect(parsed.value("clinician") == "dr-lee" && parsed.value("time") == "14:00" && parsed.fields["duration"] == nil)
        #expect(parsed.fields["participants"] == ["Ana Ruiz <ana@example.com>, interpreter"])
        #expect(parsed.fields["notes"] == ["Two lines", "of notes."])
    }

    @Test(arguments: [
        ("a NUL", "### Client\n\njane\u{0}\n", "U+0000"),
        ("an escape sequence", "### Title\n\n\u{1B}[2Jcleared\n", "U+001B"),
        ("a line separator", "### Title\n\nline\u{2028}Bcc: x@example.com\n", "U+2028"),
        ("a field twice", "### Date\n\n2027-01-11\n\n### Date\n\n2027-01-12\n", "twice"),
        ("no field at all", "Please book Jane on Monday.", "none of the form's fields"),
        ("a block that is not YAML", "```docket-request\nclinician: [dr-lee\n```", "not valid YAML"),
        ("a block with an unknown field", "```docket-request\nclinician: dr-lee\nrun: rm -rf /\n```", "no field `run`"),
        ("a block with a mention for a key", "```docket-request\n\"@everyone [x](http://evil)\": 1\n```", "no field `@everyone [x](http://evil)`"),
        ("an alias bomb", "```docket-request\na: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]\ne: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d]\n```", "YAML"),
    ])
    func aBodyThatIsNoRequestIsSaidToBeOne(_ name: String, _ body: String, _ expected: String) {
        guard case .failure(let problem) = RequestBody.parse(Array(body.utf8)) else {
            Issue.record("\(name) was read as a request")
            return
        }
        #expect(problem.description.contains(expected), "\(name): \(problem.description)")
    }

    /// Bodies mangled at random (bytes dropped, repeated, swapped for the characters that
    /// matter to the parser) are read or refused, never crashed on, and in time.
    @Test func mangledBodiesAreReadOrRefusedNeverCrashedOn() {
        var random = SeededRandom(seed: 28)
        let pieces: [[UInt8]] = ["### ", "\n", "\r\n", "_No response_", "- [X] ", "```docket-request\n", "```", "&a ", "*a", "\u{0}", "{", "[",
                                 "\u{2028}", "é", "${{ x }}"].map { Array($0.utf8) }
        let seeds = [Array(Self.bookBody().utf8), Array("```docket-request\naction: cancel\nappointment: a-1\nreason: x\n```\n".utf8)]
        let start = Date()
        for _ in 0..<3000 {
            var bytes = random.pick(seeds)
            for _ in 0..<(1 + random.below(6)) {
                let at = random.below(bytes.count + 1)
                switch random.below(4) {
                case 0: bytes.insert(contentsOf: random.pick(pieces), at: at)
                case 1: if at < bytes.count { bytes.removeSubrange(at..<min(bytes.count, at + 1 + random.below(20))) }
                case 2: if at < bytes.count { bytes[at] = UInt8(truncatingIfNeeded: random.next()) }
                default: bytes.insert(contentsOf: Array(bytes[at...].prefix(40)), at: at)
                }
            }
            _ = RequestBody.parse(bytes)
        }
        #expect(Date().timeIntervalSince(start) < 20)
    }

    @Test func deepNestingAndInvalidUTF8AreRefusedNotCrashedOn() {
        let deep = "```docket-request\nnotes: " + String(repeating: "[", count: 10_000) + "\n```"
        #expect(throws: RequestBody.Problem.self) { try RequestBody.parse(Array(deep.utf8)).get() }
        #expect(throws: RequestBody.Problem.self) { try RequestBody.parse([0x23, 0x23, 0x23, 0x20, 0xC3, 0x28]).get() }
    }

    // MARK: Who may ask

    @Test func aCoordinatorBooksAndTheReplySaysWhatHappensNext() throws {
        let clinic = try Self.clinic()
        let body = Self.bookBody(title: "Follow-up", participants: "Ana Ruiz <ana@example.com>, interpreter",
                                 attachments: "- [X] attachments/intake-form.pdf", notes: "Prefers mornings.\nSecond line.")
        // GitHub logins compare without regard to case.
        let result = try Self.request(clinic, body, as: "@Sam-Ortiz")
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
        #expect(result.json["status"] as? String == "applied" && result.json["action"] as? String == "book")
        let id = try #require(result.json["appointment"] as? String)
        let files = try #require(result.json["files"] as? [String])
        #expect(files == ["appointments/2027/01/\(id).yaml"])
        let text = try String(contentsOfFile: clinic.root + "/" + files[0], encoding: .utf8)
        for line in ["clinician: dr-lee", "client: jane", "start: 2027-01-11T14:00", "createdBy: sam", "title: Follow-up",
                     "role: interpreter", "- path: attachments/intake-form.pdf", "notes: |-\n  Prefers mornings.\n  Second line."] {
            #expect(text.contains(line), "\(line) in\n\(text)")
        }
        let message = try #require(result.json["commitMessage"] as? String)
        #expect(message.hasSuffix("\n\nDocket-Requested-By: sam\n"), "\(message)")
        #expect(result.reply.contains("Booked `\(id)`") && result.reply.contains("pull request"))
        let validate = try DocketProcess.run(["validate", clinic.root, "--now", Self.now])
        #expect(validate.status == 0, "\(validate.stdout)")
    }

    @Test func aClinicianRequestsForThemselvesOnly() throws {
        let clinic = try Self.clinic()
        let own = try Self.request(clinic, Self.bookBody(time: "15:00"), as: "ada-lee")
        #expect(own.status == 0, "\(own.reply)")
        let before = Self.appointmentFiles(clinic)
        let other = try Self.request(clinic, Self.bookBody(clinician: "Dr. Min Kim (dr-kim)", time: "15:00"), as: "ada-lee")
        #expect(other.status == 1 && other.json["status"] as? String == "refused")
        #expect(other.reply.contains("own appointments") && other.reply.contains("Ask a coordinator: Sam Ortiz"), "\(other.reply)")
        let cancelOther = try Self.request(clinic, "### Appointment\n\na-kim\n\n### Only this date of the series\n\n_No response_\n\n### Reason\n\n_No response_\n",
                                           as: "ada-lee", action: "cancel")
        #expect(cancelOther.status == 1 && cancelOther.reply.contains("not one of theirs"), "\(cancelOther.reply)")
        #expect(Self.appointmentFiles(clinic) == before, "a refusal writes nothing")
        let cancelOwn = try Self.request(clinic, "### Appointment\n\na-lee\n\n### Only this date of the series\n\n_No response_\n\n### Reason\n\nClinic closed\n",
                                         as: "ada-lee", action: "cancel")
        #expect(cancelOwn.status == 0, "\(cancelOwn.reply)")
        let text = try String(contentsOfFile: clinic.root + "/appointments/a-lee.yaml", encoding: .utf8)
        #expect(text.contains("status: cancelled") && text.contains("reason: Clinic closed"))
        // Asked again (the issue edited): nothing to change, nothing to commit.
        let again = try Self.request(clinic, "### Action\n\ncancel\n\n### Appointment\n\na-lee\n", as: "ada-lee")
        #expect(again.status == 1 && again.reply.contains("already cancelled") && again.json["commitMessage"] == nil, "\(again.reply)")
    }

    @Test(arguments: [
        ("a stranger", "mallory"),
        // Cyrillic а in place of the Latin a: not the same login.
        ("a look-alike login", "s\u{0430}m-ortiz"),
        ("a login with a space", "sam ortiz"),
        ("no login", ""),
    ])
    func nobodyElseMayAsk(_ name: String, _ login: String) throws {
        let clinic = try Self.clinic()
        let result = try Self.request(clinic, Self.bookBody(time: "15:00"), as: login)
        #expect(result.status == 1, "\(name): \(result.stdout)\(result.stderr)")
        #expect(result.json["requester"] == nil && result.json["files"] as? [String] == [])
        #expect(result.reply.contains("coordinators") && result.reply.contains("Sam Ortiz (`sam-ortiz`)") && !result.reply.contains("@sam"),
                "\(name): \(result.reply)")
        #expect(Self.appointmentFiles(clinic).count == 3)
    }

    @Test func aLoginTwoPeopleListIsNobodysUntilFixed() throws {
        var files = Self.files
        files["coordinators/kim.yaml"] = "apiVersion: docket/v1\nkind: Coordinator\nid: kim\nname: Kim Park\nemail: kim@maple.example\ngithub: Sam-Ortiz\n"
        let clinic = try TemporaryRepository(files: files)
        let result = try Self.request(clinic, Self.bookBody(time: "15:00"), as: "sam-ortiz")
        #expect(result.status == 1 && result.reply.contains("coordinator `kim` and coordinator `sam`"), "\(result.reply)")
    }

    // MARK: Conflicts and malformed fields

    @Test func aTakenTimeIsRefusedWithTheFindingAndFreeTimesNearby() throws {
        let clinic = try Self.clinic()
        let result = try Self.request(clinic, Self.bookBody(time: "10:15"), as: "sam-ortiz")
        #expect(result.status == 1)
        let codes = (result.json["diagnostics"] as? [[String: Any]] ?? []).compactMap { $0["code"] as? String }
        #expect(codes.contains("clinician-double-booked"), "\(codes)")
        let slots = try #require(result.json["slots"] as? [[String: Any]])
        #expect(!slots.isEmpty && slots.allSatisfy { $0["timezone"] as? String == "America/Toronto" })
        #expect(result.reply.contains("a-lee") && result.reply.contains("Free times nearby (America/Toronto)"), "\(result.reply)")
        #expect(Self.appointmentFiles(clinic).count == 3)
        // A free time it offers can be booked.
        let offered = try #require(slots.first?["start"] as? String)
        let parts = offered.split(separator: "T")
        let again = try Self.request(clinic, Self.bookBody(date: String(parts[0]), time: String(parts[1])), as: "sam-ortiz")
        #expect(again.status == 0, "\(again.reply)")
    }

    @Test(arguments: [
        ("date", bookBody(date: "11/01/2027"), "YYYY-MM-DD"),
        ("time", bookBody(time: "25:00"), "HH:MM"),
        ("client", bookBody(client: "jnae"), "Did you mean `jane`?"),
        ("clinician", bookBody(clinician: "Dr. Who (dr-who)"), "pick one from the list"),
        ("count", bookBody(repeats: "Every week"), "number of visits"),
        ("participants", bookBody(participants: "Ana Ruiz, interpreter"), "Name <email>"),
        ("attachments", bookBody(attachments: "../../etc/passwd"), "written from its root"),
        // A header injection: the title is one line, so nothing of it can become a header.
        ("title", bookBody(title: "Visit\r\nBcc: everyone@example.com"), "one line"),
        ("date", bookBody(date: "2027-01-04", time: "08:00"), "has already passed"),
    ])
    func aMalformedFieldIsNamedWithWhatItShouldLookLike(_ field: String, _ body: String, _ hint: String) throws {
        let clinic = try Self.clinic()
        let result = try Self.request(clinic, body, as: "sam-ortiz")
        #expect(result.status == 1)
        let problems = result.json["problems"] as? [[String: Any]] ?? []
        #expect(problems.contains { $0["field"] as? String == field }, "\(field): \(problems)")
        #expect(result.reply.contains(hint), "\(field): \(result.reply)")
        #expect(Self.appointmentFiles(clinic).count == 3)
    }

    @Test func hostileTextIsKeptAsTextAndNeverRun() throws {
        let clinic = try Self.clinic()
        let marker = clinic.root + "/../pwned-\(UUID().uuidString)"
        let title = "${{ secrets.GITHUB_TOKEN }} `$(touch \(marker))` @everyone"
        let result = try Self.request(clinic, Self.bookBody(time: "15:00", title: title), as: "sam-ortiz")
        #expect(result.status == 0, "\(result.json)")
        #expect(!FileManager.default.fileExists(atPath: marker))
        let file = try #require((result.json["files"] as? [String])?.first)
        let decoded = try DocketProcess.run(["list", clinic.root, "--format", "json", "--now", Self.now])
        #expect(decoded.stdout.contains("${{ secrets.GITHUB_TOKEN }}"), "the title is kept as written in \(file)")
        // The reply echoes nothing the requester wrote outside a code span.
        #expect(!result.reply.contains("@everyone") && !result.reply.contains("$(touch"))
    }

    @Test func aMegabyteBodyIsRefusedAndABodyFromStandardInputIsRead() throws {
        let clinic = try Self.clinic()
        let huge = Self.bookBody(notes: String(repeating: "x", count: 1_000_000))
        let result = try Self.request(clinic, huge, as: "sam-ortiz")
        #expect(result.status == 1 && result.reply.contains("64 KiB"), "\(result.reply)")
        let piped = try DocketProcess.run(["request", clinic.root, "--body", "-", "--requester", "sam-ortiz", "--forge", "github", "--now", Self.now],
                                          input: Data(Self.bookBody(time: "15:00").utf8))
        #expect(piped.status == 0 && piped.stdout.hasPrefix("Booked `a-2027-01-11-jane`"), "\(piped.stdout)\(piped.stderr)")
        let missing = try DocketProcess.run(["request", clinic.root, "--body", clinic.root + "/nothing.md", "--requester", "sam-ortiz", "--forge", "github"])
        #expect(missing.status == 2)
    }

    // MARK: The forms

    @Test func formsGoWhereTheForgesReadThemOrIntoOneFolderAndNeverOutOfTheRepository() throws {
        let clinic = try Self.clinic()
        let written = try DocketProcess.run(["forms", clinic.root])
        #expect(written.status == 0)
        #expect(written.stdout.hasPrefix("wrote .github/ISSUE_TEMPLATE/book.yml\n"), "\(written.stdout)")
        for path in [".github/ISSUE_TEMPLATE/book.yml", ".github/ISSUE_TEMPLATE/cancel.yml", ".github/ISSUE_TEMPLATE/reschedule.yml",
                     ".gitlab/issue_templates/book.md", ".gitlab/issue_templates/cancel.md", ".gitlab/issue_templates/reschedule.md"] {
            #expect(FileManager.default.fileExists(atPath: clinic.root + "/" + path), "\(path)")
        }
        let book = try String(contentsOfFile: clinic.root + "/.github/ISSUE_TEMPLATE/book.yml", encoding: .utf8)
        // Active clinicians by name, "Name (id)"; the attachments as boxes.
        #expect(book.contains("        - \"Dr. Ada Lee (dr-lee)\"\n        - \"Dr. Min Kim (dr-kim)\"\n"), "\(book)")
        #expect(book.contains("- label: \"attachments/intake-form.pdf\""))
        let gitlab = try String(contentsOfFile: clinic.root + "/.gitlab/issue_templates/book.md", encoding: .utf8)
        #expect(gitlab.contains("```docket-request\naction: book\n") && gitlab.contains("- Dr. Min Kim (dr-kim)"))

        let folder = try TemporaryRepository()
        let flat = try DocketProcess.run(["forms", clinic.root, "--out", folder.root + "/forms", "--format", "json"])
        #expect(flat.status == 0)
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.root + "/forms").sorted()
        #expect(names == ["book.md", "book.yml", "cancel.md", "cancel.yml", "reschedule.md", "reschedule.yml"])

        let hostile = try Self.clinic()
        let outside = try TemporaryRepository()
        try FileManager.default.createSymbolicLink(atPath: hostile.root + "/.github", withDestinationPath: outside.root)
        let refused = try DocketProcess.run(["forms", hostile.root])
        #expect(refused.status == 2 && refused.stderr.contains("leads out of the repository"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: outside.root).isEmpty)
        #expect(!FileManager.default.fileExists(atPath: hostile.root + "/.gitlab"), "nothing was written")
    }

    // MARK: Series, reschedules and GitLab

    @Test func oneVisitOfASeriesIsCancelledOrMovedAndASeriesIsBooked() throws {
        let clinic = try Self.clinic()
        let cancel = try Self.request(clinic, "### Appointment\n\ns-lee\n\n### Only this date of the series\n\n2027-01-20\n\n### Reason\n\nClinic closed\n", as: "sam-ortiz")
        #expect(cancel.status == 0 && cancel.json["action"] as? String == "cancel" && cancel.json["occurrence"] as? String == "2027-01-20", "\(cancel.reply)")
        let move = try Self.request(clinic, "### Appointment\n\ns-lee\n\n### Only this date of the series\n\n2027-01-27\n\n### New date\n\n2027-01-26\n\n### New time\n\n4:00 pm\n",
                                    as: "ada-lee")
        #expect(move.status == 0 && move.json["action"] as? String == "reschedule", "\(move.reply)")
        let text = try String(contentsOfFile: clinic.root + "/appointments/s-lee.yaml", encoding: .utf8)
        #expect(text.contains("2027-01-20: {status: cancelled, reason: Clinic closed}") || text.contains("2027-01-20:"), "\(text)")
        #expect(text.contains("2027-01-26T16:00"), "\(text)")
        let series = try Self.request(clinic, Self.bookBody(clinician: "dr. ada lee", client: "Omar Haddad", time: "16:00:00",
                                                            participants: "Ana Ruiz <ana@example.com> (interpreter)", repeats: "Every 2 weeks", count: "4"),
                                      as: "sam-ortiz")
        #expect(series.status == 0, "\(series.reply)")
        let file = try String(contentsOfFile: clinic.root + "/" + ((series.json["files"] as? [String])?.first ?? ""), encoding: .utf8)
        #expect(file.contains("client: omar") && file.contains("every: 2 weeks") && file.contains("count: 4") && file.contains("role: interpreter"), "\(file)")
    }

    @Test func aRescheduleIsReadInTheClinicianZone() throws {
        let clinic = try Self.clinic()
        // dr-kim works in Vancouver; the form's time is theirs.
        let body = "```docket-request\naction: reschedule\nappointment: a-kim\ndate: 2027-01-12\ntime: \"11:00\"\n```\n"
        let result = try Self.request(clinic, body, as: "sam.ortiz", forge: "gitlab")
        #expect(result.status == 0, "\(result.reply)")
        let text = try String(contentsOfFile: clinic.root + "/appointments/a-kim.yaml", encoding: .utf8)
        #expect(text.contains("start: 2027-01-12T11:00\n"), "\(text)")
        // GitLab's usernames are GitLab's: the GitHub login is not one.
        let wrongForge = try Self.request(clinic, body, as: "sam-ortiz", forge: "gitlab")
        #expect(wrongForge.status == 1)
    }
}
