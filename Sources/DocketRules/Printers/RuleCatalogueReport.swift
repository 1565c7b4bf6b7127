import DocketSupport
/// `docket rules`: the catalogue, from the rules' own descriptions.
public enum RuleCatalogueReport {
    public static func text() -> String {
        let descriptions = RuleCatalogue.descriptions
        let width = descriptions.map(\.code.rawValue.count).max() ?? 0
        return descriptions.map { description in
            let code = description.code.rawValue
            let padded = code + String(repeating: " ", count: width - code.count)
            let severity = description.defaultSeverity.rawValue
            return "\(padded)  \(severity)\(severity == "error" ? "  " : "")  \(description.summary)\n"
        }.joined()
    }

    struct Entry: Encodable {
        var code: String
        var severity: String
        var summary: String
        var description: String
    }

    struct Catalogue: Encodable {
        var version = 1
        var rules: [Entry]
    }

    public static func json() -> String {
        encodeJSON(Catalogue(rules: RuleCatalogue.descriptions.map {
            Entry(code: $0.code.rawValue, severity: $0.defaultSeverity.rawValue, summary: $0.summary, description: $0.rationale)
        }))
    }
}
