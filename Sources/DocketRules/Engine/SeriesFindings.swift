import DocketModel

/// Keeps findings about a series in proportion to the file (SPEC section 1, "Series"): a
/// weekly series that clashes with another appointment every week is one finding, not
/// fifty-two.
///
/// Rules report each occurrence as the booking it is, marked with its name
/// (`ValidationContext.finding(about:_:)`); here the findings of one series, rule, place
/// and other appointment become one, naming the first occurrence and how many are alike.
enum SeriesFindings {
    private struct Key: Hashable {
        var code: DiagnosticCode
        var location: SourceLocation
        var related: SourceLocation?
        var series: Substring
    }

    static func proportional(_ diagnostics: [Diagnostic]) -> [Diagnostic] {
        guard diagnostics.contains(where: { $0.occurrence != nil }) else { return diagnostics }
        var kept: [Diagnostic] = []
        var groups: [Key: (position: Int, count: Int)] = [:]
        for diagnostic in diagnostics {
            guard let name = diagnostic.occurrence else {
                kept.append(diagnostic)
                continue
            }
            let series = name.prefix { $0 != "@" }
            let key = Key(code: diagnostic.code, location: diagnostic.location, related: diagnostic.related.first, series: series)
            if let group = groups[key] {
                groups[key]!.count = group.count + 1
                // Names of one series sort by date: the earliest occurrence is the one named.
                if name < kept[group.position].occurrence! { kept[group.position] = diagnostic }
            } else {
                groups[key] = (kept.count, 1)
                kept.append(diagnostic)
            }
        }
        for (key, group) in groups {
            let name = kept[group.position].occurrence!
            let prefix = group.count == 1
                ? "\(name): "
                : "\(name) (the first of \(group.count) occurrences of \(key.series) like this): "
            kept[group.position].message = prefix + kept[group.position].message
        }
        return kept
    }
}
