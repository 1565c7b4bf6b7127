import DocketModel
import DocketRules
import DocketTestSupport
import Foundation
import Testing

/// Inputs built to be expensive: each finishes in seconds with the right findings.
@Suite struct ResourceBoundTests {
    func validate(_ repository: TemporaryRepository) throws -> (ValidationResult, Duration) {
        let clock = ContinuousClock.now
        let result = try Validator.validate(root: repository.root, options: ValidationOptions(now: Instant(seconds: 0)))
        return (result, ContinuousClock.now - clock)
    }

    @Test func aMebibyteOfOpeningBrackets() throws {
        let repository = try TemporaryRepository(RuleExample(files: [:],
            rawFiles: ["appointments/brackets.yaml": [UInt8](repeating: UInt8(ascii: "["), count: 1 << 20)]))
        let (result, elapsed) = try validate(repository)
        #expect(result.diagnostics.map(\.code) == [.yamlTooComplex])
        #expect(result.diagnostics.first?.location == SourceLocation(file: "appointments/brackets.yaml", line: 1, column: 65))
        #expect(elapsed < .seconds(10))
    }

    @Test func aMappingWithAHundredThousandKeys() throws {
        var text = "apiVersion: docket/v1\nkind: Client\nid: many\n"
        for key in 0..<100_000 { text += "k\(key): v\n" }
        let repository = try TemporaryRepository(RuleExample(files: ["clients/many.yaml": text]))
        let (result, elapsed) = try validate(repository)
        let unknown = result.diagnostics.filter { $0.code == .unknownField }
        #expect(unknown.count == 100_000)
        #expect(unknown.first?.location == SourceLocation(file: "clients/many.yaml", line: 4, column: 1))
        #expect(result.diagnostics.contains { $0.code == .missingField })
        #expect(elapsed < .seconds(30), "took \(elapsed)")
    }

    @Test func tenThousandFilesWithOneID() throws {
        let repository = try TemporaryRepository(RuleExample(files: [:]))
        for number in 0..<10_000 {
            try repository.write("apiVersion: docket/v1\nkind: Client\nid: same\nname: Same \(number)\nemail: same\(number)@example.com\n",
                                 to: String(format: "clients/%05d.yaml", number))
        }
        let (result, elapsed) = try validate(repository)
        let duplicates = result.diagnostics.filter { $0.code == .duplicateID }
        #expect(duplicates.count == 9_999)
        #expect(duplicates.allSatisfy { $0.related == [SourceLocation(file: "clients/00000.yaml", line: 3, column: 5)] })
        #expect(elapsed < .seconds(30), "took \(elapsed)")
    }
}
