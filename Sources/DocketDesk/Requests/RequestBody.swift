import DocketModel
import DocketYAML
import Foundation

/// A request's fields as the issue's body gives them: GitHub renders an issue form as
/// `### Label` sections (a blank line, the value, `_No response_` when left empty, a
/// checkbox as `- [X] option`); GitLab's template is a fenced `docket-request` block of
/// YAML. The body is untrusted input: bounded in size, UTF-8, no control characters but
/// line ends and tabs, and read as data only (nothing in it is run or interpolated).
public struct RequestBody: Sendable, Equatable {
    /// Field id → its lines (one for an input or a dropdown, several for a text area or the
    /// ticked checkboxes); a field left empty is absent.
    public var fields: [String: [String]]
    /// `action:` of a fenced block.
    public var action: RequestAction?

    /// The largest body read: GitHub allows 65,536 characters in an issue's body.
    public static let maximumBytes = 64 * 1024

    /// Why a body cannot be read as a request.
    public struct Problem: Error, Sendable, Equatable, CustomStringConvertible {
        /// The field concerned, if one is.
        public var field: String?
        public var description: String
    }

    public init(fields: [String: [String]], action: RequestAction? = nil) {
        self.fields = fields
        self.action = action
    }

    /// One line of a field, or nil when it was left empty.
    public func value(_ id: String) -> String? { fields[id]?.joined(separator: "\n") }

    public static func parse(_ bytes: [UInt8]) -> Result<RequestBody, Problem> {
        guard bytes.count <= maximumBytes else {
            return .failure(Problem(description: "the request is longer than \(maximumBytes) bytes (64 KiB); shorten it (the notes, say)"))
        }
        guard let text = String(validating: bytes, as: UTF8.self) else {
            return .failure(Problem(description: "the request is not UTF-8 text"))
        }
        // Line ends as browsers send them (CRLF) or as typed (LF); a lone CR ends a line too.
        let normalized = text.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\r", with: "\n")
        if let bad = normalized.unicodeScalars.first(where: isRefused) {
            let line = normalized.unicodeScalars.prefix { $0 != bad }.filter { $0 == "\n" }.count + 1
            return .failure(Problem(description: "line \(line) of the request holds the control character U+\(String(format: "%04X", bad.value)); a request is plain text"))
        }
        let lines = normalized.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        if let fenced = fencedBlock(lines) { return parseFenced(fenced) }
        return parseSections(lines)
    }

    /// C0 and C1 controls but tab and line feed, DEL, and the line and paragraph separators
    /// (which some programs take for line ends).
    static func isRefused(_ scalar: Unicode.Scalar) -> Bool {
        let value = scalar.value
        if value == 0x09 || value == 0x0A { return false }
        return value < 0x20 || value == 0x7F || (0x80..<0xA0).contains(value) || value == 0x2028 || value == 0x2029
    }

    // MARK: GitHub's rendering of a form

    static func parseSections(_ lines: [String]) -> Result<RequestBody, Problem> {
        var fields: [String: [String]] = [:]
        var current: String?
        var content: [String] = []
        func finish() -> Problem? {
            guard let id = current else { return nil }
            defer { current = nil; content = [] }
            guard fields[id] == nil else { return Problem(field: id, description: "the field '\(id)' is given twice") }
            let value = sectionValue(content)
            if !value.isEmpty { fields[id] = value }
            return nil
        }
        for line in lines {
            // A heading counts only when it names a field: a `### ` typed inside a text area is text.
            if line.hasPrefix("### "), let id = fieldID(heading: String(line.dropFirst(4))) {
                if let problem = finish() { return .failure(problem) }
                current = id
                // An id seen twice is reported when its second section ends.
                if fields[id] != nil { return .failure(Problem(field: id, description: "the field '\(id)' is given twice")) }
                continue
            }
            if current != nil { content.append(line) }
        }
        if let problem = finish() { return .failure(problem) }
        guard !fields.isEmpty || lines.contains(where: { $0.hasPrefix("### ") }) else {
            return .failure(Problem(description: "the request has none of the form's fields (### Clinician, ### Date, …) and no ```docket-request block; open the issue from one of the request forms"))
        }
        // `### Action` (a form a clinic wrote itself may ask): book, cancel or reschedule.
        var action: RequestAction?
        if let written = fields.removeValue(forKey: "action") {
            guard written.count == 1, let known = RequestAction(rawValue: written[0].trimmingCharacters(in: .whitespaces).lowercased()) else {
                return .failure(Problem(field: "action", description: "'action' must be book, cancel or reschedule"))
            }
            action = known
        }
        return .success(RequestBody(fields: fields, action: action))
    }

    /// The field a heading names: a label of docket's forms, or a field's id, in any case and
    /// spacing (`### New date`, `### date`, `### Start Date`… no: only labels and ids).
    static func fieldID(heading: String) -> String? {
        let key = normalized(heading)
        return headings[key]
    }

    /// Letters and digits only, lower-cased: `Only this date of the series` → `onlythisdateoftheseries`.
    static func normalized(_ text: String) -> String {
        String(text.lowercased().unicodeScalars.filter { $0.isASCII && (CharacterSet.alphanumerics.contains($0)) }.map(Character.init))
    }

    /// Normalized label or id → id.
    static let headings: [String: String] = {
        var headings: [String: String] = ["action": "action"]
        for (label, id) in RequestForms.labels {
            headings[normalized(label)] = id
            headings[normalized(id)] = id
        }
        return headings
    }()

    /// A section's value: its lines without the blank ones around them; `_No response_` is
    /// nothing; checkboxes give the ticked options only.
    static func sectionValue(_ lines: [String]) -> [String] {
        var trimmed = Array(lines.drop { $0.trimmingCharacters(in: .whitespaces).isEmpty })
        while let last = trimmed.last, last.trimmingCharacters(in: .whitespaces).isEmpty { trimmed.removeLast() }
        if trimmed.count == 1, trimmed[0].trimmingCharacters(in: .whitespaces) == "_No response_" { return [] }
        let boxes = trimmed.filter { !$0.trimmingCharacters(in: .whitespaces).isEmpty }
        if !boxes.isEmpty, boxes.allSatisfy(isCheckbox) {
            return boxes.compactMap { line in
                let text = line.trimmingCharacters(in: .whitespaces)
                guard text.hasPrefix("- [X] ") || text.hasPrefix("- [x] ") else { return nil }
                return String(text.dropFirst(6)).trimmingCharacters(in: .whitespaces)
            }
        }
        return trimmed
    }

    static func isCheckbox(_ line: String) -> Bool {
        let text = line.trimmingCharacters(in: .whitespaces)
        return text.hasPrefix("- [X] ") || text.hasPrefix("- [x] ") || text.hasPrefix("- [ ] ")
    }

    // MARK: GitLab's fenced block

    /// The lines inside the first ```docket-request fence, or nil when there is none.
    static func fencedBlock(_ lines: [String]) -> [String]? {
        guard let start = lines.firstIndex(where: { isFence($0, opening: true) }) else { return nil }
        let rest = lines[(start + 1)...]
        let end = rest.firstIndex(where: { isFence($0, opening: false) }) ?? lines.endIndex
        return Array(lines[(start + 1)..<end])
    }

    static func isFence(_ line: String, opening: Bool) -> Bool {
        let text = line.trimmingCharacters(in: .whitespaces)
        for fence in ["```", "~~~"] where text.hasPrefix(fence) {
            let info = text.drop { $0 == fence.first }.trimmingCharacters(in: .whitespaces)
            return opening ? info == "docket-request" : info.isEmpty
        }
        return false
    }

    static func parseFenced(_ lines: [String]) -> Result<RequestBody, Problem> {
        let loaded = YAMLLoader.load(Array(lines.joined(separator: "\n").utf8))
        if let problem = loaded.problems.first {
            return .failure(Problem(description: "the docket-request block is not valid YAML: \(problem.message) (line \(problem.mark.line) of the block)"))
        }
        guard let root = loaded.documents.first?.root else { return .failure(Problem(description: "the docket-request block is empty")) }
        guard loaded.documents.count == 1, root.kind == .mapping else {
            return .failure(Problem(description: "the docket-request block must be one mapping of fields (clinician: dr-lee, date: 2027-01-11, …)"))
        }
        var body = RequestBody(fields: [:])
        for (key, value) in root.pairs {
            guard let name = key.scalar?.lowercased() else { return .failure(Problem(description: "a key of the docket-request block is not a field name")) }
            let lines: [String]
            switch value.kind {
            case .scalar:
                let text = value.scalar ?? ""
                lines = value.isEmpty ? [] : text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            case .sequence:
                var items: [String] = []
                for item in value.elements {
                    guard let text = item.scalar else {
                        return .failure(Problem(field: name, description: "\(RequestReply.code(name)) must list lines of text"))
                    }
                    items.append(text)
                }
                lines = items
            default:
                return .failure(Problem(field: name, description: "\(RequestReply.code(name)) must be text or a list of lines, not a mapping"))
            }
            if name == "action" {
                guard let text = lines.first, lines.count == 1, let action = RequestAction(rawValue: text.trimmingCharacters(in: .whitespaces).lowercased()) else {
                    if lines.isEmpty { continue }
                    return .failure(Problem(field: "action", description: "'action' must be book, cancel or reschedule"))
                }
                body.action = action
                continue
            }
            guard RequestForms.labels.values.contains(name) else {
                return .failure(Problem(field: name, description: "the docket-request block has no field \(RequestReply.code(name)); its fields are \(Set(RequestForms.labels.values).sorted().joined(separator: ", ")) and action"))
            }
            let kept = lines.map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
            if !kept.isEmpty { body.fields[name] = kept }
        }
        return .success(body)
    }
}
