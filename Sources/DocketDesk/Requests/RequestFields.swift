import DocketModel
import DocketRules
import Foundation

/// A request's fields read as what they must be, each problem said once, for the field it is
/// about, with what the field should look like.
struct RequestFields {
    let body: RequestBody
    let problems: (ForgeRequest.FieldProblem) -> Void

    private func problem(_ field: String, _ message: String) {
        problems(ForgeRequest.FieldProblem(field: field, message: message))
    }

    /// A one-line field, or nil (with a problem when it is required).
    func line(_ id: String, required: Bool = false) -> String? {
        guard let lines = body.fields[id] else {
            if required { problem(id, "is empty; it is required") }
            return nil
        }
        guard lines.count == 1 else {
            problem(id, "must be one line; it has \(lines.count)")
            return nil
        }
        let text = lines[0].trimmingCharacters(in: .whitespaces)
        guard text.count <= 200 else {
            problem(id, "is \(text.count) characters long; keep it under 200")
            return nil
        }
        return text.isEmpty ? nil : text
    }

    func clinician(known: [String], in repository: Repository) -> String? {
        guard let text = line("clinician", required: true) else { return nil }
        let id = RequestFormFiles.id(inOption: text)
        // Their name alone, when one clinician has it.
        let named = repository.clinicians.filter { $0.name?.value.lowercased() == text.lowercased() }
        if !known.contains(id), named.count == 1 { return named[0].header.id.value }
        guard known.contains(id) else {
            let hint = Suggestion.closest(to: id, in: known).map { " Did you mean `\($0)`?" } ?? ""
            problem("clinician", "no clinician is \(RequestReply.code(text)); pick one from the list.\(hint)")
            return nil
        }
        return id
    }

    /// A client by id, by `Name (id)`, or by their exact name when one client has it.
    func client(in repository: Repository) -> String? {
        guard let text = line("client", required: true) else { return nil }
        let ids = repository.clients.map(\.header.id.value)
        let id = RequestFormFiles.id(inOption: text)
        if ids.contains(id) { return id }
        let named = repository.clients.filter { $0.name?.value.lowercased() == text.lowercased() }
        if named.count == 1 { return named[0].header.id.value }
        if named.count > 1 {
            problem("client", "\(named.count) clients are called \(RequestReply.code(text)); write the client's id (\(named.map { "`\($0.header.id.value)`" }.joined(separator: ", ")))")
            return nil
        }
        let hint = Suggestion.closest(to: id, in: ids).map { " Did you mean `\($0)`?" } ?? ""
        problem("client", "no client has the id \(RequestReply.code(text)); write the id of their file in clients/ (e.g. jane-doe), or add the client first.\(hint)")
        return nil
    }

    func appointment(in repository: Repository) -> Appointment? {
        guard let text = line("appointment", required: true) else { return nil }
        // `s-…@2027-01-18`, as lists name an occurrence, is the series' id.
        let id = text.split(separator: "@").first.map(String.init) ?? text
        let matches = repository.appointments.filter { $0.id == id }
        guard let appointment = matches.first else {
            let hint = Suggestion.closest(to: id, in: repository.appointments.map(\.id)).map { " Did you mean `\($0)`?" } ?? ""
            problem("appointment", "no appointment has the id \(RequestReply.code(text)); it is in the confirmation e-mail and in docket list (e.g. a-2027-01-11-jane).\(hint)")
            return nil
        }
        guard matches.count == 1 else {
            problem("appointment", "more than one appointment has the id `\(id)`; a coordinator must fix that first")
            return nil
        }
        return appointment
    }

    func date(_ id: String) -> LocalDate? {
        guard let text = line(id, required: true) else { return nil }
        return parseDate(text, id)
    }

    func optionalDate(_ id: String) -> LocalDate? {
        line(id).flatMap { parseDate($0, id) }
    }

    private func parseDate(_ text: String, _ id: String) -> LocalDate? {
        guard let date = LocalDate.parse(text) else {
            problem(id, "\(RequestReply.code(text)) is not a date written YYYY-MM-DD, such as 2027-01-11")
            return nil
        }
        return date
    }

    /// `14:00`, `9:30`, `2:30 pm`: a wall-clock time.
    func time(_ id: String) -> RequestTime? {
        guard let text = line(id, required: true) else { return nil }
        guard let time = RequestTime(text) else {
            problem(id, "\(RequestReply.code(text)) is not a time written HH:MM on the 24-hour clock, such as 14:00")
            return nil
        }
        return time
    }

    /// `50m`, `1h`, `1h30m`, `50`, `50 minutes`, `1 hour`: written back as docket writes lengths.
    func duration() -> String? {
        guard let text = line("duration") else { return nil }
        var compact = text.lowercased().replacingOccurrences(of: " ", with: "")
        for (word, unit) in [("minutes", "m"), ("minute", "m"), ("mins", "m"), ("min", "m"), ("hours", "h"), ("hour", "h"), ("hrs", "h"), ("hr", "h")] {
            compact = compact.replacingOccurrences(of: word, with: unit)
        }
        if !compact.isEmpty, compact.allSatisfy(\.isASCII), compact.allSatisfy(\.isNumber) { compact += "m" }
        guard case .success(let minutes) = DurationText.minutes(compact), minutes > 0 else {
            problem("duration", "\(RequestReply.code(text)) is not a length such as 50m, 1h or 1h30m")
            return nil
        }
        return DurationText.text(minutes: minutes)
    }

    func type() -> AppointmentType? {
        guard let text = line("type") else { return nil }
        let key = text.lowercased()
        if let choice = RequestForms.typeChoices.first(where: { $0.option.lowercased() == key }) { return choice.type }
        if let type = AppointmentType(rawValue: key.replacingOccurrences(of: " ", with: "-")) { return type }
        problem("type", "\(RequestReply.code(text)) is not video, phone or in-person")
        return nil
    }

    /// One a line: `Name <email>, role`, `Name <email>` or an address.
    func participants() -> [NewAppointment.ParticipantRequest] {
        guard let lines = body.fields["participants"] else { return [] }
        var found: [NewAppointment.ParticipantRequest] = []
        for raw in lines {
            var text = raw.trimmingCharacters(in: .whitespaces)
            if text.hasPrefix("- ") { text = String(text.dropFirst(2)).trimmingCharacters(in: .whitespaces) }
            guard !text.isEmpty else { continue }
            var role: String?
            if let close = text.lastIndex(of: ">"), text.hasSuffix(")"), let open = text[close...].firstIndex(of: "(") {
                // `Name <email> (role)`
                role = String(text[text.index(after: open)..<text.index(before: text.endIndex)]).trimmingCharacters(in: .whitespaces)
                text = String(text[..<open]).trimmingCharacters(in: .whitespaces)
            } else if let close = text.lastIndex(of: ">"), let comma = text[close...].firstIndex(of: ",") {
                role = text[text.index(after: comma)...].trimmingCharacters(in: .whitespaces)
                text = String(text[..<comma]).trimmingCharacters(in: .whitespaces)
            } else if !text.contains("<"), let comma = text.firstIndex(of: ",") {
                role = text[text.index(after: comma)...].trimmingCharacters(in: .whitespaces)
                text = String(text[..<comma]).trimmingCharacters(in: .whitespaces)
            }
            guard case .success(let mailbox) = EmailAddress.mailbox(text), EmailAddress.problem(mailbox.address) == nil else {
                problem("participants", "\(RequestReply.code(raw)) is not a participant written Name <email>, role (e.g. Ana Ruiz <ana.ruiz@example.com>, interpreter)")
                continue
            }
            found.append(NewAppointment.ParticipantRequest(mailbox: text, role: role?.isEmpty == false ? role : nil))
        }
        if found.count > 20 { problem("participants", "lists \(found.count) people; at most 20 may be added this way") }
        return found
    }

    /// Paths of files of the repository, relative to its root (ticked boxes of the
    /// attachments/ folder, or one path a line); whether each exists and stays inside the
    /// repository is validate's to say (missing-attachment, attachment-outside-repo).
    func attachments(root: String) -> [String] {
        guard let lines = body.fields["attachments"] else { return [] }
        var found: [String] = []
        for raw in lines {
            var text = raw.trimmingCharacters(in: .whitespaces)
            if text.hasPrefix("- ") { text = String(text.dropFirst(2)).trimmingCharacters(in: .whitespaces) }
            guard !text.isEmpty else { continue }
            guard !text.hasPrefix("/"), !text.hasPrefix("~"), !text.split(separator: "/").contains(".."), !text.contains("\\"),
                  !text.unicodeScalars.contains(where: { $0.value < 0x20 }) else {
                problem("attachments", "\(RequestReply.code(text)) is not a file of the repository, written from its root (e.g. attachments/intake-form.pdf)")
                continue
            }
            if !found.contains(text) { found.append(text) }
        }
        return found
    }

    /// The repeat choice and the number of visits, or nil for a single visit.
    func series() -> (every: String, count: Int, words: String)? {
        let choice = line("repeat")
        let countText = line("count")
        guard let choice, let every = everyValue(choice) else {
            if let countText, choice == nil || everyValue(choice!) == nil, Int(countText) != 1 {
                problem("count", "gives a number of visits but Repeats says the visit does not repeat; pick how often it repeats")
            }
            return nil
        }
        guard let countText else {
            problem("count", "is empty; a repeating visit needs the number of visits (e.g. 12)")
            return nil
        }
        guard let count = Int(countText), (1...400).contains(count) else {
            problem("count", "\(RequestReply.code(countText)) is not a number of visits from 1 to 400")
            return nil
        }
        return (every, count, choice.lowercased())
    }

    /// `Every week` → `week`; nil for `Does not repeat`; a problem for anything else.
    private func everyValue(_ choice: String) -> String? {
        if let known = RequestForms.repeatChoices.first(where: { $0.option.lowercased() == choice.lowercased() }) { return known.every }
        var text = choice.lowercased()
        if text.hasPrefix("every ") { text = String(text.dropFirst(6)) }
        if ["no", "none", "never"].contains(text) { return nil }
        if ["day", "week", "month"].contains(text) { return text }
        let words = text.split(separator: " ")
        if words.count == 2, let number = Int(words[0]), (1...99).contains(number),
           ["day", "days", "week", "weeks", "month", "months"].contains(words[1]) {
            return "\(number) \(words[1].hasSuffix("s") ? words[1] : words[1] + "s")"
        }
        problem("repeat", "\(RequestReply.code(choice)) is not a choice of the list (Every week, Every 2 weeks, Every month, …)")
        return nil
    }

    func notes() -> String? {
        guard let lines = body.fields["notes"] else { return nil }
        let text = lines.joined(separator: "\n")
        guard text.count <= 4000 else {
            problem("notes", "is \(text.count) characters long; keep notes under 4,000")
            return nil
        }
        return text
    }
}

/// A wall-clock time of a request: `14:00`, `9:30`, `2:30 pm`, `2pm`.
struct RequestTime: CustomStringConvertible, Equatable {
    var hour: Int
    var minute: Int

    init?(_ text: String) {
        var text = text.lowercased().replacingOccurrences(of: " ", with: "")
        var meridiem: String?
        for suffix in ["am", "pm", "a.m.", "p.m."] where text.hasSuffix(suffix) {
            meridiem = String(suffix.prefix(1))
            text = String(text.dropLast(suffix.count))
        }
        var parts = text.split(separator: ":", omittingEmptySubsequences: false)
        // `14:00:00`: seconds of zero are no different time.
        if parts.count == 3, parts[2] == "00" { parts.removeLast() }
        guard (1...2).contains(parts.count), parts.allSatisfy({ !$0.isEmpty && $0.count <= 2 && $0.allSatisfy { $0.isASCII && $0.isNumber } }),
              let hour = Int(parts[0]), let minute = parts.count == 2 ? Int(parts[1]) : 0,
              parts.count == 1 ? meridiem != nil : parts[1].count == 2 else { return nil }
        var hours = hour
        if let meridiem {
            guard (1...12).contains(hour) else { return nil }
            hours = hour % 12 + (meridiem == "p" ? 12 : 0)
        }
        guard (0..<24).contains(hours), (0..<60).contains(minute) else { return nil }
        self.hour = hours
        self.minute = minute
    }

    var secondOfDay: Int { hour * 3600 + minute * 60 }
    var description: String { String(format: "%02d:%02d", hour, minute) }
}
