import DocketSupport
import Foundation

/// The commits of a change (`BASE..HEAD`), each with who signed it and what it changed, for
/// `--verify-signatures` and for `docket diff` to name the signers.
///
/// git checks the signatures itself (`%G?`, `%GS`), with `ssh-keygen` doing the cryptography
/// and an allowed-signers file that docket writes from the keys listed **at the base**: a key
/// that the change itself adds proves nothing about that change. Each key gets an opaque
/// principal (`docket-signer-N`) that maps back to its holder, so nothing in a name or an
/// address can be read by ssh-keygen as a pattern. Only SSH signatures count: the OpenPGP and
/// X.509 programs are set to `false`, so a GPG signature is never "good" here whatever
/// keyring the CI machine has.
public enum SignedHistory {
    /// One commit of the change (or the work tree's uncommitted edits), with its verdict.
    public struct CommitReview: Sendable {
        public enum Source: Sendable, Equatable {
            case commit(sha: String, subject: String, authorEmail: String)
            /// Edits not committed: nobody signed them.
            case workTree
        }

        public enum Signature: Sendable {
            /// A good signature by a key that `holder` lists at the base.
            case signed(KeyHolder)
            /// A good signature by a key nobody lists at the base (its SHA-256 fingerprint).
            case unknownKey(fingerprint: String)
            /// No good signature: unsigned, bad (changed after signing), or not SSH.
            case unsigned(reason: String)
        }

        public var source: Source
        public var signature: Signature
        /// Signed by the request workflow's key, but naming nobody it may sign for: why
        /// (the signature is then `.unknownKey`).
        public var automationProblem: String?
        /// The files it changed that docket judges: docket files, `templates/` and
        /// attachments, relative to the repository's root, sorted.
        public var files: [String]
        /// What it did to docket documents, against its first parent (for a merge, only in
        /// the files it changed itself).
        public var changes: ChangeSet

        /// `commit 1a2b3c4d5e6f ("Move Jane to Friday")`, or `the uncommitted edits`.
        public var name: String {
            switch source {
            case .commit(let sha, let subject, _):
                let shown = subject.unicodeScalars.filter { !$0.properties.isDefaultIgnorableCodePoint && $0.value >= 0x20 && $0.value != 0x7F }
                let text = String(String.UnicodeScalarView(shown.prefix(60)))
                return "commit \(sha.prefix(12))" + (text.isEmpty ? "" : " (\"\(text)\(shown.count > 60 ? "…" : "")\")")
            case .workTree:
                return "the uncommitted edits"
            }
        }

        /// The holder of the good signature, if it has one by a known key.
        public var signer: KeyHolder? {
            if case .signed(let holder) = signature { return holder }
            return nil
        }
    }

    /// Reviews every commit of `revision..HEAD` that changes what docket judges, oldest first,
    /// then the work tree's uncommitted edits if it has any. `base` is the repository at
    /// `revision` (whose keys count); `current` is the work tree (for its ignore patterns
    /// and attachment paths).
    public static func review(root: String, revision: GitCommit, base: Repository, current: Repository) throws(RepositoryError) -> [CommitReview] {
        try checkTools(root: root)
        let holders = uniqueHolders(base.keyHolders)
        return try withAllowedSigners(holders) { allowedSigners throws(RepositoryError) in
            try review(root: root, revision: revision, base: base, current: current, holders: holders, allowedSigners: allowedSigners)
        }
    }

    /// The allowed-signers principal of holder N is this and N.
    static let principalPrefix = "docket-signer-"

    /// Runs `body` with an allowed-signers file for `holders` (holder N is principal
    /// `docket-signer-N`), removed afterwards.
    static func withAllowedSigners<T>(_ holders: [KeyHolder], _ body: (String) throws(RepositoryError) -> T) throws(RepositoryError) -> T {
        let folder: String
        do {
            folder = try makeTemporaryFolder()
        } catch {
            throw RepositoryError("cannot make a temporary folder for the allowed signers: \(error)")
        }
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let allowedSigners = folder + "/allowed_signers"
        let lines = holders.enumerated().map { number, holder in
            "\(principalPrefix)\(number) namespaces=\"git\" \(holder.key.value.type) \(holder.key.value.data)\n"
        }
        do {
            try Data(lines.joined().utf8).write(to: URL(fileURLWithPath: allowedSigners))
        } catch {
            throw RepositoryError("cannot write the allowed signers file: \(error)")
        }
        return try body(allowedSigners)
    }

    /// What git's `%G?`, `%GS` and `%GF` of a commit say, for keys `holders`.
    static func signature(status: String, principal: String, fingerprint: String, holders: [KeyHolder]) -> CommitReview.Signature {
        switch status {
        case "G":
            if principal.hasPrefix(principalPrefix), let number = Int(principal.dropFirst(principalPrefix.count)),
               holders.indices.contains(number) { return .signed(holders[number]) }
            return .unknownKey(fingerprint: fingerprint)
        case "U": return .unknownKey(fingerprint: fingerprint)
        case "B": return .unsigned(reason: "its signature does not match its content (the commit was changed after it was signed)")
        case "N": return .unsigned(reason: "it is not signed")
        case "X", "Y": return .unsigned(reason: "its signature or key has expired")
        case "R": return .unsigned(reason: "it is signed by a revoked key")
        default: return .unsigned(reason: "its signature cannot be checked as an SSH signature (docket accepts SSH signatures only)")
        }
    }

    static func review(root: String, revision: GitCommit, base: Repository, current: Repository,
                       holders: [KeyHolder], allowedSigners: String) throws(RepositoryError) -> [CommitReview] {
        let ignore = current.ignorePatterns
        let attachments = Set((current.appointments + base.appointments).flatMap { $0.attachments.compactMap { $0.path?.value } })
        let judged = { (path: String) in
            RepositoryLoader.isDocketFile(path, ignore: ignore) || path.hasPrefix(TemplateFolder.name + "/") || attachments.contains(path)
        }

        // Appointments' times are read in their clinician's zone (or the organization's), so
        // each commit's appointment files are read together with the organization and people
        // files, at both sides; unchanged ones compare equal.
        let people = [base, current].flatMap { repository in
            repository.organizations.map(\.header.file) + repository.coordinators.map(\.header.file)
                + repository.clinicians.map(\.header.file) + repository.clients.map(\.header.file)
        }
        let context = Array(Set(people)).sorted()

        var reviews: [CommitReview] = []
        for commit in try commits(root: root, revision: revision, allowedSigners: allowedSigners) {
            let files = try changedFiles(root: root, commit: commit).filter(judged)
            guard !files.isEmpty else { continue }
            var signature = signature(status: commit.status, principal: commit.principal, fingerprint: commit.fingerprint, holders: holders)
            var automationProblem: String?
            if case .signed(let holder) = signature, holder.role == .automation {
                switch requester(commit.requestedBy, in: base, key: holder.key) {
                case .success(let person): signature = .signed(person)
                case .failure(let problem):
                    signature = .unknownKey(fingerprint: commit.fingerprint)
                    automationProblem = problem.description
                }
            }
            let docketFiles = files.filter { RepositoryLoader.isDocketFile($0, ignore: ignore) }
            let changes = try changeSet(root: root, commit: commit, files: docketFiles.isEmpty ? [] : Array(Set(docketFiles + context)).sorted())
            var review = CommitReview(source: .commit(sha: commit.sha, subject: commit.subject, authorEmail: commit.email),
                                      signature: signature, files: files, changes: changes)
            review.automationProblem = automationProblem
            review.changes.templates = files.filter { $0.hasPrefix(TemplateFolder.name + "/") }
            reviews.append(review)
        }
        let head = try GitCommit.resolve("HEAD", in: root)
        let uncommitted = try GitBase.changedFiles(root: root, revision: head, under: ".").filter(judged)
        if !uncommitted.isEmpty {
            let docketFiles = Array(Set(uncommitted.filter { RepositoryLoader.isDocketFile($0, ignore: ignore) } + context)).sorted()
            let before = try contents(of: docketFiles, at: head.id, root: root)
            let files = RepositoryFiles(root: root)
            let now = docketFiles.map { try? files.read($0, limit: RepositoryLoader.maxFileSize).get() }
            var review = CommitReview(source: .workTree, signature: .unsigned(reason: "they are not committed, so nobody has signed them"),
                                      files: uncommitted, changes: compare(docketFiles, before: before, after: now, root: root))
            review.changes.templates = uncommitted.filter { $0.hasPrefix(TemplateFolder.name + "/") }
            reviews.append(review)
        }
        return reviews
    }

    /// The trailer that names who asked for a request workflow's commit.
    public static let requestedByTrailer = "Docket-Requested-By"

    /// `git log --format`'s placeholder for a commit's `Docket-Requested-By` values, U+001D
    /// between them (U+001E and U+001F separate records and fields where it is used).
    static let requestedByFormat = "%(trailers:key=\(requestedByTrailer),valueonly,separator=%x1d)"

    /// The values `requestedByFormat` gave, trimmed, empty ones left out.
    static func requestedBy(_ field: String) -> [String] {
        field.split(separator: "\u{1D}").map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }.filter { !$0.isEmpty }
    }

    /// The person a commit signed by the request workflow's key is judged as: the coordinator
    /// or clinician at the base whose id its one `Docket-Requested-By` trailer gives.
    static func requester(_ trailers: [String], in base: Repository, key: Located<SigningKey>) -> Result<KeyHolder, RepositoryError> {
        guard trailers.count == 1, let id = trailers.first?.trimmingCharacters(in: .whitespaces), !id.isEmpty else {
            return .failure(RepositoryError(trailers.isEmpty
                ? "it is signed by the request workflow's key but has no \(requestedByTrailer) trailer naming who asked for it"
                : "it is signed by the request workflow's key but has \(trailers.count) \(requestedByTrailer) trailers; it must name one person"))
        }
        if let person = base.coordinators.first(where: { $0.header.id.value == id }) {
            return .success(KeyHolder(role: .coordinator, id: id, name: person.name?.value, email: person.email?.value, key: key, requestedThroughWorkflow: true))
        }
        if let person = base.clinicians.first(where: { $0.header.id.value == id }) {
            return .success(KeyHolder(role: .clinician, id: id, name: person.name?.value, email: person.email?.value, key: key, requestedThroughWorkflow: true))
        }
        return .failure(RepositoryError("it is signed by the request workflow's key for '\(PrintableText.shown(id, limit: 64))' (its \(requestedByTrailer) trailer), who is no coordinator or clinician at the base"))
    }

    /// The keys that count: each listed by exactly one person (a key two people list would
    /// make a signature ambiguous, `duplicate-signing-key`, and counts for neither).
    static func uniqueHolders(_ holders: [KeyHolder]) -> [KeyHolder] {
        var counts: [String: Int] = [:]
        for holder in holders { counts[holder.key.value.identity, default: 0] += 1 }
        var seen = Set<String>()
        return holders.filter { counts[$0.key.value.identity] == 1 && seen.insert($0.key.value.identity).inserted }
    }

    // MARK: git

    struct Commit {
        var sha: String
        var parents: [String]
        var status: String
        var principal: String
        var fingerprint: String
        var email: String
        var subject: String
        /// The values of its `Docket-Requested-By` trailers.
        var requestedBy: [String] = []
    }

    /// `git log` of the range with each commit's verdict, oldest first. Records are
    /// NUL-separated (`-z`) and the free text (address, subject) comes last, split off once:
    /// whatever a subject holds, no commit of the range is left out.
    static func commits(root: String, revision: GitCommit, allowedSigners: String) throws(RepositoryError) -> [Commit] {
        let output: Data
        do {
            output = try GitBase.gitData(verifying(allowedSigners) + [
                "log", "-z", "--no-show-signature", "--topo-order", "--reverse",
                "--format=%H%x1f%P%x1f%G?%x1f%GS%x1f%GF%x1f\(requestedByFormat)%x1f%ae%x1f%s",
                "--end-of-options", revision.id + "..HEAD", "--",
            ], in: root)
        } catch {
            throw RepositoryError("cannot read the commits of \(revision)..HEAD: \(error.description)")
        }
        return output.split(separator: 0).compactMap { record in
            let fields = record.split(separator: 0x1F, maxSplits: 6, omittingEmptySubsequences: false).map { String(decoding: $0, as: UTF8.self) }
            guard fields.count == 7, GitBase.isObjectID(fields[0]) else { return nil }
            let rest = fields[6].split(separator: "\u{1F}", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
            let requestedBy = requestedBy(fields[5])
            return Commit(sha: fields[0], parents: fields[1].split(separator: " ").map(String.init), status: fields[2],
                          principal: fields[3], fingerprint: fields[4], email: rest[0], subject: rest.count > 1 ? rest[1] : "",
                          requestedBy: requestedBy)
        }
    }

    /// The configuration every verifying git call runs with, whatever the user's or the
    /// machine's: SSH signatures against our allowed signers only.
    static func verifying(_ allowedSigners: String) -> [String] {
        ["-c", "gpg.ssh.allowedSignersFile=" + allowedSigners, "-c", "gpg.ssh.program=ssh-keygen",
         "-c", "gpg.ssh.revocationFile=", "-c", "gpg.program=false", "-c", "gpg.x509.program=false",
         "-c", "log.showSignature=false"]
    }

    /// The paths a commit changed, relative to the root. A merge's are those where its result
    /// differs from every parent (`--cc`): what it brings itself, not what it joins.
    static func changedFiles(root: String, commit: Commit) throws(RepositoryError) -> [String] {
        let arguments = ["diff-tree", "-r", "--no-commit-id", "--name-only", "-z", "--relative", "--no-renames"]
            + (commit.parents.count > 1 ? ["--cc"] : ["--root"]) + [commit.sha]
        do {
            let data = try GitBase.gitData(arguments, in: root)
            return Array(Set(data.split(separator: 0).map { String(decoding: $0, as: UTF8.self) })).sorted()
        } catch {
            throw RepositoryError("cannot list what \(commit.sha.prefix(12)) changed: \(error.description)")
        }
    }

    /// What a commit did to the documents of `files`: those files at its first parent against
    /// the same files at the commit, so an appointment moved between two of them is one change.
    static func changeSet(root: String, commit: Commit, files: [String]) throws(RepositoryError) -> ChangeSet {
        guard !files.isEmpty else { return ChangeSet() }
        let after = try contents(of: files, at: commit.sha, root: root)
        let before = try commit.parents.first.map { parent throws(RepositoryError) in try contents(of: files, at: parent, root: root) }
            ?? Array(repeating: nil, count: files.count)
        return compare(files, before: before, after: after, root: root)
    }

    /// `files` at `commit`, through `ls-tree -z` and the blobs by id (nil where absent).
    static func contents(of files: [String], at commit: String, root: String) throws(RepositoryError) -> [[UInt8]?] {
        do {
            return try GitBase.contents(of: files, at: commit, in: root)
        } catch {
            throw RepositoryError("cannot read the files of commit \(commit.prefix(12)): \(error.description)")
        }
    }

    /// The change between two versions of the same files (nil where a file is absent).
    static func compare(_ files: [String], before: [[UInt8]?], after: [[UInt8]?], root: String) -> ChangeSet {
        func repository(_ contents: [[UInt8]?]) -> Repository {
            RepositoryLoader.load(contents: zip(files, contents).compactMap { path, bytes in bytes.map { (path: path, bytes: $0) } }, root: root)
        }
        return ChangeSet.compare(base: RepositoryIndex(repository(before)), current: RepositoryIndex(repository(after)))
    }

    /// Signatures need git 2.34 (SSH signing) and an `ssh-keygen` with `-Y find-principals`
    /// (OpenSSH 8.2); without them, verifying would quietly call every commit unsigned.
    static func checkTools(root: String) throws(RepositoryError) {
        let version: String
        do {
            version = try GitBase.git(["version"], in: root)
        } catch {
            throw RepositoryError("--verify-signatures needs git: \(error.description)")
        }
        let numbers = version.split(separator: " ").dropFirst(2).first?.split(separator: ".").compactMap { Int($0) } ?? []
        guard numbers.count >= 2, (numbers[0], numbers[1]) >= (2, 34) else {
            throw RepositoryError("--verify-signatures needs git 2.34 or later, which checks SSH signatures; this is \(version.trimmingCharacters(in: .whitespacesAndNewlines))")
        }
        let probe: ChildProcess.Output
        do {
            probe = try ChildProcess.run("/usr/bin/env", ["ssh-keygen", "-Y", "find-principals"])
        } catch {
            throw RepositoryError("--verify-signatures needs ssh-keygen (OpenSSH 8.2 or later, Debian's openssh-client): \(error.localizedDescription)")
        }
        let said = String(decoding: probe.stdout + probe.stderr, as: UTF8.self)
        guard probe.status != 127, said.contains("find-principals") || said.contains("signature") else {
            throw RepositoryError("--verify-signatures needs ssh-keygen from OpenSSH 8.2 or later (Debian's openssh-client), which git calls to check SSH signatures; \(probe.status == 127 ? "none is installed" : "this one does not know -Y find-principals")")
        }
    }

    static func makeTemporaryFolder() throws -> String {
        var template = Array((NSTemporaryDirectory() + "/docket-signers-XXXXXX").utf8CString)
        guard let made = mkdtemp(&template) else { throw RepositoryError("mkdtemp failed (errno \(errno))") }
        return String(cString: made)
    }
}

/// Where a repository's template overrides live.
public enum TemplateFolder {
    public static let name = "templates"
}
