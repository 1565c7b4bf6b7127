/// Text from outside docket (a revision someone typed, a file name, a commit's author) as a
/// message or a report line shows it: control characters, invisible format characters and
/// direction overrides as `\u{…}` escapes, so that the text can neither forge a line of
/// output, nor move the terminal's cursor, nor read otherwise than it is.
public enum PrintableText {
    public static func shown(_ text: String, limit: Int = 200) -> String {
        // Most text is plain ASCII with nothing to escape: returned as it is.
        if text.utf8.count <= limit, text.utf8.allSatisfy({ $0 >= 0x20 && $0 < 0x7F }) { return text }
        var result = ""
        var count = 0
        for scalar in text.unicodeScalars {
            count += 1
            guard count <= limit else { return result + "…" }
            if scalar.value < 0x20 || scalar.value == 0x7F || (0x80..<0xA0).contains(scalar.value)
                || scalar.properties.isDefaultIgnorableCodePoint || scalar.properties.isBidiControl
                || scalar == "\u{2028}" || scalar == "\u{2029}" {
                result += "\\u{\(String(scalar.value, radix: 16))}"
            } else {
                result.unicodeScalars.append(scalar)
            }
        }
        return result
    }
}
