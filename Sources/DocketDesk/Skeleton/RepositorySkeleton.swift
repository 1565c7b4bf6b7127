import DocketModel
import Foundation

/// The files `docket init` writes: a repository that validates clean, folders for each kind,
/// editor settings for the schema, and the CI wiring.
public enum RepositorySkeleton {
    public struct Settings: Sendable {
        public var name: String
        public var timezone: String
        public var domain: String
        /// Where CI gets docket; nil: from CI variables.
        public var source: DocketSource?

        public init(name: String, timezone: String, domain: String, source: DocketSource? = nil) {
            self.name = name
            self.timezone = timezone
            self.domain = domain
            self.source = source
        }
    }

    /// Path → contents, relative to the new repository's root.
    public static func files(_ settings: Settings) -> [String: String] {
        var files: [String: String] = [
            "docket.yaml": """
                # yaml-language-server: $schema=schema/organization.schema.json
                apiVersion: docket/v1
                kind: Organization
                id: \(slug(settings.name))
                name: \(quoted(settings.name))
                timezone: \(settings.timezone)
                email:
                  from: \(quoted("\(displayName(settings.name)) <appointments@\(settings.domain)>"))
                  domain: \(settings.domain)
                policy:
                  minimumNoticeHours: 3
                  bufferMinutes: 10
                  reminders: [72h, 24h]

                """,
            ".vscode/settings.json": """
                {
                  "yaml.schemas": {
                    "./schema/docket.schema.json": [
                      "docket.yaml", "coordinators/**/*.yaml", "clinicians/**/*.yaml", "clients/**/*.yaml", "appointments/**/*.yaml",
                      "coordinators/**/*.yml", "clinicians/**/*.yml", "clients/**/*.yml", "appointments/**/*.yml"
                    ]
                  }
                }

                """,
        ]
        files.merge(CIWiring.files(source: settings.source)) { mine, _ in mine }
        // The request forms of a clinic without people yet: the clinician is typed, and
        // stale-request-form asks for docket forms once clinicians are added.
        files.merge(RequestForms.files(RequestForms.noPeople)) { mine, _ in mine }
        for folder in ["coordinators", "clinicians", "clients", "appointments", "attachments", "templates"] {
            files[folder + "/.gitkeep"] = ""
        }
        return files
    }

    static func slug(_ name: String) -> String {
        let lowered = name.lowercased().unicodeScalars.map { CharacterSet.alphanumerics.contains($0) && $0.isASCII ? Character($0) : "-" }
        let collapsed = String(lowered).split(separator: "-").joined(separator: "-")
        return collapsed.isEmpty ? "clinic" : String(collapsed.prefix(64))
    }

    /// The name as `email.from`'s display name: quoted where RFC 5322 needs it (a comma, a
    /// full stop), a double quote turned into a single one (the mailbox docket reads takes a
    /// quoted name without escapes).
    static func displayName(_ name: String) -> String {
        let plain = name.replacingOccurrences(of: "\"", with: "'").replacingOccurrences(of: "<", with: "(").replacingOccurrences(of: ">", with: ")")
            .replacingOccurrences(of: "\\", with: "/")
        return plain.contains(where: { "()<>[]:;@\\,.".contains($0) }) ? "\"" + plain + "\"" : plain
    }

    static func quoted(_ text: String) -> String {
        "\"" + text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
    }
}
