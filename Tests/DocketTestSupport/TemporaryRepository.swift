import DocketRules
import Foundation

/// A repository written to a fresh temporary folder, removed when the value is released.
public final class TemporaryRepository {
    public let root: String
    /// Where the example's `↓` was: (file, line, column), 1-based, columns in characters.
    public private(set) var marker: (file: String, line: Int, column: Int)?

    public init(_ example: RuleExample) throws {
        root = try Self.makeFolder()
        if let before = example.allBeforeFiles {
            try git("init", "-q", "-b", "main")
            for (path, text) in before { try write(TestSigningKeys.shared.fillIn(text.replacingOccurrences(of: String(RuleExample.marker), with: "")), to: path) }
            try commit("base")
            for (number, change) in example.commits.enumerated() {
                for (path, text) in change.files {
                    try write(TestSigningKeys.shared.fillIn(text.replacingOccurrences(of: String(RuleExample.marker), with: "")), to: path)
                }
                try commit("change \(number + 1)" + (change.trailers.isEmpty ? "" : "\n\n" + change.trailers.joined(separator: "\n")), signedBy: change.signer)
            }
            for name in try FileManager.default.contentsOfDirectory(atPath: root) where name != ".git" {
                try FileManager.default.removeItem(atPath: root + "/" + name)
            }
        }
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
            try write(TestSigningKeys.shared.fillIn(String(written.dropLast())), to: path)
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

    /// Runs git in the repository; fails the test on a non-zero exit.
    @discardableResult
    public func git(_ arguments: String..., author: String = "Sam Ortiz <sam@maple.example>") throws -> String {
        let name = String(author.prefix { $0 != "<" }).trimmingCharacters(in: .whitespaces)
        let email = String(author.drop { $0 != "<" }.dropFirst().prefix { $0 != ">" })
        let output = try DocketProcess.runProgram("/usr/bin/env", ["git", "-C", root] + arguments, environment: [
            "GIT_AUTHOR_NAME": name, "GIT_AUTHOR_EMAIL": email, "GIT_COMMITTER_NAME": name, "GIT_COMMITTER_EMAIL": email,
            "GIT_CONFIG_NOSYSTEM": "1", "HOME": root,
        ])
        guard output.status == 0 else { throw GitFailure(description: "git \(arguments.joined(separator: " ")): \(output.stderr)") }
        return output.stdout
    }

    /// Commits everything in the work tree, signed with test key `signer` (SSH) if given.
    public func commit(_ message: String, author: String = "Sam Ortiz <sam@maple.example>", signedBy signer: String? = nil) throws {
        try git("add", "-A", author: author)
        if let signer {
            let key = try TestSigningKeys.shared.privateKeyPath(signer)
            try git("-c", "gpg.format=ssh", "-c", "user.signingkey=" + key, "commit", "-q", "--allow-empty", "-S", "-m", message, author: author)
        } else {
            try git("commit", "-q", "--allow-empty", "--no-gpg-sign", "-m", message, author: author)
        }
    }

    public struct GitFailure: Error, CustomStringConvertible {
        public var description: String
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
