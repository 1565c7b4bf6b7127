import DocketModel
import DocketRules
import DocketReconcile
import DocketTestSupport
import Foundation
import Testing
@testable import DocketMail

/// The template variables are one set in three places: the list `invalid-template` checks
/// templates against (`TemplateVariables`), what the renderer fills in, and what the
/// reference documents (docs/templates.md).
@Suite struct TemplateVariableAgreementTests {
    @Test func theRendererFillsExactlyTheVariablesTemplatesMayName() throws {
        let repository = try Clinic.repository(Clinic.appointment(extra: "attachments:\n  - {path: attachments/intake.pdf, title: Intake form}\n"))
        try FileManager.default.createDirectory(atPath: repository.root + "/attachments", withIntermediateDirectories: true)
        try Data("%PDF".utf8).write(to: URL(fileURLWithPath: repository.root + "/attachments/intake.pdf"))
        let now = Instant.parseRFC3339("2026-12-01T12:00:00Z")!
        guard case .done(let plan, _) = try Reconciler.run(.init(root: repository.root, now: now, dryRun: true)) else {
            Issue.record("the repository did not validate")
            return
        }
        let validation = try Validator.validate(root: repository.root, options: ValidationOptions(now: now))
        let renderer = MessageRenderer(organization: validation.index.repository.organization!, policy: validation.index.repository.policy,
                                       templates: validation.templates, root: repository.root, now: now)
        #expect(!plan.messages.isEmpty)
        for message in plan.messages {
            let attachments = renderer.attachments(for: message)
            let variables = renderer.variables(for: message, zone: ZoneCatalog.shared.zone(named: "America/Toronto")!, attachments: attachments)
            #expect(Set(variables.keys) == TemplateVariables.allNames, "\(message.action) \(message.recipient.role)")
            for list in TemplateVariables.lists {
                for item in (variables[list.name] as? [[String: Any]]) ?? [] {
                    #expect(Set(item.keys) == Set(list.fields), "\(list.name)")
                }
            }
        }
    }

    @Test func theReferenceDocumentsExactlyTheseVariables() throws {
        let page = try String(contentsOfFile: DocketProcess.packageRoot + "/docs/templates.md", encoding: .utf8)
        let generated = TemplateVariables.markdownTable
        #expect(page.contains(generated), "docs/templates.md's table differs from TemplateVariables; paste:\n\(generated)")
    }
}
