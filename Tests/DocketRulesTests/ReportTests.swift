import DocketMail
import DocketModel
@testable import DocketRules
import Testing

@Suite struct ReportTests {
    @Test func gitHubMessagesEscapePercentFirstThenLineBreaks() {
        #expect(GitHubReport.escapeData("50% of\r\nit") == "50%25 of%0D%0Ait")
        #expect(GitHubReport.escapeData("%0A") == "%250A")
    }

    @Test func gitHubPropertiesAlsoEscapeColonAndComma() {
        #expect(GitHubReport.escapeProperty("a:b,c%") == "a%3Ab%2Cc%25")
    }

    @Test func textHasTheCompilerStyleAndTheSummary() {
        let diagnostic = Diagnostic(.unknownReference, "no clinician has the id 'x'",
                                    at: SourceLocation(file: "appointments/a.yaml", line: 4, column: 12))
        let result = ValidationResult(
            diagnostics: [diagnostic],
            summary: .init(files: 3, documents: 3, appointments: 1, errors: 1, warnings: 0),
            index: RepositoryIndex(Repository(root: "/")), templates: TemplateSet(), review: nil)
        #expect(DiagnosticFormat.text.render(result) == """
            appointments/a.yaml:4:12: error: [unknown-reference] no clinician has the id 'x'
            1 error, 0 warnings in 3 files

            """)
    }
}
