import DocketModel
import DocketSupport
import DocketYAML
import Foundation

/// Where the request forms live in a repository and what their clinician list must say: one
/// place for `docket forms` (which writes them) and `stale-request-form` (which reads the
/// committed ones), so the two cannot disagree about an option's wording.
public enum RequestFormFiles {
    /// GitHub reads issue forms from this folder of the default branch.
    public static let githubFolder = ".github/ISSUE_TEMPLATE"
    /// GitLab offers the Markdown files of this folder as issue templates.
    public static let gitlabFolder = ".gitlab/issue_templates"
    /// The GitLab template's clinician list sits between these two comments.
    public static let gitlabListStart = "<!-- docket: clinicians -->"
    public static let gitlabListEnd = "<!-- /docket: clinicians -->"

    /// A clinician as the dropdown offers them: `Dr. Ada Lee (dr-lee)`. The id in the last
    /// parentheses is what a request is read by; the name is for people.
    public static func option(for clinician: Clinician) -> String {
        let name = clinician.name?.value ?? clinician.header.id.value
        // A dropdown option is one line; a name is already one line (invalid-value otherwise).
        return "\(name) (\(clinician.header.id.value))"
    }

    /// The options the forms must offer: the active clinicians, by name.
    public static func options(in repository: Repository) -> [String] {
        repository.clinicians.filter(\.isActive)
            .sorted { ($0.name?.value ?? "", $0.header.id.value) < ($1.name?.value ?? "", $1.header.id.value) }
            .map(option(for:))
    }

    /// The id an option names: `dr-lee` of `Dr. Ada Lee (dr-lee)`, or the text itself when it
    /// has no parentheses (a clinician's id typed by hand).
    public static func id(inOption text: String) -> String {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        guard trimmed.hasSuffix(")"), let open = trimmed.lastIndex(of: "(") else { return trimmed }
        return String(trimmed[trimmed.index(after: open)..<trimmed.index(before: trimmed.endIndex)]).trimmingCharacters(in: .whitespaces)
    }

    /// A committed form's clinician list: where it is written, and its options.
    public struct ClinicianList: Sendable {
        public var file: String
        public var location: SourceLocation
        public var options: [String]
    }

    /// The clinician lists of the committed forms: each GitHub form with a dropdown whose id
    /// is `clinician`, and each GitLab template with the marked list.
    public static func committedLists(root: String) -> [ClinicianList] {
        let files = RepositoryFiles(root: root)
        var lists: [ClinicianList] = []
        for name in (try? files.names(inFolder: githubFolder).get()) ?? [] where name.hasSuffix(".yml") || name.hasSuffix(".yaml") {
            let path = githubFolder + "/" + name
            guard case .success(let bytes) = files.read(path, limit: RepositoryLoader.maxFileSize, utf8: true),
                  let form = YAMLLoader.load(bytes).documents.first?.root else { continue }
            for element in form["body"]?.elements ?? [] where element["id"]?.scalar == "clinician" {
                // Written before there were clinicians: a text field, whose list is empty.
                if element["type"]?.scalar == "input", let label = element["attributes"]?.pairs.first(where: { $0.key.scalar == "label" }) {
                    lists.append(ClinicianList(file: path, location: SourceLocation(file: path, mark: label.key.mark), options: []))
                    continue
                }
                guard element["type"]?.scalar == "dropdown", let pair = element["attributes"]?.pairs.first(where: { $0.key.scalar == "options" }) else { continue }
                lists.append(ClinicianList(file: path, location: SourceLocation(file: path, mark: pair.key.mark),
                                           options: pair.value.elements.compactMap(\.scalar)))
            }
        }
        for name in (try? files.names(inFolder: gitlabFolder).get()) ?? [] where name.hasSuffix(".md") {
            let path = gitlabFolder + "/" + name
            guard case .success(let bytes) = files.read(path, limit: RepositoryLoader.maxFileSize, utf8: true) else { continue }
            let lines = String(decoding: bytes, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
            guard let start = lines.firstIndex(where: { $0.trimmingCharacters(in: .whitespaces) == gitlabListStart }),
                  let end = lines[start...].firstIndex(where: { $0.trimmingCharacters(in: .whitespaces) == gitlabListEnd }) else { continue }
            let options = lines[(start + 1)..<end].compactMap { line -> String? in
                let text = line.trimmingCharacters(in: .whitespacesAndNewlines)
                return text.hasPrefix("- ") ? String(text.dropFirst(2)).trimmingCharacters(in: .whitespaces) : nil
            }
            lists.append(ClinicianList(file: path, location: SourceLocation(file: path, line: start + 1, column: 1), options: options))
        }
        return lists
    }
}
