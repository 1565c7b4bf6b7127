import DocketRules
import DocketTestSupport
import Foundation
import Testing

/// Where docket meets the tools staff already use: annotations on the right file, colour on a
/// terminal only, a markdown diff, and feeds and pages fit to publish.
@Suite struct PublishingTests {
    static let now = "2026-11-29T12:00:00Z"
    static let samples = DocketProcess.packageRoot + "/samples"

    /// A git work tree holding the samples in `clinic/`, one appointment made to end before it starts.
    static func subfolderRepository() throws -> (TemporaryRepository, String) {
        let repository = try TemporaryRepository()
        let clinic = repository.root + "/clinic"
        try FileManager.default.copyItem(atPath: samples, toPath: clinic)
        try repository.git("init", "-q", "-b", "main")
        try repository.git("add", "-A")
        try repository.git("commit", "-q", "-m", "clinic")
        let file = clinic + "/appointments/2026/12/a-2026-12-01-jose.yaml"
        let text = try String(contentsOfFile: file, encoding: .utf8).replacingOccurrences(of: "end: 2026-12-01T08:50", with: "end: 2026-12-01T07:50")
        try text.write(toFile: file, atomically: true, encoding: .utf8)
        return (repository, clinic)
    }

    @Test func githubAndSARIFPathsStartAtTheGitWorkTree() throws {
        let (repository, clinic) = try Self.subfolderRepository()
        for base in [[], ["--base", "main"]] {
            let github = try DocketProcess.run(["validate", clinic, "--format", "github", "--now", Self.now] + base)
            #expect(github.status == 1)
            #expect(github.stdout.contains("::error file=clinic/appointments/2026/12/a-2026-12-01-jose.yaml,line=8,col=6,title=invalid-duration::"),
                    "\(github.stdout)")
            let sarif = try DocketProcess.run(["validate", clinic, "--format", "sarif", "--now", Self.now] + base)
            let log = try JSONSerialization.jsonObject(with: Data(sarif.stdout.utf8)) as? [String: Any]
            let run = (log?["runs"] as? [[String: Any]])?.first
            let uris = ((run?["results"] as? [[String: Any]]) ?? []).flatMap { result in
                ((result["locations"] as? [[String: Any]]) ?? []).compactMap {
                    (($0["physicalLocation"] as? [String: Any])?["artifactLocation"] as? [String: Any])?["uri"] as? String
                }
            }
            #expect(uris.contains("clinic/appointments/2026/12/a-2026-12-01-jose.yaml"), "\(uris)")
            #expect(FileManager.default.fileExists(atPath: repository.root + "/" + uris[0]))
        }
        // Text and JSON keep the repository's own paths.
        let text = try DocketProcess.run(["validate", clinic, "--now", Self.now])
        #expect(text.stdout.hasPrefix("appointments/2026/12/a-2026-12-01-jose.yaml:8:6: error: [invalid-duration]"))
        let json = try DocketProcess.run(["validate", clinic, "--format", "json", "--now", Self.now])
        #expect(json.stdout.contains("\"file\":\"appointments/2026/12/a-2026-12-01-jose.yaml\""))
    }

    @Test func outsideGitPathsStartAtTheCurrentFolder() throws {
        let (repository, clinic) = try Self.subfolderRepository()
        try FileManager.default.removeItem(atPath: repository.root + "/.git")
        let fromAbove = try DocketProcess.run(["validate", "clinic", "--format", "github", "--now", Self.now], in: repository.root)
        #expect(fromAbove.stdout.contains("file=clinic/appointments/2026/12/a-2026-12-01-jose.yaml,"), "\(fromAbove.stdout)")
        let fromInside = try DocketProcess.run(["validate", "--format", "github", "--now", Self.now], in: clinic + "/appointments")
        #expect(fromInside.stdout.contains("file=../appointments/2026/12/a-2026-12-01-jose.yaml,"), "\(fromInside.stdout)")
    }

    @Test func findingsAreColouredOnlyWhenAskedOrOnATerminal() throws {
        let (repository, clinic) = try Self.subfolderRepository()
        defer { withExtendedLifetime(repository) {} }
        let escape = "\u{1B}["
        let piped = try DocketProcess.run(["validate", clinic, "--now", Self.now])
        #expect(!piped.stdout.contains(escape))
        let always = try DocketProcess.run(["validate", clinic, "--now", Self.now, "--color", "always"])
        #expect(always.stdout.hasPrefix("\u{1B}[1mappointments/2026/12/a-2026-12-01-jose.yaml:8:6:\u{1B}[0m \u{1B}[1;31merror\u{1B}[0m: [invalid-duration]"))
        #expect(always.stdout.hasSuffix("1 error, 0 warnings in 50 files\n"))
        // On a real terminal (util-linux's script gives one): coloured unless NO_COLOR or --color never.
        let command = "\(DocketProcess.executable) validate \(clinic) --now \(Self.now)"
        // NO_COLOR empty counts as unset (no-color.org); the test runner may have set it.
        let terminal = try DocketProcess.runProgram("/usr/bin/script", ["-qec", command, "/dev/null"], environment: ["NO_COLOR": ""])
        #expect(terminal.stdout.contains("\u{1B}[1;31merror"), "\(terminal.stdout.debugDescription)")
        let noColor = try DocketProcess.runProgram("/usr/bin/script", ["-qec", command, "/dev/null"], environment: ["NO_COLOR": "1"])
        #expect(!noColor.stdout.contains(escape) && noColor.stdout.contains("error: [invalid-duration]"))
        let never = try DocketProcess.runProgram("/usr/bin/script", ["-qec", command + " --color never", "/dev/null"], environment: ["NO_COLOR": ""])
        #expect(!never.stdout.contains(escape) && never.stdout.contains("error: [invalid-duration]"))
    }

    @Test func theDiffAsAMarkdownTable() throws {
        let (repository, clinic) = try Self.subfolderRepository()
        try repository.git("checkout", "-q", "--", ".")
        let moved = clinic + "/appointments/2026/12/a-2026-12-03-anais.yaml"
        let text = try String(contentsOfFile: moved, encoding: .utf8).replacingOccurrences(of: "start: \"2026-12-03 14:00\"", with: "start: \"2026-12-03 15:00\"")
        try text.write(toFile: moved, atomically: true, encoding: .utf8)
        let output = try DocketProcess.run(["diff", clinic, "--base", "main", "--format", "markdown"])
        #expect(output.status == 0, "\(output.stderr)")
        #expect(output.stdout.hasPrefix("### docket: 1 appointment changed\n\n| | appointment | clinician / client | when | what changed | signed by |\n|---|---|---|---|---|---|\n"))
        // Not committed yet, so nobody signed it.
        #expect(output.stdout.contains("| 🕒 | `a-2026-12-03-anais` | dr-ada-lee / Anaïs Côté | Thu 2026-12-03 14:00–14:50 America/Toronto → **Thu 2026-12-03 15:00–15:50 America/Toronto** | rescheduled | uncommitted edits NOT SIGNED |"),
                "\(output.stdout)")
        try repository.git("commit", "-qam", "moved")
        let none = try DocketProcess.run(["diff", clinic, "--base", "HEAD", "--format", "markdown"], in: clinic)
        #expect(none.stdout.contains("0 appointments changed"))
    }

    @Test func feedsNameThemselvesAndCarryNoJoiningLink() throws {
        let folder = try TemporaryRepository()
        let output = try DocketProcess.run(["calendar", Self.samples, "--out", folder.root, "--now", Self.now])
        #expect(output.status == 0)
        let ada = try String(contentsOfFile: folder.root + "/dr-ada-lee.ics", encoding: .utf8)
        #expect(ada.contains("\r\nX-WR-CALNAME:Maple Grove Health — Dr. Ada Lee\r\n"))
        #expect(ada.contains("\r\nNAME:Maple Grove Health — Dr. Ada Lee\r\n"))
        #expect(ada.contains("\r\nX-WR-TIMEZONE:America/Toronto\r\n"))
        #expect(ada.contains("\r\nREFRESH-INTERVAL;VALUE=DURATION:PT1H\r\n"))
        let organization = try String(contentsOfFile: folder.root + "/organization.ics", encoding: .utf8)
        #expect(organization.contains("\r\nX-WR-CALNAME:Maple Grove Health\r\n"))
        // The samples' video links are per-appointment rooms: none is published.
        #expect(!organization.contains("video.maplegrove.example"))
        #expect(!organization.contains("URL:"))
    }

    /// Every client's name, each word of it, e-mail address and id, from the samples.
    static func clientTraces() throws -> [String] {
        var traces: [String] = []
        let folder = samples + "/clients"
        for name in try FileManager.default.contentsOfDirectory(atPath: folder) {
            let text = try String(contentsOfFile: folder + "/" + name, encoding: .utf8)
            for line in text.split(separator: "\n") {
                for key in ["name: ", "email: ", "id: "] where line.hasPrefix(key) {
                    let value = line.dropFirst(key.count).trimmingCharacters(in: CharacterSet(charactersIn: "\" "))
                    traces.append(value)
                    if key == "name: " { traces += value.split(separator: " ").map(String.init).filter { $0.count > 2 && $0.first?.isLetter == true } }
                    if key == "id: " { traces += value.split(separator: "-").map(String.init).filter { $0.count > 2 } }
                }
            }
        }
        return traces
    }

    @Test func redactedFeedsAndPagesNameNoClient() throws {
        let folder = try TemporaryRepository()
        let feeds = try DocketProcess.run(["calendar", Self.samples, "--out", folder.root + "/feeds", "--now", Self.now, "--redact"])
        let page = try DocketProcess.run(["dashboard", Self.samples, "--out", folder.root + "/page", "--now", Self.now, "--redact"])
        #expect(feeds.status == 0 && page.status == 0)
        let traces = try Self.clientTraces()
        #expect(traces.contains("Jane") && traces.contains("jane.doe@example.com"))
        var published = try FileManager.default.contentsOfDirectory(atPath: folder.root + "/feeds").map {
            try String(contentsOfFile: folder.root + "/feeds/" + $0, encoding: .utf8).replacingOccurrences(of: "\r\n ", with: "")
        }
        published.append(try String(contentsOfFile: folder.root + "/page/index.html", encoding: .utf8))
        // Words the staff's own files hold too (a clinician Tremblay, say) may appear.
        var staff = ""
        for folder in ["clinicians", "coordinators"] {
            for name in try FileManager.default.contentsOfDirectory(atPath: Self.samples + "/" + folder) {
                staff += try String(contentsOfFile: Self.samples + "/" + folder + "/" + name, encoding: .utf8)
            }
        }
        staff += try String(contentsOfFile: Self.samples + "/docket.yaml", encoding: .utf8)
        for trace in Set(traces) {
            let word = try Regex("(?i)\\b" + NSRegularExpression.escapedPattern(for: trace) + "\\b")
            guard !staff.contains(word) else { continue }
            for text in published {
                #expect(!text.contains(word), "a redacted feed or page names '\(trace)'")
            }
        }
        #expect(published[0].contains("BEGIN:VEVENT"))
        #expect(published.last!.contains("J. D."))
        // The titles stay out too: the samples' appointments are titled.
        #expect(!published.contains { $0.contains("Follow-up") || $0.contains("Intake") })
    }
}
