import DocketModel
import DocketSupport

/// Pieces of the Markdown a request's reply is written in, over `MarkdownText`: what the issue
/// said is echoed only in code spans, shortened, and what the repository says (names, findings)
/// is escaped, so a reply can never mention, link or format anything either wrote.
enum RequestReply {
    /// `text` as an inline code span, at most 60 characters.
    static func code(_ text: String) -> String {
        let shown = text.count > 60 ? String(text.prefix(60)) + "…" : text
        return shown.trimmingCharacters(in: .whitespaces).isEmpty ? "(nothing)" : MarkdownText.code(shown)
    }

    /// Text from the repository (a name, a finding) as literal Markdown text.
    static func plain(_ text: String) -> String { MarkdownText.escaped(text) }

    /// `Mon 11 Jan 2027`.
    static func day(_ date: LocalDate) -> String { "\(date.shortText) \(date.year)" }

    /// The label a field has on `action`'s form (`New date` on the reschedule form), for messages.
    static func label(of id: String, in action: RequestAction?) -> String {
        guard let action else { return id }
        return RequestForms.fields(action, repository: RequestForms.noPeople).first { $0.id == id }?.label ?? id
    }
}
