import DocketModel

/// What a rule is, for people and for its own tests: the code users write in
/// `policy.severity`, what it checks and why, and small repositories that must and must
/// not trigger it.
public struct RuleDescription: Sendable {
    public let code: DiagnosticCode
    /// What its findings are unless `policy.severity` or `--strict` says otherwise.
    public let defaultSeverity: Severity
    /// One line: when the finding is reported.
    public let summary: String
    /// Why it matters and what to do; SARIF's `fullDescription` and `help`.
    public let rationale: String
    public let triggeringExamples: [RuleExample]
    public let nonTriggeringExamples: [RuleExample]

    public init(code: DiagnosticCode, severity: Severity = .error, summary: String, rationale: String,
                triggeringExamples: [RuleExample], nonTriggeringExamples: [RuleExample]) {
        self.code = code
        self.defaultSeverity = severity
        self.summary = summary
        self.rationale = rationale
        self.triggeringExamples = triggeringExamples
        self.nonTriggeringExamples = nonTriggeringExamples
    }
}

/// A diagnostic code with its description. Rules whose findings come from reading and
/// decoding files (YAML syntax, the schema) are only this: the loader reports them, and
/// their examples still pin where.
public protocol Rule: Sendable {
    static var description: RuleDescription { get }
}

/// A rule that judges the whole decoded repository. It only returns findings; the engine
/// decides their final severity.
public protocol CheckingRule: Rule {
    init()
    func check(_ context: ValidationContext) -> [Diagnostic]
}
