/// Everything read from a docket repository: its documents by kind, with the findings that
/// reading and decoding produced.
public struct Repository: Sendable {
    /// The absolute path of the folder holding `docket.yaml`.
    public var root: String
    /// Every docket file read, relative to the root, sorted.
    public var files: [String] = []
    public var documentCount = 0
    public var organizations: [Organization] = []
    public var coordinators: [Coordinator] = []
    public var clinicians: [Clinician] = []
    public var clients: [Client] = []
    public var appointments: [Appointment] = []
    /// Findings of reading and decoding, before any rule ran.
    public var diagnostics: [Diagnostic] = []

    public init(root: String) {
        self.root = root
    }

    /// The one organization, if there is exactly one.
    public var organization: Organization? { organizations.count == 1 ? organizations[0] : nil }

    /// The `ignore:` globs of the organization.
    public var ignorePatterns: [IgnorePattern] {
        organizations.filter { $0.header.file == RepositoryLoader.organizationFile }.flatMap(\.ignore).map { IgnorePattern($0.value) }
    }

    /// The organization's policy, or the spec's defaults.
    public var policy: Policy { organization?.policy ?? Policy() }

    mutating func add(_ document: DocketDocument) {
        documentCount += 1
        switch document {
        case .organization(let organization): organizations.append(organization)
        case .coordinator(let coordinator): coordinators.append(coordinator)
        case .clinician(let clinician): clinicians.append(clinician)
        case .client(let client): clients.append(client)
        case .appointment(let appointment): appointments.append(appointment)
        }
    }
}
