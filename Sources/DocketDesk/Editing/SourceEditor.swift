import DocketYAML

/// Edits a YAML file the way a careful person would: only the scalars concerned change, at
/// the marks the YAML layer recorded; every comment, key order and blank line stays.
public enum SourceEditor {
    public struct Failure: Error, CustomStringConvertible {
        public var description: String
    }

    /// Replaces the single-line scalar that starts at `mark` (a value node's mark) with `value`.
    public static func replaceScalar(in text: String, at mark: Mark, with value: String) throws(Failure) -> String {
        var lines = text.components(separatedBy: "\n")
        guard mark.line >= 1, mark.line <= lines.count else { throw Failure(description: "line \(mark.line) is not in the file") }
        let line = Array(lines[mark.line - 1])
        let start = mark.column - 1
        guard start >= 0, start <= line.count else { throw Failure(description: "column \(mark.column) is not on line \(mark.line)") }
        let end = try scalarEnd(line, from: start)
        lines[mark.line - 1] = String(line[..<start]) + value + String(line[end...])
        return lines.joined(separator: "\n")
    }

    /// Inserts whole lines after line `after` (1-based; 0 inserts at the top).
    public static func insertLines(_ inserted: [String], in text: String, after: Int) -> String {
        var lines = text.components(separatedBy: "\n")
        lines.insert(contentsOf: inserted, at: min(max(after, 0), lines.count))
        return lines.joined(separator: "\n")
    }

    /// Where the scalar starting at `start` ends on its line: after its closing quote, or for a
    /// plain scalar before a comment or trailing blanks.
    static func scalarEnd(_ line: [Character], from start: Int) throws(Failure) -> Int {
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

    /// A value written so YAML reads it back as exactly this string: plain when safe, else
    /// double-quoted with `\` and `"` escaped.
    public static func yamlScalar(_ value: String) -> String {
        let plainSafe = !value.isEmpty && value.first.map { !"-?:,[]{}#&*!|>'\"%@`~ ".contains($0) } == true
            && !value.contains(": ") && !value.contains(" #") && !value.hasSuffix(" ") && !value.hasSuffix(":")
        if plainSafe { return value }
        return "\"" + value.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
    }
}
