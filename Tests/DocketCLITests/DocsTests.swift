import DocketTestSupport
import Foundation
import Testing

/// The reference in docs/ ships with the code: what can be generated is, and these tests say
/// when a page no longer matches what docket does (and what to paste).
@Suite struct DocsTests {
    static let docs = DocketProcess.packageRoot + "/docs"

    @Test func theCodesPageIsTheRuleCatalogue() throws {
        let output = try DocketProcess.run(["rules", "--format", "markdown"])
        #expect(output.status == 0)
        let page = try String(contentsOfFile: Self.docs + "/codes.md", encoding: .utf8)
        #expect(page == output.stdout, "docs/codes.md is stale: run docket rules --format markdown > docs/codes.md")
    }

    @Test func theFieldsPageIsTheDecodersTable() throws {
        let output = try DocketProcess.run(["schema", "--format", "markdown"])
        #expect(output.status == 0)
        let page = try String(contentsOfFile: Self.docs + "/fields.md", encoding: .utf8)
        #expect(page == output.stdout, "docs/fields.md is stale: run docket schema --format markdown > docs/fields.md")
    }

    @Test(arguments: ["validate", "diff", "reconcile", "send", "new", "cancel", "reschedule", "list", "calendar", "dashboard", "slots", "init", "rules", "schema", "export", "history"])
    func theCommandsPageShowsEachCommandsHelp(command: String) throws {
        let output = try DocketProcess.run([command, "--help"], environment: ["COLUMNS": "100"])
        #expect(output.status == 0)
        let page = try String(contentsOfFile: Self.docs + "/commands.md", encoding: .utf8)
        let block = "## docket \(command)\n"
        #expect(page.contains(block), "docs/commands.md has no section for \(command)")
        #expect(page.contains("```\n" + output.stdout.trimmingCharacters(in: .newlines) + "\n```"),
                "docs/commands.md is stale for \(command): run scripts/update-commands-page.py, or paste:\n\(output.stdout)")
    }

    /// Every relative link of the README and docs/ leads to a file of the repository.
    @Test func linksStayInsideTheRepositoryAndResolve() throws {
        let root = DocketProcess.packageRoot
        var pages = ["README.md"]
        pages += try FileManager.default.contentsOfDirectory(atPath: Self.docs).filter { $0.hasSuffix(".md") }.map { "docs/" + $0 }
        for page in pages {
            let text = try String(contentsOfFile: root + "/" + page, encoding: .utf8)
            let folder = (page as NSString).deletingLastPathComponent
            for match in text.matches(of: /\]\(([^)#\s]+)(#[^)]*)?\)/) {
                let target = String(match.1)
                guard !target.contains("://"), !target.hasPrefix("mailto:") else { continue }
                let resolved = URL(fileURLWithPath: root + "/" + (folder.isEmpty ? "" : folder + "/") + target).standardizedFileURL.path
                #expect(resolved.hasPrefix(root + "/"), "\(page) links outside the repository: \(target)")
                #expect(FileManager.default.fileExists(atPath: resolved), "\(page) links to \(target), which does not exist")
            }
        }
    }
}
