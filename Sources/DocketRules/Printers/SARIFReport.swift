import DocketModel
import DocketSupport

/// A SARIF 2.1.0 log, the format GitHub code scanning takes.
enum SARIFReport {
    struct Log: Encodable {
        var schema = "https://json.schemastore.org/sarif-2.1.0.json"
        var version = "2.1.0"
        var runs: [Run]

        enum CodingKeys: String, CodingKey {
            case schema = "$schema", version, runs
        }
    }

    struct Run: Encodable {
        var tool: Tool
        /// SRCROOT is the top of the git work tree (the checkout): paths start there.
        var originalUriBaseIds = ["SRCROOT": ArtifactLocation(uri: "./", uriBaseId: nil)]
        var results: [Result]
    }

    struct Tool: Encodable {
        var driver: Driver
    }

    struct Driver: Encodable {
        var name = "docket"
        var rules: [ReportingDescriptor]
    }

    struct ReportingDescriptor: Encodable {
        var id: String
        var name: String
        var shortDescription: Message
        var fullDescription: Message
        var help: Message
        var defaultConfiguration: Configuration
    }

    struct Configuration: Encodable {
        var level: String
    }

    struct Message: Encodable {
        var text: String
    }

    struct Result: Encodable {
        var ruleId: String
        var ruleIndex: Int?
        var level: String
        var message: Message
        var locations: [Location]
        var relatedLocations: [Location]?
    }

    struct Location: Encodable {
        var physicalLocation: PhysicalLocation
    }

    struct PhysicalLocation: Encodable {
        var artifactLocation: ArtifactLocation
        var region: Region
    }

    struct ArtifactLocation: Encodable {
        var uri: String
        var uriBaseId: String?
    }

    struct Region: Encodable {
        var startLine: Int
        var startColumn: Int
    }

    static func render(_ result: ValidationResult, pathPrefix: String) -> String {
        let descriptions = RuleCatalogue.descriptions
        let rules = descriptions.map { description in
            ReportingDescriptor(
                id: description.code.rawValue,
                name: description.code.rawValue.split(separator: "-").map { $0.prefix(1).uppercased() + $0.dropFirst() }.joined(),
                shortDescription: Message(text: description.summary),
                fullDescription: Message(text: description.rationale),
                help: Message(text: "\(description.summary). \(description.rationale) Run `docket rules` for the catalogue."),
                defaultConfiguration: Configuration(level: description.defaultSeverity.rawValue))
        }
        let ruleIndex = Dictionary(uniqueKeysWithValues: descriptions.enumerated().map { ($1.code, $0) })
        func location(_ place: SourceLocation) -> Location {
            Location(physicalLocation: PhysicalLocation(
                artifactLocation: ArtifactLocation(uri: uriEncoded(pathPrefix + place.file), uriBaseId: "SRCROOT"),
                region: Region(startLine: place.line, startColumn: place.column)))
        }
        let results = result.diagnostics.map { diagnostic in
            Result(
                ruleId: diagnostic.code.rawValue, ruleIndex: ruleIndex[diagnostic.code],
                level: diagnostic.severity.rawValue, message: Message(text: diagnostic.message),
                locations: [location(diagnostic.location)],
                relatedLocations: diagnostic.related.isEmpty ? nil : diagnostic.related.map(location))
        }
        return encodeJSON(Log(runs: [Run(tool: Tool(driver: Driver(rules: rules)), results: results)]), pretty: true)
    }

    /// A relative URI reference for a repository path: each segment percent-encoded.
    static func uriEncoded(_ path: String) -> String {
        let unreserved = Set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~/".utf8)
        var encoded = ""
        for byte in path.utf8 {
            if unreserved.contains(byte) {
                encoded.append(Character(Unicode.Scalar(byte)))
            } else {
                encoded += "%" + (byte < 16 ? "0" : "") + String(byte, radix: 16, uppercase: true)
            }
        }
        return encoded
    }
}
