import DocketSupport
import Foundation

/// A revision someone named (`--base main`), resolved by git to a commit before any other git
/// command sees it. Only `id`, forty (or sixty-four) hexadecimal digits, goes further into
/// git's command lines, so a name such as `--output=/some/file` or `-p` stays data: git
/// never reads it as an option. `name` is kept for messages.
public struct GitCommit: Sendable, Equatable, CustomStringConvertible {
    public let id: String
    public let name: String

    /// The name as a message shows it: control characters and the like as `\u{…}` escapes,
    /// so a name cannot forge a line of output or an annotation.
    public var description: String { PrintableText.shown(name) }

    /// `git rev-parse --verify --end-of-options NAME^{commit}` in `root`'s work tree.
    public static func resolve(_ name: String, in root: String) throws(RepositoryError) -> GitCommit {
        guard let topLevel = try? GitBase.git(["rev-parse", "--show-toplevel"], in: root),
              !topLevel.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
            throw RepositoryError("\(root) is not inside a git work tree; --base needs the repository's git history")
        }
        // A NUL cannot be passed to git at all, and an empty name means nothing.
        let answer = name.isEmpty || name.utf8.contains(0) ? nil
            : try? GitBase.git(["rev-parse", "--verify", "--quiet", "--end-of-options", name + "^{commit}"], in: root)
        let id = answer?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
        guard GitBase.isObjectID(id) else {
            throw RepositoryError("the base revision '\(PrintableText.shown(name))' does not exist in this repository "
                + "(a branch, tag or commit; fetch it first, e.g. git fetch origin main)")
        }
        return GitCommit(id: id, name: name)
    }
}

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
    public static func load(changedFrom current: Repository, revision: GitCommit) throws(RepositoryError)
        -> (base: Repository, changedFiles: Set<String>, changedTemplates: [String]) {
        let root = current.root
        // Three questions, asked at once (two walk the work tree), about a commit already
        // resolved: nothing a person typed reaches these command lines.
        let questions = [
            // ":<src mode> <dst mode> <src sha> <dst sha> <status>\0<path>\0", paths relative to the root.
            ["diff", "--raw", "-z", "--no-abbrev", "--no-renames", "--relative", "--ignore-submodules", revision.id, "--", "."],
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
        let raw: [UInt8], untracked: Data, newTemplates: Data
        do {
            (raw, untracked, newTemplates) = ([UInt8](try answers[0].get()), try answers[1].get(), try answers[2].get())
        } catch {
            throw RepositoryError("cannot compare the work tree with \(revision): \(error.description)")
        }
        let ignore = current.ignorePatterns
        let templates = TemplateFolder.name + "/"
        var changedTemplates = Set<String>()
        var changed = Set<String>()
        var blobs: [TreeFile] = []
        var fields = raw.split(separator: 0, omittingEmptySubsequences: false).makeIterator()
        while let header = fields.next(), let pathBytes = fields.next() {
            let parts = String(decoding: header, as: UTF8.self).split(separator: " ")
            let path = String(decoding: pathBytes, as: UTF8.self)
            if path.hasPrefix(templates) { changedTemplates.insert(path) }
            guard parts.count >= 5, RepositoryLoader.isDocketFile(path, ignore: ignore) else { continue }
            changed.insert(path)
            let mode = parts[0].dropFirst()
            if mode == "100644" || mode == "100755" { blobs.append(TreeFile(path: path, blob: String(parts[2]))) }
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
            contents = try PhaseTimer.measure("  git cat-file") { () throws(GitError) in try catFile(blobs.map(\.blob), in: root) }
        } catch {
            throw RepositoryError("cannot read \(revision)'s files: \(error.description)")
        }
        let before = RepositoryLoader.load(contents: zip(blobs, contents).map { ($0.path, $1) }, root: root)
        let base = PhaseTimer.measure("  carry the unchanged over") { current.replacingFiles(changed, with: before) }
        return (base, changed, changedTemplates.sorted())
    }

    /// The repository's docket files as they were at `revision`, decoded like the work tree:
    /// the whole tree, read through one `git ls-tree` and one `git cat-file --batch`.
    public static func load(root: String, revision: GitCommit, ignore: [IgnorePattern]) throws(RepositoryError) -> Repository {
        let blobs: [TreeFile]
        do {
            blobs = try files(at: revision.id, in: root).filter { RepositoryLoader.isDocketFile($0.path, ignore: ignore) }
        } catch {
            throw RepositoryError("cannot list \(revision): \(error.description)")
        }
        let contents: [[UInt8]]
        do {
            contents = try catFile(blobs.map(\.blob), in: root)
        } catch {
            throw RepositoryError("cannot read \(revision)'s files: \(error.description)")
        }
        return RepositoryLoader.load(contents: zip(blobs, contents).map { ($0.path, $1) }, root: root)
    }

    /// A regular file of a commit's tree: its path relative to the repository's root and its
    /// blob's object id.
    public struct TreeFile: Sendable, Equatable {
        public var path: String
        public var blob: String
    }

    /// The regular files of `commit` below `root` (paths relative to it), from `git ls-tree
    /// -r -z`: names arrive NUL-separated, never quoted, whatever characters they hold. With
    /// `paths`, only those (matched literally, never as patterns); absent ones are left out.
    public static func files(at commit: String, only paths: [String]? = nil, in root: String) throws(GitError) -> [TreeFile] {
        // Only a commit id stands where git reads a revision (a name was resolved before).
        guard isObjectID(commit) else { throw GitError(description: "git ls-tree is asked for a commit id only") }
        var listing: [UInt8] = []
        if let paths {
            // In batches, so that a clinic's thousands of people files stay within what one
            // command line may hold.
            var start = 0
            while start < paths.count {
                let batch = paths[start..<min(paths.count, start + 1_000)]
                listing += try gitData(["--literal-pathspecs", "ls-tree", "-r", "-z", commit, "--"] + batch, in: root)
                start += batch.count
            }
        } else {
            listing = [UInt8](try gitData(["ls-tree", "-r", "-z", commit, "--", "."], in: root))
        }
        var files: [TreeFile] = []
        for entry in listing.split(separator: 0) {
            // "<mode> <type> <object>\t<path>", the path relative to the folder git runs in.
            guard let tab = entry.firstIndex(of: 9) else { continue }
            let fields = entry[entry.startIndex..<tab].split(separator: 32)
            guard fields.count == 3, fields[1].elementsEqual("blob".utf8),
                  fields[0].elementsEqual("100644".utf8) || fields[0].elementsEqual("100755".utf8) else { continue }
            files.append(TreeFile(path: String(decoding: entry[(tab + 1)...], as: UTF8.self), blob: String(decoding: fields[2], as: UTF8.self)))
        }
        return files
    }

    /// The contents of `paths` (relative to `root`) at `commit`, in order: nil where a path is
    /// not a regular file there.
    public static func contents(of paths: [String], at commit: String, in root: String) throws(GitError) -> [[UInt8]?] {
        guard !paths.isEmpty else { return [] }
        let found = try files(at: commit, only: paths, in: root)
        let read = try catFile(found.map(\.blob), in: root)
        var byPath: [String: [UInt8]] = [:]
        for (file, bytes) in zip(found, read) { byPath[file.path] = bytes }
        return paths.map { byPath[$0] }
    }

    /// Files below `folder` (relative to the root) that differ between `revision` and the
    /// work tree: changed, added (tracked or not), deleted, or turned into a link, relative to
    /// the root. The edits not committed yet (against HEAD), for `--verify-signatures`; and the
    /// reference that `load(changedFrom:revision:)`'s list of templates is tested against.
    public static func changedFiles(root: String, revision: GitCommit, under folder: String) throws(RepositoryError) -> [String] {
        do {
            let tracked = try gitData(["--literal-pathspecs", "diff", "--name-only", "--no-renames", "--relative", "-z", revision.id, "--", folder], in: root)
            let untracked = try gitData(["--literal-pathspecs", "ls-files", "--others", "--exclude-standard", "-z", "--", folder], in: root)
            let paths = (tracked + untracked).split(separator: 0).map { String(decoding: $0, as: UTF8.self) }
            return Array(Set(paths)).sorted()
        } catch {
            throw RepositoryError("cannot compare \(folder)/ with \(revision): \(error.description)")
        }
    }

    /// Where `root` lies inside its git work tree (`clinic/`, or empty at the top), or nil
    /// outside git. CI systems place annotations by paths from the work tree's top.
    public static func prefix(of root: String) -> String? {
        guard var prefix = try? git(["rev-parse", "--show-prefix"], in: root) else { return nil }
        // Only git's own line end: a folder's name may itself end in a space.
        if prefix.hasSuffix("\n") { prefix.removeLast() }
        return prefix
    }

    public struct GitError: Error, CustomStringConvertible {
        public var description: String
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
    /// Only object ids are asked for, one a line: never `REV:path`, whose path could hold a
    /// newline and split the request.
    static func catFile(_ shas: [String], in folder: String) throws(GitError) -> [[UInt8]] {
        guard !shas.isEmpty else { return [] }
        guard shas.allSatisfy(isObjectID) else { throw GitError(description: "git cat-file is asked for object ids only") }
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

    /// Forty (SHA-1) or sixty-four (SHA-256) lower-case hexadecimal digits.
    static func isObjectID(_ text: String) -> Bool {
        (text.utf8.count == 40 || text.utf8.count == 64) && text.utf8.allSatisfy { (48...57).contains($0) || (97...102).contains($0) }
    }
}
