import DocketModel
import DocketRules
import Foundation

/// What a request from the forge asks for.
public enum RequestAction: String, Sendable, CaseIterable, Codable {
    case book, cancel, reschedule

    /// The label its form puts on the issue (beside `docket-request`), from which the request
    /// workflow passes `--action`.
    public var label: String { "docket:\(rawValue)" }
}

/// One field of a request form: its id (the key of GitLab's fenced block too), the label
/// GitHub renders as the issue's `### Label` heading, and how it is filled in.
public struct RequestField: Sendable {
    public enum Kind: String, Sendable {
        case input, textarea, dropdown, checkboxes
    }

    public var id: String
    public var label: String
    public var kind: Kind
    public var description: String
    public var placeholder: String?
    public var required: Bool
    public var options: [String] = []
    /// For a dropdown: the option chosen when nobody picks one.
    public var defaultOption: Int?
}

/// The issue forms (GitHub) and issue templates (GitLab) through which staff who never touch
/// git book, cancel and reschedule. The clinician list is the active clinicians of the day
/// (`stale-request-form` says when it no longer is); everything else is fixed, so that the
/// parser reads every body these forms can produce.
public enum RequestForms {
    /// The label every request issue carries; the request workflow runs on it alone.
    public static let requestLabel = "docket-request"

    /// A repeat choice of the book form and what it means (`repeat.every`).
    public static let repeatChoices: [(option: String, every: String?)] = [
        ("Does not repeat", nil), ("Every week", "week"), ("Every 2 weeks", "2 weeks"),
        ("Every 4 weeks", "4 weeks"), ("Every month", "month"),
    ]

    public static let typeChoices: [(option: String, type: AppointmentType)] = [
        ("Video", .video), ("Phone", .phone), ("In person", .inPerson),
    ]

    /// The fields of `action`'s form, for `repository` (its active clinicians and its
    /// attachments).
    public static func fields(_ action: RequestAction, repository: Repository) -> [RequestField] {
        switch action {
        case .book: bookFields(repository)
        case .cancel: cancelFields
        case .reschedule: rescheduleFields
        }
    }

    static func bookFields(_ repository: Repository) -> [RequestField] {
        let clinicians = RequestFormFiles.options(in: repository)
        let clinician = clinicians.isEmpty
            ? RequestField(id: "clinician", label: "Clinician", kind: .input,
                           description: "The clinician's id (their file in clinicians/). Once clinicians are added, run docket forms: this becomes a list to pick from.",
                           placeholder: "dr-lee", required: true)
            : RequestField(id: "clinician", label: "Clinician", kind: .dropdown,
                           description: "Who the client sees. Only active clinicians are listed.", required: true, options: clinicians)
        let attachmentFiles = attachments(in: repository.root)
        let attachments = attachmentFiles.isEmpty
            ? RequestField(id: "attachments", label: "Attachments to send", kind: .textarea,
                           description: "Files of the repository's attachments/ folder to send with the confirmation, one path a line.",
                           placeholder: "attachments/intake-form.pdf", required: false)
            : RequestField(id: "attachments", label: "Attachments to send", kind: .checkboxes,
                           description: "Sent to the client with the confirmation.", required: false, options: attachmentFiles)
        return [
            clinician,
            RequestField(id: "client", label: "Client", kind: .input,
                         description: "The client's id (their file in clients/), e.g. jane-doe.", placeholder: "jane-doe", required: true),
            RequestField(id: "date", label: "Date", kind: .input,
                         description: "The day of the visit (of the first visit of a series), written YYYY-MM-DD.", placeholder: "2027-01-11", required: true),
            RequestField(id: "time", label: "Time", kind: .input,
                         description: "When it starts, HH:MM on the 24-hour clock, in the clinician's time zone.", placeholder: "14:00", required: true),
            RequestField(id: "duration", label: "Duration", kind: .input,
                         description: "How long: 50m, 1h, 1h30m. Empty: 50 minutes.", placeholder: "50m", required: false),
            RequestField(id: "type", label: "Type", kind: .dropdown,
                         description: "How the client attends.", required: false, options: typeChoices.map(\.option), defaultOption: 0),
            RequestField(id: "title", label: "Title", kind: .input,
                         description: "Shown in the e-mails and calendars, one line (optional).", placeholder: "Initial consultation", required: false),
            RequestField(id: "participants", label: "Participants", kind: .textarea,
                         description: "Others who attend (an interpreter, a coordinator), one a line: Name <email>, role.",
                         placeholder: "Ana Ruiz <ana.ruiz@example.com>, interpreter", required: false),
            attachments,
            RequestField(id: "repeat", label: "Repeats", kind: .dropdown,
                         description: "A weekly course is one request: pick how often, and give the number of visits below.",
                         required: false, options: repeatChoices.map(\.option), defaultOption: 0),
            RequestField(id: "count", label: "Number of visits", kind: .input,
                         description: "With Repeats: how many visits in all, the first included (at most 400).", placeholder: "12", required: false),
            RequestField(id: "notes", label: "Notes", kind: .textarea,
                         description: "For the clinic only: kept in the appointment's file, never in an e-mail, a calendar or an export.",
                         required: false),
        ]
    }

    static let appointmentField = RequestField(
        id: "appointment", label: "Appointment", kind: .input,
        description: "The appointment's id, as in its confirmation e-mail or docket list (e.g. a-2027-01-11-jane).",
        placeholder: "a-2027-01-11-jane", required: true)

    static let cancelFields: [RequestField] = [
        appointmentField,
        RequestField(id: "occurrence", label: "Only this date of the series", kind: .input,
                     description: "For a series: the one visit to cancel, by its original date (YYYY-MM-DD). Empty: the whole appointment (every visit still to come).",
                     placeholder: "2027-01-18", required: false),
        RequestField(id: "reason", label: "Reason", kind: .input,
                     description: "Shown in the cancellation e-mail, one line (optional).", placeholder: "Clinic closed", required: false),
    ]

    static let rescheduleFields: [RequestField] = [
        appointmentField,
        RequestField(id: "occurrence", label: "Only this date of the series", kind: .input,
                     description: "For a series: the one visit to move, by its original date (YYYY-MM-DD). Empty: the appointment (a series moves as a whole).",
                     placeholder: "2027-01-18", required: false),
        RequestField(id: "date", label: "New date", kind: .input, description: "The new day, written YYYY-MM-DD.", placeholder: "2027-01-12", required: true),
        RequestField(id: "time", label: "New time", kind: .input,
                     description: "The new start, HH:MM on the 24-hour clock, in the clinician's time zone.", placeholder: "15:00", required: true),
    ]

    /// A repository without people or attachments: the forms' fixed fields, for reading bodies.
    static let noPeople = Repository(root: "/nonexistent")

    /// Every label any form uses (lower-cased) → its field's id, for reading bodies.
    static let labels: [String: String] = {
        var labels: [String: String] = [:]
        for action in RequestAction.allCases {
            for field in fields(action, repository: noPeople) { labels[field.label.lowercased()] = field.id }
        }
        return labels
    }()

    /// The files of `attachments/` (not hidden, not in hidden folders), sorted; at most 50.
    static func attachments(in root: String) -> [String] {
        let folder = root + "/attachments"
        guard let enumerator = FileManager.default.enumerator(atPath: folder) else { return [] }
        var found: [String] = []
        while let path = enumerator.nextObject() as? String {
            if path.split(separator: "/").contains(where: { $0.hasPrefix(".") }) { continue }
            var isFolder: ObjCBool = false
            // A link that leads out of the repository is not offered (attachment-outside-repo).
            guard FileManager.default.fileExists(atPath: folder + "/" + path, isDirectory: &isFolder), !isFolder.boolValue,
                  (try? FileManager.default.destinationOfSymbolicLink(atPath: folder + "/" + path)) == nil,
                  !path.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }) else { continue }
            found.append("attachments/" + path)
        }
        return Array(found.sorted().prefix(50))
    }

    // MARK: Writing

    /// The forms of `repository`: path (relative to the repository's root) → text.
    public static func files(_ repository: Repository) -> [String: String] {
        var files: [String: String] = [:]
        for action in RequestAction.allCases {
            files[RequestFormFiles.githubFolder + "/" + githubFileName(action)] = githubForm(action, repository: repository)
            files[RequestFormFiles.gitlabFolder + "/" + gitlabFileName(action)] = gitlabTemplate(action, repository: repository)
        }
        return files
    }

    public static func githubFileName(_ action: RequestAction) -> String { action.rawValue + ".yml" }
    public static func gitlabFileName(_ action: RequestAction) -> String { action.rawValue + ".md" }

    static func name(_ action: RequestAction) -> String {
        switch action {
        case .book: "Book an appointment"
        case .cancel: "Cancel an appointment"
        case .reschedule: "Reschedule an appointment"
        }
    }

    static func purpose(_ action: RequestAction) -> String {
        switch action {
        case .book: "Book a visit (or a weekly course) with one of the clinic's clinicians."
        case .cancel: "Cancel an appointment, or one visit of a series."
        case .reschedule: "Move an appointment, or one visit of a series, to another time."
        }
    }

    static let header = """
        # Written by docket forms from the repository's people. Run docket forms again when
        # clinicians join, leave or change name (docket validate warns stale-request-form).
        """

    /// A YAML double-quoted scalar (JSON's string syntax is YAML's too).
    static func quoted(_ text: String) -> String { SourceEditor.doubleQuoted(text) }

    public static func githubForm(_ action: RequestAction, repository: Repository) -> String {
        var lines = [header,
                     "name: \(quoted(name(action)))",
                     "description: \(quoted(purpose(action)))",
                     "title: \(quoted(action.rawValue.prefix(1).uppercased() + action.rawValue.dropFirst() + ": "))",
                     "labels: [\(quoted(requestLabel)), \(quoted(action.label))]",
                     "body:",
                     "  - type: markdown",
                     "    attributes:",
                     "      value: \(quoted(introduction(action)))"]
        for field in fields(action, repository: repository) {
            lines += ["  - type: \(field.kind.rawValue)", "    id: \(field.id)", "    attributes:",
                      "      label: \(quoted(field.label))", "      description: \(quoted(field.description))"]
            if let placeholder = field.placeholder, field.kind == .input || field.kind == .textarea {
                lines.append("      placeholder: \(quoted(placeholder))")
            }
            switch field.kind {
            case .dropdown:
                lines.append("      options:")
                lines += field.options.map { "        - \(quoted($0))" }
                if let index = field.defaultOption { lines.append("      default: \(index)") }
            case .checkboxes:
                lines.append("      options:")
                lines += field.options.map { "        - label: \(quoted($0))" }
            case .input, .textarea:
                break
            }
            if field.required && field.kind != .checkboxes {
                lines += ["    validations:", "      required: true"]
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    static func introduction(_ action: RequestAction) -> String {
        let what = switch action {
        case .book: "books the appointment"
        case .cancel: "cancels it"
        case .reschedule: "moves it"
        }
        return "Fill in the fields and submit: docket checks the request, and if you may make it and the time is free, "
            + "it \(what) in a pull request and links it here (a coordinator merges it; then everyone gets their e-mail). "
            + "If something is wrong, it answers here: edit the issue to try again. "
            + "Coordinators may request anything; clinicians, changes to their own appointments."
    }

    public static func gitlabTemplate(_ action: RequestAction, repository: Repository) -> String {
        var lines = ["<!-- \(name(action)) with docket: fill in the block below, keeping its first and last lines, then create the issue. -->",
                     "<!-- Written by docket forms; run it again when clinicians join, leave or change name. -->", "",
                     introduction(action), ""]
        let fields = fields(action, repository: repository)
        if action == .book {
            lines += ["Clinicians (write the id, in parentheses):", "", RequestFormFiles.gitlabListStart]
            lines += RequestFormFiles.options(in: repository).map { "- \($0)" }
            lines += [RequestFormFiles.gitlabListEnd, ""]
        }
        lines += ["```docket-request", "action: \(action.rawValue)"]
        for field in fields {
            let hint: String = switch field.id {
            case "clinician": "an id from the list above"
            case "type": "video, phone or in-person"
            case "repeat": "empty, or week, 2 weeks, 4 weeks, month"
            case "participants": "one a line below: - Name <email>, role"
            case "attachments": "one a line below: - attachments/…"
            case "notes": "for the clinic only, never e-mailed"
            default: field.placeholder.map { "e.g. \($0)" } ?? ""
            }
            let padding = String(repeating: " ", count: max(1, 14 - field.id.count))
            lines.append("\(field.id):\(padding)# \(field.required ? "" : "(optional) ")\(hint)")
        }
        lines += ["```", "", "/label ~\(requestLabel) ~\"\(action.label)\""]
        return lines.joined(separator: "\n") + "\n"
    }
}
