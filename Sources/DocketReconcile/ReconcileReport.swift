import DocketModel
import DocketRules
import DocketSupport

/// `docket reconcile` output: a plan a person reads, or SPEC section 3's JSON.
public enum ReconcileReport {
    public enum Format: String, Sendable, CaseIterable {
        case text, json
    }

    struct Document: Encodable {
        var version = 1
        var actions: [Action]
        var held: [HeldEntry]
        var orphaned: [OrphanEntry]
        /// Errors in appointment files that hold no appointment docket knows.
        var unplaced: [DiagnosticEntry] = []
    }

    struct HeldEntry: Encodable {
        var appointment: String
        var diagnostics: [DiagnosticEntry]
    }

    struct Action: Encodable {
        var appointment: String
        var action: String
        var recipient: String
        var role: String
        var file: String
    }

    struct OrphanEntry: Encodable {
        var appointment: String
        var file: String
    }

    public static func render(_ plan: Plan, format: Format, outbox: String, dryRun: Bool, written: Int) -> String {
        switch format {
        case .json:
            let document = Document(
                actions: plan.messages.map {
                    Action(appointment: $0.details.name, action: $0.action.rawValue, recipient: $0.recipient.email,
                           role: $0.recipient.role.rawValue, file: Reconciler.messagePath($0, outbox: outbox))
                },
                held: plan.held.map { HeldEntry(appointment: $0.id, diagnostics: $0.diagnostics.map(DiagnosticEntry.init)) },
                orphaned: plan.orphaned.map { OrphanEntry(appointment: $0.appointmentID, file: $0.file) },
                unplaced: plan.unplaced.map(DiagnosticEntry.init))
            return encodeJSON(document)
        case .text:
            var output = ""
            for message in plan.messages {
                output += "+ \(message.action.rawValue) \(message.details.name) → \(message.recipient.email) (\(message.recipient.role.rawValue))\n"
            }
            for held in plan.held {
                // The findings' own lines follow, so the reason is next to the name.
                output += "! held \(held.id): not planned until this is fixed (its earlier e-mails stand)\n"
                output += held.diagnostics.map { "    " + FindingText.line($0) }.joined()
            }
            for finding in plan.unplaced {
                output += "! error in a file that holds no appointment docket knows (fix it; nothing else is held back):\n    " + FindingText.line(finding)
            }
            for orphan in plan.orphaned {
                output += "? orphaned \(orphan.appointmentID): \(orphan.file) was deleted; nobody is told (run with --prune to cancel it)\n"
            }
            if !plan.recordedWithoutMail.isEmpty {
                output += "recorded \(plan.recordedWithoutMail.count) appointments without e-mail (already over, or cancelled before anyone was told)\n"
            }
            let count = plan.messages.count
            if !plan.held.isEmpty { output += "\(plan.held.count) appointment\(plan.held.count == 1 ? "" : "s") held back by errors\n" }
            if dryRun {
                output += "\(count) messages planned (dry run: nothing written)\n"
            } else {
                output += "\(count) messages planned, \(written) written to \(outbox)\n"
            }
            return output
        }
    }
}

extension ReconcileReport {
    /// The report when errors that concern everyone held back the whole run: every
    /// appointment held, with those findings (JSON), or the findings (text).
    public static func renderHeldEverything(_ validation: ValidationResult, format: Format) -> String {
        let errors = validation.diagnostics.filter { $0.severity == .error }
        switch format {
        case .json:
            let entries = errors.map(DiagnosticEntry.init)
            let ids = Array(Set(validation.index.repository.appointments.map(\.id))).sorted()
            return encodeJSON(Document(actions: [], held: ids.map { HeldEntry(appointment: $0, diagnostics: entries) }, orphaned: []))
        case .text:
            return FindingText.lines(errors) + "nothing planned or written: these errors concern every appointment (docket.yaml, a people file or a template)\n"
        }
    }
}
