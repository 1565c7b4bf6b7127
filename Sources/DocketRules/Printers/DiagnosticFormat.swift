import DocketModel
import DocketSupport
import Foundation

/// The output formats of `docket validate --format`.
public enum DiagnosticFormat: String, Sendable, CaseIterable {
    case text, json, github, sarif

    /// The report. `pathPrefix` goes before every path in `github` and `sarif`, whose readers
    /// place findings by paths from the top of the git work tree (`clinic/` when the
    /// repository is a folder of a larger one); text and JSON keep repository-relative paths.
    public func render(_ result: ValidationResult, pathPrefix: String = "", color: Bool = false) -> String {
        switch self {
        case .text: TextReport.render(result, color: color)
        case .json: JSONReport.render(result)
        case .github: GitHubReport.render(result, pathPrefix: pathPrefix)
        case .sarif: SARIFReport.render(result, pathPrefix: pathPrefix)
        }
    }

    /// Whether the format's paths start at the git work tree (see `render`).
    public var pathsFromWorkTree: Bool { self == .github || self == .sarif }
}

/// Findings as people read them, compiler style, one a line (related places are named in
/// the message): the one way every command writes a finding in text.
public enum FindingText {
    /// `appointments/a-17.yaml:5:8: error: [clinician-double-booked] dr-lee already has …`;
    /// with `color`, as compilers colour it on a terminal: the place bold, `error` red,
    /// `warning` yellow.
    ///
    /// A file name or a value may hold a line break or a terminal escape: shown as `\u{…}`,
    /// so one finding is one line and nothing moves the cursor.
    public static func line(_ diagnostic: Diagnostic, color: Bool = false) -> String {
        let location = PrintableText.shown(diagnostic.location.description, limit: .max)
        let message = PrintableText.shown(diagnostic.message, limit: .max)
        guard color else {
            return "\(location): \(diagnostic.severity.rawValue): [\(diagnostic.code)] \(message)\n"
        }
        let severity = diagnostic.severity == .error ? "\u{1B}[1;31merror\u{1B}[0m" : "\u{1B}[1;33mwarning\u{1B}[0m"
        return "\u{1B}[1m\(location):\u{1B}[0m \(severity): [\(diagnostic.code)] \(message)\n"
    }

    public static func lines(_ diagnostics: [Diagnostic], color: Bool = false) -> String {
        diagnostics.map { line($0, color: color) }.joined()
    }

    /// `1 error, 2 warnings in 49 files`, singular where a count is one.
    public static func summary(_ summary: ValidationResult.Summary) -> String {
        "\(count(summary.errors, "error")), \(count(summary.warnings, "warning")) in \(count(summary.files, "file"))\n"
    }

    /// `1 error`, `0 errors`, `3 errors`.
    public static func count(_ number: Int, _ noun: String) -> String {
        "\(number) \(noun)\(number == 1 ? "" : "s")"
    }
}

/// Every finding, then the summary line.
enum TextReport {
    static func render(_ result: ValidationResult, color: Bool) -> String {
        FindingText.lines(result.diagnostics, color: color) + FindingText.summary(result.summary)
    }
}

/// One finding as `validate --format json` writes it (and `reconcile` beside what it held).
public struct DiagnosticEntry: Encodable, Sendable {
    public struct Place: Encodable, Sendable {
        public var file: String
        public var line: Int
        public var column: Int
    }

    public var severity: String
    public var code: String
    public var message: String
    public var file: String
    public var line: Int
    public var column: Int
    public var related: [Place]

    public init(_ diagnostic: Diagnostic) {
        severity = diagnostic.severity.rawValue
        code = diagnostic.code.rawValue
        message = diagnostic.message
        file = diagnostic.location.file
        line = diagnostic.location.line
        column = diagnostic.location.column
        related = diagnostic.related.map { Place(file: $0.file, line: $0.line, column: $0.column) }
    }
}

/// SPEC section 2's JSON object.
enum JSONReport {
    struct Document: Encodable {
        var version = 1
        var diagnostics: [DiagnosticEntry]
        var summary: Summary
    }

    struct Summary: Encodable {
        var files, documents, appointments, errors, warnings: Int
    }

    static func render(_ result: ValidationResult) -> String {
        let summary = result.summary
        let document = Document(
            diagnostics: result.diagnostics.map(DiagnosticEntry.init),
            summary: Summary(files: summary.files, documents: summary.documents, appointments: summary.appointments,
                             errors: summary.errors, warnings: summary.warnings))
        return encodeJSON(document)
    }
}

/// GitHub Actions workflow commands, which become annotations on the pull request.
enum GitHubReport {
    static func render(_ result: ValidationResult, pathPrefix: String) -> String {
        var output = ""
        for diagnostic in result.diagnostics {
            let location = diagnostic.location
            let properties = [
                "file=\(escapeProperty(pathPrefix + location.file))",
                "line=\(location.line)",
                "col=\(location.column)",
                "title=\(escapeProperty(diagnostic.code.rawValue))",
            ].joined(separator: ",")
            output += "::\(diagnostic.severity.rawValue) \(properties)::\(escapeData(diagnostic.message))\n"
        }
        return output + FindingText.summary(result.summary)
    }

    /// The message: `%` first, so the escapes that follow are not escaped again.
    static func escapeData(_ text: String) -> String {
        text.replacingOccurrences(of: "%", with: "%25")
            .replacingOccurrences(of: "\r", with: "%0D")
            .replacingOccurrences(of: "\n", with: "%0A")
    }

    /// Property values also must not hold the `:` and `,` that delimit properties.
    static func escapeProperty(_ text: String) -> String {
        escapeData(text)
            .replacingOccurrences(of: ":", with: "%3A")
            .replacingOccurrences(of: ",", with: "%2C")
    }
}
