import DocketYAML
import Foundation

/// Reads the scalars of one file into typed values, reporting every problem at the node
/// that has it. Each reader returns nil after reporting, so decoding goes on and a file
/// shows all its problems at once.
struct ValueReader {
    let file: String
    /// `file`'s number, looked up once for all the file's locations.
    let fileNumber: UInt32
    var diagnostics: [Diagnostic] = []

    init(file: String, number: UInt32? = nil) {
        self.file = file
        fileNumber = number ?? SourceFiles.shared.number(for: file)
    }

    func location(_ node: YAMLNode) -> SourceLocation {
        SourceLocation(fileNumber: fileNumber, mark: node.mark)
    }

    mutating func report(_ code: DiagnosticCode, _ message: String, at node: YAMLNode) {
        diagnostics.append(Diagnostic(code, message, at: location(node)))
    }

    // MARK: Shapes

    /// Checks that `node` is a mapping with only `fields` as keys; returns its pairs by field.
    ///
    /// `what` names the mapping in findings; it is only built when there is one.
    mutating func mapping(_ node: YAMLNode, _ what: @autoclosure () -> String, fields: [String]) -> FieldValues? {
        guard node.kind == .mapping else {
            report(.invalidValue, "\(what()) must be a mapping of \(Self.list(fields)), not \(Self.noun(node))", at: node)
            return nil
        }
        var values = FieldValues(names: fields, node: node)
        node.forEachPair { ordinal, key, value in
            guard let name = key.scalar else {
                report(.invalidValue, "\(what()) has a key that is \(key.kind.noun); keys are plain names", at: key)
                return
            }
            guard let position = FieldValues.position(of: name, in: fields) else {
                let suggestion = Suggestion.closest(to: name, in: fields).map { "; did you mean '\($0)'?" } ?? "; remove it"
                report(.unknownField, "\(what()) has no field '\(name)'\(suggestion) (fields: \(Self.list(fields)))", at: key)
                return
            }
            if values.ordinals[position] < 0 { values.ordinals[position] = Int32(ordinal) }
        }
        return values
    }

    /// The value of a required field, or a `missing-field` finding at the mapping.
    mutating func required(_ fields: FieldValues, _ key: String, _ what: @autoclosure () -> String, example: String) -> YAMLNode? {
        if let value = fields[key] { return value }
        report(.missingField, "\(what()) has no '\(key)'; add it, e.g. \(key): \(example)", at: fields.node)
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
        if Self.mayHoldControl(value), let bad = value.unicodeScalars.first(where: { Self.isForbiddenControl($0, multiline: multiline) }) {
            let code = String(bad.value, radix: 16, uppercase: true)
            let what = multiline ? "a control character" : "a line break or control character"
            report(.invalidValue, "'\(field)' holds \(what) (U+\(code.count < 4 ? String(repeating: "0", count: 4 - code.count) + code : code)); write it on one line", at: node)
            return nil
        }
        return Located(value, at: location(node))
    }

    /// Whether `value` has a byte that could start a control character (C0, DEL, C1 as
    /// 0xC2 0x80–0x9F, U+2028/2029 as 0xE2 0x80 0xA8/A9): one pass over the bytes lets the
    /// common case skip decoding scalars.
    static func mayHoldControl(_ value: String) -> Bool {
        var value = value
        return value.withUTF8 { bytes in
            bytes.contains { $0 < 0x20 || $0 == 0x7F || $0 == 0xC2 || $0 == 0xE2 }
        }
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
        var id = id
        return id.withUTF8(isValidID)
    }

    static func isValidID(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
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

    mutating func signingKey(_ node: YAMLNode, _ field: String) -> Located<SigningKey>? {
        guard let text = text(node, field) else { return nil }
        switch SigningKey.parse(text.value) {
        case .success(let key): return Located(key, at: text.location)
        case .failure(let problem):
            report(.invalidValue, "'\(field)' holds a key docket cannot use: \(problem.reason)", at: node)
            return nil
        }
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
            let what = field.hasPrefix("policy.reminders") ? "a reminder comes some time before the start, such as 24h or 1h"
                : "an appointment needs a length such as 50m or 1h"
            report(.invalidDuration, "'\(field)' is zero; \(what)", at: node)
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
        guard Self.isPlainWebAddress(value) || Self.isWebAddressForFoundation(value) else {
            report(.invalidValue, "'\(field)' '\(value)' is not a web address; write the full link, e.g. https://video.example.com/room/123", at: node)
            return nil
        }
        return text
    }

    static func isWebAddressForFoundation(_ value: String) -> Bool {
        guard !value.contains(where: { $0 == " " || $0 == "<" || $0 == ">" || $0 == "\"" }),
              let url = URL(string: value), let scheme = url.scheme?.lowercased(),
              scheme == "https" || scheme == "http", let host = url.host else { return false }
        return !host.isEmpty
    }

    /// The common shape of a video link, checked byte by byte: `http(s)://host/path?query`
    /// with a host of letters, digits, `.` and `-` and only characters RFC 3986 allows
    /// unescaped after it (no `%`, `#` or `[`). Foundation's `URL` judges everything else;
    /// anything accepted here it accepts too (FastPathAgreementTests), without its parser.
    static func isPlainWebAddress(_ value: String) -> Bool {
        var value = value
        return value.withUTF8 { bytes in
            var position: Int
            if bytes.starts(with: "https://".utf8) {
                position = 8
            } else if bytes.starts(with: "http://".utf8) {
                position = 7
            } else {
                return false
            }
            let hostStart = position
            while position < bytes.count, isHostByte(bytes[position]) { position += 1 }
            guard position > hostStart else { return false }
            guard position == bytes.count || bytes[position] == UInt8(ascii: "/") || bytes[position] == UInt8(ascii: "?") else {
                return false
            }
            while position < bytes.count {
                guard isPathByte(bytes[position]) else { return false }
                position += 1
            }
            return true
        }
    }

    private static func isHostByte(_ byte: UInt8) -> Bool {
        (byte >= 97 && byte <= 122) || (byte >= 65 && byte <= 90) || (byte >= 48 && byte <= 57) || byte == 45 || byte == 46
    }

    private static func isPathByte(_ byte: UInt8) -> Bool {
        if isHostByte(byte) { return true }
        switch byte {
        case UInt8(ascii: "_"), UInt8(ascii: "~"), UInt8(ascii: "/"), UInt8(ascii: "?"), UInt8(ascii: "="),
             UInt8(ascii: "&"), UInt8(ascii: ":"), UInt8(ascii: "@"), UInt8(ascii: "!"), UInt8(ascii: "$"),
             UInt8(ascii: "'"), UInt8(ascii: "("), UInt8(ascii: ")"), UInt8(ascii: "*"), UInt8(ascii: "+"),
             UInt8(ascii: ","), UInt8(ascii: ";"):
            return true
        default:
            return false
        }
    }

    // MARK: Wording

    static func noun(_ node: YAMLNode) -> String {
        node.isEmpty ? "nothing" : node.kind.noun
    }

    static func list(_ names: [String]) -> String {
        names.joined(separator: ", ")
    }
}

/// The values of one mapping's fields, by the position of their names in the kind's field list.
///
/// A handful of names, compared directly: cheaper than hashing every key of every mapping of
/// a clinic's history into a dictionary. Each field keeps the number of its pair in the
/// mapping, not the nodes: one small array of integers per mapping.
struct FieldValues {
    let names: [String]
    /// For each of `names`, the ordinal of its pair in `node`, or -1 when the mapping lacks it.
    var ordinals: [Int32]
    /// The mapping itself, where a missing field is reported.
    let node: YAMLNode

    init(names: [String], node: YAMLNode) {
        self.names = names
        self.node = node
        ordinals = Array(repeating: -1, count: names.count)
    }

    /// Where `name` is in `names`. Lengths are compared first: most names differ in length,
    /// and comparing two strings of different contents is a call into the standard library
    /// (a few hundred per file, for every file of a clinic's history).
    static func position(of name: String, in names: [String]) -> Int? {
        let length = name.utf8.count
        for (position, candidate) in names.enumerated() where candidate.utf8.count == length && candidate == name {
            return position
        }
        return nil
    }

    /// The key and value of field `name`, if the mapping has it.
    func pair(_ name: String) -> (key: YAMLNode, value: YAMLNode)? {
        guard let position = Self.position(of: name, in: names), ordinals[position] >= 0 else { return nil }
        return node.pair(at: Int(ordinals[position]))
    }

    subscript(name: String) -> YAMLNode? { pair(name)?.value }
}
