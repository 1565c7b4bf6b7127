import Foundation

/// The commits that changed docket files, oldest first, read through one `git log -z --raw`
/// and their files, by object id, through one `git cat-file --batch`.
///
/// Names come NUL-separated and blobs by id, so a file named `café.yaml`, `"q".yaml`, with a
/// backslash, a tab, a newline or a leading `-` is followed like any other (git would quote
/// such names in its line-based output).
public enum GitLog {
    public struct Commit: Sendable {
        public enum Change: Sendable, Equatable {
            case added(String)
            case modified(String)
            case deleted(String)
            case renamed(from: String, to: String)

            /// The path the change leaves (nil for a deletion).
            public var resultingPath: String? {
                switch self {
                case .added(let path), .modified(let path), .renamed(_, let path): path
                case .deleted: nil
                }
            }
        }

        public var sha: String
        /// ISO 8601 with the author's offset.
        public var date: String
        public var author: String
        public var email: String
        /// Who signed it (`%GS`), when it is signed.
        public var signer: String?
        /// Paths relative to the repository's root.
        public var changes: [Change]
        /// The object id of each path a change leaves, by path.
        public var blobs: [String: String] = [:]
    }

    /// Every commit of HEAD's history that changed a `*.yaml` / `*.yml` below `root`; merges
    /// that only join their parents list no change and are left out. A commit's signer is
    /// named when it is signed (SSH) by one of `holders`' keys, or by another key.
    public static func commits(root: String, holders: [KeyHolder] = []) throws(RepositoryError) -> [Commit] {
        guard GitBase.prefix(of: root) != nil else {
            throw RepositoryError("\(root) is not inside a git work tree; the history comes from git")
        }
        // Signatures are read only when someone lists a key and ssh-keygen is there to check
        // them; the history is worth reading without.
        let holders = SignedHistory.uniqueHolders(holders)
        guard !holders.isEmpty, (try? SignedHistory.checkTools(root: root)) != nil else {
            return try commits(root: root, verifying: [], holders: [])
        }
        return try SignedHistory.withAllowedSigners(holders) { allowedSigners throws(RepositoryError) in
            try commits(root: root, verifying: SignedHistory.verifying(allowedSigners), holders: holders)
        }
    }

    static func commits(root: String, verifying: [String], holders: [KeyHolder]) throws(RepositoryError) -> [Commit] {
        let output: Data
        do {
            // The header's free text (names, addresses) comes last, so that a stray separator
            // in a name cannot shift the fields before it.
            output = try GitBase.gitData(verifying + [
                "log", "-z", "--no-show-signature", "--reverse", "--topo-order", "-M", "--raw", "--no-abbrev", "--relative",
                "--format=%x1e%H%x1f%aI%x1f"
                    + (verifying.isEmpty ? "%x1f%x1f%x1f%x1f" : "%G?%x1f%GF%x1f%GS%x1f\(SignedHistory.requestedByFormat)%x1f")
                    + "%an%x1f%ae", "--", ".",
            ], in: root)
        } catch {
            // A repository without commits has no history.
            if error.description.contains("does not have any commits") { return [] }
            throw RepositoryError("cannot read the history: \(error.description)")
        }
        return parse([UInt8](output)).compactMap { record in
            var commit = record.commit
            if !verifying.isEmpty {
                switch SignedHistory.signature(status: record.status, principal: record.principal, fingerprint: record.fingerprint, holders: holders) {
                case .signed(let holder) where holder.role == .automation:
                    // The request workflow's key signs for the person its trailer names.
                    let named = SignedHistory.requestedBy(record.requestedBy)
                    commit.signer = named.count == 1 && named[0].wholeMatch(of: /[a-z0-9][a-z0-9._-]{0,63}/) != nil
                        ? "the request workflow, requested by \(named[0])"
                        : "the request workflow's key, naming nobody who asked (no \(SignedHistory.requestedByTrailer) trailer)"
                case .signed(let holder): commit.signer = holder.description
                case .unknownKey(let fingerprint): commit.signer = "a key nobody lists (\(fingerprint))"
                case .unsigned: commit.signer = record.status == "N" ? nil : "a signature that does not check out"
                }
            }
            return commit.changes.isEmpty ? nil : commit
        }
    }

    struct Record {
        var commit: Commit
        var status = ""
        var principal = ""
        var fingerprint = ""
        /// The `Docket-Requested-By` trailers' values, as `SignedHistory.requestedByFormat` gives them.
        var requestedBy = ""
    }

    /// `git log -z --raw` with the format above: for each commit, `\u{1E}` and its header up to
    /// a NUL, a line end, then its changes, each `:<modes> <ids> <status>` NUL, a path NUL (two
    /// for a rename or copy). Read in order rather than split, since a path may hold any byte
    /// but NUL.
    static func parse(_ bytes: [UInt8]) -> [Record] {
        var records: [Record] = []
        var position = 0
        func field() -> ArraySlice<UInt8>? {
            guard position < bytes.count, let end = bytes[position...].firstIndex(of: 0) else { return nil }
            defer { position = end + 1 }
            return bytes[position..<end]
        }
        while position < bytes.count {
            switch bytes[position] {
            case 0x1E:
                position += 1
                guard let header = field() else { return records }
                let fields = header.split(separator: 0x1F, maxSplits: 6, omittingEmptySubsequences: false).map { String(decoding: $0, as: UTF8.self) }
                guard fields.count == 7 else { continue }
                // The author's name and address: a separator inside either stays in the address.
                let person = fields[6].split(separator: "\u{1F}", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
                records.append(Record(commit: Commit(sha: fields[0], date: fields[1], author: person.first ?? "", email: person.count > 1 ? person[1] : "",
                                                     signer: nil, changes: []),
                                      status: fields[2], principal: fields[4], fingerprint: fields[3], requestedBy: fields[5]))
            case 0x3A: // ":"
                guard let header = field() else { return records }
                let parts = header.dropFirst().split(separator: 32).map { String(decoding: $0, as: UTF8.self) }
                guard parts.count == 5, let status = parts[4].first, let path = field().map({ String(decoding: $0, as: UTF8.self) }) else { continue }
                var second: String?
                if status == "R" || status == "C" { second = field().map { String(decoding: $0, as: UTF8.self) } }
                guard !records.isEmpty else { continue }
                let isDocket = { (path: String) in path.hasSuffix(".yaml") || path.hasSuffix(".yml") }
                let change: Commit.Change?
                switch status {
                case "A" where isDocket(path): change = .added(path)
                case "M" where isDocket(path), "T" where isDocket(path): change = .modified(path)
                case "D" where isDocket(path): change = .deleted(path)
                case "R": change = second.flatMap { to in isDocket(path) || isDocket(to) ? .renamed(from: path, to: to) : nil }
                case "C": change = second.flatMap { to in isDocket(to) ? .added(to) : nil }
                default: change = nil
                }
                guard let change else { continue }
                records[records.count - 1].commit.changes.append(change)
                if let resulting = change.resultingPath, GitBase.isObjectID(parts[3]), parts[1] == "100644" || parts[1] == "100755" {
                    records[records.count - 1].commit.blobs[resulting] = parts[3]
                }
            default:
                position += 1 // the line end after a header
            }
        }
        return records
    }

    /// The contents of blobs by object id, in order (through one `git cat-file --batch`).
    public static func blobs(_ ids: [String], root: String) throws(RepositoryError) -> [[UInt8]] {
        do {
            return try GitBase.catFile(ids, in: root)
        } catch {
            throw RepositoryError("cannot read the history's files: \(error.description)")
        }
    }
}
