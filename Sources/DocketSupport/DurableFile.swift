import CDocketSystem
import Foundation
import SystemPackage
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Writing files so that a crash at any instant leaves either the old file or the new one,
/// never a torn one: a temporary file in the same folder, fsync, rename, fsync the folder.
public enum DurableFile {
    public struct WriteError: Error, CustomStringConvertible {
        public var description: String
    }

    /// Prefix of temporary files; a run clears leftovers of a killed one.
    public static let temporaryPrefix = ".tmp-"

    public static func write(_ data: Data, to path: String) throws(WriteError) {
        let folder = (path as NSString).deletingLastPathComponent
        let name = (path as NSString).lastPathComponent
        let temporary = temporaryPath(for: name, in: folder)
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw WriteError(description: "cannot write \(temporary): \(String(cString: strerror(errno)))") }
        var failure: String?
        do {
            try FileDescriptor(rawValue: descriptor).writeAll(data)
        } catch {
            failure = "\(error)"
        }
        if failure == nil, fsync(descriptor) != 0 { failure = String(cString: strerror(errno)) }
        close(descriptor)
        if let failure {
            unlink(temporary)
            throw WriteError(description: "cannot write \(path): \(failure)")
        }
        guard rename(temporary, path) == 0 else {
            let reason = String(cString: strerror(errno))
            unlink(temporary)
            throw WriteError(description: "cannot move \(temporary) to \(path): \(reason)")
        }
        syncFolder(folder)
    }

    /// Writes many new files into one folder, durably, for the price of a few disk flushes
    /// instead of two per file: every file is written under a temporary name, the file system
    /// is flushed once (`syncfs`; where there is none, each file is `fsync`ed),
    /// then each is renamed to its name and the folder is flushed once.
    ///
    /// The guarantee of `write(_:to:)` holds for each file: whoever sees a file under its
    /// name sees all of it, even after a crash, because a file is renamed only once its
    /// contents are on disk. A crash in the middle leaves some files under their names and
    /// some temporary files, which `removeLeftovers(in:)` clears. When this returns, every
    /// file is under its name and the names are durable.
    ///
    /// `checkpoint` is called between the steps (`written`, `flushed`, `renamed`) so that
    /// tests can stop the process exactly there.
    public static func writeBatch(_ files: [(name: String, data: Data)], in folder: String,
                                  checkpoint: (String) -> Void = { _ in }) throws(WriteError) {
        guard !files.isEmpty else { return }
        let temporary = files.map { temporaryPath(for: $0.name, in: folder) }
        // One thread: creating files in one folder takes the folder's lock, so a second thread
        // would only spin on it (measured: a quarter of the time went to spinning).
        let failures = files.indices.map { index -> String? in
            let descriptor = open(temporary[index], O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
            guard descriptor >= 0 else { return "cannot write \(temporary[index]): \(String(cString: strerror(errno)))" }
            defer { close(descriptor) }
            do {
                try FileDescriptor(rawValue: descriptor).writeAll(files[index].data)
            } catch {
                return "cannot write \(temporary[index]): \(error)"
            }
            #if !os(Linux)
            if fsync(descriptor) != 0 { return "cannot write \(temporary[index]): \(String(cString: strerror(errno)))" }
            #endif
            return nil
        }
        func discard() { for path in temporary { unlink(path) } }
        if let failure = failures.lazy.compactMap({ $0 }).first {
            discard()
            throw WriteError(description: failure)
        }
        checkpoint("written")
        #if os(Linux)
        let descriptor = open(folder, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard descriptor >= 0, docket_syncfs(descriptor) == 0 else {
            let reason = String(cString: strerror(errno))
            if descriptor >= 0 { close(descriptor) }
            discard()
            throw WriteError(description: "cannot flush \(folder) to disk: \(reason)")
        }
        close(descriptor)
        #endif
        checkpoint("flushed")
        for (index, file) in files.enumerated() where rename(temporary[index], folder + "/" + file.name) != 0 {
            let reason = String(cString: strerror(errno))
            discard()
            throw WriteError(description: "cannot move \(temporary[index]) to \(file.name): \(reason)")
        }
        checkpoint("renamed")
        syncFolder(folder)
    }

    /// Where `name` is written before it is renamed into place: marked as this process's,
    /// with the prefix `removeLeftovers(in:)` clears.
    static func temporaryPath(for name: String, in folder: String) -> String {
        folder + "/" + temporaryPrefix + name + "-\(getpid())"
    }

    /// Makes a rename or unlink in `folder` durable.
    public static func syncFolder(_ folder: String) {
        let descriptor = open(folder, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard descriptor >= 0 else { return }
        fsync(descriptor)
        close(descriptor)
    }

    /// Removes temporary files a killed run left in `folder`.
    public static func removeLeftovers(in folder: String) {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: folder) else { return }
        for name in names where name.hasPrefix(temporaryPrefix) {
            unlink(folder + "/" + name)
        }
    }

    public static func createFolder(_ path: String) throws(WriteError) {
        do {
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        } catch {
            throw WriteError(description: "cannot create \(path): \(error.localizedDescription)")
        }
        guard access(path, W_OK) == 0 else {
            throw WriteError(description: "\(path) is not writable")
        }
    }
}

/// An exclusive `flock` on a file, held until released or the process ends (even by SIGKILL).
public final class FileLock {
    private let descriptor: Int32

    public enum Wait {
        case block, refuse
    }

    /// Takes the lock at `path`, creating the file. With `.block`, waits for another holder.
    public init(path: String, wait: Wait = .block) throws(DurableFile.WriteError) {
        descriptor = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else {
            throw DurableFile.WriteError(description: "cannot open the lock \(path): \(String(cString: strerror(errno)))")
        }
        while flock(descriptor, LOCK_EX | (wait == .refuse ? LOCK_NB : 0)) != 0 {
            if errno == EINTR { continue }
            let reason = errno == EWOULDBLOCK ? "another docket holds it" : String(cString: strerror(errno))
            close(descriptor)
            throw DurableFile.WriteError(description: "cannot lock \(path): \(reason)")
        }
    }

    deinit {
        flock(descriptor, LOCK_UN)
        close(descriptor)
    }
}
