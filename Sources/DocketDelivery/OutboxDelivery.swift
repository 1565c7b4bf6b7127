import DocketSupport
import Foundation

/// How messages leave: an SMTP server, or a sendmail-compatible command.
public enum Transport: Sendable {
    case smtp(SMTPEndpoint, SMTPOptions)
    /// Run through `/bin/sh -c`, the message on standard input (`sendmail -t -i` convention);
    /// stopped after `timeout` seconds.
    case sendmail(String, timeout: Double)
}

/// A message of the outbox, with the envelope its headers give.
public struct OutboxMessage: Sendable {
    public var name: String
    public var data: Data
    public var from: String?
    public var recipients: [String]
    /// `X-Docket-Appointment`: which appointment it is about, for reports staff read.
    public var appointment: String?
    /// When it was planned (`Date`, seconds since 1970) and its place in that run's plan
    /// (`X-Docket-Order`): the order it is delivered in.
    public var planned: (date: Int64, order: Int)?

    init(name: String, data: Data) {
        self.name = name
        self.data = data
        let headers = Self.headers(of: data)
        from = headers["from"].flatMap(Self.addresses)?.first
        recipients = headers["to"].flatMap(Self.addresses) ?? []
        appointment = headers["x-docket-appointment"]
        if let date = headers["date"].flatMap(Self.seconds) {
            planned = (date, headers["x-docket-order"].flatMap { Int($0.trimmingCharacters(in: .whitespaces)) } ?? 0)
        }
    }

    /// An RFC 5322 date (`Sun, 29 Nov 2026 09:00:00 +0000`) as seconds since 1970.
    static func seconds(_ value: String) -> Int64? {
        let parts = value.split(separator: " ").filter { !$0.hasSuffix(",") && !$0.isEmpty }
        let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        guard parts.count >= 5, let day = Int64(parts[0]), let month = months.firstIndex(of: String(parts[1])), let year = Int64(parts[2]) else { return nil }
        let time = parts[3].split(separator: ":").compactMap { Int64($0) }
        guard time.count >= 2, parts[4].count == 5, let zone = Int64(parts[4].dropFirst()) else { return nil }
        // Days from the civil date (Howard Hinnant's algorithm).
        let shifted = month < 2 ? year - 1 : year
        let era = (shifted >= 0 ? shifted : shifted - 399) / 400
        let yearOfEra = shifted - era * 400
        let monthIndex = Int64((month + 9) % 12)
        let dayOfYear = (153 * monthIndex + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        let days = era * 146_097 + dayOfEra - 719_468
        let offset = (zone / 100 * 60 + zone % 100) * 60 * (parts[4].hasPrefix("-") ? -1 : 1)
        return days * 86_400 + time[0] * 3_600 + time[1] * 60 + (time.count > 2 ? time[2] : 0) - offset
    }

    /// Who and what it is to: a later message to the same recipient about the same
    /// appointment waits while an earlier one does.
    /// An occurrence of a series (`s-3@2027-01-18`) is in its series' thread: a change to one
    /// session never overtakes the series' confirmation.
    var thread: String {
        let series = appointment.map { String($0.prefix { $0 != "@" }) } ?? name
        return series + "\u{0}" + recipients.map { $0.lowercased() }.sorted().joined(separator: ",")
    }

    /// The unfolded header fields, by lower-cased name (the first of each).
    static func headers(of data: Data) -> [String: String] {
        let text = String(decoding: data.prefix(64 * 1024), as: UTF8.self)
        let head = text.components(separatedBy: "\r\n\r\n").first ?? ""
        var fields: [String: String] = [:]
        var current: (name: String, value: String)?
        for line in head.components(separatedBy: "\r\n") {
            if line.hasPrefix(" ") || line.hasPrefix("\t") {
                current?.value += line
            } else {
                if let current, fields[current.name] == nil { fields[current.name] = current.value }
                guard let colon = line.firstIndex(of: ":") else { current = nil; continue }
                current = (line[..<colon].lowercased(), String(line[line.index(after: colon)...]).trimmingCharacters(in: .whitespaces))
            }
        }
        if let current, fields[current.name] == nil { fields[current.name] = current.value }
        return fields
    }

    /// The addresses of an address-list header: those in `<…>`, else the bare value.
    static func addresses(_ value: String) -> [String]? {
        var found: [String] = []
        var rest = Substring(value)
        while let open = rest.firstIndex(of: "<"), let close = rest[open...].firstIndex(of: ">") {
            found.append(String(rest[rest.index(after: open)..<close]))
            rest = rest[rest.index(after: close)...]
        }
        if found.isEmpty, value.contains("@") { found = [value.trimmingCharacters(in: .whitespaces)] }
        return found.filter { !$0.isEmpty && !$0.contains(where: { $0 == "\r" || $0 == "\n" || $0 == " " }) }
    }
}

extension Array where Element == OutboxMessage {
    /// In the order planned: by `Date`, then by the plan's order; messages without those last,
    /// by name.
    func inPlannedOrder() -> [OutboxMessage] {
        sorted { lhs, rhs in
            switch (lhs.planned, rhs.planned) {
            case let (left?, right?): (left.date, left.order, lhs.name) < (right.date, right.order, rhs.name)
            case (.some, nil): true
            case (nil, .some): false
            case (nil, nil): lhs.name < rhs.name
            }
        }
    }
}

/// What `docket send` did with each message.
public struct DeliveryReport: Sendable {
    public enum Result: String, Sendable, Codable {
        case sent, deferred, failed
    }

    public struct Entry: Sendable {
        public var name: String
        public var recipients: [String]
        public var result: Result
        public var reason: String?
        public var appointment: String?
    }

    public var entries: [Entry] = []
    /// Why delivery stopped early (a lost connection, a timeout), with the messages left.
    public var stoppedBecause: String?

    public var sent: Int { entries.count { $0.result == .sent } }
    public var deferred: Int { entries.count { $0.result == .deferred } }
    public var failed: Int { entries.count { $0.result == .failed } }
    public var allDelivered: Bool { stoppedBecause == nil && deferred == 0 && failed == 0 }
}

/// Delivers the outbox in the order planned (`Date`, then the plan's order): each delivered
/// message moves to `sent/` (after the server's 250 for DATA), a permanent failure to
/// `failed/` with a `.reason` file beside it, a temporary one stays for the next run, and the
/// later messages to the same recipient about the same appointment stay with it. One
/// connection for the whole outbox; one run at a time.
public enum OutboxDelivery {
    public struct Failure: Error, CustomStringConvertible {
        public var description: String
    }

    /// Larger files in the outbox are not messages docket wrote (attachments are at most
    /// `policy.maxAttachmentMB` each); they are left where they are.
    public static let maxMessageSize = 1 << 30

    public static func messages(in outbox: String) throws(Failure) -> [OutboxMessage] {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: outbox, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw Failure(description: "no outbox at \(outbox) (run docket reconcile first, or pass --outbox)")
        }
        // The outbox may be committed with the repository: its entries are read through the
        // same safe door as repository content, so a link out of it or a FIFO is never sent.
        let files = RepositoryFiles(root: outbox)
        let names = ((try? files.names(inFolder: ".").get()) ?? []).filter { $0.hasSuffix(".eml") }
        return names.compactMap { name in
            (try? files.read(name, limit: maxMessageSize).get()).map { OutboxMessage(name: name, data: Data($0)) }
        }
    }

    /// Delivers every message of `outbox`; a delivered one moves to `sentFolder` (default
    /// `OUTBOX/sent`; outside the repository when CI keeps sent mail out of git).
    public static func run(outbox: String, sentFolder: String? = nil, transport: Transport, envelopeFrom: String?,
                           progress: @Sendable (Int, Int) -> Void = { _, _ in }) async throws(Failure) -> DeliveryReport {
        let sent = sentFolder ?? outbox + "/sent"
        let lock: FileLock
        do {
            try DurableFile.createFolder(sent)
            try DurableFile.createFolder(outbox + "/failed")
            lock = try FileLock(path: outbox + "/.send.lock")
        } catch {
            throw Failure(description: error.description)
        }
        defer { withExtendedLifetime(lock) {} }
        let queue = try messages(in: outbox).inPlannedOrder()
        var report = DeliveryReport()
        guard !queue.isEmpty else { return report }

        var connection: SMTPConnection?
        // Threads (appointment, recipient) with a message left for the next run: what follows
        // in them waits too, so a "Cancelled" never overtakes the "Confirmed" before it.
        var waiting = Set<String>()
        for (number, message) in queue.enumerated() {
            progress(number, queue.count)
            if waiting.contains(message.thread) {
                report.entries.append(.init(name: message.name, recipients: message.recipients, result: .deferred,
                                            reason: "waits for an earlier message to the same recipient about the same appointment",
                                            appointment: message.appointment))
                continue
            }
            // Delivered by an earlier run that stopped between copying it to a sent folder on
            // another file system and removing it here: done, not sent again.
            if FileManager.default.fileExists(atPath: sent + "/" + message.name) {
                unlink(outbox + "/" + message.name)
                report.entries.append(.init(name: message.name, recipients: message.recipients, result: .sent, reason: nil, appointment: message.appointment))
                continue
            }
            guard let from = envelopeFrom ?? message.from, !message.recipients.isEmpty else {
                report.entries.append(try settle(message, .permanent("the message has no From or To address"), outbox: outbox, sent: sent))
                continue
            }
            let outcome: DeliveryOutcome
            switch transport {
            case .sendmail(let command, let timeout):
                outcome = Sendmail.deliver(message.data, command: command, timeout: timeout)
            case .smtp(let endpoint, let options):
                do {
                    if connection == nil { connection = try await SMTPConnection.open(endpoint, options: options) }
                    outcome = try await connection!.send(message.data, from: from, to: message.recipients)
                } catch {
                    report.stoppedBecause = error.description
                    report.entries += queue[number...].map {
                        DeliveryReport.Entry(name: $0.name, recipients: $0.recipients, result: .deferred, reason: error.description,
                                             appointment: $0.appointment)
                    }
                    return report
                }
            }
            let entry = try settle(message, outcome, outbox: outbox, sent: sent)
            if entry.result == .deferred { waiting.insert(message.thread) }
            report.entries.append(entry)
        }
        await connection?.quit()
        progress(queue.count, queue.count)
        return report
    }

    /// Moves a message where its outcome says: `sent/`, `failed/` (with the reason), or nowhere.
    static func settle(_ message: OutboxMessage, _ outcome: DeliveryOutcome, outbox: String, sent: String) throws(Failure) -> DeliveryReport.Entry {
        let source = outbox + "/" + message.name
        switch outcome {
        case .delivered:
            try move(source, to: sent + "/" + message.name)
            return .init(name: message.name, recipients: message.recipients, result: .sent, reason: nil, appointment: message.appointment)
        case .temporary(let reason):
            return .init(name: message.name, recipients: message.recipients, result: .deferred, reason: reason, appointment: message.appointment)
        case .permanent(let reason):
            let base = (message.name as NSString).deletingPathExtension
            do {
                try DurableFile.write(Data((reason + "\n").utf8), to: outbox + "/failed/" + base + ".reason")
            } catch {
                throw Failure(description: error.description)
            }
            try move(source, to: outbox + "/failed/" + message.name)
            return .init(name: message.name, recipients: message.recipients, result: .failed, reason: reason, appointment: message.appointment)
        }
    }

    static func move(_ source: String, to destination: String) throws(Failure) {
        if rename(source, destination) != 0 {
            // Another file system (a sent folder in CI's temporary space): a durable copy first,
            // then the original goes; a stop in between is caught by the check before sending.
            guard errno == EXDEV, let data = FileManager.default.contents(atPath: source) else {
                throw Failure(description: "cannot move \(source) to \(destination): \(String(cString: strerror(errno)))")
            }
            do {
                try DurableFile.write(data, to: destination)
            } catch {
                throw Failure(description: error.description)
            }
            unlink(source)
            DurableFile.syncFolder((source as NSString).deletingLastPathComponent)
            return
        }
        // One journal commit covers both folders of the rename.
        DurableFile.syncFolder((destination as NSString).deletingLastPathComponent)
    }
}

/// A sendmail-compatible command: exit 0 delivered, 75 (EX_TEMPFAIL) temporary, anything
/// else permanent, with its standard error as the reason.
///
/// A command still running after `timeout` seconds is stopped (TERM, then KILL, to it and
/// what it started) and its message fails for good: it may have handed the message on
/// before it hung, and a second copy is worse than a failure staff can see.
enum Sendmail {
    static let timedOutReason = "timed out: may have been delivered"

    static func deliver(_ message: Data, command: String, timeout: Double) -> DeliveryOutcome {
        // The message as sendmail takes it: LF line ends.
        let text = String(decoding: message, as: UTF8.self).replacingOccurrences(of: "\r\n", with: "\n")
        let output: ChildProcess.Output
        do {
            output = try ChildProcess.run("/bin/sh", ["-c", command], input: Data(text.utf8), timeout: timeout)
        } catch {
            return .permanent("cannot run the sendmail command: \(error.localizedDescription)")
        }
        let reason = String(decoding: output.stderr.prefix(4096), as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        if output.timedOut {
            return .permanent("\(timedOutReason) (the sendmail command ran longer than \(Int(timeout)) s and was stopped; "
                + "check the mail log before sending it again by moving it back into the outbox)")
        }
        switch output.status {
        case 0: return .delivered
        case 75: return .temporary("sendmail exited 75 (temporary failure)\(reason.isEmpty ? "" : ": " + reason)")
        case let status: return .permanent("sendmail exited \(status)\(reason.isEmpty ? "" : ": " + reason)")
        }
    }
}
