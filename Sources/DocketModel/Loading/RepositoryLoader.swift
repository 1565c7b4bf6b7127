import DocketYAML
import Foundation
import DocketSupport
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Why a command could not read a repository at all (exit status 2), as opposed to the
/// findings about what it holds.
public struct RepositoryError: Error, CustomStringConvertible, Sendable {
    public var description: String

    public init(_ description: String) {
        self.description = description
    }
}

/// Finds the repository root, walks it, and reads every docket file in parallel.
public enum RepositoryLoader {
    public static let organizationFile = "docket.yaml"
    /// Larger files are `file-unreadable`: no appointment needs a megabyte.
    public static let maxFileSize = 1 << 20

    /// The root for `[PATH]`: the nearest folder at or above PATH (or the current folder)
    /// holding `docket.yaml`. A PATH given without one above it is taken as the root as it is,
    /// so `validate` can say what it lacks; with no PATH, no `docket.yaml` is an error.
    public static func locateRoot(_ path: String?) throws(RepositoryError) -> String {
        let start: String
        if let path {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
                throw RepositoryError("\(path): no such directory")
            }
            guard isDirectory.boolValue else { throw RepositoryError("\(path): not a directory; give the repository's folder") }
            start = absolute(path)
        } else {
            start = FileManager.default.currentDirectoryPath
        }
        var candidate = URL(fileURLWithPath: start).standardizedFileURL
        while true {
            if FileManager.default.fileExists(atPath: candidate.appendingPathComponent(organizationFile).path) {
                return candidate.path
            }
            let parent = candidate.deletingLastPathComponent()
            if parent.path == candidate.path { break }
            candidate = parent
        }
        guard path == nil else { return URL(fileURLWithPath: start).standardizedFileURL.path }
        throw RepositoryError("no docket repository here: no \(organizationFile) in \(start) or any folder above it (pass the repository's path)")
    }

    /// A path made absolute against the current folder.
    public static func absolute(_ path: String) -> String {
        path.hasPrefix("/") ? path : FileManager.default.currentDirectoryPath + "/" + path
    }

    /// Reads the repository at `root` (from `locateRoot`).
    public static func load(root: String, limits: YAMLLimits = YAMLLimits()) throws(RepositoryError) -> Repository {
        let realRoot = RepositoryFiles.realPath(root) ?? root
        var repository = Repository(root: realRoot)
        // docket.yaml's ignore globs decide what else is read, so it is read first.
        var ignore: [IgnorePattern] = []
        let organizationPath = realRoot + "/" + organizationFile
        var preloaded: LoadedFile?
        let files = RepositoryFiles(root: realRoot)
        if FileManager.default.fileExists(atPath: organizationPath) {
            var cursor = files.cursor()
            let loaded = loadFile(relativePath: organizationFile, number: SourceFiles.shared.number(for: organizationFile),
                                  cursor: &cursor, limits: limits)
            for case .organization(let organization) in loaded.documents {
                ignore += organization.ignore.map { IgnorePattern($0.value) }
            }
            preloaded = loaded
        }
        var paths = try PhaseTimer.measure("walk") { () throws(RepositoryError) in try findFiles(root: realRoot, ignore: ignore) }
        guard paths.count < SourceLocation.maximumFiles - 1 else {
            throw RepositoryError("\(realRoot) holds \(paths.count) docket files; docket reads at most \(SourceLocation.maximumFiles - 2) in one run")
        }
        // docket.yaml is read whatever its own globs say.
        if preloaded != nil, !paths.contains(organizationFile) {
            paths.insert(organizationFile, at: paths.firstIndex { $0 > organizationFile } ?? paths.endIndex)
        }
        // findFiles sorts the paths and each worker keeps its share in order, so the workers'
        // repositories joined one after the other are in path order.
        let parts = PhaseTimer.measure("read and decode") {
            loadInParallel(paths, preloaded: preloaded, files: files, limits: limits)
        }
        PhaseTimer.measure("collect") {
            for part in parts { repository.append(part) }
        }
        return repository
    }

    /// Moves loaded files, in path order, into the repository.
    static func collect(_ loaded: inout [LoadedFile], into repository: inout Repository) {
        repository.files.reserveCapacity(repository.files.count + loaded.count)
        for position in loaded.indices {
            repository.add(loaded[position])
            // Let go of each file's documents as they move, so the history is not held twice.
            loaded[position].documents = []
        }
    }

    /// What one file yielded.
    struct LoadedFile: Sendable {
        var path: String
        var documents: [DocketDocument] = []
        var diagnostics: [Diagnostic] = []
    }

    /// Reads and decodes `paths` on all cores: each worker gathers its consecutive share of
    /// the files into a repository of its own, so no list of per-file results is built and
    /// then copied. `preloaded` stands for `docket.yaml`, already read for its ignore globs.
    static func loadInParallel(_ paths: [String], preloaded: LoadedFile?, files: RepositoryFiles, limits: YAMLLimits) -> [Repository] {
        let numbers = SourceFiles.shared.numbers(for: paths)
        let shares = parallelShares(count: paths.count, minimumPerShare: 16)
        return parallelMap(count: shares.count, minimumPerChunk: 1) { share in
            var part = Repository(root: "")
            var cursor = files.cursor()
            part.files.reserveCapacity(shares[share].count)
            for index in shares[share] {
                if let preloaded, paths[index] == organizationFile {
                    part.add(preloaded)
                } else {
                    part.add(loadFile(relativePath: paths[index], number: numbers[index], cursor: &cursor, limits: limits))
                }
            }
            return part
        }
    }

    static func loadFile(relativePath: String, number: UInt32, cursor: inout RepositoryFiles.Cursor, limits: YAMLLimits) -> LoadedFile {
        switch cursor.read(relativePath, limit: maxFileSize) {
        case .success(let bytes):
            return decodeFile(bytes, relativePath: relativePath, number: number, limits: limits)
        case .failure(let refusal):
            var file = LoadedFile(path: relativePath)
            file.diagnostics.append(Diagnostic(.fileUnreadable, unreadableMessage(refusal),
                                               at: SourceLocation(fileNumber: number, mark: Mark(line: 1, column: 1))))
            return file
        }
    }

    /// What `file-unreadable` says about a docket file that the safe door refused.
    static func unreadableMessage(_ refusal: ContentRefusal) -> String {
        switch refusal {
        case .outside: "\(refusal); docket reads only the repository's own files: remove the link or commit the file itself"
        case .notRegularFile: "\(refusal); docket files are plain text files"
        case .tooLarge: "\(refusal); split it"
        case .missing: "it disappeared while it was read (or is a symbolic link to nothing); fix or remove it"
        default: "\(refusal)"
        }
    }

    /// A repository from file contents held in memory (another revision's, read through git),
    /// decoded exactly as files on disk are.
    public static func load(contents: [(path: String, bytes: [UInt8])], root: String, limits: YAMLLimits = YAMLLimits()) -> Repository {
        var repository = Repository(root: root)
        let numbers = SourceFiles.shared.numbers(for: contents.map(\.path))
        var loaded = parallelMap(count: contents.count, minimumPerChunk: 16) { index in
            let (path, bytes) = contents[index]
            return bytes.count > maxFileSize
                ? LoadedFile(path: path) : decodeFile(bytes, relativePath: path, number: numbers[index], limits: limits)
        }
        loaded.sort { $0.path < $1.path }
        collect(&loaded, into: &repository)
        return repository
    }

    static func decodeFile(_ bytes: [UInt8], relativePath: String, number: UInt32, limits: YAMLLimits) -> LoadedFile {
        var file = LoadedFile(path: relativePath)
        let start = SourceLocation(fileNumber: number, mark: Mark(line: 1, column: 1))
        if let offset = bytes.withUnsafeBufferPointer({ firstInvalidUTF8Offset($0) }) {
            let mark = bytes.withUnsafeBufferPointer { Mark(byteOffset: offset, in: $0) }
            file.diagnostics.append(Diagnostic(
                .fileUnreadable,
                "the file is not UTF-8 (byte 0x\(String(bytes[offset], radix: 16, uppercase: true)) at offset \(offset)); save it as UTF-8",
                at: SourceLocation(fileNumber: number, mark: mark)))
            return file
        }
        let yaml = YAMLLoader.load(bytes, limits: limits)
        for problem in yaml.problems {
            file.diagnostics.append(diagnostic(for: problem, in: relativePath))
        }
        var decoder = DocumentDecoder(file: relativePath, number: number)
        for document in yaml.documents {
            if let decoded = decoder.decode(document) { file.documents.append(decoded) }
        }
        if yaml.documents.isEmpty && yaml.problems.isEmpty {
            file.diagnostics.append(Diagnostic(
                .unknownKind, "the file holds no document; write apiVersion: docket/v1, kind and id, or delete it", at: start))
        }
        file.diagnostics += decoder.diagnostics
        return file
    }

    static func diagnostic(for problem: YAMLProblem, in path: String) -> Diagnostic {
        let location = SourceLocation(file: path, mark: problem.mark)
        switch problem.kind {
        case .syntax:
            var message = problem.message
            var related: [SourceLocation] = []
            if let context = problem.context {
                message = "\(context.message) (at line \(context.mark.line), column \(context.mark.column)): \(message)"
                related.append(SourceLocation(file: path, mark: context.mark))
            }
            if message.contains("cannot start any token"), message.contains("found character") {
                message += "; indent with spaces, not tabs, and quote values that start with @ or `"
            }
            return Diagnostic(.yamlSyntax, message, at: location, related: related)
        case .duplicateKey(_, let first):
            return Diagnostic(.yamlDuplicateKey, problem.message, at: location,
                              related: [SourceLocation(file: path, mark: first)])
        case .tooComplex:
            return Diagnostic(.yamlTooComplex, problem.message + "; the rest of the file was not read", at: location)
        }
    }

    // MARK: The file system

    /// Whether a path (relative, `/`-separated) names a docket file: `*.yaml` or `*.yml`,
    /// no component starting with `.`, not ignored.
    public static func isDocketFile(_ path: String, ignore: [IgnorePattern]) -> Bool {
        guard path.hasSuffix(".yaml") || path.hasSuffix(".yml") else { return false }
        let components = path.split(separator: "/")
        guard !components.contains(where: { $0.hasPrefix(".") }) else { return false }
        var prefix = ""
        for component in components {
            prefix = prefix.isEmpty ? String(component) : prefix + "/" + component
            if ignore.contains(where: { $0.matches(prefix) }) { return false }
        }
        return true
    }

    /// Every `*.yaml` / `*.yml` below the root that is not hidden or ignored, relative and sorted.
    static func findFiles(root: String, ignore: [IgnorePattern]) throws(RepositoryError) -> [String] {
        // Breadth first, round by round, until there are subtrees enough to share between the
        // cores; then each subtree on its own core. Every folder lists its entries in path
        // order (a folder `b` as `b/`, since `b.yaml` < `b/x.yaml` as whole paths compare),
        // so putting the pieces together in order gives sorted paths without sorting them.
        var items = [""]
        while true {
            let folders = items.count { $0.isEmpty || $0.hasSuffix("/") }
            guard folders > 0, folders < 16 else { break }
            var expanded: [String] = []
            for item in items {
                if item.isEmpty || item.hasSuffix("/") {
                    expanded += try listFolder(item.isEmpty ? "" : String(item.dropLast()), root: root, ignore: ignore).entries
                } else {
                    expanded.append(item)
                }
            }
            items = expanded
        }
        let subtrees = items.filter { $0.hasSuffix("/") }
        let walked = parallelMap(count: subtrees.count, minimumPerChunk: 1) { position in
            Result { () throws(RepositoryError) in try walk(String(subtrees[position].dropLast()), root: root, ignore: ignore) }
        }
        var subtreeFiles = walked.makeIterator()
        var found: [String] = []
        for item in items {
            if item.hasSuffix("/") {
                found += try subtreeFiles.next()!.get()
            } else {
                found.append(item)
            }
        }
        // Names that compare differently as parts than as whole paths (possible with some
        // non-ASCII names) fall back to sorting.
        if zip(found, found.dropFirst()).contains(where: { !($0 < $1) }) { found.sort() }
        return found
    }

    /// One folder's docket files and subfolders, in path order.
    struct FolderListing {
        /// Files and folders in path order; folders end in `/`.
        var entries: [String] = []
    }

    static func listFolder(_ folder: String, root: String, ignore: [IgnorePattern]) throws(RepositoryError) -> FolderListing {
        let absoluteFolder = folder.isEmpty ? root : root + "/" + folder
        guard let directory = opendir(absoluteFolder) else {
            throw RepositoryError("cannot read the folder \(folder.isEmpty ? root : folder): \(String(cString: strerror(errno)))")
        }
        defer { closedir(directory) }
        var listing = FolderListing()
        while let entry = readdir(directory) {
            let name = RepositoryFiles.entryName(entry)
            guard !name.hasPrefix(".") else { continue }
            let relative = folder.isEmpty ? name : folder + "/" + name
            if !ignore.isEmpty, ignore.contains(where: { $0.matches(relative) }) { continue }
            var type = entry.pointee.d_type
            if type == UInt8(DT_UNKNOWN) {
                var info = stat()
                if lstat(absoluteFolder + "/" + name, &info) == 0 {
                    type = info.st_mode & S_IFMT == S_IFDIR ? UInt8(DT_DIR) : UInt8(DT_REG)
                }
            }
            if type == UInt8(DT_DIR) {
                listing.entries.append(relative + "/")
            } else if name.hasSuffix(".yaml") || name.hasSuffix(".yml") {
                // Symbolic links to folders are not followed (no cycles); links to files are
                // read if they stay inside the repository.
                listing.entries.append(relative)
            }
        }
        listing.entries.sort()
        return listing
    }

    /// Every docket file below `folder`, depth first in path order, with an explicit stack
    /// (a worker thread's stack is small, and folders may nest deeply).
    static func walk(_ folder: String, root: String, ignore: [IgnorePattern]) throws(RepositoryError) -> [String] {
        var found: [String] = []
        var pending = [folder + "/"]
        while let entry = pending.popLast() {
            if entry.hasSuffix("/") {
                pending += try listFolder(String(entry.dropLast()), root: root, ignore: ignore).entries.reversed()
            } else {
                found.append(entry)
            }
        }
        return found
    }
}
