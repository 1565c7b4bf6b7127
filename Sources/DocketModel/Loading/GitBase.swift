import DocketSupport
import Foundation

/// Another revision of the repository, read through git: one `git ls-tree` for the tree and
/// one `git cat-file --batch` for every blob, not a process per file.
public enum GitBase {
    /// The repository as it was at `revision`, given `current` (the work tree, loaded): git
    /// says which paths differ (`git diff --raw` against the work tree, untracked and ignored
    /// files), only those are read at `revision` and decoded, and every other file's documents
    /// are taken from `current`, whose bytes are the same. A change of ten files costs ten
    /// files, not the whole tree. Equal to `load(root:revision:ignore:)` (the tests hold it to
    /// that), except that a docket file that is a link inside the repository and unchanged
    /// counts as unchanged rather than as new.
    ///
    /// Also returns the docket files that differ (for `ChangeSet.compare(changedFiles:…)`) and
    /// the files of `templates/` that differ (changed, added, deleted, or turned
    /// into a link), relative to the root, sorted: templates are not docket files, but they
    /// decide what every client reads, so a change to one is judged like one to `docket.yaml`.
    public static func load(changedFrom current: Repository, revision: String) throws(RepositoryError)
        -> (base: Repository, changedFiles: Set<String>, changedTemplates: [String]) {
        let root = current.root
        // Five questions, asked at once (two walk the work tree); whether the revision is
        // there decides first what is said.
        let questions = [
            ["rev-parse", "--show-toplevel"],
            ["rev-parse", "--verify", "--quiet", revision + "^{commit}"],
            // ":<src mode> <dst mode> <src sha> <dst sha> <status>\0<path>\0", paths relative to the root.
            ["diff", "--raw", "-z", "--no-renames", "--relative", "--ignore-submodules", revision, "--", "."],
            // What git does not track now (new files, and ignored ones docket still reads), a
            // folder git tracks nothing in as one entry ending in "/": one walk of the work
            // tree for both.
            ["ls-files", "-z", "--others", "--directory", "--", "."],
            // New templates that git does not ignore (a small folder).
            ["ls-files", "-z", "--others", "--exclude-standard", "--", TemplateFolder.name],
        ]
        let answers = PhaseTimer.measure("  git questions") {
            parallelMap(count: questions.count, minimumPerChunk: 1) { index -> Result<Data, GitError> in
                Result { () throws(GitError) in try gitData(questions[index], in: root) }
            }
        }
        try checkRevision(revision, topLevel: answers[0], commit: answers[1], in: root)
        let raw: [UInt8], untracked: Data, newTemplates: Data
        do {
            (raw, untracked, newTemplates) = ([UInt8](try answers[2].get()), try answers[3].get(), try answers[4].get())
        } catch {
            throw RepositoryError("cannot compare the work tree with \(revision): \(error.description)")
        }
        let ignore = current.ignorePatterns
        let templates = TemplateFolder.name + "/"
        var changedTemplates = Set<String>()
        var changed = Set<String>()
        var blobs: [(path: String, sha: String)] = []
        var fields = raw.split(separator: 0, omittingEmptySubsequences: false).makeIterator()
        while let header = fields.next(), let pathBytes = fields.next() {
            let parts = String(decoding: header, as: UTF8.self).split(separator: " ")
            let path = String(decoding: pathBytes, as: UTF8.self)
            if path.hasPrefix(templates) { changedTemplates.insert(path) }
            guard parts.count >= 5, RepositoryLoader.isDocketFile(path, ignore: ignore) else { continue }
            changed.insert(path)
            let mode = parts[0].dropFirst()
            if mode == "100644" || mode == "100755" { blobs.append((path, String(parts[2]))) }
        }
        for path in newTemplates.split(separator: 0) { changedTemplates.insert(String(decoding: path, as: UTF8.self)) }
        var untrackedFolders: [String] = []
        for path in untracked.split(separator: 0).map({ String(decoding: $0, as: UTF8.self) }) {
            if path.hasSuffix("/") {
                untrackedFolders.append(path)
            } else if RepositoryLoader.isDocketFile(path, ignore: ignore) {
                changed.insert(path)
            }
        }
        // Every file docket read below a folder git tracks nothing in is new.
        if !untrackedFolders.isEmpty {
            for path in current.files where untrackedFolders.contains(where: { path.hasPrefix($0) }) {
                changed.insert(path)
            }
        }
        let contents: [[UInt8]]
        do {
            contents = try PhaseTimer.measure("  git cat-file") { () throws(GitError) in try catFile(blobs.map(\.sha), in: root) }
        } catch {
            throw RepositoryError("cannot read \(revision)'s files: \(error.description)")
        }
        let before = RepositoryLoader.load(contents: zip(blobs, contents).map { ($0.path, $1) }, root: root)
        let base = PhaseTimer.measure("  carry the unchanged over") { current.replacingFiles(changed, with: before) }
        return (base, changed, changedTemplates.sorted())
    }

    static func checkRevision(_ revision: String, in root: String) throws(RepositoryError) {
        try checkRevision(revision,
                          topLevel: Result { () throws(GitError) in try gitData(["rev-parse", "--show-toplevel"], in: root) },
                          commit: Result { () throws(GitError) in try gitData(["rev-parse", "--verify", "--quiet", revision + "^{commit}"], in: root) },
                          in: root)
    }

    /// What git said to `rev-parse --show-toplevel` and to `rev-parse --verify REV^{commit}`.
    static func checkRevision(_ revision: String, topLevel: Result<Data, GitError>, commit: Result<Data, GitError>,
                              in root: String) throws(RepositoryError) {
        guard let folder = try? topLevel.get(), !String(decoding: folder, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
            throw RepositoryError("\(root) is not inside a git work tree; --base needs the repository's git history")
        }
        guard (try? commit.get()) != nil else {
            throw RepositoryError("the base revision '\(revision)' does not exist in this repository (fetch it first, e.g. git fetch origin main)")
        }
    }

    /// The repository's docket files as they were at `revision`, decoded like the work tree:
    /// the whole tree, read through one `git ls-tree` and one `git cat-file --batch`.
    public static func load(root: String, revision: String, ignore: [IgnorePattern]) throws(RepositoryError) -> Repository {
        try checkRevision(revision, in: root)
        let prefix = (try? git(["rev-parse", "--show-prefix"], in: root))?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
        let listing: [UInt8]
        do {
            listing = [UInt8](try gitData(["ls-tree", "-r", "-z", "--full-tree", revision], in: root))
        } catch {
            throw RepositoryError("cannot list \(revision): \(error.description)")
        }
        var blobs: [(path: String, sha: String)] = []
        for entry in listing.split(separator: 0) {
            // "<mode> <type> <sha>\t<path>"
            guard let tab = entry.firstIndex(of: 9) else { continue }
            let fields = String(decoding: entry[entry.startIndex..<tab], as: UTF8.self).split(separator: " ")
            var path = String(decoding: entry[(tab + 1)...], as: UTF8.self)
            guard fields.count == 3, fields[0] == "100644" || fields[0] == "100755", fields[1] == "blob",
                  path.hasPrefix(prefix) else { continue }
            path.removeFirst(prefix.count)
            guard RepositoryLoader.isDocketFile(path, ignore: ignore) else { continue }
            blobs.append((path, String(fields[2])))
        }
        let contents: [[UInt8]]
        do {
            contents = try catFile(blobs.map(\.sha), in: root)
        } catch {
            throw RepositoryError("cannot read \(revision)'s files: \(error.description)")
        }
        return RepositoryLoader.load(contents: zip(blobs, contents).map { ($0.path, $1) }, root: root)
    }

    /// Files below `folder` (relative to the root) that differ between `revision` and the
    /// work tree: changed, added (tracked or not), deleted, or turned into a link, relative to
    /// the root. The edits not committed yet (against HEAD), for `--verify-signatures`; and the
    /// reference that `load(changedFrom:revision:)`'s list of templates is tested against.
    public static func changedFiles(root: String, revision: String, under folder: String) throws(RepositoryError) -> [String] {
        do {
            let tracked = try gitData(["diff", "--name-only", "--no-renames", "--relative", "-z", revision, "--", folder], in: root)
            let untracked = try gitData(["ls-files", "--others", "--exclude-standard", "-z", "--", folder], in: root)
            let paths = (tracked + untracked).split(separator: 0).map { String(decoding: $0, as: UTF8.self) }
            return Array(Set(paths)).sorted()
        } catch {
            throw RepositoryError("cannot compare \(folder)/ with \(revision): \(error.description)")
        }
    }

    /// Where `root` lies inside its git work tree (`clinic/`, or empty at the top), or nil
    /// outside git. CI systems place annotations by paths from the work tree's top.
    public static func prefix(of root: String) -> String? {
        guard let prefix = try? git(["rev-parse", "--show-prefix"], in: root) else { return nil }
        return prefix.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    struct GitError: Error, CustomStringConvertible {
        var description: String
    }

    static func git(_ arguments: [String], in folder: String) throws(GitError) -> String {
        String(decoding: try gitData(arguments, in: folder), as: UTF8.self)
    }

    static func gitData(_ arguments: [String], in folder: String, input: Data? = nil) throws(GitError) -> Data {
        let output: ChildProcess.Output
        do {
            output = try ChildProcess.run("/usr/bin/env", ["git", "-C", folder] + arguments, input: input)
        } catch {
            throw GitError(description: "cannot run git: \(error)")
        }
        guard output.status == 0 else {
            throw GitError(description: String(decoding: output.stderr, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines))
        }
        return output.stdout
    }

    /// The contents of blobs, in order, through one `git cat-file --batch`.
    static func catFile(_ shas: [String], in folder: String) throws(GitError) -> [[UInt8]] {
        guard !shas.isEmpty else { return [] }
        let requests = Data((shas.joined(separator: "\n") + "\n").utf8)
        let data = [UInt8](try gitData(["cat-file", "--batch", "--buffer"], in: folder, input: requests))
        var contents: [[UInt8]] = []
        var position = 0
        while position < data.count {
            guard let newline = data[position...].firstIndex(of: 10) else { break }
            let header = String(decoding: data[position..<newline], as: UTF8.self).split(separator: " ")
            position = newline + 1
            guard header.count == 3, let size = Int(header[2]), position + size <= data.count else {
                contents.append([])
                continue
            }
            contents.append(Array(data[position..<position + size]))
            position += size + 1
        }
        guard contents.count == shas.count else { throw GitError(description: "git cat-file returned \(contents.count) of \(shas.count) files") }
        return contents
    }
}
