import Foundation
import SystemPackage
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Why a file that the repository holds or names was not read.
public enum ContentRefusal: Error, Equatable, Sendable, CustomStringConvertible {
    /// Nothing at the path (or a folder on the way is missing or is a file).
    case missing
    /// An absolute path, a `..` that climbs above the root, or a symbolic link whose target
    /// (given as written in the link) lies outside the repository.
    case outside(String)
    /// A folder, FIFO, socket or device where a plain file is expected ("a folder", …).
    case notRegularFile(String)
    /// A plain file where a folder is expected.
    case notAFolder
    case tooLarge(size: Int, limit: Int)
    /// Text that is not UTF-8; the offset of the first bad byte.
    case notUTF8(offset: Int, byte: UInt8)
    /// More than 40 symbolic links on the way (a loop).
    case tooManyLinks
    /// The operating system refused (permissions, I/O): its words.
    case unreadable(String)

    public var description: String {
        switch self {
        case .missing: "it does not exist"
        case .outside(let how): "it \(how), outside the repository"
        case .notRegularFile(let kind): "it is \(kind), not a plain file"
        case .notAFolder: "it is a file, not a folder"
        case .tooLarge(let size, let limit): "it is \(size) bytes, larger than the \(ByteCount.text(limit)) docket reads"
        case .notUTF8(let offset, let byte):
            "it is not UTF-8 (byte 0x\(String(byte, radix: 16, uppercase: true)) at offset \(offset)); save it as UTF-8"
        case .tooManyLinks: "its symbolic links go round in a loop"
        case .unreadable(let reason): "it cannot be read: \(reason)"
        }
    }
}

/// `1 MiB`, `64 KiB`, `300 bytes`.
enum ByteCount {
    static func text(_ bytes: Int) -> String {
        if bytes >= 1 << 20, bytes % (1 << 20) == 0 { return "\(bytes >> 20) MiB" }
        if bytes >= 1 << 10, bytes % (1 << 10) == 0 { return "\(bytes >> 10) KiB" }
        return "\(bytes) bytes"
    }
}

/// The one door through which docket reads what a repository holds or names: docket files,
/// templates, attachments (and, rooted at their own folders, the recorded state and the
/// outbox).
///
/// A repository is written by people, and docket runs next to secrets and writes to people
/// outside the clinic, so a committed symbolic link must not make it read
/// `/proc/self/environ`, and a FIFO or a device must not make it hang. Every path is resolved
/// one component at a time from a descriptor of the root, each opened with `O_NOFOLLOW`:
/// a symbolic link is read and followed only while it stays inside the root (links within
/// the repository are fine), whether it is the last component or a folder on the way. Only
/// plain files are read, up to a limit; nothing is read before the type is known, and
/// `O_NONBLOCK` keeps a FIFO from blocking the open.
///
/// Folders once resolved are kept open and shared by the threads that read through one
/// instance, so reading a hundred thousand files costs one `openat` each, as a plain open
/// of the whole path would. How many stay open is bounded (`maximumCachedFolders`, plus one
/// per cursor): a repository with a folder per day must not run out of descriptors under a
/// limit of 256 open files.
public final class RepositoryFiles: @unchecked Sendable {
    /// The root, symbolic links resolved.
    public let root: String
    private let rootDescriptor: Int32
    private let openFailure: ContentRefusal?
    private let lock = NSLock()
    /// Folders below the root already resolved, by the relative path asked for; at most
    /// `maximumCachedFolders`, then forgotten all at once (a walk comes folder by folder, so
    /// only the last few matter). A folder leaves the cache without closing under a cursor
    /// that still reads from it: each handle closes itself when nobody holds it.
    private var folders: [FolderKey: FolderHandle] = [:]

    /// How many resolved folders the shared cache keeps open.
    static let maximumCachedFolders = 64

    /// Links followed on one path before it counts as a loop (Linux's own limit).
    static let maximumLinks = 40

    public init(root: String) {
        let real = Self.realPath(root) ?? root
        self.root = real
        rootDescriptor = open(real, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        openFailure = rootDescriptor < 0 ? (errno == ENOENT ? .missing : .unreadable(String(cString: strerror(errno)))) : nil
    }

    deinit {
        if rootDescriptor >= 0 { close(rootDescriptor) }
    }

    /// The contents of the plain file at `path` (relative to the root, `/`-separated), at most
    /// `limit` bytes; with `utf8`, refused unless it is UTF-8.
    public func read(_ path: String, limit: Int, utf8: Bool = false) -> Result<[UInt8], ContentRefusal> {
        var cursor = Cursor(files: self)
        return read(path, limit: limit, utf8: utf8, cursor: &cursor)
    }

    func read(_ path: String, limit: Int, utf8: Bool, cursor: inout Cursor) -> Result<[UInt8], ContentRefusal> {
        let opened: (descriptor: Int32, size: Int)
        switch openFile(path, cursor: &cursor) {
        case .success(let file): opened = file
        case .failure(let refusal): return .failure(refusal)
        }
        defer { close(opened.descriptor) }
        guard opened.size <= limit else { return .failure(.tooLarge(size: opened.size, limit: limit)) }
        let bytes: [UInt8]
        switch Self.readAll(opened.descriptor, expected: opened.size, limit: limit) {
        case .success(let read): bytes = read
        case .failure(let refusal): return .failure(refusal)
        }
        if utf8, let offset = bytes.withUnsafeBufferPointer({ firstInvalidUTF8Offset($0) }) {
            return .failure(.notUTF8(offset: offset, byte: bytes[offset]))
        }
        return .success(bytes)
    }

    /// A reader for one thread that remembers the folder of the file it read last: files of
    /// a walk come folder by folder, so most find their folder without the shared cache (and
    /// its lock). Not to be shared between threads.
    public struct Cursor {
        let files: RepositoryFiles
        var lastFolder: Substring = ""
        /// Held, so that it stays open while this cursor reads from it.
        var lastHandle: FolderHandle?

        public mutating func read(_ path: String, limit: Int, utf8: Bool = false) -> Result<[UInt8], ContentRefusal> {
            files.read(path, limit: limit, utf8: utf8, cursor: &self)
        }
    }

    public func cursor() -> Cursor { Cursor(files: self) }

    /// The size of the plain file at `path`, without reading it.
    public func size(of path: String) -> Result<Int, ContentRefusal> {
        var cursor = Cursor(files: self)
        return openFile(path, cursor: &cursor).map { file in
            close(file.descriptor)
            return file.size
        }
    }

    /// The names in the folder at `path` (not starting with `.`), sorted.
    public func names(inFolder path: String) -> Result<[String], ContentRefusal> {
        let descriptor: Int32
        switch resolve(Self.components(path), wantFolder: true) {
        case .success(let opened): descriptor = opened
        case .failure(let refusal): return .failure(refusal)
        }
        guard let directory = fdopendir(descriptor) else {
            let reason = String(cString: strerror(errno))
            close(descriptor)
            return .failure(.unreadable(reason))
        }
        defer { closedir(directory) }
        var names: [String] = []
        while let entry = readdir(directory) {
            let name = Self.entryName(entry)
            if !name.hasPrefix(".") { names.append(name) }
        }
        return .success(names.sorted())
    }

    // MARK: Resolving

    /// Opens the plain file at `path`: its descriptor (the caller closes it) and size.
    func openFile(_ path: String, cursor: inout Cursor) -> Result<(descriptor: Int32, size: Int), ContentRefusal> {
        if let openFailure { return .failure(openFailure) }
        guard let shape = PathShape(path) else { return .failure(.outside(path.hasPrefix("/") ? "is an absolute path" : "climbs out with '..'")) }
        // The common case, without splitting the path: the folder is known (cached by the
        // text before the last '/'), and the file is no link.
        var descriptor: Int32 = -1
        if shape.isPlain, let folder = folderDescriptor(path[..<shape.nameStart], cursor: &cursor) {
            descriptor = path.withCString { openat(folder, $0 + shape.nameOffset, O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOFOLLOW) }
            if descriptor < 0, errno != ELOOP, errno != ENOTDIR {
                return .failure(errno == ENOENT ? .missing : .unreadable(String(cString: strerror(errno))))
            }
        }
        if descriptor < 0 {
            let components = Self.components(path)
            guard !components.isEmpty else { return .failure(.notRegularFile("the repository's folder")) }
            switch resolve(components, wantFolder: false) {
            case .success(let opened): descriptor = opened
            case .failure(let refusal): return .failure(refusal)
            }
        }
        var info = stat()
        guard fstat(descriptor, &info) == 0 else {
            let reason = String(cString: strerror(errno))
            close(descriptor)
            return .failure(.unreadable(reason))
        }
        guard info.st_mode & S_IFMT == S_IFREG else {
            close(descriptor)
            return .failure(.notRegularFile(Self.kind(of: info.st_mode)))
        }
        return .success((descriptor, Int(info.st_size)))
    }

    /// What one pass over a path's bytes tells: where its last component starts, and whether
    /// it is plain (no empty, `.` or `..` component, so its text before the last `/` names
    /// its folder). Nil for a path that is absolute or climbs with `..`.
    struct PathShape {
        var nameStart: String.Index
        /// `nameStart` in UTF-8 bytes.
        var nameOffset: Int
        var isPlain: Bool

        init?(_ path: String) {
            var path = path
            // One pass over contiguous bytes: this runs for every file a walk reads.
            let found: (nameOffset: Int, isPlain: Bool)?? = path.withUTF8 { bytes in
                guard bytes.first != UInt8(ascii: "/") else { return .some(nil) }
                var componentStart = 0
                var isPlain = !bytes.isEmpty
                for index in 0...bytes.count {
                    guard index == bytes.count || bytes[index] == UInt8(ascii: "/") else { continue }
                    let length = index - componentStart
                    if length == 2, bytes[componentStart] == UInt8(ascii: "."), bytes[componentStart + 1] == UInt8(ascii: ".") { return .some(nil) }
                    if length == 0 || (length == 1 && bytes[componentStart] == UInt8(ascii: ".")) { isPlain = false }
                    if index < bytes.count { componentStart = index + 1 }
                }
                return (componentStart, isPlain)
            }
            guard let shape = found ?? nil else { return nil }
            nameStart = path.utf8.index(path.utf8.startIndex, offsetBy: shape.nameOffset)
            nameOffset = shape.nameOffset
            isPlain = shape.isPlain
        }
    }

    /// A descriptor of the folder `key` names (a plain relative path, or empty for the
    /// root), shared and kept open; nil when it cannot be resolved (the slow path then says
    /// why).
    private func folderDescriptor(_ key: Substring, cursor: inout Cursor) -> Int32? {
        // The text before the last '/': drop that '/'.
        // (By bytes: Character-wise `last` and `dropLast` cost a grapheme break per file.)
        let folder = key.utf8.last == UInt8(ascii: "/") ? key[..<key.utf8.index(before: key.utf8.endIndex)] : key
        if folder.isEmpty { return rootDescriptor }
        if let handle = cursor.lastHandle, cursor.lastFolder.utf8.elementsEqual(folder.utf8) { return handle.descriptor }
        lock.lock()
        let known = folders[FolderKey(folder)]
        lock.unlock()
        if let known {
            (cursor.lastFolder, cursor.lastHandle) = (folder, known)
            return known.descriptor
        }
        guard case .success(let resolved) = resolve(Self.components(String(folder)), wantFolder: true) else { return nil }
        let handle: FolderHandle
        lock.lock()
        if let raced = folders[FolderKey(folder)] {
            close(resolved)
            handle = raced
        } else {
            handle = FolderHandle(descriptor: resolved)
            if folders.count >= Self.maximumCachedFolders { folders.removeAll(keepingCapacity: true) }
            folders[FolderKey(folder)] = handle
        }
        lock.unlock()
        (cursor.lastFolder, cursor.lastHandle) = (folder, handle)
        return handle.descriptor
    }

    /// Walks `components` from the root one at a time with `O_NOFOLLOW`, following symbolic
    /// links only while they stay inside the root. Returns an open descriptor of the last
    /// component, which is a folder when `wantFolder`.
    private func resolve(_ components: [String], wantFolder: Bool) -> Result<Int32, ContentRefusal> {
        if let openFailure { return .failure(openFailure) }
        var chain: [Int32] = []   // open folders below the root, the last one current
        defer { for descriptor in chain { close(descriptor) } }
        var pending = Array(components.reversed())
        var links = 0
        while let component = pending.popLast() {
            if component.isEmpty || component == "." { continue }
            if component == ".." {
                guard let left = chain.popLast() else { return .failure(.outside("climbs above the repository's folder with '..'")) }
                close(left)
                continue
            }
            let current = chain.last ?? rootDescriptor
            let isLast = pending.allSatisfy { $0.isEmpty || $0 == "." }
            let flags = O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK | (isLast && !wantFolder ? 0 : O_DIRECTORY)
            let descriptor = openat(current, component, flags)
            if descriptor >= 0 {
                if isLast && !wantFolder { return .success(descriptor) }
                chain.append(descriptor)
                continue
            }
            let error = errno
            guard let target = Self.linkTarget(current, component) else {
                switch error {
                case ENOENT: return .failure(.missing)
                case ENOTDIR: return .failure(isLast ? .notAFolder : .missing)
                default: return .failure(.unreadable(String(cString: strerror(error))))
                }
            }
            links += 1
            guard links <= Self.maximumLinks else { return .failure(.tooManyLinks) }
            var next = Self.components(target)
            if target.hasPrefix("/") {
                guard Self.isInside(target, root: root) else {
                    return .failure(.outside("is a symbolic link to \(target)"))
                }
                next = Array(Self.components(String(target.dropFirst(root.count))))
                for descriptor in chain { close(descriptor) }
                chain = []
            }
            pending += next.reversed()
        }
        // Every component was a folder: the path names a folder (or the root itself).
        guard wantFolder else { return .failure(.notRegularFile("a folder")) }
        if let last = chain.popLast() { return .success(last) }
        let duplicate = dup(rootDescriptor)
        return duplicate >= 0 ? .success(duplicate) : .failure(.unreadable(String(cString: strerror(errno))))
    }

    // MARK: Paths

    /// `path` with every symbolic link resolved, or nil when it does not exist.
    public static func realPath(_ path: String) -> String? {
        guard let resolved = realpath(path, nil) else { return nil }
        defer { free(resolved) }
        return String(cString: resolved)
    }

    /// Whether `path` (absolute, symlinks resolved) lies inside `root`.
    public static func isInside(_ path: String, root: String) -> Bool {
        path == root || path.hasPrefix(root.hasSuffix("/") ? root : root + "/")
    }

    /// The name of a directory entry, read in place up to its NUL. The kernel packs entries
    /// by their length, so copying the whole 256-byte `d_name` array (as Swift does when the
    /// tuple is passed by value) can read past the end of the last entry in the buffer.
    public static func entryName(_ entry: UnsafeMutablePointer<dirent>) -> String {
        let offset = MemoryLayout<dirent>.offset(of: \dirent.d_name)!
        return String(cString: (UnsafeRawPointer(entry) + offset).assumingMemoryBound(to: CChar.self))
    }

    /// What a symbolic link at `name` in `folder` says, or nil when it is no link.
    private static func linkTarget(_ folder: Int32, _ name: String) -> String? {
        var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
        let length = readlinkat(folder, name, &buffer, buffer.count - 1)
        guard length >= 0 else { return nil }
        return String(decoding: buffer[..<length].map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    private static func components(_ path: String) -> [String] {
        path.split(separator: "/", omittingEmptySubsequences: true).map(String.init)
    }

    static func kind(of mode: mode_t) -> String {
        switch mode & S_IFMT {
        case S_IFDIR: "a folder"
        case S_IFIFO: "a FIFO (named pipe)"
        case S_IFCHR: "a character device"
        case S_IFBLK: "a block device"
        case S_IFSOCK: "a socket"
        case S_IFLNK: "a symbolic link"
        default: "not a plain file"
        }
    }

    /// Reads an open file to its end: at most `limit` bytes, one byte more than `expected`
    /// to notice a file that grew while it was read.
    static func readAll(_ descriptor: Int32, expected: Int, limit: Int) -> Result<[UInt8], ContentRefusal> {
        var failure: Int32 = 0
        let capacity = min(expected, limit) + 1
        var bytes = [UInt8](unsafeUninitializedCapacity: capacity) { buffer, filled in
            filled = 0
            while filled < buffer.count {
                let count: Int
                do {
                    count = try FileDescriptor(rawValue: descriptor).read(into: UnsafeMutableRawBufferPointer(UnsafeMutableBufferPointer(rebasing: buffer[filled...])))
                } catch {
                    failure = (error as? Errno)?.rawValue ?? EIO
                    return
                }
                if count == 0 { break }
                filled += count
                // A file read up to its size is done without another read to find the end.
                if expected > 0, filled == expected { break }
            }
        }
        guard failure == 0 else { return .failure(.unreadable(String(cString: strerror(failure)))) }
        if bytes.count > limit {
            bytes = []
            return .failure(.tooLarge(size: expected + 1, limit: limit))
        }
        guard bytes.count <= expected else { return .failure(.unreadable("it grew while it was read; try again")) }
        return .success(bytes)
    }
}

/// An open folder, closed when the last of the cache and the cursors lets go of it.
final class FolderHandle: @unchecked Sendable {
    let descriptor: Int32

    init(descriptor: Int32) {
        self.descriptor = descriptor
    }

    deinit {
        close(descriptor)
    }
}

/// A folder's relative path compared and hashed byte for byte. Swift's `==` on text holds
/// canonically equivalent names equal (`é` as one code point or as `e` and an accent), but
/// on Linux those are two folders, and a descriptor cached for one must not open the other's
/// files.
struct FolderKey: Hashable {
    let path: Substring

    init(_ path: Substring) {
        self.path = path
    }

    static func == (lhs: FolderKey, rhs: FolderKey) -> Bool {
        lhs.path.utf8.elementsEqual(rhs.path.utf8)
    }

    func hash(into hasher: inout Hasher) {
        hasher.combine(path.utf8.count)
        for byte in path.utf8 { hasher.combine(byte) }
    }
}
