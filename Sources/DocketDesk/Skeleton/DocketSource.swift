import DocketSupport

/// Where a clinic's CI gets docket: a git repository of docket's source and the tag or commit
/// to build (`docket init --source URL[@REV]`). Both land in YAML and in shell lines of the
/// wiring, so only characters that need no quoting in either are accepted.
public struct DocketSource: Sendable, Equatable {
    public var url: String
    public var revision: String

    public struct Invalid: Error, CustomStringConvertible {
        public var description: String
    }

    public init(url: String, revision: String) {
        self.url = url
        self.revision = revision
    }

    /// Where this binary was built from, when the build recorded both parts.
    public static var built: DocketSource? {
        guard let url = BuildSource.url, let revision = BuildSource.revision,
              let source = try? parse(url + "@" + revision, defaultRevision: nil) else { return nil }
        return source
    }

    /// `URL@REV`, or `URL` with `defaultRevision`. The revision follows the last `@` after the
    /// last `/` (`git@host:owner/docket.git` has none).
    public static func parse(_ text: String, defaultRevision: String?) throws(Invalid) -> DocketSource {
        var url = text
        var revision = defaultRevision
        if let at = text.lastIndex(of: "@"), !text[at...].contains("/"), !text[at...].contains(":") {
            url = String(text[..<at])
            revision = String(text[text.index(after: at)...])
        }
        guard url.contains("://") || (url.contains("@") && url.contains(":")),
              url.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "-._~:/@%+".contains($0)) }),
              !url.hasPrefix("-") else {
            throw Invalid(description: "--source '\(PrintableText.shown(text))' is not a git URL such as https://github.com/OWNER/docket@v1.2.0")
        }
        if let scheme = url.range(of: "://"), let at = url[scheme.upperBound...].firstIndex(of: "@"),
           !url[scheme.upperBound..<at].contains("/") {
            throw Invalid(description: "--source carries a user or token before '@': it would be written into the clinic's files; give the URL without it (CI fetches a public source, or authenticates on its own)")
        }
        guard let revision, !revision.isEmpty else {
            throw Invalid(description: "--source needs the version to build: URL@TAG or URL@COMMIT (this docket does not know the version it was built from)")
        }
        guard revision.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "._/-".contains($0)) }), !revision.hasPrefix("-") else {
            throw Invalid(description: "--source's version '\(PrintableText.shown(revision))' is not a tag or commit such as v1.2.0")
        }
        return DocketSource(url: url, revision: revision)
    }
}
