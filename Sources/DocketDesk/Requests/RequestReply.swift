import DocketModel

/// Pieces of the Markdown a request's reply is written in. What the issue said is echoed only
/// inside code spans, shortened and stripped of what could end one, so a reply can never
/// mention, link or format anything the requester wrote.
enum RequestReply {
    /// `text` as an inline code span: one line, no backticks, at most 60 characters.
    static func code(_ text: String) -> String {
        var shown = String(text.unicodeScalars.filter { $0.value >= 0x20 && $0.value != 0x7F && $0 != "`" && !(0x80..<0xA0).contains($0.value)
            && !$0.properties.isDefaultIgnorableCodePoint }.map(Character.init))
        if shown.count > 60 { shown = String(shown.prefix(60)) + "…" }
        return shown.trimmingCharacters(in: .whitespaces).isEmpty ? "(nothing)" : "`" + shown + "`"
    }

    /// Text from the repository (a name, a finding), with Markdown's active characters
    /// escaped: a name in a people file cannot mention, link or format either.
    static func plain(_ text: String) -> String {
        var result = ""
        for character in oneLine(text) {
            if "\\`*_[]<>#|@~".contains(character) { result.append("\\") }
            result.append(character)
        }
        return result
    }

    /// One line: control characters dropped.
    static func oneLine(_ text: String) -> String {
        String(text.unicodeScalars.filter { $0.value >= 0x20 && $0.value != 0x7F && !(0x80..<0xA0).contains($0.value)
            && $0 != "\u{2028}" && $0 != "\u{2029}" }.map(Character.init))
    }

    /// `Mon 11 Jan 2027`.
    static func day(_ date: LocalDate) -> String { "\(date.shortText) \(date.year)" }

    /// The label a field has on `action`'s form (`New date` on the reschedule form), for messages.
    static func label(of id: String, in action: RequestAction?) -> String {
        guard let action else { return id }
        return RequestForms.fields(action, repository: Repository(root: "/nonexistent")).first { $0.id == id }?.label ?? id
    }
}
