#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// One glob of `docket.yaml`'s `ignore:` list, matched against paths relative to the root.
///
/// As in `.gitignore`: a pattern without `/` matches a file or folder name at any depth
/// (`drafts`, `*.tmp.yaml`); one with `/` matches from the root, where `**` stands for any
/// number of folders (`archive/**/old-*.yaml`). Ignoring a folder ignores all below it.
public struct IgnorePattern: Sendable {
    public let text: String
    private let segments: [String]
    private let anywhere: Bool

    public init(_ text: String) {
        self.text = text
        var trimmed = Substring(text)
        while trimmed.hasPrefix("./") { trimmed = trimmed.dropFirst(2) }
        while trimmed.hasPrefix("/") { trimmed = trimmed.dropFirst() }
        while trimmed.hasSuffix("/") { trimmed = trimmed.dropLast() }
        segments = trimmed.split(separator: "/").map(String.init)
        anywhere = segments.count == 1 && segments[0] != "**"
    }

    /// Whether the file or folder at `path` (relative, `/`-separated) is ignored.
    public func matches(_ path: String) -> Bool {
        guard !segments.isEmpty else { return false }
        let components = path.split(separator: "/").map(String.init)
        if anywhere {
            return components.last.map { Self.glob(segments[0], $0) } ?? false
        }
        return Self.match(segments[...], components[...])
    }

    private static func match(_ pattern: ArraySlice<String>, _ path: ArraySlice<String>) -> Bool {
        guard let head = pattern.first else { return path.isEmpty }
        if head == "**" {
            let rest = pattern.dropFirst()
            var remaining = path
            while true {
                if match(rest, remaining) { return true }
                guard !remaining.isEmpty else { return false }
                remaining = remaining.dropFirst()
            }
        }
        guard let name = path.first, glob(head, name) else { return false }
        return match(pattern.dropFirst(), path.dropFirst())
    }

    private static func glob(_ pattern: String, _ name: String) -> Bool {
        fnmatch(pattern, name, FNM_PERIOD) == 0
    }
}
