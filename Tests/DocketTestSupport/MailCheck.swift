import Foundation

/// Messages as Python's `email` package reads them (Tests/MailCheck/check_messages.py).
public struct CheckedMessage: Decodable, Sendable {
    public var file: String
    public var problems: [String]
    public var action: String
    public var to: String
    public var subject: String
    public var text: String
    public var attachments: [String?]
    public var method: String?
    public var sequence: Int?
    public var uid: String?
    public var attendees: [String]?
    /// A series' invitation: its RRULE, EXDATE values and the RECURRENCE-IDs of its events.
    public var rrule: String?
    public var exdates: [String]?
    public var recurrence_ids: [String]?
    public var header_appointment: String?

    /// The address in `To`.
    public var address: String {
        guard let open = to.lastIndex(of: "<"), let close = to.lastIndex(of: ">") else { return to }
        return String(to[to.index(after: open)..<close])
    }

    public static func read(_ files: [String]) throws -> [CheckedMessage] {
        guard !files.isEmpty else { return [] }
        let script = DocketProcess.packageRoot + "/Tests/MailCheck/check_messages.py"
        let output = try DocketProcess.runProgram("/usr/bin/env", ["python3", script] + files)
        guard output.status == 0 else { throw CheckError(description: output.stderr) }
        return try output.stdout.split(separator: "\n").map { try JSONDecoder().decode(CheckedMessage.self, from: Data($0.utf8)) }
    }

    /// Every message in an outbox folder (not its sent/ or failed/).
    public static func read(outbox: String) throws -> [CheckedMessage] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: outbox)) ?? []
        return try read(names.filter { $0.hasSuffix(".eml") }.sorted().map { outbox + "/" + $0 })
    }

    struct CheckError: Error, CustomStringConvertible {
        var description: String
    }
}
