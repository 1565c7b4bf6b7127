/// Text from a repository (names, titles, ids, reasons) placed in Markdown that a forge
/// renders: a pull-request comment, a step summary, a reply to an issue. Whoever wrote the
/// repository's files must not be able to add markup, HTML, links, images or mentions to what
/// reviewers read, nor break a table's row.
///
/// GitHub and GitLab render Markdown (CommonMark with tables and autolinks) and a subset of
/// HTML, then turn `@name` into a notification. The punctuation Markdown reads as syntax
/// is escaped with a backslash (CommonMark allows it before any ASCII punctuation): inline
/// markup everywhere, what starts a block only at the start, `://` and `www.` so no autolink
/// forms; `<`, `>` and `&` become entities so no tag or entity survives; line breaks and
/// other control characters become spaces; a zero-width space after `@` keeps a mention from
/// being recognised.
public enum MarkdownText {
    /// `text` as a literal run of inline text, safe in a paragraph or a table cell.
    public static func escaped(_ text: String) -> String {
        let scalars = Array(text.unicodeScalars)
        var result = ""
        result.reserveCapacity(text.utf8.count + 8)
        for (position, scalar) in scalars.enumerated() {
            let next = position + 1 < scalars.count ? scalars[position + 1] : " "
            switch scalar {
            case "<": result += "&lt;"
            case ">": result += "&gt;"
            case "&": result += "&amp;"
            case "@": result += "@\u{200B}"
            // Emphasis, code, links and images, tables, headings, strike-through, math.
            case "\\", "`", "*", "_", "[", "]", "(", ")", "#", "!", "|", "~", "$":
                result += "\\"
                result.unicodeScalars.append(scalar)
            // What starts a list or a heading underline at the start of a line.
            case "-" where position == 0, "+" where position == 0, "=" where position == 0:
                result += "\\"
                result.unicodeScalars.append(scalar)
            case "." where position > 0 && scalars[..<position].allSatisfy({ ("0"..."9").contains($0) }):
                result += "\\."
            // Autolinks: `https://…`, `www.…` stay text.
            case ":" where next == "/":
                result += "\\:"
            case "." where result.lowercased().hasSuffix("www"):
                result += "\\."
            default:
                if scalar.value < 0x20 || scalar.value == 0x7F || (0x80..<0xA0).contains(scalar.value)
                    || scalar == "\u{2028}" || scalar == "\u{2029}" {
                    result += " "
                } else if scalar.properties.isBidiControl {
                    // Direction overrides would make the text read otherwise than it is.
                    continue
                } else {
                    result.unicodeScalars.append(scalar)
                }
            }
        }
        return result
    }

    /// `text` as a code span: shown verbatim in a fixed-width font (a mention, a link or a
    /// tag in it is inert), fenced with more backticks than it holds in a row. Line breaks
    /// become spaces; a `|` is escaped so that a table cell does not end (GitHub and GitLab
    /// honour `\|` inside code spans in tables).
    public static func code(_ text: String) -> String {
        var cleaned = ""
        var longestRun = 0, run = 0
        for scalar in text.unicodeScalars {
            if scalar == "`" { run += 1; longestRun = max(longestRun, run) } else { run = 0 }
            if scalar.value < 0x20 || scalar.value == 0x7F || (0x80..<0xA0).contains(scalar.value) || scalar.properties.isBidiControl {
                cleaned += " "
            } else if scalar == "|" {
                cleaned += "\\|"
            } else {
                cleaned.unicodeScalars.append(scalar)
            }
        }
        let fence = String(repeating: "`", count: longestRun + 1)
        // A space inside the fence where the text itself begins or ends with a backtick.
        let pad = cleaned.hasPrefix("`") || cleaned.hasSuffix("`") ? " " : ""
        return fence + pad + cleaned + pad + fence
    }
}
