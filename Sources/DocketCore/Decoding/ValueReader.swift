import DocketYAML
import Foundation

/// Reads the scalars of one file into typed values, reporting every problem at the node
/// that has it. Each reader returns nil after reporting, so decoding goes on and a file
/// shows all its problems at once.
struct ValueReader {
    let file: String
    var diagnostics: [Diagnostic] = []

    init(file: String) {
        self.file = file
    }

    func location(_ node: YAMLNode) -> SourceLocation {
        SourceLocation(file: file, mark: node.mark)
    }

    mutating func report(_ code: DiagnosticCode, _ message: String, at node: YAMLNode) {
        diagnostics.append(Diagnostic(code, message, at: location(node)))
    }

    // MARK: Shapes

    /// Checks that `node` is a mapping with only `fields` as keys; returns its pairs by key.
    mutating func mapping(_ node: YAMLNode, _ what: String, fields: [String]) -> [String: (key: YAMLNode, value: YAMLNode)]? {
        guard node.kind == .mapping else {
            report(.invalidValue, "\(what) must be a mapping of \(Self.list(fields)), not \(Self.noun(node))", at: node)
            return nil
        }
        var byKey: [String: (key: YAMLNode, value: YAMLNode)] = [:]
        for pair in node.pairs {
            guard let key = pair.key.scalar else {
                report(.invalidValue, "\(what) has a key that is \(pair.key.kind.noun); keys are plain names", at: pair.key)
                continue
            }
            guard fields.contains(key) else {
                let suggestion = Suggestion.closest(to: key, in: fields).map { "; did you mean '\($0)'?" } ?? "; remove it"
                report(.unknownField, "\(what) has no field '\(key)'\(suggestion) (fields: \(Self.list(fields)))", at: pair.key)
                continue
            }
            if byKey[key] == nil { byKey[key] = pair }
        }
        return byKey
    }

    /// The value of a required field, or a `missing-field` finding at the mapping.
    mutating func required(_ fields: [String: (key: YAMLNode, value: YAMLNode)], _ key: String, _ what: String,
                           at mapping: YAMLNode, example: String) -> YAMLNode? {
        if let pair = fields[key] { return pair.value }
        report(.missingField, "\(what) has no '\(key)'; add it, e.g. \(key): \(example)", at: mapping)
        return nil
    }

    mutating func list(_ node: YAMLNode, _ field: String) -> [YAMLNode]? {
        if node.isEmpty { return [] }
        guard node.kind == .sequence else {
            report(.invalidValue, "'\(field)' must be a list, not \(Self.noun(node))", at: node)
            return nil
        }
        return node.elements
    }

    // MARK: Scalars

    /// Any scalar text; `multiline` lets notes keep their line breaks and tabs.
    mutating func text(_ node: YAMLNode, _ field: String, multiline: Bool = false, allowEmpty: Bool = false) -> Located<String>? {
        guard let value = node.scalar else {
            report(.invalidValue, "'\(field)' must be a single value, not \(Self.noun(node))", at: node)
            return nil
        }
        if value.isEmpty && !allowEmpty {
            report(.invalidValue, "'\(field)' is empty; give it a value or remove the line", at: node)
            return nil
        }
        if let bad = value.unicodeScalars.first(where: { Self.isForbiddenControl($0, multiline: multiline) }) {
            let code = String(bad.value, radix: 16, uppercase: true)
            let what = multiline ? "a control character" : "a line break or control character"
            report(.invalidValue, "'\(field)' holds \(what) (U+\(code.count < 4 ? String(repeating: "0", count: 4 - code.count) + code : code)); write it on one line", at: node)
            return nil
        }
        return Located(value, at: location(node))
    }

    static func isForbiddenControl(_ scalar: Unicode.Scalar, multiline: Bool) -> Bool {
        switch scalar.value {
        case 0x0A, 0x09: !multiline
        case 0x00...0x1F, 0x7F...0x9F, 0x2028, 0x2029: true
        default: false
        }
    }

    mutating func id(_ node: YAMLNode, _ field: String) -> Located<String>? {
        guard let text = text(node, field) else { return nil }
        guard Self.isValidID(text.value) else {
            report(.invalidValue, "'\(field)' '\(text.value)' is not a valid id: use 1 to 64 lower-case letters, digits, '.', '_' or '-', starting with a letter or digit (e.g. dr-lee)", at: node)
            return nil
        }
        return text
    }

    static func isValidID(_ id: String) -> Bool {
        let bytes = Array(id.utf8)
        guard (1...64).contains(bytes.count) else { return false }
        for (index, byte) in bytes.enumerated() {
            let alphanumeric = (byte >= 97 && byte <= 122) || (byte >= 48 && byte <= 57)
            if index == 0 ? !alphanumeric : !(alphanumeric || byte == 46 || byte == 95 || byte == 45) { return false }
        }
        return true
    }

    mutating func email(_ node: YAMLNode, _ field: String) -> Located<String>? {
        guard let text = text(node, field) else { return nil }
        if let problem = EmailAddress.problem(text.value) {
            report(.invalidValue, "'\(field)' '\(text.value)' is not an e-mail address: \(problem)", at: node)
            return nil
        }
        return text
    }

    mutating func mailbox(_ node: YAMLNode, _ field: String) -> Located<Mailbox>? {
        guard let text = text(node, field) else { return nil }
        switch EmailAddress.mailbox(text.value) {
        case .success(let mailbox): return Located(mailbox, at: location(node))
        case .failure(let problem):
            report(.invalidValue, "'\(field)' '\(text.value)' is not 'Name <address>' or an address: \(problem.reason)", at: node)
            return nil
        }
    }

    mutating func zone(_ node: YAMLNode, _ field: String) -> Located<Zone>? {
        guard let text = text(node, field) else { return nil }
        guard let zone = ZoneCatalog.shared.zone(named: text.value) else {
            let hint = Suggestion.closest(to: text.value, in: TimeZoneNames.all, maxDistance: 4).map { "; did you mean '\($0)'?" }
                ?? "; use an IANA name such as America/Toronto or Europe/Paris"
            report(.invalidTimezone, "'\(field)' '\(text.value)' is not an IANA time zone\(hint)", at: node)
            return nil
        }
        return Located(zone, at: location(node))
    }

    mutating func bool(_ node: YAMLNode, _ field: String) -> Located<Bool>? {
        guard let text = text(node, field) else { return nil }
        switch text.value {
        case "true", "True", "TRUE": return Located(true, at: text.location)
        case "false", "False", "FALSE": return Located(false, at: text.location)
        default:
            report(.invalidValue, "'\(field)' must be true or false, not '\(text.value)'", at: node)
            return nil
        }
    }

    mutating func integer(_ node: YAMLNode, _ field: String, in range: ClosedRange<Int>) -> Located<Int>? {
        guard let text = text(node, field) else { return nil }
        guard let value = Int(text.value), text.value.utf8.count <= 10 else {
            report(.invalidValue, "'\(field)' must be a whole number, not '\(text.value)'", at: node)
            return nil
        }
        guard range.contains(value) else {
            let bound = range.upperBound == Int.max ? "at least \(range.lowerBound)" : "from \(range.lowerBound) to \(range.upperBound)"
            report(.invalidValue, "'\(field)' is \(value); it must be \(bound)", at: node)
            return nil
        }
        return Located(value, at: text.location)
    }

    mutating func choice<Choice: RawRepresentable & CaseIterable & Sendable>(
        _ node: YAMLNode, _ field: String, as type: Choice.Type
    ) -> Located<Choice>? where Choice.RawValue == String {
        guard let text = text(node, field) else { return nil }
        guard let value = Choice(rawValue: text.value) else {
            let choices = Choice.allCases.map(\.rawValue)
            let hint = Suggestion.closest(to: text.value, in: choices).map { "did you mean '\($0)'? " } ?? ""
            report(.invalidValue, "'\(field)' '\(text.value)' is not allowed; \(hint)use one of \(Self.list(choices))", at: node)
            return nil
        }
        return Located(value, at: text.location)
    }

    /// A length of time in minutes (`50m`, `1h30m`); zero and negatives are `invalid-duration`.
    mutating func minutes(_ node: YAMLNode, _ field: String) -> Located<Int>? {
        guard let text = text(node, field) else { return nil }
        switch DurationText.minutes(text.value) {
        case .success(0):
            report(.invalidDuration, "'\(field)' is zero; an appointment needs a length such as 50m or 1h", at: node)
        case .success(let minutes):
            return Located(minutes, at: text.location)
        case .failure(.negative):
            report(.invalidDuration, "'\(field)' '\(text.value)' is negative; write a positive length such as 50m or 1h30m", at: node)
        case .failure(.format):
            report(.invalidValue, "'\(field)' '\(text.value)' is not a length; write it like 50m, 1h or 1h30m", at: node)
        }
        return nil
    }

    mutating func time(_ node: YAMLNode, _ field: String) -> Located<TimeExpression>? {
        guard let text = text(node, field) else { return nil }
        switch TimeExpression.parse(text.value) {
        case .success(let expression):
            return Located(expression, at: text.location)
        case .failure(let error):
            report(.invalidValue, "'\(field)' '\(text.value)' \(error.reason); write 2026-12-03T14:00 (local time) or 2026-12-03T14:00:00-05:00", at: node)
            return nil
        }
    }

    mutating func date(_ node: YAMLNode, _ field: String) -> Located<LocalDate>? {
        guard let text = text(node, field) else { return nil }
        guard let date = LocalDate.parse(text.value) else {
            report(.invalidValue, "'\(field)' '\(text.value)' is not a calendar date written YYYY-MM-DD", at: node)
            return nil
        }
        return Located(date, at: text.location)
    }

    /// `09:00-12:00`; `24:00` may end a window.
    mutating func window(_ node: YAMLNode, _ field: String) -> Located<TimeWindow>? {
        guard let text = text(node, field) else { return nil }
        let parts = text.value.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 2, let start = Self.clock(parts[0]), let end = Self.clock(parts[1]) else {
            report(.invalidValue, "'\(field)' '\(text.value)' is not a window of hours; write it like 09:00-12:00", at: node)
            return nil
        }
        guard start < 24 * 60 else {
            report(.invalidValue, "'\(field)' '\(text.value)' starts at a time that does not exist; hours run from 00:00 to 24:00", at: node)
            return nil
        }
        guard start < end else {
            report(.invalidValue, "'\(field)' '\(text.value)' ends before it starts; a window lies within one day (split one that crosses midnight into two)", at: node)
            return nil
        }
        return Located(TimeWindow(startMinute: start, endMinute: end), at: text.location)
    }

    /// `HH:MM` as minutes since midnight, up to 24:00.
    static func clock(_ text: Substring) -> Int? {
        let bytes = Array(text.utf8)
        guard bytes.count == 5, bytes[2] == UInt8(ascii: ":") else { return nil }
        let digits = [bytes[0], bytes[1], bytes[3], bytes[4]]
        guard digits.allSatisfy({ $0 >= 48 && $0 <= 57 }) else { return nil }
        let hour = Int(digits[0] - 48) * 10 + Int(digits[1] - 48)
        let minute = Int(digits[2] - 48) * 10 + Int(digits[3] - 48)
        guard minute < 60, hour < 24 || (hour == 24 && minute == 0) else { return nil }
        return hour * 60 + minute
    }

    mutating func url(_ node: YAMLNode, _ field: String) -> Located<String>? {
        guard let text = text(node, field) else { return nil }
        let value = text.value
        guard !value.contains(where: { $0 == " " || $0 == "<" || $0 == ">" || $0 == "\"" }),
              let url = URL(string: value), let scheme = url.scheme?.lowercased(),
              scheme == "https" || scheme == "http", let host = url.host, !host.isEmpty else {
            report(.invalidValue, "'\(field)' '\(value)' is not a web address; write the full link, e.g. https://video.example.com/room/123", at: node)
            return nil
        }
        return text
    }

    // MARK: Wording

    static func noun(_ node: YAMLNode) -> String {
        node.isEmpty ? "nothing" : node.kind.noun
    }

    static func list(_ names: [String]) -> String {
        names.joined(separator: ", ")
    }
}
