import Foundation

/// The commits that changed docket files, oldest first, read through one `git log` and their
/// files through one `git cat-file --batch`.
public enum GitLog {
    public struct Commit: Sendable {
        public enum Change: Sendable, Equatable {
            case added(String)
            case modified(String)
            case deleted(String)
            case renamed(from: String, to: String)
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
        let text: String
        do {
            text = try GitBase.git(verifying + ["log", "--no-show-signature", "--reverse", "--topo-order", "-M", "--name-status", "--relative",
                                                "--format=%x1e%H%x1f%aI%x1f%an%x1f%ae%x1f" + (verifying.isEmpty ? "%x1f%x1f" : "%G?%x1f%GS%x1f%GF"), "--", "."], in: root)
        } catch {
            // A repository without commits has no history.
            if error.description.contains("does not have any commits") { return [] }
            throw RepositoryError("cannot read the history: \(error.description)")
        }
        var commits: [Commit] = []
        for record in text.split(separator: "\u{1E}") {
            let lines = record.split(separator: "\n", omittingEmptySubsequences: true)
            guard let header = lines.first else { continue }
            let fields = header.split(separator: "\u{1F}", omittingEmptySubsequences: false).map(String.init)
            guard fields.count >= 7 else { continue }
            var signer: String?
            if !verifying.isEmpty {
                switch SignedHistory.signature(status: fields[4], principal: fields[5], fingerprint: fields[6], holders: holders) {
                case .signed(let holder): signer = holder.description
                case .unknownKey(let fingerprint): signer = "a key nobody lists (\(fingerprint))"
                case .unsigned: signer = fields[4] == "N" ? nil : "a signature that does not check out"
                }
            }
            var commit = Commit(sha: fields[0], date: fields[1], author: fields[2], email: fields[3], signer: signer, changes: [])
            for line in lines.dropFirst() {
                let parts = line.split(separator: "\t").map(String.init)
                guard let status = parts.first?.first, parts.count >= 2 else { continue }
                let isDocket = { (path: String) in path.hasSuffix(".yaml") || path.hasSuffix(".yml") }
                switch status {
                case "A" where isDocket(parts[1]): commit.changes.append(.added(parts[1]))
                case "M" where isDocket(parts[1]): commit.changes.append(.modified(parts[1]))
                case "D" where isDocket(parts[1]): commit.changes.append(.deleted(parts[1]))
                case "R" where parts.count == 3 && (isDocket(parts[1]) || isDocket(parts[2])): commit.changes.append(.renamed(from: parts[1], to: parts[2]))
                default: continue
                }
            }
            if !commit.changes.isEmpty { commits.append(commit) }
        }
        return commits
    }

    /// The contents of `path` (relative to `root`) at each commit, in order; nil where absent.
    public static func files(_ requests: [(sha: String, path: String)], root: String) throws(RepositoryError) -> [[UInt8]?] {
        guard !requests.isEmpty else { return [] }
        let prefix = GitBase.prefix(of: root) ?? ""
        do {
            let contents = try GitBase.catFile(requests.map { "\($0.sha):\(prefix)\($0.path)" }, in: root)
            return contents.map { $0.isEmpty ? nil : $0 }
        } catch {
            throw RepositoryError("cannot read the history's files: \(error.description)")
        }
    }
}
