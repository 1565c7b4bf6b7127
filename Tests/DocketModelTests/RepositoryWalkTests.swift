@testable import DocketModel
import DocketTestSupport
import Foundation
import Testing

/// The walk shares folders between the cores and relies on each folder listing its entries
/// in path order to come out sorted; these hold it to a plain sort of every path.
@Suite struct RepositoryWalkTests {
    @Test func filesComeOutInTheOrderOfTheirWholePaths() throws {
        var files: [String: String] = [:]
        let names = ["a/b.yaml", "a/b/c.yaml", "a/b-x.yaml", "a/b0.yaml", "a/Z.yaml", "a/b.yaml.d/x.yaml", "a/b/c/d.yml",
                     "é.yaml", "e\u{301}x.yaml", "z/日本.yaml", "clients/c-1.yaml", "clients/c-10.yaml", "clients/c-2.yaml"]
        for name in names { files[name] = "x: 1\n" }
        // Enough folders that the walk goes past its breadth-first rounds into parallel subtrees.
        for year in 2019...2026 {
            for month in 1...12 {
                files["appointments/\(year)/\(String(format: "%02d", month))/a-\(year)-\(month).yaml"] = "x: 1\n"
            }
        }
        let deep = (1...120).map { "d\($0)" }.joined(separator: "/")
        files["\(deep)/deep.yaml"] = "x: 1\n"
        files["notes.txt"] = "not a docket file\n"
        files[".hidden/a.yaml"] = "x: 1\n"
        let repository = try TemporaryRepository(files: files)
        let found = try RepositoryLoader.findFiles(root: repository.root, ignore: [])
        let expected = files.keys.filter { ($0.hasSuffix(".yaml") || $0.hasSuffix(".yml")) && !$0.hasPrefix(".") }.sorted()
        #expect(found == expected)
    }

    @Test func ignoredFoldersAreNotEntered() throws {
        let repository = try TemporaryRepository(files: [
            "drafts/a.yaml": "x: 1\n", "appointments/drafts/b.yaml": "x: 1\n", "appointments/c.yaml": "x: 1\n",
        ])
        let found = try RepositoryLoader.findFiles(root: repository.root, ignore: [IgnorePattern("drafts")])
        #expect(found == ["appointments/c.yaml"])
    }
}
