import DocketMail
import DocketModel
import DocketSupport

public struct ValidationOptions: Sendable {
    public var now: Instant
    /// Warnings count as errors.
    public var strict: Bool
    /// A git revision to judge the work tree against (SPEC section 6).
    public var base: String?
    /// With `base`: the e-mail of who made the change.
    public var author: String?
    /// With `base`: judge each commit since it by its SSH signature (SPEC section 6).
    public var verifySignatures: Bool

    public init(now: Instant, strict: Bool = false, base: String? = nil, author: String? = nil, verifySignatures: Bool = false) {
        self.now = now
        self.strict = strict
        self.base = base
        self.author = author
        self.verifySignatures = verifySignatures
    }
}

/// The outcome of `docket validate`: final findings, sorted, and the counts CI reads.
public struct ValidationResult: Sendable {
    public var diagnostics: [Diagnostic]
    public var summary: Summary
    public var index: RepositoryIndex
    /// The repository's template overrides, as checked.
    public var templates: TemplateSet
    /// With `--base`: what the change does.
    public var review: ChangeReview?

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
        // (Asking git while the work tree loads was measured slower: on two cores both walk
        // the same files and compete, 1.39× plain validate against 1.26× one after the other.)
        // The revision is resolved to a commit before any other git command runs; only its id
        // goes further.
        let revision = try options.base.map { name throws(RepositoryError) in try GitCommit.resolve(name, in: root) }
        let repository = try RepositoryLoader.load(root: root)
        var base: Repository?
        var changedTemplates: [String] = []
        var changedFiles: Set<String>?
        var commits: [SignedHistory.CommitReview]?
        if let revision {
            let loaded = try PhaseTimer.measure("base") { () throws(RepositoryError) in
                try GitBase.load(changedFrom: repository, revision: revision)
            }
            (base, changedFiles, changedTemplates) = (loaded.base, loaded.changedFiles, loaded.changedTemplates)
            if options.verifySignatures, let base {
                commits = try SignedHistory.review(root: repository.root, revision: revision, base: base, current: repository)
            }
        }
        return validate(repository, base: base, changedFiles: changedFiles, changedTemplates: changedTemplates, commits: commits, options: options)
    }

    /// Validates `repository`; with `base` (the same repository at `options.base`), the change
    /// between them too, including the files of `templates/` that it changed and, when
    /// signatures are verified, each of its commits.
    /// `changedFiles`: when `base` came from `GitBase.load(changedFrom:…)`, the files that
    /// differ, which lets the comparison look at those only.
    public static func validate(_ repository: Repository, base: Repository? = nil, changedFiles: Set<String>? = nil,
                                changedTemplates: [String] = [], commits: [SignedHistory.CommitReview]? = nil,
                                options: ValidationOptions) -> ValidationResult {
        let index = PhaseTimer.measure("index") { RepositoryIndex(repository) }
        let review = base.map { base in
            var changes = PhaseTimer.measure("compare") {
                changedFiles.map { ChangeSet.compare(changedFiles: $0, base: base, current: index) }
                    ?? ChangeSet.compare(base: RepositoryIndex(base), current: index)
            }
            changes.templates = changedTemplates
            return ChangeReview(changes: changes, author: options.author, commits: commits)
        }
        let context = PhaseTimer.measure("context") { ValidationContext(index: index, now: options.now, review: review) }
        var found = repository.diagnostics
        found += PhaseTimer.measure("rules") { check(context) }
        let diagnostics = PhaseTimer.measure("settle") { settle(found, policy: repository.policy, strict: options.strict) }
        let errors = diagnostics.count { $0.severity == .error }
        let summary = ValidationResult.Summary(
            files: repository.files.count, documents: repository.documentCount,
            appointments: repository.appointments.count, errors: errors, warnings: diagnostics.count - errors)
        return ValidationResult(diagnostics: diagnostics, summary: summary, index: index, templates: context.templates, review: review)
    }

    /// Runs every checking rule, spread over the cores: rules only read the context, and
    /// each returns its own findings, gathered in catalogue order.
    static func check(_ context: ValidationContext) -> [Diagnostic] {
        let rules = RuleCatalogue.checkingRules
        return SeriesFindings.proportional(parallelMap(count: rules.count, minimumPerChunk: 1) { position in
            let started = PhaseTimer.monotonicSeconds()
            let found = rules[position].init().check(context)
            if PhaseTimer.isEnabled { PhaseTimer.report("  \(rules[position].description.code.rawValue)", since: started) }
            return found
        }.flatMap { $0 })
    }

    /// Applies the policy's overrides (dropping codes turned `off`) and `--strict`, removes
    /// exact repeats, and sorts by place.
    static func settle(_ diagnostics: [Diagnostic], policy: Policy, strict: Bool) -> [Diagnostic] {
        var settled: [Diagnostic] = []
        settled.reserveCapacity(diagnostics.count)
        for var diagnostic in diagnostics {
            diagnostic.severity = RuleCatalogue.severity(of: diagnostic.code)
            if let override = policy.severityOverrides[diagnostic.code] {
                guard let severity = override else { continue }
                diagnostic.severity = severity
            }
            if strict { diagnostic.severity = .error }
            settled.append(diagnostic)
        }
        // Sorted, a finding reported twice sits next to its twin (same place, code and
        // message): repeats are dropped by looking back along such a run, not by hashing every
        // message into a set.
        var unique: [Diagnostic] = []
        unique.reserveCapacity(settled.count)
        var runStart = 0
        for diagnostic in Diagnostic.inReportOrder(settled) {
            if let last = unique.last, last.location == diagnostic.location, last.code == diagnostic.code, last.message == diagnostic.message {
                if unique[runStart...].contains(diagnostic) { continue }
            } else {
                runStart = unique.count
            }
            unique.append(diagnostic)
        }
        return unique
    }
}
