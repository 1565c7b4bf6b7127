import Foundation

/// What a message says, once: the blocks of its wording (paragraphs, facts such as
/// `When:  …`, bulleted and numbered lists), from which both the text part and the HTML part
/// are written, so that the two say the same sentences and the same facts and cannot drift.
///
/// The wording is plain text, as docket's built-in templates and a repository's `.txt`
/// templates write it: blocks separated by blank lines; in a block, a line `Label:  value`
/// (a capitalised word, a colon and two spaces) is a fact, `- item` a bullet, `1. item` a
/// numbered step, and any other line a line of a paragraph. An `.html` template alone is read
/// back into the same blocks (`init(html:)`).
struct MessageBody: Equatable {
    enum Block: Equatable {
        case lines([String])
        case facts([Fact])
        case bullets([String])
        case steps([String])
    }

    struct Fact: Equatable {
        var label: String
        var value: String
    }

    /// Paragraphs (blank-line separated in the text), each of one or more blocks.
    var paragraphs: [[Block]]

    /// Text lines wrap at this width (RFC 5322's recommendation; a link is never broken).
    static let width = 78

    init(text: String) {
        paragraphs = Self.paragraphs(text).map { lines in
            var blocks: [Block] = []
            for line in lines {
                switch (blocks.last, Self.classify(line)) {
                case (.lines(var lines)?, .line(let text)):
                    lines.append(text)
                    blocks[blocks.count - 1] = .lines(lines)
                case (.facts(var facts)?, .fact(let fact)):
                    facts.append(fact)
                    blocks[blocks.count - 1] = .facts(facts)
                case (.bullets(var items)?, .bullet(let text)):
                    items.append(text)
                    blocks[blocks.count - 1] = .bullets(items)
                case (.steps(var items)?, .step(let text)):
                    items.append(text)
                    blocks[blocks.count - 1] = .steps(items)
                case (_, .line(let text)): blocks.append(.lines([text]))
                case (_, .fact(let fact)): blocks.append(.facts([fact]))
                case (_, .bullet(let text)): blocks.append(.bullets([text]))
                case (_, .step(let text)): blocks.append(.steps([text]))
                }
            }
            return blocks
        }
    }

    /// The blocks of a rendered HTML template: paragraphs and line breaks, tables of facts
    /// (a header cell and a data cell), lists; every other tag dropped, entities read.
    init(html: String) {
        self.init(text: HTMLText.plainText(html))
    }

    // MARK: Reading

    private enum LineKind {
        case line(String), fact(Fact), bullet(String), step(String)
    }

    /// Non-empty lines grouped by blank lines, each trimmed at its end.
    private static func paragraphs(_ text: String) -> [[String]] {
        var paragraphs: [[String]] = [[]]
        for raw in text.split(separator: "\n", omittingEmptySubsequences: false) {
            var line = raw
            while line.last == " " || line.last == "\t" || line.last == "\r" { line.removeLast() }
            if line.isEmpty {
                if !paragraphs[paragraphs.count - 1].isEmpty { paragraphs.append([]) }
            } else {
                paragraphs[paragraphs.count - 1].append(String(line))
            }
        }
        return paragraphs.filter { !$0.isEmpty }
    }

    /// Worked on the line's bytes: every message's every line passes here.
    private static func classify(_ line: String) -> LineKind {
        let bytes = Array(line.utf8)
        var start = 0
        while start < bytes.count, bytes[start] == UInt8(ascii: " ") { start += 1 }
        func text(from offset: Int) -> String {
            var from = offset
            while from < bytes.count, bytes[from] == UInt8(ascii: " ") { from += 1 }
            return String(decoding: bytes[from...], as: UTF8.self)
        }
        // "- item"
        if bytes.count > start + 1, bytes[start] == UInt8(ascii: "-"), bytes[start + 1] == UInt8(ascii: " ") { return .bullet(text(from: start + 2)) }
        // "12. step"
        var digits = start
        while digits < bytes.count, (48...57).contains(bytes[digits]) { digits += 1 }
        if digits > start, digits + 1 < bytes.count, bytes[digits] == UInt8(ascii: "."), bytes[digits + 1] == UInt8(ascii: " ") {
            return .step(text(from: digits + 2))
        }
        // "Label:  value": a capital, letters and spaces (at most 20), a colon, two spaces.
        if start == 0, let first = bytes.first, (65...90).contains(first) {
            var colon = 1
            while colon < bytes.count, colon <= 20, (65...90).contains(bytes[colon]) || (97...122).contains(bytes[colon]) || bytes[colon] == 32 { colon += 1 }
            if colon < bytes.count, bytes[colon] == UInt8(ascii: ":"), colon + 2 < bytes.count,
               bytes[colon + 1] == 32, bytes[colon + 2] == 32 {
                return .fact(Fact(label: String(decoding: bytes[..<colon], as: UTF8.self), value: text(from: colon + 1)))
            }
        }
        return .line(start == 0 ? line : text(from: start))
    }

    // MARK: Writing

    /// The text part: paragraphs one blank line apart, lines wrapped at `width`, facts aligned.
    var text: String {
        paragraphs.map { blocks in
            blocks.map { block -> String in
                switch block {
                case .lines(let lines):
                    return lines.map { Self.wrap($0, first: "", rest: "") }.joined()
                case .facts(let facts):
                    let labelWidth = (facts.map { $0.label.count }.max() ?? 0) + 3
                    return facts.map { fact in
                        let label = fact.label + ":" + String(repeating: " ", count: labelWidth - fact.label.count - 1)
                        return Self.wrap(fact.value, first: label, rest: String(repeating: " ", count: labelWidth))
                    }.joined()
                case .bullets(let items):
                    return items.map { Self.wrap($0, first: "  - ", rest: "    ") }.joined()
                case .steps(let items):
                    return items.enumerated().map { Self.wrap($0.element, first: "  \($0.offset + 1). ", rest: "     ") }.joined()
                }
            }.joined()
        }.joined(separator: "\n")
    }

    /// The HTML part: the same blocks, every value escaped, links made clickable.
    var html: String {
        var body = ""
        for blocks in paragraphs {
            for block in blocks {
                switch block {
                case .lines(let lines):
                    body += "<p>" + lines.map(HTMLText.linked).joined(separator: "<br>\n") + "</p>\n"
                case .facts(let facts):
                    body += "<table>\n" + facts.map { fact in
                        "<tr><th align=\"left\" valign=\"top\">\(HTMLText.escaped(fact.label)):</th><td>\(HTMLText.linked(fact.value))</td></tr>\n"
                    }.joined() + "</table>\n"
                case .bullets(let items):
                    body += "<ul>\n" + items.map { "<li>\(HTMLText.linked($0))</li>\n" }.joined() + "</ul>\n"
                case .steps(let items):
                    body += "<ol>\n" + items.map { "<li>\(HTMLText.linked($0))</li>\n" }.joined() + "</ol>\n"
                }
            }
        }
        return "<!DOCTYPE html>\n<html><body style=\"font-family: sans-serif; line-height: 1.4\">\n" + body + "</body></html>\n"
    }

    /// `text` wrapped at word boundaries to `width`, the first line after `first`, the others
    /// after `rest`; a word longer than a line (a link) stands on a line of its own, whole.
    static func wrap(_ text: String, first: String, rest: String) -> String {
        // Lengths in characters, counted once per word (a String's count walks it).
        var output = ""
        var line = first
        var length = first.unicodeScalars.count
        var lineHasWord = false
        let restLength = rest.unicodeScalars.count
        for word in text.split(separator: " ", omittingEmptySubsequences: true) {
            let wordLength = word.unicodeScalars.count
            if lineHasWord, length + 1 + wordLength > width {
                output += line
                output += "\n"
                line = rest
                length = restLength
                lineHasWord = false
            }
            if lineHasWord {
                line += " "
                length += 1
            }
            line += word
            length += wordLength
            lineHasWord = true
        }
        return output + line + "\n"
    }
}

/// HTML for text a message (or a page) shows.
public enum HTMLText {
    public static func escaped(_ text: String) -> String {
        // Most values hold nothing to escape.
        guard text.utf8.contains(where: { $0 == 38 || $0 == 60 || $0 == 62 || $0 == 34 || $0 == 39 }) else { return text }
        var output = [UInt8]()
        output.reserveCapacity(text.utf8.count + 16)
        for byte in text.utf8 {
            switch byte {
            case 38: output += Array("&amp;".utf8)
            case 60: output += Array("&lt;".utf8)
            case 62: output += Array("&gt;".utf8)
            case 34: output += Array("&quot;".utf8)
            case 39: output += Array("&#39;".utf8)
            default: output.append(byte)
            }
        }
        return String(decoding: output, as: UTF8.self)
    }

    /// Escaped, with each `https://` or `http://` word made a link to itself.
    static func linked(_ text: String) -> String {
        guard text.utf8.contains(UInt8(ascii: ":")), text.contains("://") else { return escaped(text) }
        return text.split(separator: " ", omittingEmptySubsequences: false).map { word -> String in
            var url = Substring(word)
            var trailing = ""
            while let last = url.last, ".,;:)".contains(last) {
                trailing = String(last) + trailing
                url = url.dropLast()
            }
            guard url.hasPrefix("https://") || url.hasPrefix("http://"), url.count > 8 else { return escaped(String(word)) }
            let shown = escaped(String(url))
            return "<a href=\"\(shown)\">\(shown)</a>" + escaped(trailing)
        }.joined(separator: " ")
    }

    /// What an HTML part says, as the plain-text wording `MessageBody` reads: block elements
    /// end lines, paragraphs are blank-line separated, `<li>` is a bullet (`1.` in `<ol>`),
    /// a table row `<th>Label</th><td>value</td>` is the fact `Label:  value`.
    static func plainText(_ html: String) -> String {
        var output = ""
        var index = html.startIndex
        var listCounters: [Int?] = []
        var inHead = false
        while index < html.endIndex {
            if html[index] == "<", let close = html[index...].firstIndex(of: ">") {
                let tag = html[html.index(after: index)..<close].lowercased()
                let name = String(tag.drop { $0 == "/" }.prefix { $0.isLetter || $0.isNumber })
                let closing = tag.hasPrefix("/")
                switch (name, closing) {
                case ("head", _), ("style", _), ("title", _), ("script", _): inHead = !closing
                case ("p", _), ("div", _), ("table", _), ("h1", _), ("h2", _), ("h3", _), ("h4", _): output += "\n\n"
                case ("br", _), ("tr", false): output += "\n"
                case ("ul", false): listCounters.append(nil); output += "\n\n"
                case ("ol", false): listCounters.append(0); output += "\n\n"
                case ("ul", true), ("ol", true): _ = listCounters.popLast(); output += "\n\n"
                case ("li", false):
                    if let counter = listCounters.last ?? nil {
                        listCounters[listCounters.count - 1] = counter + 1
                        output += "\n\(counter + 1). "
                    } else {
                        output += "\n- "
                    }
                case ("th", true): output += "\u{1}"
                default: break
                }
                index = html.index(after: close)
                continue
            }
            if html[index] == "&", let semicolon = html[index...].prefix(10).firstIndex(of: ";") {
                let entity = String(html[html.index(after: index)..<semicolon])
                if let decoded = Self.entity(entity) {
                    if !inHead { output += decoded }
                    index = html.index(after: semicolon)
                    continue
                }
            }
            if !inHead {
                let character = html[index]
                output.append(character == "\n" || character == "\t" || character == "\r\n" ? " " : character)
            }
            index = html.index(after: index)
        }
        // Lines trimmed and runs of spaces made one; a header cell's end (U+0001) becomes a
        // fact's label: "When:  …" (the cell's own colon, if it has one, is not doubled).
        return output.split(separator: "\n", omittingEmptySubsequences: false).map { line in
            let collapsed = line.split(separator: " ", omittingEmptySubsequences: true).joined(separator: " ")
            guard let mark = collapsed.firstIndex(of: "\u{1}") else { return collapsed }
            var label = collapsed[..<mark].trimmingCharacters(in: .whitespaces)
            if label.hasSuffix(":") { label.removeLast() }
            return label + ":  " + collapsed[collapsed.index(after: mark)...].trimmingCharacters(in: .whitespaces)
        }.joined(separator: "\n")
    }

    static func entity(_ name: String) -> String? {
        switch name {
        case "amp": "&"
        case "lt": "<"
        case "gt": ">"
        case "quot": "\""
        case "apos", "#39": "'"
        case "nbsp": " "
        default:
            if name.hasPrefix("#x"), let value = UInt32(name.dropFirst(2), radix: 16), let scalar = Unicode.Scalar(value) { String(scalar) }
            else if name.hasPrefix("#"), let value = UInt32(name.dropFirst()), let scalar = Unicode.Scalar(value) { String(scalar) }
            else { nil }
        }
    }
}
