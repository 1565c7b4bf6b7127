import DocketYAML

/// Turns the YAML documents of one file into docket documents, with a finding for every
/// way a document departs from the schema (SPEC section 1).
public struct DocumentDecoder {
    public static let apiVersion = "docket/v1"

    private var reader: ValueReader

    public init(file: String) {
        reader = ValueReader(file: file)
    }

    /// For a file already numbered in `SourceFiles`.
    init(file: String, number: UInt32) {
        reader = ValueReader(file: file, number: number)
    }

    public var diagnostics: [Diagnostic] { reader.diagnostics }

    /// Fields of each kind, from the schemas docket carries (`FieldTable`), in their order.
    public static let fields: [DocumentKind: [String]] = Dictionary(uniqueKeysWithValues: DocumentKind.allCases.map {
        ($0, FieldTable.fields($0.rawValue))
    })

    public mutating func decode(_ document: YAMLDocument) -> DocketDocument? {
        let root = document.root
        guard root.kind == .mapping else {
            if root.isEmpty {
                reader.report(.unknownKind, "the document is empty; a docket document starts with apiVersion: \(Self.apiVersion), kind and id (or remove the empty document)", at: root)
            } else {
                reader.report(.invalidValue, "a docket document must be a mapping with apiVersion, kind and id, not \(root.kind.noun)", at: root)
            }
            return nil
        }
        guard let header = decodeHeader(root) else { return nil }
        guard let values = reader.mapping(root, Self.name(of: header), fields: Self.fields[header.kind]!) else {
            return nil
        }
        var document = Fields(values: values, document: header)
        switch header.kind {
        case .organization: return .organization(decodeOrganization(header, &document))
        case .coordinator: return .coordinator(decodeCoordinator(header, &document))
        case .clinician: return .clinician(decodeClinician(header, &document))
        case .client: return .client(decodeClient(header, &document))
        case .appointment: return .appointment(decodeAppointment(header, &document))
        }
    }

    /// `Appointment 'a-1'`, as findings name a document.
    private static func name(of header: DocumentHeader) -> String {
        "\(header.kind.rawValue) '\(header.id.value)'"
    }

    /// The fields of one mapping, with what messages call it (built only for a finding).
    private struct Fields {
        var values: FieldValues
        /// The document these are the top-level fields of, or nil for a nested mapping.
        var document: DocumentHeader?
        /// What a nested mapping is called: `email`, `video`, `the participant`.
        var name: String

        init(values: FieldValues, what name: String) {
            self.values = values
            self.name = name
        }

        init(values: FieldValues, document: DocumentHeader) {
            self.values = values
            self.document = document
            name = ""
        }

        var what: String { document.map(DocumentDecoder.name(of:)) ?? name }

        var node: YAMLNode { values.node }

        subscript(key: String) -> YAMLNode? { values[key] }
    }

    private mutating func required(_ fields: Fields, _ key: String, example: String) -> YAMLNode? {
        reader.required(fields.values, key, fields.what, example: example)
    }

    private mutating func decodeHeader(_ root: YAMLNode) -> DocumentHeader? {
        let location = reader.location(root)
        guard let versionNode = root["apiVersion"] else {
            reader.report(.unknownAPIVersion, "the document has no apiVersion; add apiVersion: \(Self.apiVersion) as its first line", at: root)
            return nil
        }
        guard versionNode.scalar == Self.apiVersion else {
            reader.report(.unknownAPIVersion, "apiVersion '\(versionNode.scalar ?? versionNode.kind.noun)' is not one this docket reads; write apiVersion: \(Self.apiVersion)", at: versionNode)
            return nil
        }
        let kinds = Self.kindNames
        guard let kindNode = root["kind"] else {
            reader.report(.unknownKind, "the document has no kind; add kind: with one of \(kinds.joined(separator: ", "))", at: root)
            return nil
        }
        guard let kindText = kindNode.scalar, let kind = DocumentKind(rawValue: kindText) else {
            let written = kindNode.scalar ?? kindNode.kind.noun
            let hint = Suggestion.closest(to: written, in: kinds).map { "did you mean '\($0)'? " } ?? ""
            reader.report(.unknownKind, "kind '\(written)' is not a docket kind; \(hint)use one of \(kinds.joined(separator: ", "))", at: kindNode)
            return nil
        }
        guard let idNode = root["id"] else {
            reader.report(.missingField, "\(kind.rawValue) has no 'id'; add one, e.g. id: \(Self.exampleID(kind))", at: root)
            return nil
        }
        guard let id = reader.id(idNode, "id") else { return nil }
        return DocumentHeader(kind: kind, id: id, location: location)
    }

    private static let kindNames = DocumentKind.allCases.map(\.rawValue)

    static func exampleID(_ kind: DocumentKind) -> String {
        switch kind {
        case .organization: "maple-clinic"
        case .coordinator: "sam-ortiz"
        case .clinician: "dr-lee"
        case .client: "jane-doe"
        case .appointment: "a-2026-12-03-jdoe"
        }
    }

    // MARK: Kinds

    private mutating func decodeOrganization(_ header: DocumentHeader, _ fields: inout Fields) -> Organization {
        var organization = Organization(header: header, ignore: [], policy: Policy())
        organization.name = required(fields, "name", example: "Maple Clinic").flatMap { reader.text($0, "name") }
        organization.timezone = required(fields, "timezone", example: "America/Toronto").flatMap { reader.zone($0, "timezone") }
        if let node = required(fields, "email", example: "{from: \"Maple Clinic <hello@maple.example>\", domain: maple.example}"),
           let email = reader.mapping(node, "email", fields: FieldTable.fields("Organization.email")) {
            let emailFields = Fields(values: email, what: "email")
            var settings = OrganizationEmail()
            settings.from = required(emailFields, "from", example: "\"Maple Clinic <hello@maple.example>\"")
                .flatMap { reader.mailbox($0, "email.from") }
            settings.replyTo = emailFields["replyTo"].flatMap { reader.mailbox($0, "email.replyTo") }
            settings.domain = required(emailFields, "domain", example: "maple.example").flatMap { domain($0) }
            organization.email = settings
        }
        organization.portalURL = fields["portalURL"].flatMap { reader.url($0, "portalURL") }
        if let node = fields["video"], let video = reader.mapping(node, "video", fields: Self.organizationVideoFields) {
            let videoFields = Fields(values: video, what: "video")
            organization.videoLinkTemplate = required(videoFields, "linkTemplate", example: "https://video.example.com/room/{{room}}")
                .flatMap { linkTemplate($0) }
        }
        if let node = fields["automation"], let automation = reader.mapping(node, "automation", fields: Self.automationFields) {
            let automationFields = Fields(values: automation, what: "automation")
            if let keys = required(automationFields, "signingKeys", example: "[\"ssh-ed25519 AAAA… docket-requests\"]") {
                organization.automationKeys = signingKeys(keys, field: "automation.signingKeys")
            }
        }
        if let node = fields["ignore"], let items = reader.list(node, "ignore") {
            organization.ignore = items.compactMap { reader.text($0, "ignore") }
        }
        if let node = fields["policy"] {
            organization.policy = decodePolicy(node)
        }
        return organization
    }

    private mutating func domain(_ node: YAMLNode) -> Located<String>? {
        guard let text = reader.text(node, "email.domain") else { return nil }
        guard EmailAddress.problem("x@" + text.value) == nil else {
            reader.report(.invalidValue, "'email.domain' '\(text.value)' is not a host name such as maple.example", at: node)
            return nil
        }
        return text
    }

    private static let policyFields = FieldTable.fields("Organization.policy")

    private mutating func decodePolicy(_ node: YAMLNode) -> Policy {
        var policy = Policy()
        guard let fields = reader.mapping(node, "policy", fields: Self.policyFields) else { return policy }
        let day = 24 * 60
        if let value = fields["minimumNoticeHours"].flatMap({ reader.integer($0, "policy.minimumNoticeHours", in: 0...8760) }) {
            policy.minimumNoticeHours = value.value
        }
        if let value = fields["bufferMinutes"].flatMap({ reader.integer($0, "policy.bufferMinutes", in: 0...day) }) {
            policy.bufferMinutes = value.value
        }
        if let value = fields["maxDurationMinutes"].flatMap({ reader.integer($0, "policy.maxDurationMinutes", in: 1...day) }) {
            policy.maxDurationMinutes = value.value
        }
        if let value = fields["slotMinutes"].flatMap({ reader.integer($0, "policy.slotMinutes", in: 1...day) }) {
            policy.slotMinutes = value.value
        }
        if let value = fields["maxAttachmentMB"].flatMap({ reader.integer($0, "policy.maxAttachmentMB", in: 0...1024) }) {
            policy.maxAttachmentMB = value.value
        }
        if let node = fields["reminders"], let items = reader.list(node, "policy.reminders") {
            let rules = items.compactMap { decodeReminder($0) }
            if rules.count == items.count {
                policy.reminders = rules.map(\.value)
                checkReminderOffsets(rules)
            }
        }
        if let node = fields["severity"] {
            decodeSeverity(node, into: &policy)
        }
        return policy
    }

    /// `24h`, or `{before: 24h, types: [in-person], note: "Bring your insurance card."}`.
    private mutating func decodeReminder(_ node: YAMLNode) -> Located<ReminderRule>? {
        guard node.kind == .mapping else {
            return reader.minutes(node, "policy.reminders").map { Located(ReminderRule(minutes: $0.value), at: $0.location) }
        }
        guard let fields = reader.mapping(node, "a reminder of policy.reminders", fields: FieldTable.fields("Organization.policy.reminders[]")),
              let before = reader.required(fields, "before", "a reminder of policy.reminders", example: "24h") else { return nil }
        guard let minutes = reader.minutes(before, "policy.reminders[].before") else { return nil }
        var rule = ReminderRule(minutes: minutes.value)
        var valid = true
        if let typesNode = fields["types"] {
            if let items = reader.list(typesNode, "policy.reminders[].types") {
                if items.isEmpty {
                    reader.report(.invalidValue, "'policy.reminders[].types' is empty; list the types it is for (video, phone, in-person), or remove it for every type", at: typesNode)
                    valid = false
                }
                let types = items.compactMap { reader.choice($0, "policy.reminders[].types", as: AppointmentType.self) }
                if types.count == items.count { rule.types = Set(types.map(\.value)) } else { valid = false }
            } else {
                valid = false
            }
        }
        if let noteNode = fields["note"] {
            if let note = reader.text(noteNode, "policy.reminders[].note") {
                if note.value.contains("{{") || note.value.contains("}}") {
                    reader.report(.invalidValue, "a reminder's note is plain text shown as it is; '{{' and '}}' are template syntax, which it does not take (templates/ is for wording with variables)", at: noteNode)
                    valid = false
                } else if note.value.count > 500 {
                    reader.report(.invalidValue, "a reminder's note is one paragraph of at most 500 characters; this one has \(note.value.count)", at: noteNode)
                    valid = false
                } else {
                    rule.note = note.value
                }
            } else {
                valid = false
            }
        }
        return valid ? Located(rule, at: reader.location(node)) : nil
    }

    /// Two reminders at the same offset for one type would send the client two messages at
    /// once (and leave which note is meant to chance).
    private mutating func checkReminderOffsets(_ rules: [Located<ReminderRule>]) {
        var seen: [String: Int] = [:]
        for (position, rule) in rules.enumerated() {
            for type in rule.value.types ?? Set(AppointmentType.allCases) {
                let key = "\(type.rawValue) \(rule.value.minutes)"
                if let earlier = seen[key] {
                    reader.diagnostics.append(Diagnostic(
                        .invalidValue,
                        "policy.reminders has two reminders \(DurationText.text(minutes: rule.value.minutes)) before \(type.rawValue) appointments (entries \(earlier + 1) and \(position + 1)); keep one, or give them different types",
                        at: rule.location))
                    return
                }
                seen[key] = position
            }
        }
    }

    private mutating func decodeSeverity(_ node: YAMLNode, into policy: inout Policy) {
        guard node.kind == .mapping else {
            reader.report(.invalidValue, "'policy.severity' must map codes to error, warning or off, not \(ValueReader.noun(node))", at: node)
            return
        }
        for (key, value) in node.pairs {
            guard let code = reader.text(key, "policy.severity") else { continue }
            policy.severityCodes.append(Located(DiagnosticCode(rawValue: code.value), at: code.location))
            guard let level = reader.text(value, "policy.severity.\(code.value)") else { continue }
            switch level.value {
            case "error": policy.severityOverrides[DiagnosticCode(rawValue: code.value)] = .some(.error)
            case "warning": policy.severityOverrides[DiagnosticCode(rawValue: code.value)] = .some(.warning)
            case "off": policy.severityOverrides[DiagnosticCode(rawValue: code.value)] = .some(nil)
            default:
                reader.report(.invalidValue, "'policy.severity.\(code.value)' is '\(level.value)'; use error, warning or off", at: value)
            }
        }
    }

    private mutating func decodeCoordinator(_ header: DocumentHeader, _ fields: inout Fields) -> Coordinator {
        Coordinator(
            header: header,
            name: required(fields, "name", example: "Sam Ortiz").flatMap { reader.text($0, "name") },
            email: required(fields, "email", example: "sam@maple.example").flatMap { reader.email($0, "email") },
            signingKeys: signingKeys(fields["signingKeys"]),
            forgeAccounts: forgeAccounts(fields))
    }

    /// `github:` and `gitlab:`, each written as its forge writes logins.
    private mutating func forgeAccounts(_ fields: Fields) -> ForgeAccounts {
        var accounts = ForgeAccounts()
        for forge in Forge.allCases {
            guard let node = fields[forge.rawValue], let account = reader.text(node, forge.rawValue) else { continue }
            guard forge.accepts(account.value) else {
                reader.report(.invalidValue, "'\(forge.rawValue)' is not a \(forge.name) login: \(forge.accountForm)", at: node)
                continue
            }
            switch forge {
            case .github: accounts.github = account
            case .gitlab: accounts.gitlab = account
            }
        }
        return accounts
    }

    /// `signingKeys`: one SSH public key line each; a key listed twice by one person is one key.
    private mutating func signingKeys(_ node: YAMLNode?, field: String = "signingKeys") -> [Located<SigningKey>] {
        guard let node, let items = reader.list(node, field) else { return [] }
        var keys: [Located<SigningKey>] = []
        for item in items {
            guard let key = reader.signingKey(item, field) else { continue }
            if keys.contains(where: { $0.value.identity == key.value.identity }) {
                reader.report(.invalidValue, "this signing key is already listed above; remove the repeat", at: item)
                continue
            }
            keys.append(key)
        }
        return keys
    }

    private mutating func decodeClient(_ header: DocumentHeader, _ fields: inout Fields) -> Client {
        Client(
            header: header,
            name: required(fields, "name", example: "Jane Doe").flatMap { reader.text($0, "name") },
            email: required(fields, "email", example: "jane@example.com").flatMap { reader.email($0, "email") },
            timezone: fields["timezone"].flatMap { reader.zone($0, "timezone") })
    }

    private mutating func decodeClinician(_ header: DocumentHeader, _ fields: inout Fields) -> Clinician {
        var clinician = Clinician(header: header)
        clinician.name = required(fields, "name", example: "Dr. Ada Lee").flatMap { reader.text($0, "name") }
        clinician.email = required(fields, "email", example: "ada.lee@maple.example").flatMap { reader.email($0, "email") }
        clinician.timezone = required(fields, "timezone", example: "America/Toronto").flatMap { reader.zone($0, "timezone") }
        clinician.active = fields["active"].flatMap { reader.bool($0, "active") }
        clinician.signingKeys = signingKeys(fields["signingKeys"])
        clinician.forgeAccounts = forgeAccounts(fields)
        if let node = fields["availability"] {
            clinician.availability = decodeAvailability(node)
        }
        return clinician
    }

    private mutating func decodeAvailability(_ node: YAMLNode) -> Availability? {
        guard let fields = reader.mapping(node, "availability", fields: Self.availabilityFields) else { return nil }
        var availability = Availability()
        if let weekly = fields["weekly"] {
            availability.weekly = [:]
            if !weekly.isEmpty, let days = reader.mapping(weekly, "availability.weekly", fields: Self.weekdayFields) {
                for name in days.names {
                    guard let value = days[name], let weekday = Weekday(rawValue: name) else { continue }
                    availability.weekly?[weekday] = windows(value, "availability.weekly.\(name)")?.value ?? []
                }
            }
        }
        if let node = fields["exceptions"], let items = reader.list(node, "availability.exceptions") {
            for item in items {
                guard let entry = reader.mapping(item, "an availability exception", fields: Self.exceptionFields) else { continue }
                let entryFields = Fields(values: entry, what: "the availability exception")
                let date = required(entryFields, "date", example: "2026-12-24").flatMap { reader.date($0, "date") }
                let hours = required(entryFields, "hours", example: "[] (a day off) or [\"10:00-14:00\"]")
                    .flatMap { windows($0, "hours") }
                guard let date, let hours else { continue }
                if availability.exceptions[date.value] != nil {
                    reader.report(.invalidValue, "\(date.value) has two availability exceptions; merge them into one", at: item)
                }
                availability.exceptions[date.value] = hours
            }
        }
        if let node = fields["timeOff"], let items = reader.list(node, "availability.timeOff") {
            for item in items {
                guard let entry = reader.mapping(item, "a time off", fields: Self.timeOffFields) else { continue }
                let entryFields = Fields(values: entry, what: "the time off")
                let from = required(entryFields, "from", example: "2026-12-20").flatMap { reader.date($0, "from") }
                let to = required(entryFields, "to", example: "2027-01-02").flatMap { reader.date($0, "to") }
                let reason = entryFields["reason"].flatMap { reader.text($0, "reason") }
                guard let from, let to else { continue }
                guard from.value <= to.value else {
                    reader.report(.invalidValue, "the time off ends (\(to.value)) before it starts (\(from.value)); swap 'from' and 'to'", at: entryFields["to"]!)
                    continue
                }
                availability.timeOff.append(TimeOff(from: from.value, to: to.value, reason: reason?.value, location: reader.location(item)))
            }
        }
        return availability
    }

    /// A list of windows for one day, which must not overlap.
    private mutating func windows(_ node: YAMLNode, _ field: String) -> Located<[Located<TimeWindow>]>? {
        guard let items = reader.list(node, field) else { return nil }
        let windows = items.compactMap { reader.window($0, field) }
        guard windows.count == items.count else { return nil }
        let sorted = windows.sorted { $0.value.startMinute < $1.value.startMinute }
        for (earlier, later) in zip(sorted, sorted.dropFirst()) where later.value.startMinute < earlier.value.endMinute {
            reader.diagnostics.append(Diagnostic(
                .invalidValue,
                "'\(field)' windows \(earlier.value.description) and \(later.value.description) overlap; merge them into one",
                at: later.location))
            return nil
        }
        return Located(sorted, at: reader.location(node))
    }

    private mutating func decodeAppointment(_ header: DocumentHeader, _ fields: inout Fields) -> Appointment {
        // Filled in as a plain value and boxed once (not field by field through the box).
        var appointment = Appointment.Fields(header: header)
        appointment.clinician = required(fields, "clinician", example: "dr-lee").flatMap { reader.id($0, "clinician") }
        appointment.client = required(fields, "client", example: "jane-doe").flatMap { reader.id($0, "client") }
        appointment.start = required(fields, "start", example: "2026-12-03T14:00").flatMap { reader.time($0, "start") }
        switch (fields["duration"], fields["end"]) {
        case (let duration?, let end?):
            _ = (duration, end)
            reader.report(.invalidValue, "\(fields.what) has both 'duration' and 'end'; keep only one", at: fields.values.pair("end")!.key)
        case (let duration?, nil):
            appointment.duration = reader.minutes(duration, "duration")
        case (nil, let end?):
            appointment.end = reader.time(end, "end")
        case (nil, nil):
            reader.report(.missingField, "\(fields.what) has neither 'duration' nor 'end'; add one, e.g. duration: 50m", at: fields.node)
        }
        appointment.timezone = fields["timezone"].flatMap { reader.zone($0, "timezone") }
        appointment.status = fields["status"].flatMap { reader.choice($0, "status", as: AppointmentStatus.self) }
        appointment.type = fields["type"].flatMap { reader.choice($0, "type", as: AppointmentType.self) }
        appointment.title = fields["title"].flatMap { reader.text($0, "title") }
        appointment.createdBy = fields["createdBy"].flatMap { reader.id($0, "createdBy") }
        if let node = fields["participants"], let items = reader.list(node, "participants") {
            appointment.participants = items.compactMap { decodeParticipant($0) }
        }
        if let node = fields["attachments"], let items = reader.list(node, "attachments") {
            appointment.attachments = items.compactMap { decodeAttachment($0) }
        }
        if let node = fields["video"], let video = reader.mapping(node, "video", fields: Self.videoFields) {
            let videoFields = Fields(values: video, what: "video")
            appointment.videoLink = required(videoFields, "link", example: "https://video.example.com/room/123")
                .flatMap { reader.url($0, "video.link") }
        }
        if let node = fields["cancellation"], let cancellation = reader.mapping(node, "cancellation", fields: Self.cancellationFields) {
            appointment.cancellationReason = cancellation["reason"].flatMap { reader.text($0, "cancellation.reason") }
        }
        appointment.notes = fields["notes"].flatMap { reader.text($0, "notes", multiline: true, allowEmpty: true)?.value }
        if let node = fields["repeat"] { decodeRepeat(node, into: &appointment) }
        if let node = fields["occurrences"] {
            if appointment.recurrence == nil, fields["repeat"] == nil {
                reader.report(.invalidValue, "'occurrences' changes single dates of a series, and \(fields.what) has no 'repeat'; add repeat (e.g. repeat: {every: week, count: 12}) or remove occurrences", at: fields.values.pair("occurrences")!.key)
            } else {
                appointment.occurrences = decodeOccurrences(node)
            }
        }
        return Appointment(appointment)
    }

    private static let repeatFields = FieldTable.fields("Appointment.repeat")
    private static let occurrenceFields = FieldTable.fields("Appointment.occurrences.*")

    /// `repeat: {every: week, on: [monday, thursday], count: 12}` (or `until: 2027-03-29`).
    private mutating func decodeRepeat(_ node: YAMLNode, into appointment: inout Appointment.Fields) {
        guard let values = reader.mapping(node, "repeat", fields: Self.repeatFields) else { return }
        let fields = Fields(values: values, what: "repeat")
        var valid = true
        let every = required(fields, "every", example: "week (or day, month, \"2 weeks\")").flatMap { interval($0) }
        if every == nil { valid = false }
        var weekdays: [Weekday] = []
        if let daysNode = fields["on"] {
            appointment.recurrenceDaysLocation = reader.location(daysNode)
            if let every, every.unit != .week {
                reader.report(.invalidValue, "'repeat.on' names weekdays, which only a weekly series has; remove it, or repeat every week", at: daysNode)
                valid = false
            } else if let items = reader.list(daysNode, "repeat.on") {
                let days = items.compactMap { reader.choice($0, "repeat.on", as: Weekday.self) }
                if days.count != items.count {
                    valid = false
                } else if items.isEmpty {
                    reader.report(.invalidValue, "'repeat.on' is empty; list the weekdays (e.g. [monday, thursday]) or remove it for start's weekday", at: daysNode)
                    valid = false
                } else if Set(days.map(\.value)).count != days.count {
                    reader.report(.invalidValue, "'repeat.on' names a weekday twice; list each once", at: daysNode)
                    valid = false
                } else {
                    // Monday first, as RRULE's BYDAY is read with WKST=MO.
                    weekdays = Weekday.allCases.filter { day in days.contains { $0.value == day } }
                }
            } else {
                valid = false
            }
        }
        var end: Recurrence.End?
        switch (fields["count"], fields["until"]) {
        case (_?, _?):
            reader.report(.invalidValue, "'repeat' has both 'count' and 'until'; keep one: how many times, or the last date", at: fields.values.pair("until")!.key)
            valid = false
        case (let countNode?, nil):
            appointment.recurrenceEndLocation = reader.location(countNode)
            end = occurrenceCount(countNode).map { .count($0) }
        case (nil, let untilNode?):
            appointment.recurrenceEndLocation = reader.location(untilNode)
            end = reader.date(untilNode, "repeat.until").map { .until($0.value) }
        case (nil, nil):
            reader.report(.invalidValue, "'repeat' says neither how many times nor until when; add count (e.g. count: 12) or until (a local date, e.g. until: 2027-03-29)", at: node)
        }
        guard valid, let every, let end else { return }
        appointment.recurrence = Located(Recurrence(unit: every.unit, interval: every.interval, weekdays: weekdays, end: end),
                                         at: reader.location(node))
    }

    /// `week`, `day`, `month`, or an interval: `2 weeks`, `3 days`, `1 month`.
    private mutating func interval(_ node: YAMLNode) -> (unit: Recurrence.Unit, interval: Int)? {
        guard let text = reader.text(node, "repeat.every") else { return nil }
        let words = text.value.split(separator: " ", omittingEmptySubsequences: true)
        let expected = "write day, week or month, or an interval such as \"2 weeks\" or \"3 days\""
        func unit(_ word: Substring, plural: Bool) -> Recurrence.Unit? {
            let singular = plural && word.hasSuffix("s") ? word.dropLast() : word
            return Recurrence.Unit(rawValue: String(singular))
        }
        if words.count == 1, let unit = unit(words[0], plural: false) { return (unit, 1) }
        guard words.count == 2, let unit = unit(words[1], plural: true), words[0].allSatisfy(\.isASCII),
              words[0].allSatisfy(\.isNumber) else {
            let hint = ["weekly": "week", "daily": "day", "monthly": "month", "fortnightly": "2 weeks", "biweekly": "2 weeks"][text.value.lowercased()]
                .map { "did you mean '\($0)'? " } ?? ""
            reader.report(.invalidValue, "'repeat.every' '\(text.value)' is not an interval; \(hint)\(expected)", at: node)
            return nil
        }
        guard words[0].count <= 3, let count = Int(words[0]), count >= 1 else {
            reader.report(.invalidValue, "'repeat.every' '\(text.value)' must repeat every 1 to 999 \(unit.rawValue)s; \(expected)", at: node)
            return nil
        }
        return (unit, count)
    }

    /// `count`: a whole number of at least 1. A count past the limit is kept (clamped) for
    /// `series-too-long` to report: it is well formed, just too long.
    private mutating func occurrenceCount(_ node: YAMLNode) -> Int? {
        guard let text = reader.text(node, "repeat.count") else { return nil }
        guard !text.value.isEmpty, text.value.utf8.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }) else {
            reader.report(.invalidValue, "'repeat.count' must be how many occurrences, a whole number from 1 to \(Recurrence.maximumOccurrences), not '\(text.value)'", at: node)
            return nil
        }
        let digits = text.value.drop { $0 == "0" }
        guard !digits.isEmpty else {
            reader.report(.invalidValue, "'repeat.count' is 0; a series has at least one occurrence (count: 1 or more)", at: node)
            return nil
        }
        return digits.count > 9 ? Int.max : Int(digits)!
    }

    /// `occurrences:` — each key an original local date, each value `{status, reason}` or a move `{start, duration|end}`.
    private mutating func decodeOccurrences(_ node: YAMLNode) -> [OccurrenceOverride] {
        if node.isEmpty { return [] }
        guard node.kind == .mapping else {
            reader.report(.invalidValue, "'occurrences' must map original dates to changes (e.g. 2027-01-18: {status: cancelled}), not \(ValueReader.noun(node))", at: node)
            return []
        }
        var overrides: [OccurrenceOverride] = []
        for (key, value) in node.pairs {
            guard let date = reader.date(key, "occurrences") else { continue }
            guard let values = reader.mapping(value, "the occurrence of \(date.value)", fields: Self.occurrenceFields) else { continue }
            let fields = Fields(values: values, what: "the occurrence of \(date.value)")
            var change = OccurrenceOverride(date: date)
            change.status = fields["status"].flatMap { reader.choice($0, "occurrences.status", as: AppointmentStatus.self) }
            change.reason = fields["reason"].flatMap { reader.text($0, "occurrences.reason") }
            change.start = fields["start"].flatMap { reader.time($0, "occurrences.start") }
            switch (fields["duration"], fields["end"]) {
            case (_?, _?):
                reader.report(.invalidValue, "the occurrence of \(date.value) has both 'duration' and 'end'; keep only one", at: fields.values.pair("end")!.key)
            case (let duration?, nil):
                change.duration = reader.minutes(duration, "occurrences.duration")
            case (nil, let end?):
                change.end = reader.time(end, "occurrences.end")
            case (nil, nil):
                break
            }
            if overrides.contains(where: { $0.date.value == date.value }) {
                reader.report(.invalidValue, "\(date.value) is changed twice in 'occurrences'; merge the two entries", at: key)
                continue
            }
            overrides.append(change)
        }
        return overrides
    }

    /// A link template must be a link once `{{room}}` is filled in, and must name the room:
    /// without it every appointment would share one room.
    private mutating func linkTemplate(_ node: YAMLNode) -> Located<String>? {
        guard let text = reader.text(node, "video.linkTemplate") else { return nil }
        guard text.value.contains("{{room}}") else {
            reader.report(.invalidValue, "'video.linkTemplate' has no {{room}}; without it every video appointment would share one room (e.g. https://video.example.com/room/{{room}})", at: node)
            return nil
        }
        let sample = text.value.replacingOccurrences(of: "{{room}}", with: "room")
        guard !sample.contains("{{"), !sample.contains("}}") else {
            reader.report(.invalidValue, "'video.linkTemplate' may use only {{room}}", at: node)
            return nil
        }
        guard ValueReader.isPlainWebAddress(sample) || ValueReader.isWebAddressForFoundation(sample) else {
            reader.report(.invalidValue, "'video.linkTemplate' is not an http(s) link once {{room}} is filled in", at: node)
            return nil
        }
        return text
    }

    // The nested mappings' fields, from the same table.
    private static let organizationVideoFields = FieldTable.fields("Organization.video")
    private static let automationFields = FieldTable.fields("Organization.automation")
    private static let availabilityFields = FieldTable.fields("Clinician.availability")
    private static let weekdayFields = FieldTable.fields("Clinician.availability.weekly")
    private static let exceptionFields = FieldTable.fields("Clinician.availability.exceptions[]")
    private static let timeOffFields = FieldTable.fields("Clinician.availability.timeOff[]")
    private static let videoFields = FieldTable.fields("Appointment.video")
    private static let cancellationFields = FieldTable.fields("Appointment.cancellation")
    private static let participantFields = FieldTable.fields("Appointment.participants[]")
    private static let attachmentFields = FieldTable.fields("Appointment.attachments[]")

    private mutating func decodeParticipant(_ node: YAMLNode) -> Participant? {
        guard let values = reader.mapping(node, "a participant", fields: Self.participantFields) else { return nil }
        let fields = Fields(values: values, what: "the participant")
        return Participant(
            name: required(fields, "name", example: "Sam Ortiz").flatMap { reader.text($0, "participants.name") },
            email: required(fields, "email", example: "sam@maple.example").flatMap { reader.email($0, "participants.email") },
            role: fields["role"].flatMap { reader.text($0, "participants.role") },
            location: reader.location(node))
    }

    private mutating func decodeAttachment(_ node: YAMLNode) -> Attachment? {
        guard let values = reader.mapping(node, "an attachment", fields: Self.attachmentFields) else { return nil }
        let fields = Fields(values: values, what: "the attachment")
        return Attachment(
            path: required(fields, "path", example: "attachments/intake-form.pdf").flatMap { reader.text($0, "attachments.path") },
            title: fields["title"].flatMap { reader.text($0, "attachments.title") },
            audience: fields["audience"].flatMap { reader.choice($0, "attachments.audience", as: AttachmentAudience.self) },
            location: reader.location(node))
    }
}
