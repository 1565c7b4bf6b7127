import CDocketSystem

/// Where this binary was built from (recorded by Package.swift at build time).
public enum BuildSource {
    /// The source repository's URL, when known.
    public static var url: String? {
        let text = String(cString: docket_build_source_url())
        return text.isEmpty ? nil : text
    }

    /// The tag or commit it was built from, when known.
    public static var revision: String? {
        let text = String(cString: docket_build_source_revision())
        return text.isEmpty ? nil : text
    }
}
