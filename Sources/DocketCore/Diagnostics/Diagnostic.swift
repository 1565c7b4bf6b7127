import DocketYAML

public enum Severity: String, Sendable, Codable, Comparable, CaseIterable {
    case warning, error

    public static func < (lhs: Severity, rhs: Severity) -> Bool {
        lhs == .warning && rhs == .error
    }
}

/// A place in the repository: a path relative to its root (with `/`) and a position.
public struct SourceLocation: Sendable, Hashable, Comparable, CustomStringConvertible {
    public var file: String
    public var mark: Mark

    public init(file: String, mark: Mark) {
        self.file = file
        self.mark = mark
    }

    public init(file: String, line: Int, column: Int) {
        self.init(file: file, mark: Mark(line: line, column: column))
    }

    public var line: Int { mark.line }
    public var column: Int { mark.column }

    public static func < (lhs: SourceLocation, rhs: SourceLocation) -> Bool {
        (lhs.file, lhs.mark) < (rhs.file, rhs.mark)
    }

    /// `file:line:column`, as compilers print it.
    public var description: String { "\(file):\(mark.line):\(mark.column)" }
}

/// One finding: what is wrong, where, and what to do about it.
///
/// Whoever finds something hands a `Diagnostic` on; only the validation engine decides its
/// final severity (policy overrides, `--strict`) and only printers turn it into text.
public struct Diagnostic: Sendable, Hashable {
    public var severity: Severity
    public var code: DiagnosticCode
    public var message: String
    public var location: SourceLocation
    /// Other places involved: the other appointment of a double booking, the first of two ids.
    public var related: [SourceLocation]

    public init(_ code: DiagnosticCode, _ message: String, at location: SourceLocation,
                related: [SourceLocation] = [], severity: Severity? = nil) {
        self.code = code
        self.message = message
        self.location = location
        self.related = related
        self.severity = severity ?? code.defaultSeverity
    }
}
