import DocketModel
import DocketSupport
import Foundation
import Mustache

/// A template's file name, `templates/<action>.<role>.txt|html`.
public struct TemplateName: Sendable, Hashable {
    public enum Format: String, Sendable, CaseIterable {
        case txt, html
    }

    public var action: MessageAction
    public var role: RecipientRole
    public var format: Format

    public init(action: MessageAction, role: RecipientRole, format: Format) {
        self.action = action
        self.role = role
        self.format = format
    }

    public var fileName: String { "\(action.rawValue).\(role.rawValue).\(format.rawValue)" }

    /// Reads `confirm.client.txt`.
    public init?(fileName: String) {
        let parts = fileName.split(separator: ".").map(String.init)
        guard parts.count == 3, let action = MessageAction(rawValue: parts[0]), let role = RecipientRole(rawValue: parts[1]),
              let format = Format(rawValue: parts[2]) else { return nil }
        self.init(action: action, role: role, format: format)
    }
}

/// The repository's template overrides, parsed and checked.
public struct TemplateSet: Sendable {
    public static let folder = TemplateFolder.name

    /// A template is a page of wording; anything larger is a mistake, and it is rendered
    /// into every message.
    public static let maxTemplateSize = 64 << 10

    public private(set) var templates: [TemplateName: MustacheTemplate] = [:]
    public private(set) var diagnostics: [Diagnostic] = []
    /// Every file of `templates/` as read, by path (`templates/confirm.client.txt`), so that
    /// a change to one can be told from the base revision's.
    public private(set) var sources: [String: [UInt8]] = [:]

    public init() {}

    /// Reads every file in `templates/` (none is fine), through the repository's safe door.
    public static func load(_ files: RepositoryFiles) -> TemplateSet {
        var set = TemplateSet()
        let names: [String]
        switch files.names(inFolder: Self.folder) {
        case .success(let found): names = found
        case .failure(.missing): return set
        case .failure(let refusal):
            set.diagnostics.append(Diagnostic(
                .invalidTemplate, "the folder \(Self.folder)/ was not read: \(refusal); keep the templates as plain files in the repository",
                at: SourceLocation(file: Self.folder, line: 1, column: 1)))
            return set
        }
        for fileName in names {
            let path = Self.folder + "/" + fileName
            let start = SourceLocation(file: path, line: 1, column: 1)
            guard let name = TemplateName(fileName: fileName), name.role.actions.contains(name.action) else {
                set.diagnostics.append(Diagnostic(
                    .invalidTemplate,
                    "'\(fileName)' is not a template docket uses; name it <action>.<role>.txt or .html with an action of \(MessageAction.allCases.map(\.rawValue).joined(separator: ", ")) and a role of \(RecipientRole.allCases.map(\.rawValue).joined(separator: ", ")) (remind: client only)",
                    at: start))
                continue
            }
            let text: String
            switch files.read(path, limit: maxTemplateSize, utf8: true) {
            case .success(let bytes):
                set.sources[path] = bytes
                text = String(decoding: bytes, as: UTF8.self)
            case .failure(let refusal):
                set.diagnostics.append(Diagnostic(
                    .invalidTemplate, "'\(fileName)' was not read: \(refusal); a template must be a plain UTF-8 file of this repository, of at most \(maxTemplateSize >> 10) KiB", at: start))
                continue
            }
            switch parse(text, format: name.format) {
            case .success(let template):
                let unknown = unknownVariables(in: template)
                if unknown.isEmpty {
                    set.templates[name] = template
                } else {
                    let names = unknown.sorted().map { "{{\($0)}}" }.joined(separator: ", ")
                    let hints = unknown.sorted().compactMap { word in
                        Suggestion.closest(to: word, in: Array(TemplateVariables.allNames)).map { "'\(word)' → '\($0)'" }
                    }
                    set.diagnostics.append(Diagnostic(
                        .invalidTemplate,
                        "'\(fileName)' names unknown variables \(names)\(hints.isEmpty ? "" : " (did you mean \(hints.joined(separator: ", "))?)"); the README lists the variables",
                        at: location(of: unknown.sorted().first!, in: text, file: path)))
                }
            case .failure(let problem):
                set.diagnostics.append(Diagnostic(.invalidTemplate, "'\(fileName)' is not a valid Mustache template: \(problem)", at: start))
            }
        }
        return set
    }

    /// Parses a template; a `.txt` one renders values as they are, an `.html` one escapes them.
    public static func parse(_ text: String, format: TemplateName.Format) -> Result<MustacheTemplate, TemplateProblem> {
        // Partials and inheritance would read other files; docket's templates stand alone.
        if text.contains(/\{\{\s*[>$<%=]/) {
            return .failure(TemplateProblem(description: "partials ({{>…}}), inheritance ({{<…}}, {{$…}}), pragmas and delimiter changes are not supported"))
        }
        let prefix = format == .txt ? "{{% CONTENT_TYPE: TEXT}}" : ""
        do {
            return .success(try MustacheTemplate(string: prefix + text))
        } catch {
            return .failure(TemplateProblem(description: "\(error)"))
        }
    }

    public struct TemplateProblem: Error, CustomStringConvertible, Sendable {
        public var description: String
    }

    /// Names the template looks up that no variable answers: rendered twice over a probe,
    /// once with every flag and list set and once with none, so every section is entered.
    public static func unknownVariables(in template: MustacheTemplate) -> Set<String> {
        var unknown = Set<String>()
        for filled in [true, false] {
            let probe = VariableProbe(filled: filled)
            _ = template.render(probe)
            unknown.formUnion(probe.misses)
        }
        return unknown
    }

    private static func location(of variable: String, in text: String, file: String) -> SourceLocation {
        for (number, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            if let range = line.range(of: variable) {
                return SourceLocation(file: file, line: number + 1, column: line.distance(from: line.startIndex, to: range.lowerBound) + 1)
            }
        }
        return SourceLocation(file: file, line: 1, column: 1)
    }
}

/// A stand-in for a message's variables that records every name it is asked for and lacks.
final class VariableProbe: MustacheParent, @unchecked Sendable {
    private let filled: Bool
    private(set) var misses = Set<String>()

    init(filled: Bool) {
        self.filled = filled
    }

    func child(named name: String) -> Any? {
        if TemplateVariables.values.contains(where: { $0.name == name }) { return filled ? "x" : "" }
        if TemplateVariables.flags.contains(where: { $0.name == name }) { return filled }
        if let list = TemplateVariables.lists.first(where: { $0.name == name }) {
            guard filled else { return [Any]() }
            return [ListItemProbe(fields: list.fields)]
        }
        misses.insert(name)
        return nil
    }
}

/// An item of a list section; names it lacks fall through to the message's variables.
struct ListItemProbe: MustacheParent {
    let fields: [String]

    func child(named name: String) -> Any? {
        fields.contains(name) ? (name == "attached" ? true as Any : "x" as Any) : nil
    }
}
