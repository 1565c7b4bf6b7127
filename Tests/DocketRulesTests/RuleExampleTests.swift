import DocketModel
import DocketRules
import DocketTestSupport
import Testing

/// The one generic test: every rule against its own examples. Adding a rule adds its tests.
@Suite struct RuleExampleTests {
    static let codes = RuleCatalogue.descriptions.map(\.code.rawValue)

    @Test(arguments: codes)
    func triggeringExamplesReportTheCodeAtTheMarker(code: String) throws {
        let description = try #require(RuleCatalogue.description(of: DiagnosticCode(rawValue: code)))
        #expect(!description.triggeringExamples.isEmpty, "\(code) has no triggering example")
        for (number, example) in description.triggeringExamples.enumerated() {
            let repository = try TemporaryRepository(example)
            let marker = try #require(repository.marker, "\(code) triggering example \(number) has no ↓")
            let result = try validate(repository, example)
            let hits = result.diagnostics.filter { $0.code == description.code }
            let expected = SourceLocation(file: marker.file, line: marker.line, column: marker.column)
            #expect(hits.contains { $0.location == expected },
                    "\(code) example \(number): expected at \(expected), found \(hits.map { "\($0.location) \($0.message)" }) among \(result.diagnostics.map { "\($0.location) [\($0.code)] \($0.message)" })")
        }
    }

    @Test(arguments: codes)
    func nonTriggeringExamplesAreClean(code: String) throws {
        let description = try #require(RuleCatalogue.description(of: DiagnosticCode(rawValue: code)))
        #expect(!description.nonTriggeringExamples.isEmpty, "\(code) has no non-triggering example")
        for (number, example) in description.nonTriggeringExamples.enumerated() {
            let repository = try TemporaryRepository(example)
            let result = try validate(repository, example)
            #expect(result.diagnostics.isEmpty,
                    "\(code) non-triggering example \(number) reported \(result.diagnostics.map { "\($0.location) [\($0.code)] \($0.message)" })")
        }
    }

    @Test func everyCodeOfTheSpecThatIsCheckedHasARule() {
        let described = Set(RuleCatalogue.descriptions.map(\.code))
        #expect(described.count == RuleCatalogue.all.count, "two rules share a code")
        #expect(described.isSubset(of: Set(DiagnosticCode.all)))
    }

    private func validate(_ repository: TemporaryRepository, _ example: RuleExample) throws -> ValidationResult {
        let instant = try #require(Instant.parseRFC3339(example.now))
        let options = ValidationOptions(now: instant, base: example.before == nil ? nil : "HEAD", author: example.author)
        return try Validator.validate(root: repository.root, options: options)
    }
}
