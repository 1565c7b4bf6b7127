import DocketYAML

/// Which fields each mapping of a docket document has, and which it requires, read once from
/// the JSON Schemas docket carries (`BundledSchemas`).
///
/// The schemas are where each field is described for people and editors (its meaning, its
/// form, an example); taking the decoder's field names from them makes "what the editor
/// accepts" and "what docket accepts" one list that cannot drift. A mapping is named by its
/// path: `Appointment`, `Organization.policy`, `Appointment.participants[]` (an item of a list),
/// `Clinician.availability.weekly`.
public enum FieldTable {
    public struct Mapping: Sendable, Equatable {
        /// In the order the schema lists them (and the samples write them).
        public var fields: [String]
        public var required: [String]
        /// What each field holds, as the schema describes it for people.
        public var descriptions: [String: String]
    }

    /// What each kind is, as its schema describes it.
    public static let kindDescriptions: [DocumentKind: String] = Dictionary(uniqueKeysWithValues: DocumentKind.allCases.map { kind in
        (kind, schemaRoot(kind)["description"]?.scalar ?? "")
    })

    /// Every mapping of every kind, by path.
    public static let mappings: [String: Mapping] = {
        var mappings: [String: Mapping] = [:]
        for kind in DocumentKind.allCases {
            collect(schemaRoot(kind), path: kind.rawValue, into: &mappings)
        }
        return mappings
    }()

    /// The paths of every mapping, kinds first, each followed by those inside it.
    public static var paths: [String] {
        DocumentKind.allCases.flatMap { kind in mappings.keys.filter { $0 == kind.rawValue || $0.hasPrefix(kind.rawValue + ".") }.sorted() }
    }

    private static func schemaRoot(_ kind: DocumentKind) -> YAMLNode {
        let file = kind.rawValue.lowercased() + ".schema.json"
        guard let text = BundledSchemas.files[file], let root = YAMLLoader.load(Array(text.utf8)).documents.first?.root else {
            preconditionFailure("docket carries no schema \(file)")
        }
        return root
    }

    /// The fields of the mapping at `path`; an unknown path is a programming error.
    public static func fields(_ path: String) -> [String] {
        guard let mapping = mappings[path] else { preconditionFailure("no mapping \(path) in docket's schemas") }
        return mapping.fields
    }

    public static func required(_ path: String) -> [String] {
        mappings[path]?.required ?? []
    }

    private static func collect(_ node: YAMLNode, path: String, into mappings: inout [String: Mapping]) {
        guard node.kind == .mapping else { return }
        // A value of several forms (a reminder: an offset, or a mapping): its mapping's fields.
        for alternative in node["oneOf"]?.elements ?? [] { collect(alternative, path: path, into: &mappings) }
        if let properties = node["properties"], properties.kind == .mapping {
            let names = properties.pairs.compactMap { $0.key.scalar }
            let required = node["required"]?.elements.compactMap(\.scalar) ?? []
            var descriptions: [String: String] = [:]
            for (key, value) in properties.pairs {
                if let name = key.scalar, let description = value["description"]?.scalar ?? value["items"]?["description"]?.scalar {
                    descriptions[name] = description
                }
            }
            mappings[path] = Mapping(fields: names, required: required, descriptions: descriptions)
            for (key, value) in properties.pairs {
                if let name = key.scalar { collect(value, path: path + "." + name, into: &mappings) }
            }
        }
        if let items = node["items"] { collect(items, path: path + "[]", into: &mappings) }
        // A mapping keyed by values (an occurrence's date): its entries' fields.
        if let entries = node["additionalProperties"], entries.kind == .mapping { collect(entries, path: path + ".*", into: &mappings) }
    }
}
