import DocketYAML

/// Edits a YAML file the way a careful person would: only the scalars concerned change, at
/// the marks the YAML layer recorded; every comment, key order, blank line, line end (LF or
/// CRLF, as Git for Windows checks files out), indentation and quoting style stays.
public enum SourceEditor {
    public struct Failure: Error, CustomStringConvertible {
        public var description: String
    }

    /// A file's text as lines without their ends, the end it uses, and whether it ends with one.
    struct Lines {
        var lines: [[Unicode.Scalar]]
        /// `\r\n` when the file's first line ends so, else `\n`.
        var lineEnd: String
        var endsWithLineEnd: Bool

        init(_ text: String) {
            var lines: [[Unicode.Scalar]] = [[]]
            for scalar in text.unicodeScalars {
                if scalar == "\n" { lines.append([]) } else { lines[lines.count - 1].append(scalar) }
            }
            endsWithLineEnd = lines.count > 1 && lines[lines.count - 1].isEmpty
            if endsWithLineEnd { lines.removeLast() }
            lineEnd = lines.first?.last == "\r" ? "\r\n" : "\n"
            // A line's own "\r" is part of its end, not of its text.
            self.lines = lines.map { $0.last == "\r" ? Array($0.dropLast()) : $0 }
        }

        var text: String {
            var result = String.UnicodeScalarView()
            for (number, line) in lines.enumerated() {
                result.append(contentsOf: line)
                if number < lines.count - 1 || endsWithLineEnd { result.append(contentsOf: lineEnd.unicodeScalars) }
            }
            return String(result)
        }
    }

    /// Replaces the single-line scalar that starts at `mark` (a value node's mark) with
    /// `value`, written in the style of the scalar it replaces (double- or single-quoted
    /// stays so; plain stays plain where YAML would read the new value back unchanged).
    /// `verbatim`: `value` is already YAML (a number, a date) and is written as it is.
    public static func replaceScalar(in text: String, at mark: Mark, with value: String, verbatim: Bool = false) throws(Failure) -> String {
        var file = Lines(text)
        guard mark.line >= 1, mark.line <= file.lines.count else { throw Failure(description: "line \(mark.line) is not in the file") }
        let line = file.lines[mark.line - 1]
        // libyaml counts columns in characters of the stream, that is in Unicode scalars.
        let start = mark.column - 1
        guard start >= 0, start <= line.count else { throw Failure(description: "column \(mark.column) is not on line \(mark.line)") }
        let end = try scalarEnd(line, from: start)
        let written = verbatim ? value : start < line.count ? scalar(value, like: line[start]) : yamlScalar(value)
        file.lines[mark.line - 1] = Array(line[..<start]) + Array(written.unicodeScalars) + Array(line[end...])
        return file.text
    }

    /// Inserts whole lines after line `after` (1-based; 0 inserts at the top), with the
    /// file's own line ends.
    public static func insertLines(_ inserted: [String], in text: String, after: Int) -> String {
        var file = Lines(text)
        if file.lines.isEmpty { file.endsWithLineEnd = true }
        let position = min(max(after, 0), file.lines.count)
        // Appended after a last line that had no line end: it gets one, and so does the new last.
        if position == file.lines.count { file.endsWithLineEnd = true }
        file.lines.insert(contentsOf: inserted.map { Array($0.unicodeScalars) }, at: position)
        return file.text
    }

    /// Replaces line `number` (1-based) with `replacement`, keeping the file's line ends.
    public static func replaceLine(_ number: Int, in text: String, with replacement: String) -> String {
        var file = Lines(text)
        guard number >= 1, number <= file.lines.count else { return text }
        file.lines[number - 1] = Array(replacement.unicodeScalars)
        return file.text
    }

    /// Removes the lines of a mapping entry whose key is on line `number`: that line and the
    /// lines after it that are blank or indented deeper than `column` (its key's column),
    /// with their comments.
    public static func removeEntry(at number: Int, column: Int, in text: String) -> String {
        var file = Lines(text)
        guard number >= 1, number <= file.lines.count else { return text }
        var end = number
        while end < file.lines.count {
            let line = file.lines[end]
            let indent = line.prefix { $0 == " " }.count
            guard line.allSatisfy({ $0 == " " || $0 == "\t" }) || indent >= column else { break }
            end += 1
        }
        // Trailing blank lines belong to what follows.
        while end > number, file.lines[end - 1].allSatisfy({ $0 == " " || $0 == "\t" }) { end -= 1 }
        file.lines.removeSubrange((number - 1)..<end)
        return file.text
    }

    /// The text of line `number` (1-based).
    static func line(_ number: Int, of text: String) -> String {
        let file = Lines(text)
        guard number >= 1, number <= file.lines.count else { return "" }
        return String(String.UnicodeScalarView(file.lines[number - 1]))
    }

    /// The indentation a file uses for a nested mapping (the columns between a key and its
    /// first nested key), or 2 where it has none.
    public static func indentation(of root: YAMLNode) -> Int {
        var pending = [root]
        while let node = pending.popLast() {
            for pair in node.pairs {
                if let first = pair.value.pairs.first, first.key.mark.line > pair.key.mark.line {
                    let step = first.key.mark.column - pair.key.mark.column
                    if step > 0 { return step }
                }
                pending.append(pair.value)
            }
        }
        return 2
    }

    /// Where the scalar starting at `start` ends on its line: after its closing quote, or for a
    /// plain scalar before a comment or trailing blanks.
    static func scalarEnd(_ line: [Unicode.Scalar], from start: Int) throws(Failure) -> Int {
        guard start < line.count else { return start }
        switch line[start] {
        case "\"":
            var index = start + 1
            while index < line.count {
                if line[index] == "\\" { index += 2; continue }
                if line[index] == "\"" { return index + 1 }
                index += 1
            }
            throw Failure(description: "the quoted value goes on past its line; edit it by hand")
        case "'":
            var index = start + 1
            while index < line.count {
                if line[index] == "'" {
                    if index + 1 < line.count, line[index + 1] == "'" { index += 2; continue }
                    return index + 1
                }
                index += 1
            }
            throw Failure(description: "the quoted value goes on past its line; edit it by hand")
        case "|", ">", "[", "{", "&", "*", "!":
            throw Failure(description: "the value is not a plain single-line scalar; edit it by hand")
        default:
            var end = start
            while end < line.count, !(line[end] == "#" && end > start && (line[end - 1] == " " || line[end - 1] == "\t")) { end += 1 }
            while end > start, line[end - 1] == " " || line[end - 1] == "\t" { end -= 1 }
            return end
        }
    }

    /// `value` written in the style whose first character is `first`.
    static func scalar(_ value: String, like first: Unicode.Scalar) -> String {
        switch first {
        case "\"": doubleQuoted(value)
        case "'" where !value.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }):
            "'" + value.replacingOccurrences(of: "'", with: "''") + "'"
        default: yamlScalar(value)
        }
    }

    /// A value written so that every YAML reader (1.1, as PyYAML and many tools read, and 1.2)
    /// reads it back as exactly this string: plain where that is so, else double-quoted.
    public static func yamlScalar(_ value: String) -> String {
        YAMLPlainScalar.readsBackAsItself(value) ? value : doubleQuoted(value)
    }

    static func doubleQuoted(_ value: String) -> String {
        var result = "\""
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\\": result += "\\\\"
            case "\"": result += "\\\""
            case "\t": result += "\\t"
            case "\n": result += "\\n"
            case "\r": result += "\\r"
            default:
                if scalar.value < 0x20 || scalar.value == 0x7F || (0x80..<0xA0).contains(scalar.value)
                    || scalar == "\u{2028}" || scalar == "\u{2029}" || scalar == "\u{FEFF}" {
                    result += "\\u" + String(repeating: "0", count: 4 - String(scalar.value, radix: 16).count) + String(scalar.value, radix: 16)
                } else {
                    result.unicodeScalars.append(scalar)
                }
            }
        }
        return result + "\""
    }
}

/// Whether a plain (unquoted) scalar is read back as the same string by YAML 1.1 readers
/// (PyYAML, SnakeYAML, Ruby's Psych: `yes`, `on`, `0x1F`, `1:30`, `=`, `<<`, dates) and by
/// YAML 1.2 core-schema readers (`null`, `1e3`, `.inf`), and is a valid plain scalar at all.
enum YAMLPlainScalar {
    static func readsBackAsItself(_ value: String) -> Bool {
        guard let first = value.unicodeScalars.first, let last = value.unicodeScalars.last else { return false }
        // What cannot start or end a plain scalar, or would end it early.
        if "-?:,[]{}#&*!|>'\"%@`".unicodeScalars.contains(first) || first == " " || first == "\t" { return false }
        if last == " " || last == "\t" || last == ":" { return false }
        if value.contains(": ") || value.contains(" #") || value.contains(":\t") || value.contains("\t#") { return false }
        if value.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F || (0x80..<0xA0).contains($0.value)
                || $0 == "\u{2028}" || $0 == "\u{2029}" || $0 == "\u{FEFF}" }) { return false }
        return !isOtherThanAString(value)
    }

    /// A plain scalar some YAML 1.1 or 1.2 schema resolves to null, a boolean, a number, a
    /// date or time, a merge key or the 1.1 value key.
    static func isOtherThanAString(_ value: String) -> Bool {
        let words: Set<String> = [
            "~", "null", "Null", "NULL",
            "y", "Y", "yes", "Yes", "YES", "n", "N", "no", "No", "NO", "true", "True", "TRUE", "false", "False", "FALSE",
            "on", "On", "ON", "off", "Off", "OFF", "=", "<<",
            ".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF", "-.inf", "-.Inf", "-.INF", ".nan", ".NaN", ".NAN",
        ]
        if words.contains(value) { return true }
        return patterns.contains { value.wholeMatch(of: $0) != nil }
    }

    nonisolated(unsafe) static let patterns: [Regex<Substring>] = [
        // YAML 1.1 integers: binary, octal, decimal, hexadecimal, sexagesimal (with `_`).
        /[-+]?0b[0-1_]+/, /[-+]?0[0-7_]+/, /[-+]?(?:0|[1-9][0-9_]*)/, /[-+]?0x[0-9a-fA-F_]+/, /[-+]?[1-9][0-9_]*(?::[0-5]?[0-9])+/,
        // YAML 1.1 floats.
        /[-+]?(?:[0-9][0-9_]*)?\.[0-9.]*(?:[eE][-+][0-9]+)?/, /[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\.[0-9_]*/,
        // YAML 1.2 core integers and floats.
        /[-+]?[0-9]+/, /0o[0-7]+/, /0x[0-9a-fA-F]+/, /[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?/,
        // YAML 1.1 timestamps: a date, or a date and a time with seconds.
        /[0-9]{4}-[0-9]{2}-[0-9]{2}/,
        /[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}(?:[Tt]|[ \t]+)[0-9]{1,2}:[0-9]{2}:[0-9]{2}(?:\.[0-9]*)?(?:[ \t]*(?:Z|[-+][0-9]{1,2}(?::[0-9]{2})?))?/,
    ]
}
