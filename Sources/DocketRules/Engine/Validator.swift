import DocketCore

public struct ValidationOptions: Sendable {
    public var now: Instant
    /// Warnings count as errors.
    public var strict: Bool

    public init(now: Instant, strict: Bool = false) {
        self.now = now
        self.strict = strict
    }
}

/// The outcome of `docket validate`: final findings, sorted, and the counts CI reads.
public struct ValidationResult: Sendable {
    public var diagnostics: [Diagnostic]
    public var summary: Summary
    public var index: RepositoryIndex
    /// The repository's template overrides, as checked.
    public var templates: TemplateSet

    public struct Summary: Sendable, Equatable {
        public var files: Int
        public var documents: Int
        public var appointments: Int
        public var errors: Int
        public var warnings: Int
    }

    public var hasErrors: Bool { summary.errors > 0 }
}

/// Runs every rule and owns what happens to findings afterwards: severity overrides from
/// `policy.severity`, `--strict`, ordering and counting, in this one place.
public enum Validator {
    public static func validate(root: String, options: ValidationOptions) throws(RepositoryError) -> ValidationResult {
        validate(try RepositoryLoader.load(root: root), options: options)
    }

    public static func validate(_ repository: Repository, options: ValidationOptions) -> ValidationResult {
        let index = RepositoryIndex(repository)
        let context = ValidationContext(index: index, now: options.now)
        var found = repository.diagnostics
        for rule in RuleCatalogue.checkingRules {
            found += rule.init().check(context)
        }
        let diagnostics = settle(found, policy: repository.policy, strict: options.strict)
        let errors = diagnostics.count { $0.severity == .error }
        let summary = ValidationResult.Summary(
            files: repository.files.count, documents: repository.documentCount,
            appointments: repository.appointments.count, errors: errors, warnings: diagnostics.count - errors)
        return ValidationResult(diagnostics: diagnostics, summary: summary, index: index, templates: context.templates)
    }

    /// Applies the policy's overrides (dropping codes turned `off`) and `--strict`, removes
    /// exact repeats, and sorts by place.
    static func settle(_ diagnostics: [Diagnostic], policy: Policy, strict: Bool) -> [Diagnostic] {
        var settled: [Diagnostic] = []
        var seen = Set<Diagnostic>()
        for var diagnostic in diagnostics {
            if let override = policy.severityOverrides[diagnostic.code] {
                guard let severity = override else { continue }
                diagnostic.severity = severity
            }
            if strict { diagnostic.severity = .error }
            if seen.insert(diagnostic).inserted { settled.append(diagnostic) }
        }
        return settled.sorted { ($0.location, $0.code.rawValue, $0.message) < ($1.location, $1.code.rawValue, $1.message) }
    }
}
