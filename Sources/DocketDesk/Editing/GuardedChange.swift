import DocketModel
import DocketRules

/// Why an edit could not be made (exit status 2).
public struct EditFailure: Error, CustomStringConvertible {
    public var description: String

    public init(_ description: String) {
        self.description = description
    }
}

/// A change to the repository's files that is kept only if it adds no error: the repository
/// is validated before and after, and the change undone when the after has errors the before
/// had not (errors that were already there are not the change's doing).
enum GuardedChange {
    /// The repository an edit starts from: the one its caller already read (a request read it
    /// to judge who asks), else read now.
    static func repository(_ loaded: Repository?, root: String) throws(EditFailure) -> Repository {
        if let loaded { return loaded }
        do {
            return try RepositoryLoader.load(root: root)
        } catch {
            throw EditFailure(error.description)
        }
    }

    static func apply(_ repository: Repository, now: Instant, force: Bool = false,
                      change: () throws(EditFailure) -> Void, undo: () -> Void) throws(EditFailure) -> (after: ValidationResult, added: [Diagnostic]) {
        let options = ValidationOptions(now: now)
        let before = Validator.validate(repository, options: options).diagnostics.filter { $0.severity == .error }
        try change()
        let after: ValidationResult
        do {
            after = try Validator.validate(root: repository.root, options: options)
        } catch {
            undo()
            throw EditFailure(error.description)
        }
        let added = after.diagnostics.filter { finding in
            finding.severity == .error && !before.contains { $0.code == finding.code && $0.message == finding.message }
        }
        if !added.isEmpty && !force { undo() }
        return (after, added)
    }
}
