import DocketRules
import Foundation

/// A repository written to a fresh temporary folder, removed when the value is released.
public final class TemporaryRepository {
    public let root: String
    /// Where the example's `↓` was: (file, line, column), 1-based, columns in characters.
    public private(set) var marker: (file: String, line: Int, column: Int)?

    public init(_ example: RuleExample) throws {
        root = try Self.makeFolder()
        for (path, text) in example.allFiles {
            var written = ""
            for (lineNumber, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
                if let index = line.firstIndex(of: RuleExample.marker) {
                    marker = (path, lineNumber + 1, line.distance(from: line.startIndex, to: index) + 1)
                    written += line.replacingCharacters(in: index...index, with: "")
                } else {
                    written += line
                }
                written += "\n"
            }
            try write(String(written.dropLast()), to: path)
        }
        for (path, bytes) in example.rawFiles { try write(Data(bytes), to: path) }
        for folder in example.folders {
            try FileManager.default.createDirectory(atPath: root + "/" + folder, withIntermediateDirectories: true)
        }
        for (path, target) in example.symlinks {
            try createParent(of: path)
            try FileManager.default.createSymbolicLink(atPath: root + "/" + path, withDestinationPath: target)
        }
        if let expected = example.expected { marker = expected }
    }

    /// An empty repository folder.
    public init(files: [String: String] = [:]) throws {
        root = try Self.makeFolder()
        for (path, text) in files { try write(text, to: path) }
    }

    deinit {
        try? FileManager.default.removeItem(atPath: root)
    }

    public func write(_ text: String, to path: String) throws {
        try write(Data(text.utf8), to: path)
    }

    public func write(_ data: Data, to path: String) throws {
        try createParent(of: path)
        try data.write(to: URL(fileURLWithPath: root + "/" + path))
    }

    private func createParent(of path: String) throws {
        let parent = (root + "/" + path as NSString).deletingLastPathComponent
        try FileManager.default.createDirectory(atPath: parent, withIntermediateDirectories: true)
    }

    private static func makeFolder() throws -> String {
        let path = NSTemporaryDirectory() + "docket-test-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return (path as NSString).resolvingSymlinksInPath
    }
}
