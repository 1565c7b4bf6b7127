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
            #expect(hits.count == example.findings,
                    "\(code) example \(number): expected \(example.findings) finding(s), found \(hits.count): \(hits.map { "\($0.location) \($0.message)" })")
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

    /// The codes users write in `policy.severity` and CI greps for, in the order of the
    /// reference: one rule each, with its severity.
    @Test func theCatalogueHoldsEachCodeOnceWithItsSeverity() {
        let codes = RuleCatalogue.descriptions.map(\.code.rawValue)
        #expect(codes == [
            "yaml-syntax", "yaml-duplicate-key", "yaml-too-complex", "file-unreadable", "unknown-api-version", "unknown-kind",
            "missing-field", "unknown-field", "invalid-value", "duplicate-id", "missing-organization", "multiple-organizations",
            "unknown-reference", "inactive-clinician", "missing-attachment", "attachment-outside-repo", "attachment-too-large",
            "invalid-template", "invalid-timezone", "nonexistent-local-time", "ambiguous-local-time", "invalid-duration",
            "clinician-double-booked", "client-double-booked", "participant-double-booked", "buffer-too-short",
            "outside-availability", "clinician-time-off", "short-notice", "starts-in-past", "past-appointment-changed",
            "status-not-yet-possible", "unauthorized-change", "unknown-author",
            "unsigned-change", "unknown-signer", "duplicate-signing-key", "stale-request-form", "missing-video-link",
            "series-too-long", "unknown-occurrence",
        ])
        let warnings = RuleCatalogue.descriptions.filter { $0.defaultSeverity == .warning }.map(\.code.rawValue)
        #expect(Set(warnings) == ["attachment-too-large", "participant-double-booked", "buffer-too-short", "short-notice", "status-not-yet-possible",
                                  "missing-video-link", "stale-request-form"])
    }

    private func validate(_ repository: TemporaryRepository, _ example: RuleExample) throws -> ValidationResult {
        let instant = try #require(Instant.parseRFC3339(example.now))
        let base = example.before == nil ? nil : example.commits.isEmpty ? "HEAD" : "HEAD~\(example.commits.count)"
        let options = ValidationOptions(now: instant, base: base, author: example.author, verifySignatures: !example.commits.isEmpty)
        return try Validator.validate(root: repository.root, options: options)
    }
}
