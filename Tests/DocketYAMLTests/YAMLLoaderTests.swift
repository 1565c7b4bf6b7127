import DocketYAML
import Testing

@Suite struct YAMLLoaderTests {
    func load(_ text: String, limits: YAMLLimits = YAMLLimits()) -> YAMLFile {
        YAMLLoader.load(Array(text.utf8), limits: limits)
    }

    @Test func nodesCarryOneBasedMarksInCharacters() throws {
        let file = load("name: Zoë\nlist:\n  - é: x\n")
        let root = try #require(file.documents.first?.root)
        #expect(root.mark == Mark(line: 1, column: 1))
        #expect(root["name"]?.mark == Mark(line: 1, column: 7))
        let item = try #require(root["list"]?.elements.first)
        #expect(item.mark == Mark(line: 3, column: 5))
        #expect(item["é"]?.mark == Mark(line: 3, column: 8))
    }

    @Test(arguments: ["no", "on", "2026-12-03", "0800", "~", "null", "1e3", "0x1F", "true"])
    func scalarsStayTheStringsTheyLookLike(_ text: String) throws {
        let root = try #require(load("value: \(text)\n").documents.first?.root)
        #expect(root["value"]?.scalar == text)
        #expect(root["value"]?.isEmpty == false)
    }

    @Test func onlyAPlainEmptyScalarIsEmpty() throws {
        let root = try #require(load("a:\nb: ''\n").documents.first?.root)
        #expect(root["a"]?.isEmpty == true)
        #expect(root["b"]?.isEmpty == false)
    }

    @Test func duplicateKeysAreReportedAtTheRepeatWithTheFirst() {
        let file = load("a: 1\nb:\n  c: 2\n  c: 3\n")
        #expect(file.problems == [YAMLProblem(
            kind: .duplicateKey(key: "c", firstMark: Mark(line: 3, column: 3)),
            message: "key 'c' appears twice in one mapping (first at line 3); keep one",
            mark: Mark(line: 4, column: 3))])
    }

    @Test func aliasesShareTheAnchoredNode() throws {
        let root = try #require(load("a: &x [1, 2]\nb: *x\n").documents.first?.root)
        #expect(root["b"]?.elements.map(\.scalar) == ["1", "2"])
        #expect(root["b"]?.mark == Mark(line: 1, column: 4), "an alias is the anchored node, which starts at its anchor")
    }

    @Test func anAliasToItsOwnOpenAnchorIsUndefinedNotACycle() {
        let file = load("a: &x [*x]\n")
        #expect(file.problems.first?.kind == .syntax)
        #expect(file.problems.first?.message.contains("undefined alias") == true)
    }

    @Test func syntaxErrorsCarryLibyamlsMarkAndContext() throws {
        let file = load("a: [1, 2\nb: 3\n")
        let problem = try #require(file.problems.first)
        #expect(problem.kind == .syntax)
        #expect(problem.mark == Mark(line: 2, column: 2))
        #expect(problem.context?.mark == Mark(line: 1, column: 4))
    }

    @Test func documentsBeforeASyntaxErrorAreKept() {
        let file = load("a: 1\n---\nb: 2\n---\nc: [\n")
        #expect(file.documents.count == 2)
        #expect(file.problems.count == 1)
    }

    @Test func nestingUpToTheLimitIsReadAndOneMoreIsNot() {
        let limits = YAMLLimits(maxDepth: 10)
        let fine = load(String(repeating: "[", count: 10) + String(repeating: "]", count: 10), limits: limits)
        #expect(fine.problems.isEmpty)
        let deep = load(String(repeating: "[", count: 11) + String(repeating: "]", count: 11), limits: limits)
        #expect(deep.problems.map(\.kind) == [.tooComplex])
        #expect(deep.problems.first?.mark == Mark(line: 1, column: 11))
    }

    @Test func hundredThousandDeepNestingNeitherOverflowsNorTakesLong() {
        let text = String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)
        let clock = ContinuousClock.now
        let file = load(text)
        #expect(file.problems.map(\.kind) == [.tooComplex])
        #expect(ContinuousClock.now - clock < .seconds(2))
    }

    @Test func aliasExpansionIsBounded() {
        var text = "a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n"
        for level in 1...9 {
            text += "a\(level): &a\(level) [" + Array(repeating: "*a\(level - 1)", count: 10).joined(separator: ", ") + "]\n"
        }
        let file = load(text)
        #expect(file.problems.map(\.kind) == [.tooComplex])
        #expect(file.documents.isEmpty)
    }

    @Test func emptyInputHasNoDocumentsAndNoProblems() {
        let file = load("")
        #expect(file.documents.isEmpty)
        #expect(file.problems.isEmpty)
    }

    @Test func aControlCharacterIsAReaderErrorAtItsPlace() throws {
        let file = YAMLLoader.load(Array("a: b\nc: d\u{7}\n".utf8))
        let problem = try #require(file.problems.first)
        #expect(problem.kind == .syntax)
        #expect(problem.mark == Mark(line: 2, column: 5))
    }
}
