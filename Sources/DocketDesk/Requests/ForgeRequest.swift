import DocketModel
import DocketRules
import DocketSupport
import Foundation

/// `docket request`: a booking, cancellation or reschedule asked for in an issue of the forge,
/// checked (who asks, what they may do, what each field says) and applied through the same
/// guarded change as `docket new`, `cancel` and `reschedule`; the answer is a reply for the
/// issue, and on success the commit message the request workflow commits with.
public enum ForgeRequest {
    public struct Input: Sendable {
        public var root: String
        public var body: [UInt8]
        public var requester: String
        public var forge: Forge
        public var action: RequestAction?
        public var now: Instant

        public init(root: String, body: [UInt8], requester: String, forge: Forge, action: RequestAction?, now: Instant) {
            self.root = root
            self.body = body
            self.requester = requester
            self.forge = forge
            self.action = action
            self.now = now
        }
    }

    /// Who asked, once found among the people files.
    public struct Requester: Sendable, Encodable {
        public enum Role: String, Sendable, Encodable { case coordinator, clinician }
        public var login: String
        public var person: String
        public var role: Role
        public var name: String
    }

    /// A field that does not say what it must, and how to write it.
    public struct FieldProblem: Sendable, Encodable, Equatable {
        public var field: String?
        public var message: String
    }

    /// A free time offered instead of a taken one.
    public struct Slot: Sendable, Encodable {
        /// Local, in the clinician's zone: `2027-01-11T10:00`.
        public var start: String
        public var end: String
        public var timezone: String
        /// The same start in UTC.
        public var startUTC: String
    }

    /// What `--format json` prints.
    public struct Outcome: Sendable, Encodable {
        public enum Status: String, Sendable, Encodable { case applied, refused }
        public var version = 1
        public var status: Status
        public var action: RequestAction?
        public var requester: Requester?
        public var appointment: String?
        /// The original date of the occurrence a cancel or reschedule is about.
        public var occurrence: String?
        /// The files written, relative to the repository's root.
        public var files: [String] = []
        /// On success, the warnings left; on refusal, the errors the change would cause.
        public var diagnostics: [DiagnosticEntry] = []
        public var slots: [Slot] = []
        public var problems: [FieldProblem] = []
        /// On success: the commit's message, ending in the `Docket-Requested-By` trailer.
        public var commitMessage: String?
        /// Markdown for the issue.
        public var reply: String

        public var applied: Bool { status == .applied }
    }

    /// Handles a request. Throws only when it cannot run (the repository cannot be read, a file
    /// cannot be written): every refusal is an outcome, with its reply.
    public static func handle(_ input: Input) throws(EditFailure) -> Outcome {
        let repository: Repository
        do {
            repository = try RepositoryLoader.load(root: input.root)
        } catch {
            throw EditFailure(error.description)
        }
        let people = People(repository)

        // Who asks comes first: a stranger learns nothing about the repository but who may ask.
        let requester: Requester
        switch people.requester(login: input.requester, forge: input.forge) {
        case .failure(let refusal):
            return refused(action: input.action, requester: nil, reply: refusal.reply + "\n\n" + people.whoMayAsk(forge: input.forge))
        case .success(let found):
            requester = found
        }

        let body: RequestBody
        switch RequestBody.parse(input.body) {
        case .failure(let problem):
            return malformed(input.action, requester, [FieldProblem(field: problem.field, message: problem.description)])
        case .success(let parsed):
            body = parsed
        }
        if let given = input.action, let written = body.action, given != written {
            return malformed(given, requester, [FieldProblem(field: "action", message: "the issue is labelled \(given.label) but its block says action: \(written.rawValue); make them agree")])
        }
        guard let action = input.action ?? body.action ?? infer(body) else {
            return malformed(nil, requester, [FieldProblem(field: nil, message: "the request does not say what to do: book (Clinician, Client, Date, Time), cancel (Appointment) or reschedule (Appointment, New date, New time)")])
        }
        var context = Context(input: input, repository: repository, people: people, requester: requester, action: action)
        switch action {
        case .book: return try context.book(body)
        case .cancel: return try context.cancel(body)
        case .reschedule: return try context.reschedule(body)
        }
    }

    /// The action a body's fields point to, when no label or `action:` says.
    static func infer(_ body: RequestBody) -> RequestAction? {
        let has = { (id: String) in body.fields[id] != nil }
        if has("clinician") || has("client") { return .book }
        if has("appointment") { return has("date") || has("time") ? .reschedule : .cancel }
        return nil
    }

    static func refused(action: RequestAction?, requester: Requester?, reply: String, problems: [FieldProblem] = [],
                        diagnostics: [Diagnostic] = [], appointment: String? = nil) -> Outcome {
        Outcome(status: .refused, action: action, requester: requester, appointment: appointment,
                diagnostics: diagnostics.map(DiagnosticEntry.init), problems: problems, reply: reply)
    }

    static func malformed(_ action: RequestAction?, _ requester: Requester, _ problems: [FieldProblem]) -> Outcome {
        let lines = problems.map { problem in
            "- " + (problem.field.map { "**\(RequestReply.label(of: $0, in: action))**: " } ?? "") + problem.message
        }
        let reply = "Nothing was changed: the request cannot be read as it is.\n\n" + lines.joined(separator: "\n")
            + "\n\nEdit the issue to correct it; docket reads it again when it is saved."
        return refused(action: action, requester: requester, reply: reply, problems: problems)
    }

    // MARK: People

    /// A requester docket cannot act for, and the reply saying why.
    struct Refusal: Error {
        var reply: String
        init(_ reply: String) { self.reply = reply }
    }

    /// The coordinators and clinicians, as requesters.
    struct People {
        let repository: Repository

        init(_ repository: Repository) {
            self.repository = repository
        }

        /// The person whose people file lists `login` for `forge`. Logins are compared as the
        /// forges compare them (ASCII, any case); a login in other letters (a Cyrillic
        /// look-alike, a full-width one) is nobody's.
        func requester(login written: String, forge: Forge) -> Result<Requester, Refusal> {
            // `@samortiz`, as people write a mention, is the login `samortiz`.
            let login = written.hasPrefix("@") ? String(written.dropFirst()) : written
            let shown = RequestReply.code(login)
            guard forge.accepts(login) else {
                return .failure(Refusal("Nothing was changed: \(shown) is not a \(forge.name) account name docket knows."))
            }
            let key = login.lowercased()
            var found: [Requester] = []
            for person in repository.coordinators where person.forgeAccounts[forge]?.value.lowercased() == key {
                found.append(Requester(login: login, person: person.header.id.value, role: .coordinator, name: person.name?.value ?? person.header.id.value))
            }
            for person in repository.clinicians where person.forgeAccounts[forge]?.value.lowercased() == key {
                found.append(Requester(login: login, person: person.header.id.value, role: .clinician, name: person.name?.value ?? person.header.id.value))
            }
            if found.count > 1 {
                let who = found.map { "\($0.role.rawValue) `\($0.person)`" }.joined(separator: " and ")
                return .failure(Refusal("Nothing was changed: the \(forge.name) account \(shown) is listed by \(who); a coordinator must fix the people files so that it names one person."))
            }
            guard let requester = found.first else {
                return .failure(Refusal("Nothing was changed: the \(forge.name) account \(shown) is not listed as a coordinator's or clinician's (`\(forge.rawValue):` in their file in coordinators/ or clinicians/), so docket cannot act on its requests."))
            }
            return .success(requester)
        }

        /// Who may ask, for a refusal: coordinators may request anything, clinicians changes
        /// to their own appointments.
        func whoMayAsk(forge: Forge) -> String {
            let coordinators = repository.coordinators.compactMap { person -> String? in
                guard let account = person.forgeAccounts[forge]?.value else { return nil }
                // Named, not mentioned: a stranger's issue must not ping every coordinator.
                return "\(RequestReply.plain(person.name?.value ?? person.header.id.value)) (`\(account)`)"
            }.sorted()
            var text = "Requests here are made by the clinic's coordinators (any appointment) and clinicians (their own appointments), each with their \(forge.name) account in their people file."
            if !coordinators.isEmpty {
                text += " Ask a coordinator: " + coordinators.joined(separator: ", ") + "."
            }
            return text
        }
    }

    // MARK: Applying

    struct Context {
        let input: Input
        let repository: Repository
        let people: People
        let requester: Requester
        let action: RequestAction
        lazy var index = RepositoryIndex(repository)

        var clinicians: [String] { repository.clinicians.map(\.header.id.value) }

        func refusedByRole(_ what: String) -> Outcome {
            refused(action: action, requester: requester,
                    reply: "Nothing was changed: \(RequestReply.plain(requester.name)) is a clinician and may request changes to their own appointments only; \(what). Ask a coordinator to make this request.\n\n" + people.whoMayAsk(forge: input.forge))
        }

        mutating func book(_ body: RequestBody) throws(EditFailure) -> Outcome {
            var problems: [FieldProblem] = []
            let fields = RequestFields(body: body, problems: { problems.append($0) })
            let clinician = fields.clinician(known: clinicians, in: repository)
            let client = fields.client(in: repository)
            let date = fields.date("date")
            let time = fields.time("time")
            let duration = fields.duration()
            let type = fields.type()
            let title = fields.line("title")
            let participants = fields.participants()
            let attachments = fields.attachments(root: repository.root)
            let series = fields.series()
            let notes = fields.notes()
            if let clinician, !repository.clinicians.contains(where: { $0.header.id.value == clinician && $0.isActive }),
               repository.clinicians.contains(where: { $0.header.id.value == clinician }) {
                problems.append(FieldProblem(field: "clinician", message: "`\(clinician)` is not active and takes no appointments; pick an active clinician"))
            }
            guard problems.isEmpty, let clinician, let client, let date, let time else {
                return malformed(action, requester, problems)
            }
            if let passed = hasPassed(date, time, clinician: clinician) { return malformed(action, requester, [passed]) }
            if requester.role == .clinician && clinician != requester.person {
                return refusedByRole("this booking is for \(RequestReply.code(clinician))")
            }
            var request = NewAppointment.Request(clinician: clinician, client: client, start: "\(date)T\(time)")
            request.duration = duration
            request.type = type
            request.title = title
            request.participants = participants
            request.attachments = attachments
            request.createdBy = requester.person
            request.notes = notes
            if let series {
                request.every = series.every
                request.count = series.count
            }
            let outcome = try NewAppointment.create(request, root: repository.root, now: input.now, force: false, loaded: repository)
            switch outcome {
            case .refused(let findings, let suggestions, let zone):
                return conflict(findings, appointment: nil, slots: suggestions, zone: zone,
                                asked: "\(RequestReply.plain(clientName(client))) with \(RequestReply.plain(clinicianName(clinician))) on \(RequestReply.day(date)) at \(time)")
            case .written(let file, let id, let findings):
                let when = "\(RequestReply.day(date)) at \(time)" + (zoneName(clinician).map { " (\($0))" } ?? "")
                let what = series.map { ", \($0.words) (\($0.count) visits)" } ?? ""
                let summary = "book \(id): \(clientName(client)) with \(clinicianName(clinician)), \(date) \(time)"
                return applied(id: id, occurrence: nil, files: [file], findings: findings, summary: summary,
                               done: "Booked `\(id)`: \(RequestReply.plain(clientName(client))) with \(RequestReply.plain(clinicianName(clinician))), \(when)\(what).")
            }
        }

        mutating func cancel(_ body: RequestBody) throws(EditFailure) -> Outcome {
            var problems: [FieldProblem] = []
            let fields = RequestFields(body: body, problems: { problems.append($0) })
            let appointment = fields.appointment(in: repository)
            let occurrence = fields.optionalDate("occurrence")
            let reason = fields.line("reason")
            guard problems.isEmpty, let appointment else { return malformed(action, requester, problems) }
            if let refusal = authorize(appointment) { return refusal }
            if occurrence == nil, appointment.status?.value == .cancelled {
                return refused(action: action, requester: requester, reply: "Nothing was changed: `\(appointment.id)` is already cancelled.", appointment: appointment.id)
            }
            let before = contents(of: appointment)
            let outcome: AppointmentEditor.Outcome
            if let occurrence {
                outcome = try OccurrenceEditor.cancel(root: repository.root, id: appointment.id, on: occurrence, reason: reason, now: input.now, loaded: repository)
            } else {
                outcome = try AppointmentEditor.cancel(root: repository.root, id: appointment.id, reason: reason, now: input.now, loaded: repository)
            }
            let name = occurrence.map { "the visit of \(RequestReply.day($0)) of `\(appointment.id)`" } ?? "`\(appointment.id)`"
            switch outcome {
            case .refused(let findings):
                return conflict(findings, appointment: appointment.id, slots: [], zone: nil, asked: "cancelling \(name)")
            case .written(_, _) where unchanged(appointment, since: before):
                return refused(action: action, requester: requester, reply: "Nothing to change: \(name) is already cancelled.", appointment: appointment.id)
            case .written(let file, let findings):
                var outcome = applied(id: appointment.id, occurrence: occurrence, files: [file], findings: findings,
                                      summary: "cancel \(appointment.id)" + (occurrence.map { "@\($0)" } ?? ""),
                                      done: "Cancelled \(name)" + (reason.map { " (reason: \(RequestReply.plain($0)))" } ?? "") + ".")
                outcome.occurrence = occurrence?.description
                return outcome
            }
        }

        mutating func reschedule(_ body: RequestBody) throws(EditFailure) -> Outcome {
            var problems: [FieldProblem] = []
            let fields = RequestFields(body: body, problems: { problems.append($0) })
            let appointment = fields.appointment(in: repository)
            let occurrence = fields.optionalDate("occurrence")
            let date = fields.date("date")
            let time = fields.time("time")
            guard problems.isEmpty, let appointment, let date, let time else { return malformed(action, requester, problems) }
            if let refusal = authorize(appointment) { return refusal }
            if let clinician = appointment.clinician?.value, let passed = hasPassed(date, time, clinician: clinician) {
                return malformed(action, requester, [passed])
            }
            guard let clinician = appointment.clinician?.value, let zone = index.clinicians[clinician]?.timezone?.value else {
                return malformed(action, requester, [FieldProblem(field: "appointment", message: "`\(appointment.id)` has no clinician with a time zone to read the new time in; fix its file first")])
            }
            // The time is the clinician's; the file's start is read in its own timezone when it
            // gives one, so a different zone gets the instant with its offset.
            let local = LocalDateTime(date: date, secondOfDay: time.secondOfDay)
            var start = "\(date)T\(time)"
            if let fileZone = appointment.timezone?.value, fileZone.identifier != zone.identifier {
                switch zone.resolve(local) {
                case .unique(let instant): start = instant.rfc3339(offsetSeconds: fileZone.offset(at: instant))
                case .nonexistent:
                    return malformed(action, requester, [FieldProblem(field: "time", message: "\(date) \(time) does not exist in \(zone.identifier) (the clocks skip it); pick another time")])
                case .ambiguous:
                    return malformed(action, requester, [FieldProblem(field: "time", message: "\(date) \(time) happens twice in \(zone.identifier) (the clocks go back); pick another time")])
                }
            }
            let minutes = appointmentMinutes(appointment)
            let before = contents(of: appointment)
            let outcome: AppointmentEditor.Outcome
            if let occurrence {
                outcome = try OccurrenceEditor.reschedule(root: repository.root, id: appointment.id, on: occurrence, start: start, durationMinutes: nil, now: input.now, loaded: repository)
            } else {
                outcome = try AppointmentEditor.reschedule(root: repository.root, id: appointment.id, start: start, durationMinutes: nil, now: input.now, loaded: repository)
            }
            let name = occurrence.map { "the visit of \(RequestReply.day($0)) of `\(appointment.id)`" } ?? "`\(appointment.id)`"
            switch outcome {
            case .refused(let findings):
                // Free times are offered against the repository without the appointment moved.
                let target: Instant? = if case .unique(let instant) = zone.resolve(local) { instant } else { nil }
                let nearby = NewAppointment.nearestFreeSlots(clinician: clinician, around: target, date: date, minutes: minutes ?? 50,
                                                             in: index, now: input.now)
                return conflict(findings, appointment: appointment.id, slots: nearby.slots, zone: nearby.zone,
                                asked: "moving \(name) to \(RequestReply.day(date)) at \(time)")
            case .written(_, _) where unchanged(appointment, since: before):
                return refused(action: action, requester: requester,
                               reply: "Nothing to change: \(name) is already on \(RequestReply.day(date)) at \(time).", appointment: appointment.id)
            case .written(let file, let findings):
                var outcome = applied(id: appointment.id, occurrence: occurrence, files: [file], findings: findings,
                                      summary: "reschedule \(appointment.id)" + (occurrence.map { "@\($0)" } ?? "") + " to \(date) \(time)",
                                      done: "Moved \(name) to \(RequestReply.day(date)) at \(time) (\(zone.identifier)).")
                outcome.occurrence = occurrence?.description
                return outcome
            }
        }

        /// A time asked for that is already over (read in the clinician's zone): without
        /// `--base` the guarded change would not see it, and the pull request's check would
        /// fail on it (`starts-in-past`).
        func hasPassed(_ date: LocalDate, _ time: RequestTime, clinician: String) -> FieldProblem? {
            guard let zone = repository.clinicians.first(where: { $0.header.id.value == clinician })?.timezone?.value else { return nil }
            let instant: Instant
            switch zone.resolve(LocalDateTime(date: date, secondOfDay: time.secondOfDay)) {
            case .unique(let found): instant = found
            case .ambiguous(let earlier, _): instant = earlier
            case .nonexistent: return nil
            }
            guard instant < input.now else { return nil }
            return FieldProblem(field: "date", message: "\(RequestReply.day(date)) at \(time) (\(zone.identifier)) has already passed; pick a time to come")
        }

        /// The bytes of an appointment's file, to tell an edit that changed nothing (a visit
        /// already cancelled, a move to the time it already has): nothing to commit.
        func contents(of appointment: Appointment) -> Data? {
            FileManager.default.contents(atPath: repository.root + "/" + appointment.header.file)
        }

        func unchanged(_ appointment: Appointment, since before: Data?) -> Bool {
            before != nil && contents(of: appointment) == before
        }

        /// A clinician may change their own appointments only.
        func authorize(_ appointment: Appointment) -> Outcome? {
            guard requester.role == .clinician, appointment.clinician?.value != requester.person else { return nil }
            return refusedByRole("`\(appointment.id)` is not one of theirs")
        }

        mutating func appointmentMinutes(_ appointment: Appointment) -> Int? {
            guard let position = repository.appointments.firstIndex(where: { $0.id == appointment.id }) else { return nil }
            return index.timings[position].interval?.minutes
        }

        func clientName(_ id: String) -> String { repository.clients.first { $0.header.id.value == id }?.name?.value ?? id }
        func clinicianName(_ id: String) -> String { repository.clinicians.first { $0.header.id.value == id }?.name?.value ?? id }
        func zoneName(_ clinician: String) -> String? { repository.clinicians.first { $0.header.id.value == clinician }?.timezone?.value.identifier }

        func conflict(_ findings: [Diagnostic], appointment: String?, slots: [Interval], zone: Zone?, asked: String) -> Outcome {
            var reply = "Nothing was changed: \(asked) would leave the schedule with \(findings.count == 1 ? "this problem" : "these problems"):\n\n"
            reply += findings.map { "- " + RequestReply.plain($0.message) }.joined(separator: "\n")
            var offered: [Slot] = []
            if let zone, !slots.isEmpty {
                offered = slots.map { slot in
                    let start = zone.localDateTime(at: slot.start), end = zone.localDateTime(at: slot.end)
                    return Slot(start: "\(start.date)T\(start.timeText)", end: "\(end.date)T\(end.timeText)", timezone: zone.identifier,
                                startUTC: slot.start.description)
                }
                reply += "\n\nFree times nearby (\(zone.identifier)):\n\n" + slots.map { slot in
                    let start = zone.localDateTime(at: slot.start), end = zone.localDateTime(at: slot.end)
                    return "- \(RequestReply.day(start.date)), \(start.timeText)–\(end.timeText)"
                }.joined(separator: "\n")
            }
            reply += "\n\nEdit the issue (the date or time, say) to try again; docket reads it again when it is saved."
            var outcome = refused(action: action, requester: requester, reply: reply, diagnostics: findings, appointment: appointment)
            outcome.slots = offered
            return outcome
        }

        func applied(id: String, occurrence: LocalDate?, files: [String], findings: [Diagnostic], summary: String, done: String) -> Outcome {
            var reply = done + "\n\nThe change is in " + files.map { "`\($0)`" }.joined(separator: ", ") + ". "
            reply += "What happens next: a pull request with it is opened and checked; once it is merged, "
                + (action == .book ? "everyone gets their confirmation" : action == .cancel ? "everyone who was told gets the cancellation" : "everyone gets the new time")
                + " by e-mail, with a calendar invitation."
            if !findings.isEmpty {
                reply += "\n\nWorth a look (these do not stop it):\n\n" + findings.map { "- " + RequestReply.plain($0.message) }.joined(separator: "\n")
            }
            let message = "docket: \(PrintableText.shown(summary, limit: .max))\n\n"
                + "Requested by \(requester.role.rawValue) \(requester.person) (\(input.forge.name) @\(requester.login)) from an issue form.\n\n"
                + "\(SignedHistory.requestedByTrailer): \(requester.person)\n"
            return Outcome(status: .applied, action: action, requester: requester, appointment: id, occurrence: occurrence?.description,
                           files: files, diagnostics: findings.map(DiagnosticEntry.init), commitMessage: message, reply: reply)
        }
    }
}
