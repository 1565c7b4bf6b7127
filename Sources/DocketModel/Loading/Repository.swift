import DocketSupport
import Foundation
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

    /// This repository with the documents of `paths` replaced by `other`'s (another version of
    /// those files): each kind stays in path order, as a loaded repository is. Findings are
    /// not carried over; the result is for comparing, not reporting.
    func replacingFiles(_ paths: Set<String>, with other: Repository) -> Repository {
        let removed = Set(SourceFiles.shared.numbers(for: Array(paths)))
        func merged<Document>(_ mine: [Document], _ theirs: [Document], _ header: (Document) -> DocumentHeader) -> [Document] {
            Self.merge(mine.filter { !removed.contains(header($0).location.fileNumber) }, theirs) { header($0).file }
        }
        var result = Repository(root: root)
        // `files` is sorted: the few replaced paths are found by binary search, not by hashing
        // every path of the history.
        var removedFiles = IndexSet()
        for path in paths {
            let position = files.partitionPoint { $0 < path }
            if position < files.count, files[position] == path { removedFiles.insert(position) }
        }
        let keptFiles = removedFiles.isEmpty ? files : files.indices.filter { !removedFiles.contains($0) }.map { files[$0] }
        result.files = Self.merge(keptFiles, other.files) { $0 }
        result.organizations = merged(organizations, other.organizations, \.header)
        result.coordinators = merged(coordinators, other.coordinators, \.header)
        result.clinicians = merged(clinicians, other.clinicians, \.header)
        result.clients = merged(clients, other.clients, \.header)
        result.appointments = merged(appointments, other.appointments, \.header)
        result.documentCount = result.organizations.count + result.coordinators.count + result.clinicians.count
            + result.clients.count + result.appointments.count
        return result
    }

    /// Two lists in path order merged into one; on equal paths `first`'s come first. Each of
    /// `second`'s elements (a handful, against a history) finds its place by binary search,
    /// so only some forty paths of `first` are looked up for each.
    static func merge<Element>(_ first: [Element], _ second: [Element], path: (Element) -> String) -> [Element] {
        guard !second.isEmpty else { return first }
        var result: [Element] = []
        result.reserveCapacity(first.count + second.count)
        var start = 0
        for element in second {
            let key = path(element)
            let end = first[start...].partitionPoint { path($0) <= key }
            result.append(contentsOf: first[start..<end])
            result.append(element)
            start = end
        }
        result.append(contentsOf: first[start...])
        return result
    }

    /// A file's documents and findings, after the files already added.
    mutating func add(_ file: RepositoryLoader.LoadedFile) {
        files.append(file.path)
        diagnostics += file.diagnostics
        for document in file.documents { add(document) }
    }

    /// Another repository's files, documents and findings, after this one's (both in path
    /// order, `other`'s paths after these).
    mutating func append(_ other: Repository) {
        files += other.files
        documentCount += other.documentCount
        organizations += other.organizations
        coordinators += other.coordinators
        clinicians += other.clinicians
        clients += other.clients
        appointments += other.appointments
        diagnostics += other.diagnostics
    }

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
