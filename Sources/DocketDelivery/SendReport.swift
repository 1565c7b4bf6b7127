import DocketSupport

/// `docket send` output.
public enum SendReport {
    public enum Format: String, Sendable, CaseIterable {
        case text, json, github
    }

    struct Document: Encodable {
        var version = 1
        var messages: [Message]
        var summary: Summary
        var stoppedBecause: String?
    }

    struct Message: Encodable {
        var file: String
        var recipients: [String]
        var result: String
        var reason: String?
    }

    struct Summary: Encodable {
        var sent, deferred, failed: Int
    }

    public static func render(_ report: DeliveryReport, format: Format) -> String {
        switch format {
        case .json:
            return json(Document(
                messages: report.entries.map { Message(file: $0.name, recipients: $0.recipients, result: $0.result.rawValue, reason: $0.reason) },
                summary: Summary(sent: report.sent, deferred: report.deferred, failed: report.failed),
                stoppedBecause: report.stoppedBecause))
        case .github:
            // Workflow commands: an annotation for each message that failed (the job is marked
            // failed by the exit status) and a warning for each left for the next run.
            var output = ""
            for entry in report.entries where entry.result != .sent {
                let what = "\(entry.appointment ?? entry.name) → \(entry.recipients.joined(separator: ", "))"
                output += entry.result == .failed
                    ? "::error title=docket send: not delivered::\(escape(what)): \(escape(entry.reason ?? "")) (in .docket/outbox/failed/\(escape(entry.name)))\n"
                    : "::warning title=docket send: left for the next run::\(escape(what)): \(escape(entry.reason ?? ""))\n"
            }
            if let reason = report.stoppedBecause { output += "::warning title=docket send: stopped::\(escape(reason))\n" }
            output += "\(report.sent) sent, \(report.deferred) left for the next run, \(report.failed) failed\n"
            return output
        case .text:
            var output = ""
            for entry in report.entries where entry.result != .sent {
                output += "\(entry.result == .failed ? "✗ failed" : "… left") \(entry.name) → \(entry.recipients.joined(separator: ", ")): \(entry.reason ?? "")\n"
            }
            if let reason = report.stoppedBecause { output += "stopped: \(reason)\n" }
            output += "\(report.sent) sent, \(report.deferred) left for the next run, \(report.failed) failed\n"
            return output
        }
    }

    /// A workflow command's message: `%`, CR and LF escaped as GitHub reads them.
    static func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "%", with: "%25").replacingOccurrences(of: "\r", with: "%0D").replacingOccurrences(of: "\n", with: "%0A")
    }

    public static func dryRun(_ messages: [OutboxMessage], format: Format) -> String {
        switch format {
        case .json:
            return json(Document(
                messages: messages.map { Message(file: $0.name, recipients: $0.recipients, result: "pending", reason: nil) },
                summary: Summary(sent: 0, deferred: messages.count, failed: 0), stoppedBecause: nil))
        case .text, .github:
            return messages.map { "would send \($0.name) → \($0.recipients.joined(separator: ", "))\n" }.joined()
                + "\(messages.count) messages would be sent (dry run)\n"
        }
    }

    static func json(_ document: Document) -> String {
        encodeJSON(document)
    }
}
